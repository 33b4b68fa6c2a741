// SPDX-License-Identifier: MIT
// The composer driven as a person would: typing, clicking, Ctrl+Enter; what it asks the
// connection to send is read from its signals.
#include "ui/composer/ComposerWidget.h"
#include "ui/composer/ControlFrameBar.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateTime>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTabBar>
#include <QTest>

using wsi::ui::ComposerMode;
using wsi::ui::ComposerWidget;
using wsi::ui::PayloadEncoding;

Q_DECLARE_METATYPE(wsi::ui::ComposerMode)
Q_DECLARE_METATYPE(wsi::ui::PayloadEncoding)

class TestComposer : public QObject
{
    Q_OBJECT

private:
    struct Fixture {
        ComposerWidget widget;
        QSignalSpy text{&widget, &ComposerWidget::sendTextRequested};
        QSignalSpy binary{&widget, &ComposerWidget::sendBinaryRequested};
        QSignalSpy raw{&widget, &ComposerWidget::rawFrameRequested};
        QSignalSpy ping{&widget, &ComposerWidget::pingRequested};
        QSignalSpy pong{&widget, &ComposerWidget::pongRequested};
        QSignalSpy close{&widget, &ComposerWidget::closeRequested};

        Fixture()
        {
            widget.resize(1400, 320);
            widget.show();
            widget.setConnected(true);
        }
        template<typename T>
        T *child(const char *name)
        {
            auto *found = widget.findChild<T *>(QLatin1String(name));
            if (!found)
                qFatal("no child %s", name);
            return found;
        }
        QPlainTextEdit *editor() { return child<QPlainTextEdit>("editor"); }
        void click(const char *name)
        {
            auto *button = child<QAbstractButton>(name);
            // A check box reacts to clicks on its box and label, not on the rest of its row.
            const QPoint at = qobject_cast<QCheckBox *>(button) ? QPoint(4, button->height() / 2) : button->rect().center();
            QTest::mouseClick(button, Qt::LeftButton, {}, at);
        }
        // Clicks the mode's tab, as a person picks a mode.
        void chooseMode(ComposerMode mode)
        {
            auto *tabs = child<QTabBar>("modes");
            QTest::mouseClick(tabs, Qt::LeftButton, {}, tabs->tabRect(int(mode)).center());
            QCOMPARE(int(widget.mode()), int(mode));
        }
        // Key by key; characters beyond ASCII arrive as key events carrying their text, as an
        // input method delivers them.
        void type(const QString &input)
        {
            for (const QChar c : input) {
                if (c == u'\n')
                    QTest::keyClick(editor(), Qt::Key_Return);
                else if (c.unicode() < 0x80)
                    QTest::keyClick(editor(), c.toLatin1());
                else
                    QTest::sendKeyEvent(QTest::Click, editor(), Qt::Key_unknown, QString(c), Qt::NoModifier);
            }
        }
        void ctrlEnter() { QTest::keyClick(editor(), Qt::Key_Return, Qt::ControlModifier); }
        int sent() const { return int(text.count() + binary.count() + raw.count() + ping.count() + pong.count() + close.count()); }
        QString status() { return child<QLabel>("status")->text(); }
    };

    QTemporaryDir m_settingsDir;

private Q_SLOTS:
    void initTestCase()
    {
        // Snippets go to QSettings: keep them in a scratch directory.
        QVERIFY(m_settingsDir.isValid());
        QCoreApplication::setOrganizationName(QStringLiteral("wsinspect-tests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_composer"));
        QSettings::setDefaultFormat(QSettings::IniFormat);
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir.path());
    }

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

    void periodicSendsSubstituteTheCounter()
    {
        Fixture f;
        f.type(QStringLiteral("{{counter}}:{{counter}}"));
        auto *interval = f.child<QSpinBox>("interval");
        interval->setValue(20);
        f.click("periodic");
        QVERIFY(f.widget.isPeriodicRunning());
        QCOMPARE(f.child<QPushButton>("periodic")->text(), QStringLiteral("Stop"));
        QCOMPARE(f.text.count(), 1); // the first one at once
        QTRY_VERIFY_WITH_TIMEOUT(f.text.count() >= 3, 5000);
        f.click("periodic");
        QVERIFY(!f.widget.isPeriodicRunning());
        const int count = int(f.text.count());
        for (int i = 0; i < count; ++i)
            QCOMPARE(f.text.at(i).at(0).toByteArray(), QStringLiteral("%1:%1").arg(i + 1).toUtf8());
        QCOMPARE(f.child<QLabel>("periodicCount")->text(), QStringLiteral("sent %1").arg(count));
        QCOMPARE(int(f.widget.periodicCount()), count);
        QTest::qWait(80);
        QCOMPARE(f.text.count(), count); // stopped means stopped
        // The template, not a filled-in copy, is what the history keeps.
        QCOMPARE(f.widget.history().entries().constLast().text, QStringLiteral("{{counter}}:{{counter}}"));
    }

    void periodicSendsSubstituteTheTimestamp()
    {
        Fixture f;
        f.widget.setMode(ComposerMode::Json);
        f.type(QStringLiteral("{\"t\": {{timestamp}}}"));
        QVERIFY2(!f.widget.hasProblem(), qPrintable(f.status())); // checked with the placeholders filled in
        const qint64 before = QDateTime::currentMSecsSinceEpoch();
        f.widget.startPeriodic(1000);
        const qint64 after = QDateTime::currentMSecsSinceEpoch();
        f.widget.stopPeriodic();
        QCOMPARE(f.text.count(), 1);
        const QByteArray sent = f.text.at(0).at(0).toByteArray();
        QVERIFY(sent.startsWith("{\"t\": ") && sent.endsWith("}"));
        const qint64 stamp = sent.mid(6, sent.size() - 7).toLongLong();
        QVERIFY2(stamp >= before && stamp <= after, sent.constData());
    }

    void periodicSendingStopsOnDisconnect()
    {
        Fixture f;
        f.type(QStringLiteral("tick"));
        f.widget.startPeriodic(10);
        QVERIFY(f.widget.isPeriodicRunning());
        f.widget.setConnected(false);
        QVERIFY(!f.widget.isPeriodicRunning());
        const int count = int(f.text.count());
        QTest::qWait(50);
        QCOMPARE(f.text.count(), count);
    }

    void periodicSendingDoesNotStartWithInvalidInput()
    {
        Fixture f;
        f.widget.setMode(ComposerMode::Json);
        f.type(QStringLiteral("{oops}"));
        f.click("periodic");
        QVERIFY(!f.widget.isPeriodicRunning());
        QCOMPARE(f.sent(), 0);
        QVERIFY(f.status().endsWith(QLatin1String(". Periodic sending not started.")));
    }

    void upAndDownRecallSentMessages()
    {
        Fixture f;
        for (const QString &message : {QStringLiteral("one"), QStringLiteral("two")}) {
            f.editor()->clear();
            f.type(message);
            f.ctrlEnter();
        }
        f.editor()->clear();
        f.type(QStringLiteral("draft"));
        QTest::keyClick(f.editor(), Qt::Key_Up);
        QCOMPARE(f.editor()->toPlainText(), QStringLiteral("two"));
        QTest::keyClick(f.editor(), Qt::Key_Up);
        QCOMPARE(f.editor()->toPlainText(), QStringLiteral("one"));
        QTest::keyClick(f.editor(), Qt::Key_Up); // the oldest stays
        QCOMPARE(f.editor()->toPlainText(), QStringLiteral("one"));
        QTest::keyClick(f.editor(), Qt::Key_Down);
        QCOMPARE(f.editor()->toPlainText(), QStringLiteral("two"));
        QTest::keyClick(f.editor(), Qt::Key_Down);
        QCOMPARE(f.editor()->toPlainText(), QStringLiteral("draft"));

        auto *combo = f.child<QComboBox>("history");
        QCOMPARE(combo->count(), 2);
        QCOMPARE(combo->itemText(0), QStringLiteral("text: two")); // newest first
        QCOMPARE(combo->itemText(1), QStringLiteral("text: one"));
    }

    void historyRestoresTheMode()
    {
        Fixture f;
        f.widget.setMode(ComposerMode::Binary);
        f.widget.setEncoding(PayloadEncoding::Base64);
        f.type(QStringLiteral("AAE="));
        f.ctrlEnter();
        f.widget.setMode(ComposerMode::Text);
        f.editor()->clear();
        auto *combo = f.child<QComboBox>("history");
        QCOMPARE(combo->count(), 1);
        Q_EMIT combo->activated(0);
        QCOMPARE(f.widget.mode(), ComposerMode::Binary);
        QCOMPARE(f.widget.encoding(), PayloadEncoding::Base64);
        QCOMPARE(f.editor()->toPlainText(), QStringLiteral("AAE="));
    }

    void upInsideAMultiLineTextMovesTheCursor()
    {
        Fixture f;
        f.type(QStringLiteral("sent"));
        f.ctrlEnter();
        f.editor()->clear();
        f.type(QStringLiteral("line 1"));
        QTest::keyClick(f.editor(), Qt::Key_Return);
        f.type(QStringLiteral("line 2"));
        QTest::keyClick(f.editor(), Qt::Key_Up); // moves to line 1, no recall
        QCOMPARE(f.editor()->toPlainText(), QStringLiteral("line 1\nline 2"));
        QTest::keyClick(f.editor(), Qt::Key_Up); // now on the first line: recall
        QCOMPARE(f.editor()->toPlainText(), QStringLiteral("sent"));
    }

    void snippetsAreSavedInSettings()
    {
        {
            Fixture f;
            f.widget.setMode(ComposerMode::Json);
            f.type(QStringLiteral("{\"op\":\"subscribe\"}"));
            f.widget.saveSnippet(QStringLiteral("subscribe"));
            QCOMPARE(f.widget.snippetNames(), QStringList{QStringLiteral("subscribe")});
            QCOMPARE(f.child<QComboBox>("snippets")->currentText(), QStringLiteral("subscribe"));
        }
        const QVariantList stored = QSettings().value(QStringLiteral("composer/snippets")).toList();
        QCOMPARE(stored.size(), 1);
        QCOMPARE(stored.at(0).toMap().value(QStringLiteral("mode")).toString(), QStringLiteral("json"));

        Fixture again; // a new composer reads them back
        QCOMPARE(again.widget.snippetNames(), QStringList{QStringLiteral("subscribe")});
        auto *combo = again.child<QComboBox>("snippets");
        QCOMPARE(combo->count(), 1);
        Q_EMIT combo->activated(0);
        QCOMPARE(again.widget.mode(), ComposerMode::Json);
        QCOMPARE(again.editor()->toPlainText(), QStringLiteral("{\"op\":\"subscribe\"}"));
        again.click("deleteSnippet");
        QVERIFY(again.widget.snippetNames().isEmpty());
        QVERIFY(QSettings().value(QStringLiteral("composer/snippets")).toList().isEmpty());
    }

    void autoPongCheckBoxTellsTheConnection()
    {
        Fixture f;
        QSignalSpy spy(&f.widget, &ComposerWidget::autoPongChanged);
        auto *box = f.child<QCheckBox>("autoPong");
        QVERIFY(box->isChecked());
        f.widget.setAutoPong(false); // showing the connection's setting is not a change
        QCOMPARE(spy.count(), 0);
        QVERIFY(!box->isChecked());
        f.click("autoPong");
        QCOMPARE(spy.count(), 1);
        QCOMPARE(spy.at(0).at(0).toBool(), true);
    }

    void switchingModesKeepsTheText()
    {
        Fixture f;
        f.type(QStringLiteral("48 69"));
        f.chooseMode(ComposerMode::Json);
        QVERIFY(f.widget.hasProblem());
        f.chooseMode(ComposerMode::Binary);
        f.chooseMode(ComposerMode::RawFrame);
        f.chooseMode(ComposerMode::Text);
        QCOMPARE(f.editor()->toPlainText(), QStringLiteral("48 69"));
        QVERIFY(!f.widget.hasProblem());
    }
};

QTEST_MAIN(TestComposer)
#include "tst_composer.moc"
