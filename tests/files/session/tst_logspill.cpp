// SPDX-License-Identifier: MIT
// Log limits on disk: LogSpill (rows leaving memory appended to a one-tab journal file),
// what reads back, session saves and exports that put the spilled rows first, a folder
// that cannot be made and a full disk (rows stay in memory, the file stays readable), and
// the crash journal while rows leave the store.
#include "support/LogEvents.h"
#include "files/export/LogExporter.h"
#include "files/session/LogSpill.h"
#include "files/session/SessionFile.h"
#include "files/session/SessionJournal.h"
#include "support/SessionSamples.h"
#include "support/StoreDescription.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <sys/resource.h>

using namespace wsi;
using namespace wsi::test;

namespace {

net::EventBatch round(int n)
{
    net::EventBatch events = sampleEvents();
    for (LogEvent &event : events)
        event.timeNs += qint64(n) * 100000;
    return events;
}

void fillRounds(log::MessageStore &store, int first, int end)
{
    store.setStartedAt(QDateTime::fromMSecsSinceEpoch(1700000000123));
    for (int n = first; n < end; ++n)
        store.append(round(n));
}

QList<QByteArray> lines(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    QList<QByteArray> all = file.readAll().split('\n');
    if (!all.isEmpty() && all.last().isEmpty())
        all.removeLast();
    return all;
}

// Spills the oldest `count` rows and drops them, as LogLimiter does.
bool spillAndDrop(log::LogSpill &spill, log::MessageStore &store, int count)
{
    if (!spill.append(sampleTabState(), store, count))
        return false;
    store.dropOldestRows(count);
    return true;
}

} // namespace

class tst_LogSpill : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }
    void readsBackWhatLeftMemory();
    void numbersFollowRowsDroppedBeforeSpilling();
    void fileGoesWithTheSpill();
    void writesOnAWorker();
    void savedSessionHoldsSpilledRowsFirst();
    void exportsHoldSpilledRowsFirst_data();
    void exportsHoldSpilledRowsFirst();
    void folderThatCannotBeMade();
    void fullDiskKeepsTheFileReadable();
    void journalFollowsRowsLeavingMemory();

private:
    QString path(const char *name) const { return m_dir.filePath(QLatin1String(name)); }
    QTemporaryDir m_dir;
};

void tst_LogSpill::readsBackWhatLeftMemory()
{
    log::MessageStore whole;
    fillRounds(whole, 0, 8);
    log::MessageStore store;
    fillRounds(store, 0, 4);
    log::LogSpill spill(path("a.wsispill"));
    QVERIFY(spillAndDrop(spill, store, 20));
    fillRounds(store, 4, 8);
    QVERIFY(spillAndDrop(spill, store, 33));
    QCOMPARE(spill.rowCount(), qint64(53));
    QCOMPARE(spill.firstRowNumber(), qint64(0));
    QCOMPARE(spill.endRowNumber(), store.firstRowNumber());

    log::SessionTab tab;
    QString error;
    QVERIFY2(spill.read(&tab, &error), qPrintable(error));
    QCOMPARE(describeStore(*tab.store), describeStore(whole).mid(0, 53));
    QCOMPARE(qint64(tab.store->totalFrameCount()), spill.frameCount());
    QCOMPARE(tab.store->firstRowNumber(), qint64(0));
    QCOMPARE(tab.state.title, sampleTabState().title);
    for (int row = 0; row < 53; ++row) {
        QCOMPARE(tab.store->pingInfo(row).note, whole.pingInfo(row).note);
        QCOMPARE(tab.store->pingInfo(row).rttNs, whole.pingInfo(row).rttNs);
    }
    // What stayed in memory is the rest, numbered on from the file.
    QCOMPARE(describeStore(store), describeStore(whole).mid(53));
}

void tst_LogSpill::numbersFollowRowsDroppedBeforeSpilling()
{
    log::MessageStore store;
    fillRounds(store, 0, 3);
    store.dropOldestRows(7); // the user had chosen Drop for a while
    const QString eighth = describeRow(store, 0);
    log::LogSpill spill(path("b.wsispill"));
    QVERIFY(spillAndDrop(spill, store, 10));
    QCOMPARE(spill.firstRowNumber(), qint64(7));
    log::SessionTab tab;
    QVERIFY(spill.read(&tab));
    QCOMPARE(tab.store->firstRowNumber(), qint64(7));
    QCOMPARE(tab.store->rowNumber(0), qint64(8));
    QCOMPARE(describeRow(*tab.store, 0), eighth);
    QCOMPARE(tab.store->rowCount(), 10);
}

void tst_LogSpill::fileGoesWithTheSpill()
{
    const QString file = path("c.wsispill");
    {
        log::MessageStore store;
        fillRounds(store, 0, 1);
        log::LogSpill untouched(path("never.wsispill"));
        log::LogSpill spill(file);
        QVERIFY(!QFileInfo::exists(file)); // nothing until rows leave
        QVERIFY(spillAndDrop(spill, store, 3));
        QVERIFY(QFileInfo::exists(file));
    }
    QVERIFY(!QFileInfo::exists(file));
    QVERIFY(!QFileInfo::exists(path("never.wsispill")));
}

void tst_LogSpill::writesOnAWorker()
{
    log::MessageStore store;
    fillRounds(store, 0, 50);
    const QStringList before = describeStore(store);
    log::LogSpill spill(path("w.wsispill"));
    QCOMPARE(spill.finish(true), log::LogSpill::Write::Idle);
    QVERIFY(spill.start(sampleTabState(), store, 300));
    QVERIFY(spill.isWriting());
    QCOMPARE(spill.writingRows(), 300);
    QCOMPARE(spill.rowCount(), qint64(0)); // counted once written
    QVERIFY(spill.start(sampleTabState(), store, 10)); // one write at a time: ignored
    QCOMPARE(spill.writingRows(), 300);
    log::LogSpill::Write result = spill.finish(false);
    QVERIFY(result == log::LogSpill::Write::Pending || result == log::LogSpill::Write::Written);
    if (result == log::LogSpill::Write::Pending)
        result = spill.finish(true);
    QCOMPARE(result, log::LogSpill::Write::Written);
    QVERIFY(!spill.isWriting());
    QCOMPARE(spill.rowCount(), qint64(300));
    QCOMPARE(describeStore(store), before); // the caller drops the rows, not the spill
    log::SessionTab tab;
    QVERIFY(spill.read(&tab));
    QCOMPARE(describeStore(*tab.store), before.mid(0, 300));
}

void tst_LogSpill::savedSessionHoldsSpilledRowsFirst()
{
    log::MessageStore whole;
    fillRounds(whole, 0, 6);
    log::MessageStore store;
    fillRounds(store, 0, 6);
    store.dropOldestRows(4); // dropped: not saved, but numbers say where the rest was
    log::LogSpill spill(path("d.wsispill"));
    QVERIFY(spillAndDrop(spill, store, 25));
    QVERIFY(spillAndDrop(spill, store, 12));
    const log::SessionTabState state = sampleTabState();
    const QString file = path("d.wsisession");
    QString error;
    QVERIFY2(log::SessionFile::save(file, {{&state, &store, &spill}}, {}, &error), qPrintable(error));

    std::vector<log::SessionTab> tabs;
    QVERIFY2(log::SessionFile::load(file, &tabs, &error), qPrintable(error));
    QCOMPARE(int(tabs.size()), 1);
    const log::MessageStore &loaded = *tabs.front().store;
    QCOMPARE(loaded.firstRowNumber(), qint64(4));
    QCOMPARE(describeStore(loaded), describeStore(whole).mid(4));
    QCOMPARE(loaded.totalFrameCount(), whole.totalFrameCount() - whole.firstFrame(4));

    // A tab without rows on disk saves as before (and keeps its numbers).
    QVERIFY(log::SessionFile::save(file, {{&state, &store}}, {}, &error));
    QVERIFY(log::SessionFile::load(file, &tabs, &error));
    QCOMPARE(tabs.front().store->firstRowNumber(), store.firstRowNumber());
    QCOMPARE(describeStore(*tabs.front().store), describeStore(store));
}

void tst_LogSpill::exportsHoldSpilledRowsFirst_data()
{
    QTest::addColumn<int>("format");
    QTest::addColumn<bool>("textOnly");
    QTest::newRow("JSON Lines, every row") << int(log::ExportFormat::JsonLines) << false;
    QTest::newRow("JSON Lines, text rows") << int(log::ExportFormat::JsonLines) << true;
    QTest::newRow("CSV, every row") << int(log::ExportFormat::Csv) << false;
    QTest::newRow("HAR, every row") << int(log::ExportFormat::Har) << false;
}

void tst_LogSpill::exportsHoldSpilledRowsFirst()
{
    QFETCH(int, format);
    QFETCH(bool, textOnly);
    log::MessageStore whole;
    fillRounds(whole, 0, 10);
    log::MessageStore store;
    fillRounds(store, 0, 10);
    log::LogSpill spill(path("e.wsispill"));
    QVERIFY(spillAndDrop(spill, store, 40));
    QVERIFY(spillAndDrop(spill, store, 31));
    log::ExportOptions options;
    options.format = log::ExportFormat(format);
    if (textOnly)
        options.filter.kinds = log::kindBit(log::LogEntryKind::Text);
    const log::SessionTabState state = sampleTabState();
    const QString withSpill = path("e-spill.out");
    const QString reference = path("e-whole.out");
    QString error;
    QVERIFY2(log::LogExportJob::run(withSpill, store, state, options, &error, &spill), qPrintable(error));
    QVERIFY2(log::LogExportJob::run(reference, whole, state, options, &error), qPrintable(error));
    // Byte for byte what the whole log exports, row numbers included (HAR: but for the
    // entry's total time, taken from the store in memory, which is the same here).
    QList<QByteArray> got = lines(withSpill);
    const QList<QByteArray> expected = lines(reference);
    QVERIFY(expected.size() > 40);
    QCOMPARE(got, expected);
    if (format == int(log::ExportFormat::JsonLines)) {
        const QJsonObject first = QJsonDocument::fromJson(got.first()).object();
        QCOMPARE(first.value(QStringLiteral("row")).toInt(), 1);
    }
}

void tst_LogSpill::folderThatCannotBeMade()
{
    QFile blocker(path("a-file"));
    QVERIFY(blocker.open(QIODevice::WriteOnly));
    blocker.close();
    log::MessageStore store;
    fillRounds(store, 0, 2);
    const QStringList before = describeStore(store);
    log::LogSpill spill(path("a-file/spill/x.wsispill"));
    QVERIFY(!spill.append(sampleTabState(), store, 10));
    QVERIFY2(spill.errorString().contains(QStringLiteral("cannot create the folder")), qPrintable(spill.errorString()));
    QCOMPARE(spill.rowCount(), qint64(0));
    log::SessionTab nothing;
    QVERIFY(!spill.read(&nothing)); // nothing on disk to read
    QCOMPARE(describeStore(store), before);
}

void tst_LogSpill::fullDiskKeepsTheFileReadable()
{
    log::MessageStore whole;
    fillRounds(whole, 0, 400);
    log::MessageStore store;
    fillRounds(store, 0, 400);
    log::LogSpill spill(path("f.wsispill"));
    QVERIFY(spillAndDrop(spill, store, 100));
    const qint64 good = QFileInfo(spill.path()).size();

    // A file size limit stands in for a full disk (EFBIG as ENOSPC would fail the write).
    rlimit saved{};
    QCOMPARE(getrlimit(RLIMIT_FSIZE, &saved), 0);
    const auto previousHandler = std::signal(SIGXFSZ, SIG_IGN);
    rlimit limited = saved;
    limited.rlim_cur = rlim_t(good + 4096);
    QCOMPARE(setrlimit(RLIMIT_FSIZE, &limited), 0);
    const bool appended = spill.append(sampleTabState(), store, 3000);
    setrlimit(RLIMIT_FSIZE, &saved);
    std::signal(SIGXFSZ, previousHandler);

    QVERIFY(!appended);
    QVERIFY2(!spill.errorString().isEmpty(), "the reason is reported");
    QCOMPARE(spill.rowCount(), qint64(100));
    QCOMPARE(QFileInfo(spill.path()).size(), good); // the torn section was cut off

    // With room again the file goes on, and reads back whole.
    QVERIFY2(spillAndDrop(spill, store, 50), qPrintable(spill.errorString()));
    QVERIFY(spill.errorString().isEmpty());
    log::SessionTab tab;
    QVERIFY(spill.read(&tab));
    QCOMPARE(describeStore(*tab.store), describeStore(whole).mid(0, 150));
}

void tst_LogSpill::journalFollowsRowsLeavingMemory()
{
    const QString file = path("g.wsijournal");
    log::JournalWriter writer(file);
    QVERIFY(writer.open());
    const log::SessionTabState state = sampleTabState();
    log::MessageStore store;
    fillRounds(store, 0, 5);
    writer.updateTab(1, state, store);
    store.dropOldestRows(30);           // journaled rows leave memory: not a clear
    fillRounds(store, 5, 8);
    writer.updateTab(1, state, store);
    fillRounds(store, 8, 12);
    store.dropOldestRows(store.rowCount() - 5); // rows leave before the journal saw them
    writer.updateTab(1, state, store, 3);      // and the journal is behind (3 rows a tick)
    QVERIFY(writer.flush());

    std::vector<log::SessionTab> tabs;
    QString error;
    QVERIFY2(log::JournalReader::read(file, &tabs, &error), qPrintable(error));
    QCOMPARE(int(tabs.size()), 1);
    const log::MessageStore &restored = *tabs.front().store;
    QCOMPARE(restored.firstRowNumber(), store.firstRowNumber());
    QCOMPARE(describeStore(restored), describeStore(store).mid(0, 3));

    writer.updateTab(1, state, store);
    QVERIFY(writer.flush());
    QVERIFY(log::JournalReader::read(file, &tabs, &error));
    QCOMPARE(describeStore(*tabs.front().store), describeStore(store));
    QCOMPARE(tabs.front().store->rowNumber(0), store.rowNumber(0));

    // A clear after rows left is still a clear.
    store.clear();
    fillRounds(store, 20, 21);
    writer.updateTab(1, state, store);
    QVERIFY(writer.flush());
    QVERIFY(log::JournalReader::read(file, &tabs, &error));
    QCOMPARE(tabs.front().store->firstRowNumber(), qint64(0));
    QCOMPARE(describeStore(*tabs.front().store), describeStore(store));
}

QTEST_GUILESS_MAIN(tst_LogSpill)
#include "tst_logspill.moc"
