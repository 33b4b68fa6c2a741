// SPDX-License-Identifier: MIT
// Sending a log row again: what each kind of row becomes (ui/composer/Resend), and the
// composer sending it at once (Resend) or holding it for editing (Edit and resend), with
// the row it came from named in what it sends.
#include "ComposerTestSupport.h"
#include "support/LogEvents.h"

#include "ui/composer/RawFrameEditor.h"
#include "ui/composer/Resend.h"
#include "store/MessageStore.h"

using namespace wsi;
using namespace wsi::test;
using ui::Resend;

namespace {

// #1 text "hello world" in 3 frames, #2 binary 00 ff 10, #3 ping "are you there",
// #4 pong 01 02, #5 close 4001 "going", #6 info, #7 a lone raw frame (RSV2, opcode 3,
// unmasked on purpose, its length field saying 9 for 2 bytes), #8 close 1006.
void fill(log::MessageStore &store)
{
    net::EventBatch batch;
    batch << frame(Out, 0x1, false, 5, 0, 1, {}) << frame(Out, 0x0, false, 3, 11, 2, {})
          << frame(Out, 0x0, true, 3, 20, 3, {})
          << message(Out, true, "hello world", 0, 3, 3);
    batch << message(In, false, QByteArray::fromHex("00ff10"), 0, 4);
    batch << control(EventKind::Ping, Out, "are you there", 5) << control(EventKind::Pong, In, QByteArray::fromHex("0102"), 6);
    batch << closeEvent(Out, 4001, QStringLiteral("going"), true, 7);
    batch << note(EventKind::Info, QStringLiteral("auto-pong disabled"), 8);
    LogEvent raw = frame(Out, 0x3, true, 9, 40, 9, "hi");
    raw.flags = net::FrameFlag::Fin | net::FrameFlag::Rsv2;
    raw.maskKey = 0;
    raw.header = wireHeader(0x3, raw.flags, 9, 0);
    raw.ownRow = true;
    batch << raw;
    batch << closeEvent(In, 1006, QString(), false, 10);
    store.append(batch);
}

} // namespace

class TestResend : public QObject
{
    Q_OBJECT

    QTemporaryDir m_settingsDir;
    log::MessageStore m_store;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(wsi::test::useScratchSettings(m_settingsDir, "tst_resend"));
        fill(m_store);
        QCOMPARE(m_store.rowCount(), 8);
    }

    void eachRowBecomesWhatWasSent()
    {
        const Resend text = ui::resendOfRow(m_store, 0);
        QVERIFY2(text.isValid(), qPrintable(text.refusal));
        QCOMPARE(int(text.kind), int(Resend::Kind::Text));
        QCOMPARE(text.payload, QByteArray("hello world"));
        QCOMPARE(text.fragments, 3);
        QCOMPARE(text.originNumber, qint64(1));

        const Resend binary = ui::resendOfRow(m_store, 1);
        QCOMPARE(int(binary.kind), int(Resend::Kind::Binary));
        QCOMPARE(binary.payload, QByteArray::fromHex("00ff10"));
        QCOMPARE(binary.fragments, 1);

        QCOMPARE(int(ui::resendOfRow(m_store, 2).kind), int(Resend::Kind::Ping));
        QCOMPARE(ui::resendOfRow(m_store, 2).payload, QByteArray("are you there"));
        QCOMPARE(int(ui::resendOfRow(m_store, 3).kind), int(Resend::Kind::Pong));

        const Resend close = ui::resendOfRow(m_store, 4);
        QCOMPARE(int(close.kind), int(Resend::Kind::Close));
        QCOMPARE(close.closeCode, 4001);
        QCOMPARE(close.payload, QByteArray("going"));
    }

    void aFrameKeepsItsHeaderFields()
    {
        // The second fragment of #1: a continuation frame with its slice of the message.
        const Resend middle = ui::resendOfRow(m_store, 0, m_store.firstFrame(0) + 1);
        QVERIFY2(middle.isValid(), qPrintable(middle.refusal));
        QCOMPARE(int(middle.kind), int(Resend::Kind::RawFrame));
        QCOMPARE(middle.payload, QByteArray(" wo"));
        QCOMPARE(middle.frameFields.opcode, 0);
        QVERIFY(!middle.frameFields.fin);
        QVERIFY(middle.frameFields.masked);
        QVERIFY(middle.frameFields.maskKey.isEmpty()); // a fresh key, as a client should
        QCOMPARE(middle.originNumber, qint64(1));

        // The lone frame: RSV2, opcode 3, unmasked and a length field that lied, as sent.
        const Resend raw = ui::resendOfRow(m_store, 6);
        QVERIFY2(raw.isValid(), qPrintable(raw.refusal));
        QCOMPARE(int(raw.kind), int(Resend::Kind::RawFrame));
        QCOMPARE(raw.payload, QByteArray("hi"));
        QVERIFY(raw.frameFields.rsv2 && !raw.frameFields.rsv1 && raw.frameFields.fin);
        QCOMPARE(raw.frameFields.opcode, 3);
        QVERIFY(!raw.frameFields.masked);
        QVERIFY(raw.frameFields.overrideLength);
        QCOMPARE(raw.frameFields.length, QStringLiteral("9"));
    }

    void rowsThatWereNeverSentSayWhy()
    {
        const Resend info = ui::resendOfRow(m_store, 5);
        QVERIFY(!info.isValid());
        QVERIFY2(info.refusal.contains(QStringLiteral("nothing to resend")), qPrintable(info.refusal));
        const Resend dropped = ui::resendOfRow(m_store, 7);
        QVERIFY(!dropped.isValid());
        QVERIFY2(dropped.refusal.contains(QStringLiteral("1006")), qPrintable(dropped.refusal));

        Fixture f;
        f.widget.resend(info);
        QCOMPARE(f.sent(), 0);
        QCOMPARE(f.status(), info.refusal);
        f.widget.setConnected(false);
        f.widget.resend(ui::resendOfRow(m_store, 0));
        QCOMPARE(f.sent(), 0);
        QVERIFY2(f.status().startsWith(QStringLiteral("Not connected")), qPrintable(f.status()));
    }

    void resendSendsItAtOnceNamingItsRow()
    {
        Fixture f;
        f.widget.resend(ui::resendOfRow(m_store, 0));
        QCOMPARE(f.text.count(), 1);
        QCOMPARE(f.text.at(0).at(0).toByteArray(), QByteArray("hello world"));
        QCOMPARE(f.text.at(0).at(1).toInt(), 3);
        QCOMPARE(f.text.at(0).at(2).toLongLong(), qint64(1));
        QVERIFY2(f.status().contains(QStringLiteral("#1")), qPrintable(f.status()));

        f.widget.resend(ui::resendOfRow(m_store, 4));
        QCOMPARE(f.close.count(), 1);
        QCOMPARE(f.close.at(0).at(0).toInt(), 4001);
        QCOMPARE(f.close.at(0).at(1).toString(), QStringLiteral("going"));
        QCOMPARE(f.close.at(0).at(2).toLongLong(), qint64(5));

        f.widget.resend(ui::resendOfRow(m_store, 6));
        QCOMPARE(f.raw.count(), 1);
        const auto frame = f.raw.at(0).at(0).value<protocol::RawFrame>();
        QVERIFY(frame.header.rsv2 && !frame.header.masked && frame.overrideLength);
        QCOMPARE(frame.header.payloadLength, quint64(9));
        QCOMPARE(QByteArray::fromStdString(frame.payload), QByteArray("hi"));
        QCOMPARE(f.raw.at(0).at(1).toLongLong(), qint64(7));
    }

    void editAndResendLoadsTheComposer()
    {
        Fixture f;
        f.widget.editResend(ui::resendOfRow(m_store, 0));
        QCOMPARE(f.sent(), 0); // nothing goes before the user sends
        QCOMPARE(int(f.widget.mode()), int(ComposerMode::Text));
        QCOMPARE(f.widget.text(), QStringLiteral("hello world"));
        QCOMPARE(f.widget.fragments(), 3);
        QCOMPARE(f.widget.pendingResendOf(), qint64(1));
        QCOMPARE(f.status(), QStringLiteral("Editing #1: 11 B text message in 3 frames. Send (Ctrl+Enter) links the new row to #1."));
        f.editor()->setFocus();
        f.type(QStringLiteral("?"));
        QVERIFY2(f.status().startsWith(QStringLiteral("Editing #1: 12 B")), qPrintable(f.status())); // the live check keeps saying so
        QTest::keyClick(f.editor(), Qt::Key_Backspace);
        // The user changes it and sends: the send names #1, once.
        f.editor()->setFocus();
        f.type(QStringLiteral("!"));
        f.ctrlEnter();
        QCOMPARE(f.text.count(), 1);
        QCOMPARE(f.text.at(0).at(0).toByteArray(), QByteArray("hello world!"));
        QCOMPARE(f.text.at(0).at(1).toInt(), 3);
        QCOMPARE(f.text.at(0).at(2).toLongLong(), qint64(1));
        QVERIFY2(f.status().contains(QStringLiteral("a resend of #1")), qPrintable(f.status()));
        f.ctrlEnter();
        QCOMPARE(f.text.at(1).at(2).toLongLong(), qint64(0)); // the next one is new

        f.widget.editResend(ui::resendOfRow(m_store, 1));
        QCOMPARE(int(f.widget.mode()), int(ComposerMode::Binary));
        QCOMPARE(int(f.widget.encoding()), int(PayloadEncoding::Hex));
        QCOMPARE(f.widget.text(), QStringLiteral("00 ff 10"));

        f.widget.editResend(ui::resendOfRow(m_store, 6));
        QCOMPARE(int(f.widget.mode()), int(ComposerMode::RawFrame));
        QCOMPARE(f.widget.text(), QStringLiteral("hi"));
        QCOMPARE(int(f.widget.encoding()), int(PayloadEncoding::Text));
        const auto fields = f.widget.rawFrameFields();
        QVERIFY(fields.rsv2 && !fields.masked && fields.overrideLength);
        QCOMPARE(fields.opcode, 3);
    }

    void editAndResendPutsControlFramesInTheControlRow()
    {
        Fixture f;
        f.widget.editResend(ui::resendOfRow(m_store, 3)); // pong 01 02
        QCOMPARE(f.child<QLineEdit>("controlPayload")->text(), QStringLiteral("01 02"));
        QVERIFY(f.child<QCheckBox>("controlPayloadHex")->isChecked());
        // A send from the editor is not the resend; the Pong button is.
        f.editor()->setFocus();
        f.type(QStringLiteral("x"));
        f.ctrlEnter();
        QCOMPARE(f.text.at(0).at(2).toLongLong(), qint64(0));
        f.click("pong");
        QCOMPARE(f.pong.count(), 1);
        QCOMPARE(f.pong.at(0).at(0).toByteArray(), QByteArray::fromHex("0102"));
        QCOMPARE(f.pong.at(0).at(1).toLongLong(), qint64(4));

        f.widget.editResend(ui::resendOfRow(m_store, 4)); // close 4001 "going"
        QCOMPARE(f.child<QComboBox>("closeCode")->currentText(), QStringLiteral("4001"));
        QCOMPARE(f.child<QLineEdit>("closeReason")->text(), QStringLiteral("going"));
        f.click("close");
        QCOMPARE(f.close.count(), 1);
        QCOMPARE(f.close.at(0).at(0).toInt(), 4001);
        QCOMPARE(f.close.at(0).at(2).toLongLong(), qint64(5));
    }

    void aLargeBinaryIsHeldAsAFile()
    {
        log::MessageStore store;
        const QByteArray big(200 * 1024, '\x7f');
        store.append({message(Out, false, big, 0, 1, 4)});
        Fixture f;
        f.widget.editResend(ui::resendOfRow(store, 0));
        QCOMPARE(int(f.widget.mode()), int(ComposerMode::Binary));
        QCOMPARE(int(f.widget.encoding()), int(PayloadEncoding::File));
        QCOMPARE(f.widget.fileData(), big);
        QCOMPARE(f.widget.fragments(), 4);
        f.click("send");
        QCOMPARE(f.binary.count(), 1);
        QCOMPARE(f.binary.at(0).at(0).toByteArray(), big);
        QCOMPARE(f.binary.at(0).at(2).toLongLong(), qint64(1));
    }
};

QTEST_MAIN(TestResend)
#include "tst_resend.moc"
