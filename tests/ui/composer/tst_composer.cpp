// SPDX-License-Identifier: MIT
// The composer driven as a person would: typing, Ctrl+Enter and Send, input checks that
// explain and send nothing, JSON, binary from hex, base64 and files, fragments.
#include "ComposerTestSupport.h"

class TestComposer : public QObject
{
    Q_OBJECT

    QTemporaryDir m_settingsDir;

private Q_SLOTS:
    void initTestCase() { QVERIFY(wsi::test::useScratchSettings(m_settingsDir, "tst_composer")); }

    void ctrlEnterSendsTheTypedText()
    {
        Fixture f;
        f.type(QStringLiteral("héllo wörld"));
        f.ctrlEnter();
        QCOMPARE(f.text.count(), 1);
        QCOMPARE(f.text.at(0).at(0).toByteArray(), QStringLiteral("héllo wörld").toUtf8());
        QCOMPARE(f.text.at(0).at(1).toInt(), 1);
        QCOMPARE(f.editor()->toPlainText(), QStringLiteral("héllo wörld")); // kept for resending
        QVERIFY(f.status().startsWith(QLatin1String("Sent ")));
    }

    void keypadEnterWithControlSendsToo()
    {
        Fixture f;
        f.type(QStringLiteral("x"));
        QTest::keyClick(f.editor(), Qt::Key_Enter, Qt::ControlModifier | Qt::KeypadModifier);
        QCOMPARE(f.text.count(), 1);
    }

    void ctrlEnterInARawFrameFieldSends()
    {
        Fixture f;
        f.chooseMode(ComposerMode::RawFrame);
        auto *key = f.child<QLineEdit>("rawMaskKey");
        QTest::keyClicks(key, QStringLiteral("01020304"));
        QTest::keyClick(key, Qt::Key_Return, Qt::ControlModifier);
        QCOMPARE(f.raw.count(), 1);
    }

    void plainEnterIsANewLine()
    {
        Fixture f;
        f.type(QStringLiteral("a"));
        QTest::keyClick(f.editor(), Qt::Key_Return);
        f.type(QStringLiteral("b"));
        QCOMPARE(f.sent(), 0);
        QCOMPARE(f.editor()->toPlainText(), QStringLiteral("a\nb"));
    }

    void sendButtonSends()
    {
        Fixture f;
        f.type(QStringLiteral("button"));
        f.click("send");
        QCOMPARE(f.text.count(), 1);
        QCOMPARE(f.text.at(0).at(0).toByteArray(), QByteArray("button"));
    }

    void nothingIsSentWhileDisconnected()
    {
        Fixture f;
        f.widget.setConnected(false);
        QVERIFY(!f.child<QPushButton>("send")->isEnabled());
        QVERIFY(!f.child<QPushButton>("ping")->isEnabled());
        f.type(QStringLiteral("hello"));
        f.ctrlEnter();
        QCOMPARE(f.sent(), 0);
        QVERIFY(f.status().contains(QLatin1String("Not connected")));
        QCOMPARE(f.editor()->toPlainText(), QStringLiteral("hello"));
    }

    void invalidInputIsExplainedAndNotSent_data()
    {
        QTest::addColumn<ComposerMode>("mode");
        QTest::addColumn<PayloadEncoding>("encoding");
        QTest::addColumn<QString>("input");
        QTest::addColumn<QString>("message");

        QTest::newRow("JSON object without its closing brace")
            << ComposerMode::Json << PayloadEncoding::Text << QStringLiteral("{\"a\":1")
            << QStringLiteral("Not valid JSON: invalid termination by number at line 1, column 7 (offset 6). Nothing was sent.");
        QTest::newRow("JSON with a trailing comma")
            << ComposerMode::Json << PayloadEncoding::Text << QStringLiteral("{\"a\":1,}")
            << QStringLiteral("Not valid JSON: object is missing after a comma at line 1, column 9 (offset 8). Nothing was sent.");
        QTest::newRow("JSON with text after the value")
            << ComposerMode::Json << PayloadEncoding::Text << QStringLiteral("[1] x")
            << QStringLiteral("Not valid JSON: garbage at the end of the document at line 1, column 5 (offset 4). Nothing was sent.");
        QTest::newRow("JSON that is two values")
            << ComposerMode::Json << PayloadEncoding::Text << QStringLiteral("1, 2")
            << QStringLiteral("Not valid JSON: a second JSON value begins (only one is allowed) at line 1, column 2 (offset 1). Nothing was sent.");
        QTest::newRow("empty JSON")
            << ComposerMode::Json << PayloadEncoding::Text << QString()
            << QStringLiteral("Not valid JSON: no JSON value: the text is empty. Nothing was sent.");
        QTest::newRow("hex with a letter that is not a digit")
            << ComposerMode::Binary << PayloadEncoding::Hex << QStringLiteral("48 6g")
            << QStringLiteral("'g' at position 5 is not a hex digit. Nothing was sent.");
        QTest::newRow("hex with an odd number of digits")
            << ComposerMode::Binary << PayloadEncoding::Hex << QStringLiteral("48 656")
            << QStringLiteral("odd number of hex digits: the last digit at position 6 has no partner. Nothing was sent.");
        QTest::newRow("hex with a lone digit between bytes")
            << ComposerMode::Binary << PayloadEncoding::Hex << QStringLiteral("48 6 6c")
            << QStringLiteral("lone hex digit at position 4: each byte needs two digits (write 06). Nothing was sent.");
        QTest::newRow("base64 with a character outside the alphabet")
            << ComposerMode::Binary << PayloadEncoding::Base64 << QStringLiteral("SGV$")
            << QStringLiteral("'$' at position 4 is not a base64 character. Nothing was sent.");
        QTest::newRow("base64 cut after one character of a group")
            << ComposerMode::Binary << PayloadEncoding::Base64 << QStringLiteral("SGVsb")
            << QStringLiteral("base64 text of 5 characters is cut short: its last group has a single character. Nothing was sent.");
        QTest::newRow("base64 with text after the padding")
            << ComposerMode::Binary << PayloadEncoding::Base64 << QStringLiteral("SGk=SGk=")
            << QStringLiteral("'S' at position 5 comes after the '=' padding, which may only end the text. Nothing was sent.");
        QTest::newRow("raw frame payload in bad hex")
            << ComposerMode::RawFrame << PayloadEncoding::Hex << QStringLiteral("zz")
            << QStringLiteral("'z' at position 1 is not a hex digit. Nothing was sent.");
    }

    void invalidInputIsExplainedAndNotSent()
    {
        QFETCH(ComposerMode, mode);
        QFETCH(PayloadEncoding, encoding);
        QFETCH(QString, input);
        QFETCH(QString, message);
        Fixture f;
        f.widget.setMode(mode);
        f.widget.setEncoding(encoding);
        f.type(input);
        // The problem shows while typing, before any send.
        QVERIFY(f.widget.hasProblem());
        f.ctrlEnter();
        QCOMPARE(f.sent(), 0);
        QCOMPARE(f.status(), message);
        QCOMPARE(f.editor()->toPlainText(), input); // nothing lost
        // The offending character is marked in the editor when there is one.
        const bool aboutOneCharacter = !input.isEmpty() && !message.contains(QLatin1String("cut short"));
        QCOMPARE(!f.editor()->extraSelections().isEmpty(), aboutOneCharacter);
    }

    void jsonIsSentAsWrittenAndFormatKeepsKeyOrder()
    {
        Fixture f;
        f.chooseMode(ComposerMode::Json);
        QCOMPARE(f.widget.mode(), ComposerMode::Json);
        QVERIFY(f.child<QPushButton>("formatJson")->isVisible());
        f.type(QStringLiteral("{\"b\":1,\"a\":[1,2],\"n\":12345678901234567890}"));
        QVERIFY(!f.widget.hasProblem());
        QVERIFY(f.status().startsWith(QLatin1String("valid JSON")));
        f.click("formatJson");
        const QString pretty = QStringLiteral("{\n  \"b\": 1,\n  \"a\": [\n    1,\n    2\n  ],\n  \"n\": 12345678901234567890\n}");
        QCOMPARE(f.editor()->toPlainText(), pretty);
        f.ctrlEnter();
        QCOMPARE(f.text.count(), 1);
        QCOMPARE(f.text.at(0).at(0).toByteArray(), pretty.toUtf8());
    }

    void jsonScalarsAreValid()
    {
        Fixture f;
        f.widget.setMode(ComposerMode::Json);
        f.type(QStringLiteral("\"just a string\""));
        f.ctrlEnter();
        QCOMPARE(f.text.count(), 1);
    }

    void binaryFromHexAndBase64_data()
    {
        QTest::addColumn<PayloadEncoding>("encoding");
        QTest::addColumn<QString>("input");
        QTest::addColumn<QByteArray>("bytes");
        QTest::newRow("hex with spaces") << PayloadEncoding::Hex << QStringLiteral("48 65 6c 6c 6f") << QByteArray("Hello");
        QTest::newRow("hex with colons, 0x and no spaces") << PayloadEncoding::Hex << QStringLiteral("48:65 0x6c 6C6f") << QByteArray("Hello");
        QTest::newRow("hex over two lines with a zero byte") << PayloadEncoding::Hex << QStringLiteral("00 ff\n80") << QByteArray("\x00\xff\x80", 3);
        QTest::newRow("empty hex") << PayloadEncoding::Hex << QString() << QByteArray();
        QTest::newRow("base64 with padding") << PayloadEncoding::Base64 << QStringLiteral("SGVsbG8=") << QByteArray("Hello");
        QTest::newRow("base64 without padding") << PayloadEncoding::Base64 << QStringLiteral("SGVsbG8") << QByteArray("Hello");
        QTest::newRow("url-safe base64") << PayloadEncoding::Base64 << QStringLiteral("-_8") << QByteArray("\xfb\xff", 2);
        QTest::newRow("text as binary") << PayloadEncoding::Text << QStringLiteral("ü") << QByteArray("\xc3\xbc");
    }

    void binaryFromHexAndBase64()
    {
        QFETCH(PayloadEncoding, encoding);
        QFETCH(QString, input);
        QFETCH(QByteArray, bytes);
        Fixture f;
        f.chooseMode(ComposerMode::Binary);
        QVERIFY(f.child<QComboBox>("encoding")->isVisible());
        f.widget.setEncoding(encoding);
        f.type(input);
        f.ctrlEnter();
        QCOMPARE(f.binary.count(), 1);
        QCOMPARE(f.binary.at(0).at(0).toByteArray(), bytes);
        QCOMPARE(f.text.count(), 0);
    }

    void binaryFromAFile()
    {
        Fixture f;
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("payload.bin"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        const QByteArray bytes("\x00\x01\x02\xfe\xff zero bytes and all", 24);
        file.write(bytes);
        file.close();
        f.type(QStringLiteral("text kept aside"));
        QVERIFY(f.widget.loadFile(path));
        QCOMPARE(f.widget.mode(), ComposerMode::Binary);
        QCOMPARE(f.widget.encoding(), PayloadEncoding::File);
        QVERIFY(f.child<QLabel>("fileLabel")->text().contains(QLatin1String("payload.bin")));
        f.click("send");
        QCOMPARE(f.binary.count(), 1);
        QCOMPARE(f.binary.at(0).at(0).toByteArray(), bytes);
        QCOMPARE(f.editor()->toPlainText(), QStringLiteral("text kept aside"));
        QVERIFY(!f.widget.loadFile(dir.filePath(QStringLiteral("missing.bin"))));
        QVERIFY(f.status().startsWith(QLatin1String("Cannot read")));
    }

    void fragmentsGoWithTheMessage_data()
    {
        QTest::addColumn<ComposerMode>("mode");
        QTest::addColumn<int>("fragments");
        QTest::newRow("text in three fragments") << ComposerMode::Text << 3;
        QTest::newRow("binary in seven fragments") << ComposerMode::Binary << 7;
        QTest::newRow("one frame") << ComposerMode::Text << 1;
    }

    void fragmentsGoWithTheMessage()
    {
        QFETCH(ComposerMode, mode);
        QFETCH(int, fragments);
        Fixture f;
        f.widget.setMode(mode);
        f.widget.setEncoding(PayloadEncoding::Hex);
        auto *spin = f.child<QSpinBox>("fragments");
        spin->selectAll();
        QTest::keyClicks(spin, QString::number(fragments));
        QCOMPARE(f.widget.fragments(), fragments);
        f.type(mode == ComposerMode::Text ? QStringLiteral("0123456789") : QStringLiteral("00 01 02 03 04 05 06 07 08 09"));
        if (fragments > 1)
            QVERIFY(f.status().contains(QStringLiteral("in %1 frames").arg(fragments)));
        f.ctrlEnter();
        QSignalSpy &spy = mode == ComposerMode::Text ? f.text : f.binary;
        QCOMPARE(spy.count(), 1);
        QCOMPARE(spy.at(0).at(1).toInt(), fragments);
    }

    void fragmentsDoNotApplyToRawFrames()
    {
        Fixture f;
        f.chooseMode(ComposerMode::RawFrame);
        QVERIFY(!f.child<QSpinBox>("fragments")->isEnabled());
        QVERIFY(f.child<QWidget>("rawFrameEditor")->isVisible());
    }
};

QTEST_MAIN(TestComposer)
#include "tst_composer.moc"
