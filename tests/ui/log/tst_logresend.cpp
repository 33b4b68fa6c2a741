// SPDX-License-Identifier: MIT
// Resend and Edit and resend from the log, driven through the real window against the
// built-in server: the shortcuts and the row's context menu send a message again with its
// type, payload and frames, or put it in the composer; the row each resend logs links to
// its original (shown in the preview, one click away, kept in exports).
#include "support/WindowDriving.h"

#include "ui/composer/ComposerWidget.h"
#include "ui/log/LogRowActions.h"
#include "ui/log/LogView.h"
#include "ui/log/MessageLogModel.h"
#include "ui/log/details/MessageDetailsWidget.h"
#include "ui/tab/ConnectionTab.h"
#include "ui/window/MainWindow.h"

#include "files/export/JsonLinesExport.h"
#include "store/MessageStore.h"

#include <QAction>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QMenu>
#include <QSpinBox>
#include <QTableView>
#include <QtTest>

using namespace wsi;
using test::rowOf;

namespace {
constexpr int Timeout = 15000;
constexpr auto Out = net::EventDirection::Outgoing;
constexpr auto In = net::EventDirection::Incoming;

// Rows of `kind` going `direction` with `payload`, in log order.
QVector<int> rowsOf(const log::MessageStore &store, log::LogEntryKind kind, net::EventDirection direction,
                    const QByteArray &payload)
{
    QVector<int> rows;
    for (int row = 0; row < store.rowCount(); ++row) {
        const log::LogRecord &record = store.record(row);
        if (record.kind == kind && record.direction() == direction && store.payload(row) == payload)
            rows << row;
    }
    return rows;
}

// Makes store row `row` the log's current row, the list focused, as a click would.
void pickRow(ui::LogView *log, int row)
{
    log->selectStoreRows({row});
    log->view()->setFocus();
    QCOMPARE(log->model()->storeRow(log->view()->currentIndex()), row);
}

QString previewOf(ui::LogView *log, int storeRow)
{
    const QModelIndex index = log->model()->indexForStoreRow(storeRow);
    return index.siblingAtColumn(ui::MessageLogModel::Preview).data().toString();
}
} // namespace

class TestLogResend : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void resendSendsTheMessageAgainWithItsFrames();
    void editAndResendGoesThroughTheComposer();
    void rawFramesAndPingsAreResentAsTheyWent();
    void theContextMenuOffersWhatTheRowAllows();
};

void TestLogResend::resendSendsTheMessageAgainWithItsFrames()
{
    ui::MainWindow window;
    ui::ConnectionTab *tab = test::openEchoTab(window);
    QVERIFY(tab);
    tab->composer()->findChild<QSpinBox *>(QStringLiteral("fragments"))->setValue(3);
    test::sendText(tab, QStringLiteral("hello world"));
    const log::MessageStore &store = tab->store();
    QVERIFY(QTest::qWaitFor([&] { return rowOf(store, log::LogEntryKind::Text, In, "hello world") >= 0; }, Timeout));
    const int original = rowOf(store, log::LogEntryKind::Text, Out, "hello world");
    QCOMPARE(store.record(original).wireFrames, 3u);

    ui::LogView *log = tab->logView();
    pickRow(log, original);
    QTest::keyClick(log->view(), Qt::Key_R, Qt::ControlModifier);
    QVERIFY(QTest::qWaitFor([&] { return rowsOf(store, log::LogEntryKind::Text, Out, "hello world").size() == 2; }, Timeout));
    const int resent = rowsOf(store, log::LogEntryKind::Text, Out, "hello world").at(1);
    QCOMPARE(store.record(resent).wireFrames, 3u); // fragmented as the original was
    QCOMPARE(store.resentFrom(resent), store.rowNumber(original));
    QCOMPARE(store.resentFrom(original), qint64(0));
    const QString preview = previewOf(log, resent);
    QVERIFY2(preview.startsWith(QStringLiteral("↻ #%1 · ").arg(store.rowNumber(original))), qPrintable(preview));
    // The details say so too.
    pickRow(log, resent);
    QVERIFY2(log->details()->findChild<QLabel *>(QStringLiteral("summary"))->text().endsWith(QStringLiteral(" · a resend of #%1").arg(store.rowNumber(original))),
             qPrintable(log->details()->findChild<QLabel *>(QStringLiteral("summary"))->text()));
    // The server answered the resend too.
    QVERIFY(QTest::qWaitFor([&] { return rowsOf(store, log::LogEntryKind::Text, In, "hello world").size() == 2; }, Timeout));

    // The link goes into exports.
    log::JsonLinesExport jsonl(store, false);
    QByteArray line;
    jsonl.row(resent, line);
    const QByteArray link = "\"resentFrom\":" + QByteArray::number(store.rowNumber(original));
    QVERIFY2(line.contains(link), line.constData());
}

void TestLogResend::editAndResendGoesThroughTheComposer()
{
    ui::MainWindow window;
    ui::ConnectionTab *tab = test::openEchoTab(window);
    QVERIFY(tab);
    test::sendText(tab, QStringLiteral("{\"op\":\"subscribe\",\"id\":1}"));
    const log::MessageStore &store = tab->store();
    QVERIFY(QTest::qWaitFor([&] { return rowOf(store, log::LogEntryKind::Text, In, "{\"op\":\"subscribe\",\"id\":1}") >= 0; }, Timeout));
    // The server's echo, edited: it goes into the composer as JSON, nothing is sent yet.
    const int echo = rowOf(store, log::LogEntryKind::Text, In, "{\"op\":\"subscribe\",\"id\":1}");
    const int rowsBefore = store.rowCount();
    ui::LogView *log = tab->logView();
    pickRow(log, echo);
    QTest::keyClick(log->view(), Qt::Key_R, Qt::ControlModifier | Qt::ShiftModifier);
    ui::ComposerWidget *composer = tab->composer();
    QCOMPARE(composer->mode(), ui::ComposerMode::Json);
    QCOMPARE(composer->text(), QStringLiteral("{\"op\":\"subscribe\",\"id\":1}"));
    QCOMPARE(composer->pendingResendOf(), store.rowNumber(echo));
    auto *editor = composer->findChild<QPlainTextEdit *>(QStringLiteral("editor"));
    QVERIFY(editor->hasFocus());
    QTest::qWait(100);
    QCOMPARE(store.rowCount(), rowsBefore);
    // The user makes it id 2 and sends it.
    editor->selectAll();
    QTest::keyClicks(editor, QStringLiteral("{\"op\":\"subscribe\",\"id\":2}"));
    QTest::keyClick(editor, Qt::Key_Return, Qt::ControlModifier);
    QVERIFY(QTest::qWaitFor([&] { return rowOf(store, log::LogEntryKind::Text, Out, "{\"op\":\"subscribe\",\"id\":2}") >= 0; }, Timeout));
    const int edited = rowOf(store, log::LogEntryKind::Text, Out, "{\"op\":\"subscribe\",\"id\":2}");
    QCOMPARE(store.resentFrom(edited), store.rowNumber(echo));
    QCOMPARE(composer->pendingResendOf(), qint64(0));
}

void TestLogResend::rawFramesAndPingsAreResentAsTheyWent()
{
    ui::MainWindow window;
    ui::ConnectionTab *tab = test::openEchoTab(window);
    QVERIFY(tab);
    const log::MessageStore &store = tab->store();
    // A text message sent as one raw frame (FIN, opcode 1): a frame row of its own.
    test::sendRawFrame(tab->composer(), true, 0x1, QStringLiteral("raw!"));
    QVERIFY(QTest::qWaitFor([&] { return rowOf(store, log::LogEntryKind::Text, In, "raw!") >= 0; }, Timeout));
    const int raw = rowOf(store, log::LogEntryKind::Frame, Out, "raw!");
    QVERIFY(raw >= 0);
    ui::LogView *log = tab->logView();
    pickRow(log, raw);
    QTest::keyClick(log->view(), Qt::Key_R, Qt::ControlModifier);
    QVERIFY(QTest::qWaitFor([&] { return rowsOf(store, log::LogEntryKind::Frame, Out, "raw!").size() == 2; }, Timeout));
    const int rawAgain = rowsOf(store, log::LogEntryKind::Frame, Out, "raw!").at(1);
    QCOMPARE(store.resentFrom(rawAgain), store.rowNumber(raw));
    const log::FrameRecord frame = store.frame(store.firstFrame(rawAgain));
    QCOMPARE(frame.opcode, quint8(0x1));
    QVERIFY(frame.isFinal() && frame.isMasked());
    QVERIFY(QTest::qWaitFor([&] { return rowsOf(store, log::LogEntryKind::Text, In, "raw!").size() == 2; }, Timeout));

    // A ping from the control row, resent: a ping again (timed, answered), linked.
    auto *payload = tab->composer()->findChild<QLineEdit *>(QStringLiteral("controlPayload"));
    payload->setText(QStringLiteral("marco"));
    QTest::mouseClick(tab->composer()->findChild<QPushButton *>(QStringLiteral("ping")), Qt::LeftButton);
    QVERIFY(QTest::qWaitFor([&] { return rowOf(store, log::LogEntryKind::Pong, In, "marco") >= 0; }, Timeout));
    const int ping = rowOf(store, log::LogEntryKind::Ping, Out, "marco");
    pickRow(log, ping);
    QTest::keyClick(log->view(), Qt::Key_R, Qt::ControlModifier);
    QVERIFY(QTest::qWaitFor([&] { return rowsOf(store, log::LogEntryKind::Pong, In, "marco").size() == 2; }, Timeout));
    const int pingAgain = rowsOf(store, log::LogEntryKind::Ping, Out, "marco").at(1);
    QCOMPARE(store.resentFrom(pingAgain), store.rowNumber(ping));
}

void TestLogResend::theContextMenuOffersWhatTheRowAllows()
{
    ui::MainWindow window;
    ui::ConnectionTab *tab = test::openEchoTab(window);
    QVERIFY(tab);
    test::sendText(tab, QStringLiteral("menu"));
    const log::MessageStore &store = tab->store();
    QVERIFY(QTest::qWaitFor([&] { return rowOf(store, log::LogEntryKind::Text, In, "menu") >= 0; }, Timeout));
    const int original = rowOf(store, log::LogEntryKind::Text, Out, "menu");
    ui::LogView *log = tab->logView();
    QTableView *view = log->view();

    // Right-click on the message: its menu pops up with Resend and Edit and Resend, and
    // Replay Selected Messages… (on, as the row is a sent message).
    const QModelIndex at = log->model()->indexForStoreRow(original);
    view->scrollTo(at);
    const QPoint point = view->visualRect(at.siblingAtColumn(ui::MessageLogModel::Preview)).center();
    // The menu is read while it is up, then closed (it deletes itself).
    bool shown = false;
    QStringList texts;
    QTimer::singleShot(0, [&] {
        auto *menu = qobject_cast<QMenu *>(QApplication::activePopupWidget());
        if (!menu)
            return;
        shown = true;
        for (QAction *action : menu->actions())
            texts << action->text();
        menu->close();
    });
    Q_EMIT view->customContextMenuRequested(point);
    QTRY_VERIFY_WITH_TIMEOUT(shown, 5000);
    QCOMPARE(texts, QStringList({QStringLiteral("Resend"), QStringLiteral("Edit and Resend…"), QString(),
                                 QStringLiteral("Replay Selected Messages…")}));
    QVERIFY(log->rowActions()->replayAction()->isEnabled());
    QCOMPARE(log->model()->storeRow(view->currentIndex()), original);
    QTRY_VERIFY(!QApplication::activePopupWidget());

    // Resend from the menu; the new row's menu leads back to the original.
    QAction *resend = log->rowActions()->resendAction();
    QVERIFY(resend->isEnabled());
    resend->trigger();
    QVERIFY(QTest::qWaitFor([&] { return rowsOf(store, log::LogEntryKind::Text, Out, "menu").size() == 2; }, Timeout));
    const int resent = rowsOf(store, log::LogEntryKind::Text, Out, "menu").at(1);
    std::unique_ptr<QMenu> menu(log->rowActions()->menuForRow(log->model()->indexForStoreRow(resent).row(), view));
    QAction *goBack = menu->findChild<QAction *>(QStringLiteral("goToOriginal"));
    QVERIFY(goBack);
    QCOMPARE(goBack->text(), QStringLiteral("Go to the Original, #%1").arg(store.rowNumber(original)));
    pickRow(log, resent);
    goBack->trigger();
    QCOMPARE(log->model()->storeRow(view->currentIndex()), original);

    // Rows that were never sent (the handshake, an attempt's boundary) offer no resend.
    const int handshake = [&] {
        for (int row = 0; row < store.rowCount(); ++row) {
            if (store.record(row).kind == log::LogEntryKind::Handshake)
                return row;
        }
        return -1;
    }();
    QVERIFY(handshake >= 0);
    pickRow(log, handshake);
    QVERIFY(!resend->isEnabled());
    QVERIFY(!log->rowActions()->editResendAction()->isEnabled());
    const int rows = store.rowCount();
    QTest::keyClick(view, Qt::Key_R, Qt::ControlModifier);
    QTest::qWait(100);
    QCOMPARE(store.rowCount(), rows);
}

QTEST_MAIN(TestLogResend)
#include "tst_logresend.moc"
