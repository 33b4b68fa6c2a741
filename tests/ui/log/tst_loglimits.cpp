// SPDX-License-Identifier: MIT
// Log limits in the window: rows leave the log view's memory in chunks once the limit is
// passed by a tenth, and what the user sees stays put: numbers, the selected row and the
// details pane, the scroll position, expanded frames, "next match" and filters; the
// banner says what happened (dropped, or on disk with Open); spilled rows open as a
// read-only tab and are saved first; a spill folder that cannot be written keeps the rows
// in memory; closing the tab deletes its file; the whole path through a live connection.
#include "support/LogEvents.h"

#include "ui/composer/ComposerWidget.h"
#include "ui/tab/ConnectionTab.h"
#include "ui/panels/server/EchoServerController.h"
#include "ui/log/LogLimiter.h"
#include "ui/log/LogView.h"
#include "ui/tab/TabDocument.h"
#include "ui/window/MainWindow.h"
#include "ui/log/details/MessageDetailsWidget.h"
#include "ui/log/MessageLogModel.h"
#include "ui/files/SessionActions.h"

#include "store/LogLimits.h"
#include "files/session/LogSpill.h"
#include "store/MessageStore.h"
#include "files/session/SessionFile.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QDir>
#include <QFileInfo>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QScrollBar>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QToolButton>
#include <QtTest>

using namespace wsi;
using namespace wsi::test;

namespace {

constexpr int Timeout = 15000;

// `count` incoming text messages "m<n>" (n from `first`), each with its frames: two
// fragments for every tenth, one otherwise.
net::EventBatch messages(int first, int count)
{
    net::EventBatch batch;
    for (int n = first; n < first + count; ++n) {
        const QByteArray payload = "m" + QByteArray::number(n);
        if (n % 10 == 0) {
            batch.append(frame(In, 1, false, 1, 0, n * 1000, payload.left(1)));
            batch.append(frame(In, 0, true, quint64(payload.size() - 1), 0, n * 1000, payload.mid(1)));
            batch.append(message(In, true, payload, 0, n * 1000, 2));
        } else {
            batch.append(frame(In, 1, true, quint64(payload.size()), 0, n * 1000, payload));
            batch.append(message(In, true, payload, 0, n * 1000));
        }
    }
    return batch;
}

// Rows shown as a source's would be (TabDocument appends, the limiter enforces).
void show(ui::ConnectionTab *tab, const net::EventBatch &batch)
{
    tab->document()->appendRows(batch);
    tab->logLimiter()->flushSpill(); // the write runs on a worker: wait for it here
}

QString numberAt(ui::LogView *view, int row)
{
    return view->model()->index(row, ui::MessageLogModel::Number).data().toString();
}

QString topNumber(ui::LogView *view)
{
    return view->view()->indexAt(QPoint(1, 1)).siblingAtColumn(ui::MessageLogModel::Number).data().toString();
}

log::LogLimits limits(int max, log::LogLimits::Overflow overflow)
{
    log::LogLimits l;
    l.maxRowsInMemory = max;
    l.overflow = overflow;
    return l;
}

} // namespace

class TestLogLimits : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void noLimitByDefault();
    void dropInChunksWithStableNumbers();
    void viewStaysWhereTheReaderIs();
    void selectedRowThatLeavesKeepsItsDetails();
    void expandedFramesAndFilters();
    void nextMatchAfterRowsLeft();
    void spillBannerOpenAndSave();
    void spillFolderThatCannotBeWritten();
    void closingTheTabDeletesItsFile();
    void liveConnectionStaysWithinTheLimit();

private:
    ui::ConnectionTab *newTab(ui::MainWindow &window, const log::LogLimits &l);
    QTemporaryDir m_dir;
};

void TestLogLimits::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QApplication::setApplicationName(QStringLiteral("wsinspect-test"));
    QVERIFY(m_dir.isValid());
}

ui::ConnectionTab *TestLogLimits::newTab(ui::MainWindow &window, const log::LogLimits &l)
{
    auto *tab = window.addTab(new ui::ConnectionTab);
    tab->logLimiter()->setSpillDirectory(m_dir.filePath(QStringLiteral("spill")));
    tab->setLogLimits(l);
    tab->logView()->resize(900, 500);
    return tab;
}

void TestLogLimits::noLimitByDefault()
{
    ui::MainWindow window;
    auto *tab = window.addTab(new ui::ConnectionTab);
    QVERIFY(!tab->logLimiter()->limits().isLimited());
    show(tab, messages(1, 3000));
    QCOMPARE(tab->store().rowCount(), 3000);
    QCOMPARE(tab->store().firstRowNumber(), qint64(0));
    QVERIFY(tab->logView()->limitBanner()->isHidden());
}

void TestLogLimits::dropInChunksWithStableNumbers()
{
    ui::MainWindow window;
    ui::ConnectionTab *tab = newTab(window, limits(100, log::LogLimits::Overflow::Drop));
    ui::LogView *view = tab->logView();
    QAbstractItemModelTester tester(view->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    show(tab, messages(1, 110));
    QCOMPARE(tab->store().rowCount(), 110); // within the tenth of slack: nothing leaves yet
    QVERIFY(view->limitBanner()->isHidden());
    show(tab, messages(111, 1));
    QCOMPARE(tab->store().rowCount(), 100); // back to the limit in one chunk
    QCOMPARE(numberAt(view, 0), QStringLiteral("12"));
    QCOMPARE(view->model()->index(0, 0).data(ui::MessageLogModel::PayloadRole).toByteArray(),
             QByteArray("m12"));
    QCOMPARE(tab->logLimiter()->droppedRows(), qint64(11));
    QVERIFY(view->limitBanner()->isVisible() || !view->isVisible());
    QCOMPARE(tab->logLimiter()->bannerText(), QStringLiteral("11 older messages dropped (limit 100 in memory)"));
    QVERIFY(view->limitBanner()->text().contains(QStringLiteral("11 older messages dropped")));
    QCOMPARE(view->statusText(), QStringLiteral("100 rows in memory"));

    qint64 total = 111;
    for (; total < 12000; total += 37)
        show(tab, messages(int(total) + 1, 37));
    const log::MessageStore &store = tab->store();
    QVERIFY2(store.rowCount() >= 100 && store.rowCount() <= 110, qPrintable(QString::number(store.rowCount())));
    QCOMPARE(store.firstRowNumber() + store.rowCount(), total);
    QCOMPARE(numberAt(view, 0), QString::number(store.firstRowNumber() + 1));
    QCOMPARE(view->model()->index(0, 0).data(ui::MessageLogModel::PayloadRole).toByteArray(),
             "m" + QByteArray::number(store.firstRowNumber() + 1));
    QCOMPARE(tab->logLimiter()->droppedRows(), store.firstRowNumber());
    QVERIFY(tab->logLimiter()->bannerText().startsWith(QStringLiteral("%L1 older messages dropped").arg(store.firstRowNumber())));
}

void TestLogLimits::viewStaysWhereTheReaderIs()
{
    ui::MainWindow window;
    ui::ConnectionTab *tab = newTab(window, limits(1000, log::LogLimits::Overflow::Drop));
    ui::LogView *view = tab->logView();
    window.resize(1200, 800);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    show(tab, messages(1, 1000));
    view->followButton()->setChecked(false); // the user reads
    const QModelIndex reading = view->model()->indexForStoreRow(499);
    view->view()->scrollTo(reading, QAbstractItemView::PositionAtTop);
    QCOMPARE(topNumber(view), QStringLiteral("500"));
    show(tab, messages(1001, 101)); // 1,101 rows: 101 leave
    QCOMPARE(tab->store().firstRowNumber(), qint64(101));
    QCOMPARE(topNumber(view), QStringLiteral("500"));

    // The rows in view themselves leave: the view shows the oldest row kept.
    show(tab, messages(1102, 600));
    QCOMPARE(tab->store().firstRowNumber(), qint64(701));
    QCOMPARE(topNumber(view), QStringLiteral("702"));

    // Following the tail: the newest row stays in view.
    view->followButton()->setChecked(true);
    show(tab, messages(1702, 150));
    const QModelIndex last = view->model()->index(view->model()->rowCount() - 1, 0);
    QTRY_VERIFY(view->view()->visualRect(last).intersects(view->view()->viewport()->rect()));
    QCOMPARE(last.data().toString(), QStringLiteral("1851"));
}

void TestLogLimits::selectedRowThatLeavesKeepsItsDetails()
{
    ui::MainWindow window;
    ui::ConnectionTab *tab = newTab(window, limits(200, log::LogLimits::Overflow::Drop));
    ui::LogView *view = tab->logView();
    view->show();
    view->followButton()->setChecked(false);
    show(tab, messages(1, 200));
    // A selected row that stays: still selected, same message.
    view->view()->setCurrentIndex(view->model()->indexForStoreRow(149));
    QCOMPARE(view->view()->currentIndex().siblingAtColumn(0).data().toString(), QStringLiteral("150"));
    show(tab, messages(201, 21));
    QCOMPARE(tab->store().firstRowNumber(), qint64(21));
    QCOMPARE(view->view()->currentIndex().siblingAtColumn(0).data().toString(), QStringLiteral("150"));
    QCOMPARE(view->details()->details().payload, QByteArray("m150"));

    // A selected row that leaves: no selection, the details keep the message.
    view->view()->setCurrentIndex(view->model()->indexForStoreRow(3));
    QCOMPARE(view->details()->details().payload, QByteArray("m25"));
    show(tab, messages(222, 21));
    QVERIFY(!view->view()->currentIndex().isValid());
    QCOMPARE(view->details()->details().payload, QByteArray("m25"));
}

void TestLogLimits::expandedFramesAndFilters()
{
    ui::MainWindow window;
    ui::ConnectionTab *tab = newTab(window, limits(100, log::LogLimits::Overflow::Drop));
    ui::LogView *view = tab->logView();
    ui::MessageLogModel *model = view->model();
    QAbstractItemModelTester tester(model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    show(tab, messages(1, 100));
    // Expand message 20 (leaves soon) and message 60 (stays): two frames each.
    const int row60 = model->indexForStoreRow(59).row();
    view->toggleFrames(row60);
    view->toggleFrames(model->indexForStoreRow(19).row());
    QCOMPARE(model->rowCount(), 104);
    show(tab, messages(101, 11)); // numbers 1-11 leave; message 20 stays
    QCOMPARE(model->rowCount(), 104);
    show(tab, messages(112, 11)); // numbers 12-22 leave, message 20 and its frame rows too
    QCOMPARE(tab->store().firstRowNumber(), qint64(22));
    QCOMPARE(model->rowCount(), 102);
    const QModelIndex sixty = model->indexForStoreRow(int(60 - 22 - 1));
    QCOMPARE(sixty.data().toString(), QStringLiteral("60"));
    QVERIFY(model->isExpanded(sixty.row()));
    QCOMPARE(model->index(sixty.row() + 1, 0).data().toString(), QStringLiteral("↳ 1"));
    QCOMPARE(model->index(sixty.row() + 3, 0).data().toString(), QStringLiteral("61"));

    // A search filter: only the rows that match are shown, and leave as theirs do.
    QLineEdit *search = view->searchField();
    search->setText(QStringLiteral("m1"));
    const QList<QToolButton *> only = view->findChildren<QToolButton *>();
    for (QToolButton *button : only) {
        if (button->text() == QStringLiteral("only matches"))
            button->setChecked(true);
    }
    QTRY_VERIFY(model->messageCount() < tab->store().rowCount());
    QStringList before;
    for (int i = 0; i < model->rowCount(); ++i)
        if (!model->isFrameRow(i))
            before << model->index(i, 0).data().toString();
    show(tab, messages(123, 11));
    QStringList after;
    for (int i = 0; i < model->rowCount(); ++i)
        if (!model->isFrameRow(i))
            after << model->index(i, 0).data().toString();
    QVERIFY(!after.isEmpty());
    // What stayed reads as before; the new matches follow.
    const int kept = int(after.size() - std::count_if(after.begin(), after.end(), [](const QString &n) { return n.toInt() > 122; }));
    QCOMPARE(after.mid(0, kept), before.mid(before.size() - kept));
    for (const QString &number : after)
        QVERIFY(number.toInt() > tab->store().firstRowNumber());
}

void TestLogLimits::nextMatchAfterRowsLeft()
{
    ui::MainWindow window;
    ui::ConnectionTab *tab = newTab(window, limits(100, log::LogLimits::Overflow::Drop));
    ui::LogView *view = tab->logView();
    show(tab, messages(1, 100));
    view->searchField()->setText(QStringLiteral("m77"));
    view->findNext();
    QCOMPARE(view->view()->currentIndex().siblingAtColumn(0).data().toString(), QStringLiteral("77"));
    show(tab, messages(101, 11));
    show(tab, messages(112, 60)); // 71 rows gone by now; 77 stays
    QCOMPARE(view->view()->currentIndex().siblingAtColumn(0).data().toString(), QStringLiteral("77"));
    view->searchField()->setText(QStringLiteral("m1"));
    view->findNext();
    QCOMPARE(view->view()->currentIndex().siblingAtColumn(0).data().toString(), QStringLiteral("100"));
    view->findNext();
    QCOMPARE(view->view()->currentIndex().siblingAtColumn(0).data().toString(), QStringLiteral("101"));
}

void TestLogLimits::spillBannerOpenAndSave()
{
    // Left by a process that is gone (no pid is that large) and by this one: the first
    // spill of a process removes the first only. (This is the first test that spills.)
    const QDir folder(m_dir.filePath(QStringLiteral("spill")));
    QVERIFY(folder.mkpath(QStringLiteral(".")));
    const QString stale = folder.filePath(QStringLiteral("log-4000000000-1-1.wsispill"));
    const QString ours = folder.filePath(QStringLiteral("log-%1-1-1.wsispill").arg(QCoreApplication::applicationPid()));
    for (const QString &name : {stale, ours}) {
        QFile file(name);
        QVERIFY(file.open(QIODevice::WriteOnly));
    }
    ui::MainWindow window;
    ui::ConnectionTab *tab = newTab(window, limits(100, log::LogLimits::Overflow::SpillToDisk));
    ui::LogView *view = tab->logView();
    window.resize(1200, 800);
    window.show();
    show(tab, messages(1, 250));
    const log::LogSpill *spill = tab->logLimiter()->spill();
    QVERIFY(spill);
    QVERIFY(!QFileInfo::exists(stale));
    QVERIFY(QFileInfo::exists(ours));
    QCOMPARE(spill->rowCount() + tab->store().rowCount(), qint64(250));
    QVERIFY(spill->path().startsWith(m_dir.filePath(QStringLiteral("spill"))));
    QVERIFY(QFileInfo::exists(spill->path()));
    QCOMPARE(tab->logLimiter()->bannerText(),
             QStringLiteral("%1 older messages are on disk — Open · filters and search cover the messages in memory")
                 .arg(spill->rowCount()));
    QVERIFY(view->limitBanner()->text().contains(QStringLiteral("<a href=\"open\">Open</a>")));
    QCOMPARE(numberAt(view, 0), QString::number(spill->rowCount() + 1));
    view->grab().save(QStringLiteral("/tmp/loglimits-spill-banner.png"));

    // Open: the rows on disk as a read-only tab, numbered as they were.
    const int tabs = window.tabCount();
    Q_EMIT view->limitBanner()->linkActivated(QStringLiteral("open"));
    QCOMPARE(window.tabCount(), tabs + 1);
    ui::ConnectionTab *onDisk = window.tab(window.tabCount() - 1);
    QVERIFY(onDisk->isReadOnly());
    QCOMPARE(onDisk->store().rowCount(), int(spill->rowCount()));
    QCOMPARE(numberAt(onDisk->logView(), 0), QStringLiteral("1"));
    QCOMPARE(onDisk->logView()->model()->index(0, 0).data(ui::MessageLogModel::PayloadRole).toByteArray(),
             QByteArray("m1"));

    // Saving the session: the rows on disk first, then those in memory: nothing lost.
    const QString path = m_dir.filePath(QStringLiteral("spilled.wsisession"));
    QVERIFY2(window.sessions()->saveSessionTo(path, false), qPrintable(window.sessions()->lastError()));
    std::vector<log::SessionTab> saved;
    QString error;
    QVERIFY2(log::SessionFile::load(path, &saved, &error), qPrintable(error));
    QCOMPARE(int(saved.size()), window.tabCount());
    const auto mine = std::find_if(saved.begin(), saved.end(), [](const log::SessionTab &t) { return t.store->rowCount() == 250; });
    QVERIFY(mine != saved.end());
    const log::MessageStore &whole = *mine->store;
    QCOMPARE(whole.rowCount(), 250);
    for (int row = 0; row < 250; ++row)
        QCOMPARE(whole.payloadCopy(row), "m" + QByteArray::number(row + 1));

    // Clearing the log clears the rows on disk too.
    const QString file = spill->path();
    Q_EMIT view->clearRequested();
    QVERIFY(!QFileInfo::exists(file));
    QVERIFY(!tab->logLimiter()->spill());
    QVERIFY(view->limitBanner()->isHidden());
}

void TestLogLimits::spillFolderThatCannotBeWritten()
{
    QFile blocker(m_dir.filePath(QStringLiteral("not-a-folder")));
    QVERIFY(blocker.open(QIODevice::WriteOnly));
    blocker.close();
    ui::MainWindow window;
    ui::ConnectionTab *tab = newTab(window, limits(100, log::LogLimits::Overflow::SpillToDisk));
    tab->logLimiter()->setSpillDirectory(m_dir.filePath(QStringLiteral("not-a-folder/spill")));
    ui::LogView *view = tab->logView();
    window.resize(1200, 800);
    window.show();
    show(tab, messages(1, 250));
    QCOMPARE(tab->store().rowCount(), 250); // kept, not lost
    QCOMPARE(tab->store().firstRowNumber(), qint64(0));
    QVERIFY(!tab->logLimiter()->spill());
    QVERIFY2(tab->logLimiter()->bannerText().startsWith(QStringLiteral("Could not move older messages to disk (cannot create the folder ")),
             qPrintable(tab->logLimiter()->bannerText()));
    QVERIFY(tab->logLimiter()->bannerText().endsWith(QStringLiteral("they are kept in memory (tried again every 30 s)")));
    QVERIFY(view->limitBanner()->isVisible());
    view->grab().save(QStringLiteral("/tmp/loglimits-spill-error.png"));
    // Not tried again on every batch: rows keep coming and stay.
    show(tab, messages(251, 50));
    QCOMPARE(tab->store().rowCount(), 300);
    QVERIFY(tab->logLimiter()->bannerText().startsWith(QStringLiteral("Could not move older messages to disk")));
    // With a folder that works (new limits retry at once), rows leave to disk.
    tab->logLimiter()->setSpillDirectory(m_dir.filePath(QStringLiteral("spill-ok")));
    tab->setLogLimits(limits(120, log::LogLimits::Overflow::SpillToDisk));
    tab->logLimiter()->flushSpill();
    QVERIFY2(tab->store().rowCount() == 120, qPrintable(tab->logLimiter()->bannerText()));
    QVERIFY(tab->logLimiter()->spill());
    QCOMPARE(tab->logLimiter()->spill()->rowCount(), qint64(180));
    QVERIFY(!tab->logLimiter()->bannerText().contains(QStringLiteral("Could not")));
}

void TestLogLimits::closingTheTabDeletesItsFile()
{
    ui::MainWindow window;
    ui::ConnectionTab *tab = newTab(window, limits(10, log::LogLimits::Overflow::SpillToDisk));
    show(tab, messages(1, 50));
    QVERIFY(tab->logLimiter()->spill());
    const QString file = tab->logLimiter()->spill()->path();
    QVERIFY(QFileInfo::exists(file));
    window.closeTab(window.tabCount() - 1);
    QTRY_VERIFY(!QFileInfo::exists(file));
}

void TestLogLimits::liveConnectionStaysWithinTheLimit()
{
    ui::MainWindow window;
    window.resize(1400, 900);
    window.show();
    window.startEchoServerAndConnect(false);
    QTRY_VERIFY_WITH_TIMEOUT(window.echoServer()->isRunning(), Timeout);
    ui::ConnectionTab *live = window.currentTab();
    QVERIFY(live);
    QTRY_COMPARE_WITH_TIMEOUT(live->state(), net::ConnectionState::Open, Timeout);
    live->logLimiter()->setSpillDirectory(m_dir.filePath(QStringLiteral("spill-live")));
    live->setLogLimits(limits(20, log::LogLimits::Overflow::SpillToDisk));
    auto *editor = live->composer()->findChild<QPlainTextEdit *>();
    QVERIFY(editor);
    for (int i = 0; i < 40; ++i) {
        editor->setFocus();
        editor->selectAll();
        QTest::keyClicks(editor, QStringLiteral("n%1").arg(i));
        QTest::keyClick(editor, Qt::Key_Return, Qt::ControlModifier);
        QTest::qWait(5);
    }
    const log::MessageStore &store = live->store();
    QTRY_VERIFY_WITH_TIMEOUT(store.firstRowNumber() + store.rowCount() >= 80, Timeout);
    // The last rows are written on a worker and leave memory once on disk (polled).
    QTRY_VERIFY_WITH_TIMEOUT(store.rowCount() <= 22, Timeout);
    QVERIFY(store.firstRowNumber() >= 58);
    QVERIFY(live->logLimiter()->spill());
    QCOMPARE(live->logLimiter()->spilledRows(), store.firstRowNumber());
    QVERIFY(live->logLimiter()->bannerText().startsWith(
        QStringLiteral("%1 older messages are on disk — Open").arg(store.firstRowNumber())));
    log::SessionTab onDisk;
    QVERIFY(live->logLimiter()->spill()->read(&onDisk));
    QCOMPARE(onDisk.store->rowCount(), int(store.firstRowNumber()));
    // The attempt's boundary and its handshake come first, then the first message sent.
    QCOMPARE(onDisk.store->record(0).kind, log::LogEntryKind::Attempt);
    QCOMPARE(onDisk.store->record(1).kind, log::LogEntryKind::Handshake);
    QCOMPARE(onDisk.store->payloadCopy(2), QByteArray("n0"));
    const QString lastNumber = numberAt(live->logView(), live->logView()->model()->rowCount() - 1);
    QCOMPARE(lastNumber, QString::number(store.firstRowNumber() + store.rowCount()));
}

QTEST_MAIN(TestLogLimits)
#include "tst_loglimits.moc"
