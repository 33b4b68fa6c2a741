// SPDX-License-Identifier: MIT
// The composer's control frames and raw frames: close codes and reasons, ping and pong
// payloads, every raw frame field mapped exactly, and raw frames it refuses.
#include "ComposerTestSupport.h"

class TestComposerControls : public QObject
{
    Q_OBJECT

    QTemporaryDir m_settingsDir;

private Q_SLOTS:
    void initTestCase() { QVERIFY(wsi::test::useScratchSettings(m_settingsDir, "tst_composercontrols")); }

    void closeWithCodeAndReason_data()
    {
        QTest::addColumn<QString>("code");   // item text to pick, or text to type
        QTest::addColumn<bool>("typed");
        QTest::addColumn<QString>("reason");
        QTest::addColumn<int>("expectedCode"); // -1: refused
        QTest::addColumn<QString>("message");

        QTest::newRow("normal closure picked from the list") << QStringLiteral("1000 normal closure") << false
                                                             << QStringLiteral("bye") << 1000 << QStringLiteral("Close 1000 sent");
        QTest::newRow("going away picked from the list") << QStringLiteral("1001 going away") << false << QString() << 1001
                                                         << QStringLiteral("Close 1001 sent");
        QTest::newRow("custom code typed") << QStringLiteral("4321") << true << QStringLiteral("custom") << 4321
                                           << QStringLiteral("Close 4321 sent");
        QTest::newRow("registered 3000 code") << QStringLiteral("3000") << true << QString() << 3000 << QStringLiteral("Close 3000 sent");
        QTest::newRow("no status code") << QStringLiteral("no status code") << false << QString() << 0
                                        << QStringLiteral("Close without status code sent");
        QTest::newRow("reason of exactly 123 bytes") << QStringLiteral("1000 normal closure") << false << QString(123, u'r')
                                                     << 1000 << QStringLiteral("Close 1000 sent");
        QTest::newRow("reserved 1005 refused")
            << QStringLiteral("1005") << true << QString() << -1
            << QStringLiteral("close code 1005 (no status received) may not be sent in a close frame (RFC 6455 section 7.4); the Raw frame mode sends it anyway");
        QTest::newRow("code below 1000 refused")
            << QStringLiteral("999") << true << QString() << -1
            << QStringLiteral("close code 999 (not used) may not be sent in a close frame (RFC 6455 section 7.4); the Raw frame mode sends it anyway");
        QTest::newRow("code that is not a number")
            << QStringLiteral("bye") << true << QString() << -1
            << QStringLiteral("close code \"bye\" is not a number: pick one from the list or type e.g. 4000");
        QTest::newRow("reason of 124 bytes refused")
            << QStringLiteral("1000 normal closure") << false << QString(124, u'r') << -1
            << QStringLiteral("the close reason is 124 bytes of UTF-8; at most 123 fit in a close frame (RFC 6455 section 5.5)");
        QTest::newRow("reason of 62 two-byte characters refused")
            << QStringLiteral("1000 normal closure") << false << QString(62, u'é') << -1
            << QStringLiteral("the close reason is 124 bytes of UTF-8; at most 123 fit in a close frame (RFC 6455 section 5.5)");
        QTest::newRow("reason without a code refused")
            << QStringLiteral("no status code") << false << QStringLiteral("why") << -1
            << QStringLiteral("a close frame without a status code cannot carry a reason (RFC 6455 section 5.5.1)");
    }

    void closeWithCodeAndReason()
    {
        QFETCH(QString, code);
        QFETCH(bool, typed);
        QFETCH(QString, reason);
        QFETCH(int, expectedCode);
        QFETCH(QString, message);
        Fixture f;
        auto *combo = f.child<QComboBox>("closeCode");
        if (typed) {
            combo->lineEdit()->selectAll();
            QTest::keyClicks(combo->lineEdit(), code);
        } else {
            const int index = combo->findText(code);
            QVERIFY(index >= 0);
            combo->setCurrentIndex(index);
        }
        auto *reasonEdit = f.child<QLineEdit>("closeReason");
        reasonEdit->setText(reason); // a long reason is pasted rather than typed
        QCOMPARE(f.child<QLabel>("closeReasonCount")->text(), QStringLiteral("%1/123 bytes").arg(reason.toUtf8().size()));
        f.click("close");
        QCOMPARE(f.status(), message);
        if (expectedCode < 0) {
            QCOMPARE(f.close.count(), 0);
            return;
        }
        QCOMPARE(f.close.count(), 1);
        QCOMPARE(f.close.at(0).at(0).toInt(), expectedCode);
        QCOMPARE(f.close.at(0).at(1).toString(), reason);
    }

    void closeCodeListOffersTheUsualCodes()
    {
        Fixture f;
        auto *combo = f.child<QComboBox>("closeCode");
        QVERIFY(combo->isEditable());
        QStringList texts;
        for (int i = 0; i < combo->count(); ++i)
            texts << combo->itemText(i);
        for (int code : {1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 3000, 4000})
            QVERIFY2(combo->findData(code) >= 0, qPrintable(QString::number(code)));
        QCOMPARE(texts.first(), QStringLiteral("1000 normal closure"));
        QVERIFY(texts.contains(QStringLiteral("4000 custom…")));
    }

    void pingAndPongCarryTheirPayload_data()
    {
        QTest::addColumn<QString>("payload");
        QTest::addColumn<bool>("hex");
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<bool>("sent");
        QTest::newRow("empty") << QString() << false << QByteArray() << true;
        QTest::newRow("text") << QStringLiteral("are you there") << false << QByteArray("are you there") << true;
        QTest::newRow("hex") << QStringLiteral("00 ff 10") << true << QByteArray("\x00\xff\x10", 3) << true;
        QTest::newRow("125 bytes, the most a control frame holds") << QString(125, u'p') << false << QByteArray(125, 'p') << true;
        QTest::newRow("126 bytes refused") << QString(126, u'p') << false << QByteArray() << false;
        QTest::newRow("bad hex refused") << QStringLiteral("0g") << true << QByteArray() << false;
    }

    void pingAndPongCarryTheirPayload()
    {
        QFETCH(QString, payload);
        QFETCH(bool, hex);
        QFETCH(QByteArray, bytes);
        QFETCH(bool, sent);
        Fixture f;
        f.child<QLineEdit>("controlPayload")->setText(payload);
        f.child<QCheckBox>("controlPayloadHex")->setChecked(hex);
        f.click("ping");
        f.click("pong");
        QCOMPARE(f.ping.count(), sent ? 1 : 0);
        QCOMPARE(f.pong.count(), sent ? 1 : 0);
        if (sent) {
            QCOMPARE(f.ping.at(0).at(0).toByteArray(), bytes);
            QCOMPARE(f.pong.at(0).at(0).toByteArray(), bytes);
        } else {
            QVERIFY(f.widget.hasProblem());
            QVERIFY(f.status().contains(hex ? QLatin1String("hex digit") : QLatin1String("at most 125 bytes")));
        }
    }

    void rawFrameFieldsMapExactly_data()
    {
        QTest::addColumn<QStringList>("clicks");   // check boxes to toggle
        QTest::addColumn<int>("opcode");
        QTest::addColumn<QString>("maskKey");
        QTest::addColumn<QString>("length");       // typed when "rawOverrideLength" is clicked
        QTest::addColumn<int>("lengthEncoding");   // index in the combo
        QTest::addColumn<QString>("payloadHex");
        // expected RawFrame
        QTest::addColumn<bool>("fin");
        QTest::addColumn<bool>("rsv1");
        QTest::addColumn<bool>("rsv2");
        QTest::addColumn<bool>("rsv3");
        QTest::addColumn<bool>("masked");
        QTest::addColumn<bool>("randomKey");
        QTest::addColumn<QByteArray>("key");
        QTest::addColumn<bool>("overrideLength");
        QTest::addColumn<quint64>("payloadLength");

        using wsi::protocol::LengthEncoding;
        QTest::newRow("final text frame, masked with a random key")
            << QStringList() << 0x1 << QString() << QString() << 0 << QStringLiteral("68 69")
            << true << false << false << false << true << true << QByteArray(4, '\0') << false << quint64(2);
        QTest::newRow("reserved opcode 0xB with RSV2 and RSV3, unmasked")
            << QStringList{QStringLiteral("rawRsv2"), QStringLiteral("rawRsv3"), QStringLiteral("rawMasked")} << 0xb << QString()
            << QString() << 0 << QStringLiteral("01 02 03") << true << false << true << true << false << false
            << QByteArray(4, '\0') << false << quint64(3);
        QTest::newRow("fixed mask key and a forced 64-bit length")
            << QStringList() << 0x2 << QStringLiteral("37 fa 21 3d") << QString() << 2 << QStringLiteral("ff")
            << true << false << false << false << true << false << QByteArray("\x37\xfa\x21\x3d", 4) << false << quint64(1);
        QTest::newRow("length of 300 claimed for 5 bytes, forced 16-bit")
            << QStringList{QStringLiteral("rawOverrideLength")} << 0x1 << QString() << QStringLiteral("300") << 1
            << QStringLiteral("68 65 6c 6c 6f") << true << false << false << false << true << true << QByteArray(4, '\0') << true
            << quint64(300);
        QTest::newRow("non-final continuation with RSV1")
            << QStringList{QStringLiteral("rawFin"), QStringLiteral("rawRsv1")} << 0x0 << QString() << QString() << 0
            << QString() << false << true << false << false << true << true << QByteArray(4, '\0') << false << quint64(0);
        QTest::newRow("largest 64-bit length")
            << QStringList{QStringLiteral("rawOverrideLength")} << 0x9 << QString() << QStringLiteral("18446744073709551615") << 2
            << QString() << true << false << false << false << true << true << QByteArray(4, '\0') << true
            << quint64(18446744073709551615ull);
    }

    void rawFrameFieldsMapExactly()
    {
        QFETCH(QStringList, clicks);
        QFETCH(int, opcode);
        QFETCH(QString, maskKey);
        QFETCH(QString, length);
        QFETCH(int, lengthEncoding);
        QFETCH(QString, payloadHex);
        QFETCH(bool, fin);
        QFETCH(bool, rsv1);
        QFETCH(bool, rsv2);
        QFETCH(bool, rsv3);
        QFETCH(bool, masked);
        QFETCH(bool, randomKey);
        QFETCH(QByteArray, key);
        QFETCH(bool, overrideLength);
        QFETCH(quint64, payloadLength);

        Fixture f;
        f.chooseMode(ComposerMode::RawFrame);
        f.widget.setEncoding(PayloadEncoding::Hex);
        for (const QString &name : clicks)
            f.click(name.toLatin1().constData());
        f.child<QComboBox>("rawOpcode")->setCurrentIndex(opcode);
        if (!maskKey.isEmpty())
            QTest::keyClicks(f.child<QLineEdit>("rawMaskKey"), maskKey);
        if (!length.isEmpty())
            QTest::keyClicks(f.child<QLineEdit>("rawLength"), length);
        f.child<QComboBox>("rawLengthEncoding")->setCurrentIndex(lengthEncoding);
        f.type(payloadHex);
        QVERIFY2(!f.widget.hasProblem(), qPrintable(f.status()));
        f.ctrlEnter();
        QCOMPARE(f.raw.count(), 1);
        QCOMPARE(f.text.count() + f.binary.count(), 0);
        const auto frame = f.raw.at(0).at(0).value<wsi::protocol::RawFrame>();
        QCOMPARE(frame.header.fin, fin);
        QCOMPARE(frame.header.rsv1, rsv1);
        QCOMPARE(frame.header.rsv2, rsv2);
        QCOMPARE(frame.header.rsv3, rsv3);
        QCOMPARE(int(frame.header.opcode), opcode);
        QCOMPARE(frame.header.masked, masked);
        QCOMPARE(frame.randomMaskKey, randomKey);
        QCOMPARE(QByteArray(reinterpret_cast<const char *>(frame.header.maskKey.data()), 4), key);
        QCOMPARE(frame.overrideLength, overrideLength);
        QCOMPARE(quint64(frame.header.payloadLength), payloadLength);
        QCOMPARE(int(frame.lengthEncoding), lengthEncoding);
        const QByteArray payload = QByteArray::fromHex(payloadHex.toLatin1());
        QCOMPARE(QByteArray::fromStdString(frame.payload), payload);
    }

    void rawFrameRefusals_data()
    {
        QTest::addColumn<QString>("maskKey");
        QTest::addColumn<QString>("length");
        QTest::addColumn<int>("lengthEncoding");
        QTest::addColumn<QString>("message");
        QTest::newRow("mask key of three bytes") << QStringLiteral("01 02 03") << QString() << 0
                                                 << QStringLiteral("mask key has 3 bytes; it needs exactly 4 (8 hex digits), or leave it empty for a random key");
        QTest::newRow("mask key in bad hex") << QStringLiteral("0102030g") << QString() << 0
                                             << QStringLiteral("mask key: 'g' at position 8 is not a hex digit");
        QTest::newRow("length too big for 16 bits") << QString() << QStringLiteral("70000") << 1
                                                    << QStringLiteral("length 70000 does not fit the forced 16-bit length field (at most 65535)");
        QTest::newRow("length that is not a number") << QString() << QStringLiteral("12a") << 0
                                                     << QStringLiteral("length override \"12a\" is not a whole number from 0 to 18446744073709551615");
    }

    void rawFrameRefusals()
    {
        QFETCH(QString, maskKey);
        QFETCH(QString, length);
        QFETCH(int, lengthEncoding);
        QFETCH(QString, message);
        Fixture f;
        f.widget.setMode(ComposerMode::RawFrame);
        QTest::keyClicks(f.child<QLineEdit>("rawMaskKey"), maskKey);
        if (!length.isEmpty()) {
            f.click("rawOverrideLength");
            QTest::keyClicks(f.child<QLineEdit>("rawLength"), length);
        }
        f.child<QComboBox>("rawLengthEncoding")->setCurrentIndex(lengthEncoding);
        QVERIFY(f.widget.hasProblem());
        QCOMPARE(f.status(), message);
        f.ctrlEnter();
        QCOMPARE(f.raw.count(), 0);
        QCOMPARE(f.status(), message + QStringLiteral(". Nothing was sent."));
    }
};

QTEST_MAIN(TestComposerControls)
#include "tst_composercontrols.moc"
