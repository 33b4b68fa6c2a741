// SPDX-License-Identifier: MIT
// Sessions in the window: a live connection saved and opened again becomes a read-only tab
// showing the same log and panels, with a banner and no way to send; exports from the
// window and the export dialog's choices; HAR import into tabs and its refusal of a
// Firefox HAR; a damaged session refused with the reader's sentence; the window keeps
// processing events while a large session is saved.
#include "support/WindowDriving.h"
#include "support/SessionSamples.h"

#include "ui/composer/ComposerWidget.h"
#include "ui/tab/ConnectionBar.h"
#include "ui/panels/connection/ConnectionPanel.h"
#include "ui/tab/ConnectionTab.h"
#include "ui/files/CrashJournal.h"
#include "ui/panels/server/EchoServerController.h"
#include "ui/files/ExportDialog.h"
#include "ui/panels/latency/LatencyChart.h"
#include "ui/panels/latency/LatencyPanel.h"
#include "ui/log/LogView.h"
#include "ui/window/MainWindow.h"
#include "ui/log/MessageLogModel.h"
#include "ui/files/ReadOnlyTab.h"
#include "ui/files/SessionActions.h"

#include "files/session/SessionFile.h"
#include "files/session/SessionJournal.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QMessageBox>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QStandardPaths>
#include <QToolButton>
#include <QTemporaryDir>
#include <QtTest>

using namespace wsi;

namespace {

constexpr int Timeout = 15000;

QPushButton *buttonWithText(QWidget *parent, const QString &text)
{
    for (QPushButton *button : parent->findChildren<QPushButton *>()) {
        if (button->text().remove(QLatin1Char('&')) == text)
            return button;
    }
    return nullptr;
}

QString bannerOf(ui::ConnectionTab *tab)
{
    auto *banner = tab->findChild<QLabel *>(QStringLiteral("readOnlyBanner"));
    return banner ? banner->text() : QString();
}


int lineCount(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? int(file.readAll().count('\n')) : -1;
}

} // namespace

class TestSessionsGui : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void savedSessionOpensAsReadOnlyTab();
    void exportDialogChoices();
    void exportFollowsTheFilter();
    void harImportOpensTabs();
    void firefoxHarIsRefused();
    void damagedSessionIsRefused();
    void windowStaysResponsiveWhileSaving();
    void journalFollowsTheWindowAndGoesOnCleanExit();
    void journalEncodesAFloodInSlices();
    void journalOfACrashedRunIsRestored();
    void startOffersTheJournalBack();

private:
    QTemporaryDir m_dir;
};

void TestSessionsGui::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QApplication::setApplicationName(QStringLiteral("wsinspect-test"));
    QVERIFY(m_dir.isValid());
    // Journals a crashed earlier run left in the test location would be offered too.
    QDir(ui::CrashJournal::defaultDirectory()).removeRecursively();
}

void TestSessionsGui::savedSessionOpensAsReadOnlyTab()
{
    ui::MainWindow window;
    window.resize(1400, 900);
    window.show();
    window.startEchoServerAndConnect(false);
    QTRY_VERIFY_WITH_TIMEOUT(window.echoServer()->isRunning(), Timeout);
    ui::ConnectionTab *live = window.currentTab();
    QVERIFY(live);
    QTRY_COMPARE_WITH_TIMEOUT(live->state(), net::ConnectionState::Open, Timeout);
    test::sendText(live, QStringLiteral("first message"));
    test::sendText(live, QStringLiteral("{\"second\":2}"));
    QPushButton *pingNow = buttonWithText(live->latencyPanel(), QStringLiteral("Ping now"));
    QVERIFY(pingNow);
    QTRY_VERIFY_WITH_TIMEOUT(pingNow->isEnabled(), Timeout);
    QTest::mouseClick(pingNow, Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(live->latencyPanel()->chart()->sampleCount(), 1, Timeout);
    QTRY_VERIFY_WITH_TIMEOUT(live->store().rowCount() >= 4, Timeout); // both messages and their echoes

    const QString path = m_dir.filePath(QStringLiteral("live.wsisession"));
    ui::SessionActions *sessions = window.sessions();
    const int rows = live->store().rowCount(); // nothing is sent from here on
    QVERIFY2(sessions->saveSessionTo(path, false), qPrintable(sessions->lastError()));
    const int tabsBefore = window.tabCount();

    QVERIFY2(sessions->openSessionFrom(path), qPrintable(sessions->lastError()));
    QCOMPARE(window.tabCount(), tabsBefore + 1);
    ui::ConnectionTab *opened = window.currentTab();
    QVERIFY(opened != live);
    QVERIFY(opened->isReadOnly());
    QCOMPARE(bannerOf(opened), QStringLiteral("Opened from live.wsisession, read-only"));
    QCOMPARE(opened->title(), live->title() + QStringLiteral(" · read-only"));
    QVERIFY(!opened->composer()->isEnabled());
    QVERIFY(!opened->bar()->isEnabled());
    QCOMPARE(opened->store().rowCount(), rows);
    QCOMPARE(test::storeDifference(opened->store(), live->store()), QString());
    QCOMPARE(opened->logView()->model()->messageCount(), opened->store().rowCount());
    // The panels are as they were.
    QCOMPARE(opened->connectionPanel()->fieldText(QStringLiteral("status")),
             live->connectionPanel()->fieldText(QStringLiteral("status")));
    QVERIFY(opened->connectionPanel()->rawHandshakeText().contains(QLatin1String("101 Switching Protocols")));
    QCOMPARE(opened->latencyPanel()->chart()->sampleCount(), live->latencyPanel()->chart()->sampleCount());
    QCOMPARE(opened->bar()->url(), live->bar()->url());
    // Read-only means no connecting.
    opened->connectTo(live->bar()->url());
    QCOMPARE(opened->state(), net::ConnectionState::Idle);
    // A later connection does not reuse the read-only tab.
    ui::ConnectionTab *next = window.openConnection(live->bar()->url());
    QVERIFY(next != opened);
    QTRY_COMPARE_WITH_TIMEOUT(next->state(), net::ConnectionState::Open, Timeout);
}

void TestSessionsGui::exportDialogChoices()
{
    ui::ExportDialog dialog(3, 10, QStringLiteral("/tmp/out/log.jsonl"));
    QVERIFY(!dialog.secretsBox()->isChecked()); // secrets stay out unless asked
    QVERIFY(dialog.filteredButton()->isChecked());
    QVERIFY(dialog.framesBox()->isEnabled());
    QCOMPARE(dialog.format(), log::ExportFormat::JsonLines);

    dialog.formatBox()->setCurrentIndex(dialog.formatBox()->findData(int(log::ExportFormat::Csv)));
    QCOMPARE(dialog.path(), QStringLiteral("/tmp/out/log.csv"));
    QVERIFY(!dialog.framesBox()->isEnabled());
    dialog.setFormat(log::ExportFormat::Har);
    QCOMPARE(dialog.path(), QStringLiteral("/tmp/out/log.har"));

    QTest::mouseClick(dialog.allButton(), Qt::LeftButton);
    dialog.secretsBox()->setChecked(true);
    log::LogFilterCriteria filter;
    filter.pattern = QStringLiteral("needle");
    log::ExportOptions options = dialog.options(filter);
    QCOMPARE(options.format, log::ExportFormat::Har);
    QVERIFY(options.includeSecrets);
    QVERIFY(options.filter.pattern.isEmpty()); // all rows
    QTest::mouseClick(dialog.filteredButton(), Qt::LeftButton);
    QCOMPARE(dialog.options(filter).filter.pattern, QStringLiteral("needle"));

    QPushButton *ok = dialog.buttons()->button(QDialogButtonBox::Ok);
    QVERIFY(ok->isEnabled());
    dialog.pathField()->clear();
    QVERIFY(!ok->isEnabled());

    ui::ExportDialog unfiltered(10, 10, QString());
    QVERIFY(unfiltered.allButton()->isChecked());
    QVERIFY(!unfiltered.filteredButton()->isEnabled());

    // Rows the log limits moved to disk are exported too: the counts say so.
    const QString before = dialog.allButton()->text();
    dialog.setRowsOnDisk(3, 10, 0);
    QCOMPARE(dialog.allButton()->text(), before);
    dialog.setRowsOnDisk(3, 10, 25000);
    QCOMPARE(dialog.allButton()->text(), QStringLiteral("All rows (%L1: %L2 on disk, 10 in memory)").arg(25010).arg(25000));
    QVERIFY(dialog.filteredButton()->text().contains(QStringLiteral("on disk")));
}

void TestSessionsGui::exportFollowsTheFilter()
{
    ui::MainWindow window;
    log::SessionTab tab;
    test::fillStore(*tab.store);
    tab.state = test::sampleTabState();
    const int rows = tab.store->rowCount();
    ui::ConnectionTab *view = window.addTab(ui::ReadOnlyTab::create(std::move(tab), QStringLiteral("sample")));
    QCOMPARE(window.currentTab(), view);

    // Show only incoming rows, as the direction toggle does.
    QTest::mouseClick(view->logView()->directionButton(false), Qt::LeftButton);
    ui::MessageLogModel *model = view->logView()->model();
    QTRY_VERIFY_WITH_TIMEOUT(model->messageCount() < rows, Timeout);
    const int shown = model->messageCount();
    QVERIFY(shown > 0);

    ui::ExportDialog dialog(shown, rows, QString());
    const QString filtered = m_dir.filePath(QStringLiteral("filtered.jsonl"));
    QVERIFY2(window.sessions()->exportLogTo(filtered, dialog.options(model->filter())),
             qPrintable(window.sessions()->lastError()));
    QCOMPARE(lineCount(filtered), shown);

    QTest::mouseClick(dialog.allButton(), Qt::LeftButton);
    const QString all = m_dir.filePath(QStringLiteral("all.jsonl"));
    QVERIFY(window.sessions()->exportLogTo(all, dialog.options(model->filter())));
    QCOMPARE(lineCount(all), rows);

    dialog.setFormat(log::ExportFormat::Har);
    const QString har = m_dir.filePath(QStringLiteral("masked.har"));
    QVERIFY(window.sessions()->exportLogTo(har, dialog.options(model->filter())));
    QFile file(har);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray bytes = file.readAll();
    QVERIFY(bytes.contains("_webSocketMessages"));
    QVERIFY(!bytes.contains("abc.def")); // the Authorization header's value
}

void TestSessionsGui::harImportOpensTabs()
{
    ui::MainWindow window;
    const int before = window.tabCount();
    const QString har = QFINDTESTDATA("../files/export/har/chromium-websocket.har");
    QVERIFY(!har.isEmpty());
    QVERIFY2(window.sessions()->importHarFrom(har), qPrintable(window.sessions()->lastError()));
    QCOMPARE(window.tabCount(), before + 2);
    ui::ConnectionTab *first = window.tab(before);
    QVERIFY(first->isReadOnly());
    QCOMPARE(bannerOf(first), QStringLiteral("Imported from chromium-websocket.har (HAR), read-only"));
    QCOMPARE(first->title(), QStringLiteral("echo.example.test · read-only"));
    QCOMPARE(first->logView()->model()->messageCount(), 5);
    QCOMPARE(first->connectionPanel()->fieldText(QStringLiteral("subprotocol")), QStringLiteral("graphql-ws"));
    QCOMPARE(window.tab(before + 1)->title(), QStringLiteral("127.0.0.1:9001 · read-only"));
    // The replayed traffic reaches the rates panel.
    QTRY_COMPARE_WITH_TIMEOUT(first->latencyPanel()->trafficRates().totalMessages(), quint64(5), Timeout);
}

void TestSessionsGui::firefoxHarIsRefused()
{
    ui::MainWindow window;
    const int before = window.tabCount();
    const QString har = QFINDTESTDATA("../files/export/har/firefox-websocket.har");
    QVERIFY(!window.sessions()->importHarFrom(har));
    QVERIFY2(window.sessions()->lastError().contains(QLatin1String("Firefox does not save WebSocket messages")),
             qPrintable(window.sessions()->lastError()));
    QCOMPARE(window.tabCount(), before);
}

void TestSessionsGui::damagedSessionIsRefused()
{
    ui::MainWindow window;
    const int before = window.tabCount();
    const QString path = m_dir.filePath(QStringLiteral("damaged.wsisession"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("{\"log\":{}}");
    file.close();
    QVERIFY(!window.sessions()->openSessionFrom(path));
    QCOMPARE(window.sessions()->lastError(),
             QStringLiteral("“") + path + QStringLiteral("” is not a wsinspect session file (it does not start with the session signature)."));
    QCOMPARE(window.tabCount(), before);
}

void TestSessionsGui::windowStaysResponsiveWhileSaving()
{
    ui::MainWindow window;
    window.show();
    log::SessionTab big;
    net::EventBatch batch;
    for (int i = 0; i < 400000; ++i)
        batch.append(test::message(test::In, true, "message number " + QByteArray::number(i), 0, qint64(i) * 1000));
    big.store->append(batch);
    window.addTab(ui::ReadOnlyTab::create(std::move(big), QStringLiteral("big")));

    int ticks = 0;
    QTimer ticker;
    ticker.setInterval(1);
    connect(&ticker, &QTimer::timeout, this, [&ticks] { ++ticks; });
    ticker.start();
    QElapsedTimer timer;
    timer.start();
    const QString path = m_dir.filePath(QStringLiteral("big.wsisession"));
    QVERIFY2(window.sessions()->saveSessionTo(path, false), qPrintable(window.sessions()->lastError()));
    const qint64 ms = timer.elapsed();
    qInfo("400,000 rows saved in %lld ms; the event loop ran %d timer ticks meanwhile", ms, ticks);
    // Events were processed between slices (a blocking save would let no tick through).
    QVERIFY2(ticks >= 2, qPrintable(QString::number(ticks)));
    std::vector<log::SessionTab> tabs;
    QString error;
    QVERIFY2(log::SessionFile::load(path, &tabs, &error), qPrintable(error));
    QCOMPARE(tabs.back().store->rowCount(), 400000);
}

void TestSessionsGui::journalFollowsTheWindowAndGoesOnCleanExit()
{
    QString journal;
    {
        ui::MainWindow window;
        journal = window.crashJournal()->path();
        QVERIFY(!journal.isEmpty());
        QVERIFY(QFile::exists(journal));
        QVERIFY(journal.startsWith(ui::CrashJournal::defaultDirectory()));
        log::SessionTab tab;
        test::fillStore(*tab.store);
        tab.state.title = QStringLiteral("journaled");
        window.addTab(ui::ReadOnlyTab::create(std::move(tab), QStringLiteral("sample")));
        // The window's own timer journals it (encoded in slices, written on a worker thread).
        std::vector<log::SessionTab> tabs;
        const auto journaled = [&] {
            tabs.clear();
            return log::JournalReader::read(journal, &tabs) && tabs.size() == 1
                && tabs[0].store->rowCount() == window.currentTab()->store().rowCount();
        };
        QTRY_VERIFY_WITH_TIMEOUT(journaled(), 10000);
        QCOMPARE(tabs.size(), size_t(1)); // the blank first tab is not journaled
        QCOMPARE(tabs[0].state.title, QStringLiteral("journaled"));
        QCOMPARE(tabs[0].store->rowCount(), window.currentTab()->store().rowCount());
        // The running window's journal is no orphan.
        QVERIFY(!ui::CrashJournal::orphans().contains(journal));
    }
    QVERIFY(!QFile::exists(journal)); // a clean exit
}

void TestSessionsGui::journalEncodesAFloodInSlices()
{
    ui::MainWindow window;
    ui::CrashJournal *journal = window.crashJournal();
    log::SessionTab big;
    net::EventBatch batch;
    constexpr int Rows = 300000;
    for (int i = 0; i < Rows; ++i)
        batch.append(test::message(test::In, true, "message number " + QByteArray::number(i), 0, qint64(i) * 1000));
    big.store->append(batch);
    window.addTab(ui::ReadOnlyTab::create(std::move(big), QStringLiteral("big")));

    // One tick encodes one slice, not the whole log (that was a stall of tens of ms on the
    // UI thread, and the disk write came on top).
    journal->tick();
    QCOMPARE(journal->lastTickRows(), ui::CrashJournal::FirstSliceRows);
    // The next slices are sized by what a row cost, within bounds.
    QVERIFY(journal->rowsPerTick() >= 1000);
    QVERIFY2(journal->rowsPerTick() < Rows, qPrintable(QString::number(journal->rowsPerTick())));
    const int slice = journal->rowsPerTick();
    journal->tick();
    QCOMPARE(journal->lastTickRows(), std::min(Rows - ui::CrashJournal::FirstSliceRows, slice));
    journal->catchUp();
    std::vector<log::SessionTab> tabs;
    QVERIFY(log::JournalReader::read(journal->path(), &tabs));
    QCOMPARE(tabs.size(), size_t(1));
    QCOMPARE(tabs[0].store->rowCount(), Rows);
    QCOMPARE(tabs[0].store->payload(Rows - 1), QByteArrayView("message number 299999"));
}

void TestSessionsGui::journalOfACrashedRunIsRestored()
{
    // A journal whose writer is gone without a clean exit: no lock holds it.
    QVERIFY(QDir().mkpath(ui::CrashJournal::defaultDirectory()));
    const QString orphan = QDir(ui::CrashJournal::defaultDirectory()).filePath(QStringLiteral("journal-1-1.wsijournal"));
    {
        log::JournalWriter writer(orphan);
        QVERIFY(writer.open());
        log::MessageStore store;
        test::fillStore(store);
        log::SessionTabState state;
        state.title = QStringLiteral("before the crash");
        writer.updateTab(1, state, store);
        QVERIFY(writer.flush());
    }
    ui::MainWindow window;
    const QStringList orphans = ui::CrashJournal::orphans();
    QCOMPARE(orphans, QStringList{orphan});
    const int before = window.tabCount();
    QCOMPARE(ui::CrashJournal::restore(&window, orphans), 1);
    QCOMPARE(window.tabCount(), before + 1);
    ui::ConnectionTab *restored = window.currentTab();
    QVERIFY(restored->isReadOnly());
    QCOMPARE(restored->title(), QStringLiteral("before the crash · read-only"));
    QCOMPARE(bannerOf(restored), QStringLiteral("Restored after wsinspect did not close cleanly, read-only"));
    QVERIFY(restored->store().rowCount() > 5);
    QVERIFY(!QFile::exists(orphan));
    QVERIFY(ui::CrashJournal::orphans().isEmpty());
}

// What main() does at start: ask, restore on Yes; an orphan with nothing logged is
// deleted without asking.
void TestSessionsGui::startOffersTheJournalBack()
{
    const QDir directory(ui::CrashJournal::defaultDirectory());
    QVERIFY(directory.mkpath(QStringLiteral(".")));
    const QString empty = directory.filePath(QStringLiteral("journal-2-2.wsijournal"));
    {
        log::JournalWriter writer(empty);
        QVERIFY(writer.open());
    }
    ui::MainWindow window;
    QString asked;
    QTimer answer; // answers the question, if one is asked
    answer.setInterval(20);
    connect(&answer, &QTimer::timeout, this, [&asked] {
        if (auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget())) {
            asked = box->text();
            box->button(QMessageBox::Yes)->click();
        }
    });
    answer.start();
    ui::CrashJournal::offerRestore(&window);
    QVERIFY(asked.isEmpty());
    QVERIFY(!QFile::exists(empty));

    const QString crashed = directory.filePath(QStringLiteral("journal-3-3.wsijournal"));
    {
        log::JournalWriter writer(crashed);
        QVERIFY(writer.open());
        log::MessageStore store;
        store.append({test::message(test::In, true, "kept", 0, 1)});
        writer.updateTab(1, {}, store);
    }
    const int before = window.tabCount();
    ui::CrashJournal::offerRestore(&window);
    QCOMPARE(asked, QStringLiteral("wsinspect did not close cleanly: restore the last session?"));
    QCOMPARE(window.tabCount(), before + 1);
    QCOMPARE(window.currentTab()->store().payloadCopy(0), QByteArray("kept"));
    QVERIFY(!QFile::exists(crashed));
}

QTEST_MAIN(TestSessionsGui)
#include "tst_sessionsgui.moc"
