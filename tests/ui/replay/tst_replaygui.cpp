// SPDX-License-Identifier: MIT
// Replay in the window, driven as a user does: Connection ▸ Replay Log… on a live tab and
// "Replay Selected Messages…" on rows of a tab read from a session file, each against the
// window's own echo server over loopback: the dialog's checks, the new tab that shows the
// replay's traffic, the results window's rows, and "Show in Log" going to the recorded row.
#include "support/LogEvents.h"
#include "support/WindowDriving.h"

#include "ui/files/ReadOnlyTab.h"
#include "ui/log/LogRowActions.h"
#include "ui/log/LogView.h"
#include "ui/log/MessageLogModel.h"
#include "ui/replay/ReplayActions.h"
#include "ui/replay/ReplayDialog.h"
#include "ui/replay/ReplayResultsWindow.h"
#include "ui/replay/ReplayRun.h"
#include "ui/tab/TabDocument.h"

#include "files/session/SessionTab.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QTableView>
#include <QTimer>
#include <QtTest>

using namespace wsi;
using namespace wsi::test;

namespace {

constexpr qint64 Ms = 1000000;

// Accepts the replay dialog once it shows, as fast as possible, after `adjust`.
void acceptDialogs(ui::ReplayActions *actions, std::function<void(ui::ReplayDialog *)> adjust = {})
{
    QObject::connect(actions, &ui::ReplayActions::dialogOpened, actions, [adjust](ui::ReplayDialog *dialog) {
        QTimer::singleShot(0, dialog, [dialog, adjust] {
            dialog->findChild<QRadioButton *>(QStringLiteral("replayFast"))->setChecked(true);
            if (adjust)
                adjust(dialog);
            dialog->accept();
        });
    });
}

// The next run's results window, once it shows.
ui::ReplayResultsWindow *waitForResults(ui::ReplayActions *actions, const std::function<void()> &trigger)
{
    QPointer<ui::ReplayResultsWindow> results;
    QMetaObject::Connection started = QObject::connect(actions, &ui::ReplayActions::runStarted, actions, [&results](ui::ReplayRun *run) {
        QObject::connect(run, &ui::ReplayRun::resultsShown, run, [&results](ui::ReplayResultsWindow *window) { results = window; });
    });
    trigger();
    (void)QTest::qWaitFor([&] { return !results.isNull(); }, WindowTimeoutMs); // null when it never came
    QObject::disconnect(started);
    return results.data();
}

QStringList column(QTableView *table, int column)
{
    QStringList texts;
    for (int row = 0; row < table->model()->rowCount(); ++row)
        texts << table->model()->index(row, column).data().toString();
    return texts;
}

} // namespace

class TestReplayGui : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void liveTabReplaysToANewTab();
    void selectedRowsOfASessionShowTheirDifferences();
    void dialogChecksUrlAndPaths();
};

void TestReplayGui::liveTabReplaysToANewTab()
{
    ui::MainWindow window;
    ui::ConnectionTab *tab = openEchoTab(window);
    QVERIFY(tab);
    sendText(tab, QStringLiteral("{\"op\":\"sub\",\"id\":1}"));
    sendText(tab, QStringLiteral("plain"));
    QVERIFY(QTest::qWaitFor([&] { return rowOf(tab->store(), log::LogEntryKind::Text, In, "plain") >= 0; }, WindowTimeoutMs));

    acceptDialogs(window.replays());
    const int tabsBefore = window.findChild<QTabWidget *>()->count();
    ui::ReplayResultsWindow *results = waitForResults(window.replays(), [&] { window.replays()->replayLog(tab); });
    QVERIFY(results);
    // The replay has a tab of its own, with the messages sent again and their echoes.
    QCOMPARE(window.findChild<QTabWidget *>()->count(), tabsBefore + 1);
    ui::ConnectionTab *replayTab = window.currentTab();
    QVERIFY(replayTab != tab);
    QVERIFY(rowOf(replayTab->store(), log::LogEntryKind::Text, Out, "plain") >= 0);
    QVERIFY(rowOf(replayTab->store(), log::LogEntryKind::Text, In, "plain") >= 0);
    QVERIFY2(results->summaryLabel()->text().endsWith(QStringLiteral("2 same, 0 changed, 0 missing, 0 new: the answers match the recording")),
             qPrintable(results->summaryLabel()->text()));
    QCOMPARE(column(results->table(), ui::ReplayDiffModel::Result), (QStringList{QStringLiteral("same"), QStringLiteral("same")}));
    QVERIFY(!results->findChild<QCheckBox *>(QStringLiteral("replayDifferencesOnly"))->isChecked());
    results->close();
}

void TestReplayGui::selectedRowsOfASessionShowTheirDifferences()
{
    ui::MainWindow window;
    ui::ConnectionTab *echo = openEchoTab(window);
    QVERIFY(echo);
    const QString url = echo->options().url;

    // A recording whose server answered more than an echo does: a price the echo will not
    // repeat, and a goodbye nobody asked for.
    log::SessionTab recorded;
    recorded.state.title = QStringLiteral("prices");
    recorded.state.options.url = url;
    LogEvent attempt = note(EventKind::Attempt, url, 0);
    LogEvent handshake = note(EventKind::Handshake, QString(), 10 * Ms, 101);
    handshake.payload = "GET / HTTP/1.1\r\n\r\nHTTP/1.1 101 Switching Protocols\r\n\r\n";
    handshake.wireSize = 18;
    recorded.store->append({attempt, handshake,
                            message(Out, true, "{\"op\":\"price\",\"n\":1}", 0, 100 * Ms),
                            message(In, true, "{\"op\":\"price\",\"n\":1,\"price\":10}", 0, 110 * Ms),
                            message(Out, true, "again", 30, 200 * Ms),
                            message(In, true, "again", 40, 210 * Ms),
                            message(In, true, "bye", 50, 300 * Ms)});
    ui::ConnectionTab *session = window.addTab(ui::ReadOnlyTab::create(std::move(recorded), QStringLiteral("prices.wsisession")));

    // Both sent rows selected (Ctrl+click does this), replayed from the context menu's action.
    session->logView()->selectStoreRows({2, 4});
    ui::LogRowActions *actions = session->logView()->rowActions();
    QVERIFY(actions->replayAction());
    acceptDialogs(window.replays(), [](ui::ReplayDialog *dialog) {
        dialog->findChild<QPlainTextEdit *>(QStringLiteral("replayIgnore"))->setPlainText(QStringLiteral("$.n"));
    });
    ui::ReplayResultsWindow *results = waitForResults(window.replays(), [&] { actions->replayAction()->trigger(); });
    QVERIFY(results);
    QVERIFY2(results->summaryLabel()->text().endsWith(QStringLiteral("1 same, 1 changed, 1 missing, 0 new: the answers differ from the recording")),
             qPrintable(results->summaryLabel()->text()));
    // Differences first: the same answer is hidden until asked for.
    QVERIFY(results->findChild<QCheckBox *>(QStringLiteral("replayDifferencesOnly"))->isChecked());
    QCOMPARE(column(results->table(), ui::ReplayDiffModel::Result), (QStringList{QStringLiteral("changed"), QStringLiteral("missing")}));
    QCOMPARE(column(results->table(), ui::ReplayDiffModel::Difference),
             (QStringList{QStringLiteral("$.price: 10 → (missing)"), QStringLiteral("bye")}));
    QCOMPARE(column(results->table(), ui::ReplayDiffModel::Recorded).at(1), QStringLiteral("#7 at 200 ms")); // since the first selected send

    // Show in Log on the missing answer: the session's tab, its row 7 selected.
    results->table()->setCurrentIndex(results->table()->model()->index(1, 0));
    QTest::mouseClick(results->findChild<QPushButton *>(QStringLiteral("replayShowInLog")), Qt::LeftButton);
    QCOMPARE(window.currentTab(), session);
    const QModelIndex current = session->logView()->view()->currentIndex();
    QCOMPARE(session->document()->model()->storeRow(current.row()), 6); // row number 7
    results->close();
}

void TestReplayGui::dialogChecksUrlAndPaths()
{
    ui::ReplayDialog dialog(QStringLiteral("the 2 sent messages of \"x\""), QStringLiteral("ws://127.0.0.1:9/"));
    auto *ok = dialog.findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
    auto *problem = dialog.findChild<QLabel *>(QStringLiteral("replayProblem"));
    QVERIFY(ok->isEnabled());
    dialog.findChild<QLineEdit *>(QStringLiteral("replayUrl"))->setText(QStringLiteral("ftp://x/"));
    QVERIFY(!ok->isEnabled());
    QVERIFY2(problem->text().startsWith(QStringLiteral("Server URL: ")), qPrintable(problem->text()));
    dialog.findChild<QLineEdit *>(QStringLiteral("replayUrl"))->setText(QStringLiteral("ws://127.0.0.1:9/"));
    dialog.findChild<QPlainTextEdit *>(QStringLiteral("replayIgnore"))->setPlainText(QStringLiteral("$.ts\n$.items[x]"));
    QVERIFY(!ok->isEnabled());
    QCOMPARE(problem->text(), QStringLiteral("Ignore, line 2: \"$.items[x]\", at character 8: brackets hold an index, * or a quoted key"));
    dialog.findChild<QPlainTextEdit *>(QStringLiteral("replayIgnore"))->setPlainText(QStringLiteral("$.ts\n\n$.items[*].id"));
    QVERIFY(ok->isEnabled());
    QCOMPARE(dialog.request().ignored.size(), 2);
}

QTEST_MAIN(TestReplayGui)
#include "tst_replaygui.moc"
