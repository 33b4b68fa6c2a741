// SPDX-License-Identifier: MIT
// The crash journal: what was flushed reads back (rows, frames, tab state with secrets
// masked); a journal torn at any byte (a crash mid-write) still gives every complete
// section and never more; a cleared log starts over, a closed tab is not restored; a clean
// exit deletes the file.
#include "support/LogEvents.h"
#include "files/session/SessionFile.h"
#include "files/session/SessionJournal.h"
#include "support/SessionSamples.h"
#include "support/StoreDescription.h"

#include <QTemporaryDir>
#include <QTest>

using namespace wsi;
using namespace wsi::test;

namespace {

net::EventBatch messages(int first, int count)
{
    net::EventBatch batch;
    for (int i = first; i < first + count; ++i)
        batch.append(message(In, true, "m" + QByteArray::number(i), 0, qint64(i) * 1000));
    return batch;
}

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

class tst_SessionJournal : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }
    void flushedLogReadsBack();
    void tornJournalKeepsCompleteSections();
    void clearedLogStartsOver();
    void closedTabIsNotRestored();
    void rowsPerUpdateAreBounded();
    void discardDeletesTheFile();
    void sessionFileIsNotAJournal();

private:
    QString path(const char *name) const { return m_dir.filePath(QLatin1String(name)); }
    QTemporaryDir m_dir;
};

void tst_SessionJournal::flushedLogReadsBack()
{
    log::JournalWriter writer(path("a.wsijournal"));
    QVERIFY(writer.open());
    QVERIFY(QFileInfo(writer.path()).permissions() & QFileDevice::ReadOwner);
    QVERIFY(!(QFileInfo(writer.path()).permissions() & QFileDevice::ReadOther));
    log::MessageStore store;
    fillStore(store);
    log::SessionTabState state = sampleTabState();
    writer.updateTab(7, state, store);
    QVERIFY(writer.flush());
    store.append(messages(0, 3));
    state.close = net::CloseInfo{4000, QStringLiteral("later"), net::CloseInitiator::Local, true, 5, {true, 4000, {}},
                                 {true, 4000, QStringLiteral("later")}};
    writer.updateTab(7, state, store);
    QVERIFY(writer.flush());

    std::vector<log::SessionTab> tabs;
    QString error;
    bool complete = false;
    QVERIFY2(log::JournalReader::read(writer.path(), &tabs, &error, &complete), qPrintable(error));
    QVERIFY(complete);
    QCOMPARE(tabs.size(), size_t(1));
    QCOMPARE(storeDifference(store, *tabs[0].store), QString());
    QCOMPARE(tabs[0].state.title, state.title);
    QCOMPARE(tabs[0].state.close->code, quint16(4000));
    QCOMPARE(tabs[0].state.options.headers.at(0).second, QByteArray("(hidden, 14 bytes)"));
    QVERIFY(!readAll(writer.path()).contains("abc.def"));
}

// Cut the journal after every byte past its header: the reader gives the rows of the
// complete sections, a prefix of the log, growing with the cut.
void tst_SessionJournal::tornJournalKeepsCompleteSections()
{
    const QString full = path("torn.wsijournal");
    log::MessageStore store;
    fillStore(store);
    {
        log::JournalWriter writer(full);
        QVERIFY(writer.open());
        log::SessionTabState state;
        state.title = QStringLiteral("t");
        writer.updateTab(1, state, store);
        writer.flush();
        for (int i = 0; i < 5; ++i) {
            store.append(messages(i * 4, 4));
            writer.updateTab(1, state, store);
            writer.flush();
        }
    }
    const QByteArray bytes = readAll(full);
    qsizetype headerEnd = 0; // the signature and the information section
    {
        log::JournalWriter empty(path("empty.wsijournal"));
        QVERIFY(empty.open());
        headerEnd = QFileInfo(empty.path()).size();
    }
    QVERIFY(headerEnd > 12 + 16);
    const QStringList expected = describeStore(store);
    const QString cut = path("cut.wsijournal");
    int previousRows = 0;
    for (qsizetype size = 0; size <= bytes.size(); ++size) {
        QFile file(cut);
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write(bytes.left(size));
        file.close();
        std::vector<log::SessionTab> tabs;
        QString error;
        bool complete = true;
        const bool read = log::JournalReader::read(cut, &tabs, &error, &complete);
        if (size < headerEnd) { // not yet recognisable as a journal
            QVERIFY(!read);
            continue;
        }
        QVERIFY2(read, qPrintable(error));
        const int rows = tabs.empty() ? 0 : tabs[0].store->rowCount();
        QVERIFY2(rows >= previousRows, qPrintable(QStringLiteral("cut at %1").arg(size)));
        previousRows = rows;
        if (!tabs.empty())
            QCOMPARE(describeStore(*tabs[0].store), expected.mid(0, rows));
        if (size == bytes.size())
            QVERIFY(complete);
    }
    QCOMPARE(previousRows, store.rowCount());
}

void tst_SessionJournal::clearedLogStartsOver()
{
    log::JournalWriter writer(path("clear.wsijournal"));
    QVERIFY(writer.open());
    log::MessageStore store;
    store.append(messages(0, 5));
    log::SessionTabState state;
    writer.updateTab(1, state, store);
    writer.flush();
    // Cleared and refilled with more rows than before between two ticks.
    store.clear();
    store.append(messages(100, 8));
    writer.updateTab(1, state, store);
    writer.flush();
    std::vector<log::SessionTab> tabs;
    QVERIFY(log::JournalReader::read(writer.path(), &tabs));
    QCOMPARE(describeStore(*tabs.at(0).store), describeStore(store));
    // Cleared to fewer rows.
    store.clear();
    store.append(messages(200, 2));
    writer.updateTab(1, state, store);
    writer.flush();
    QVERIFY(log::JournalReader::read(writer.path(), &tabs));
    QCOMPARE(describeStore(*tabs.at(0).store), describeStore(store));
}

void tst_SessionJournal::closedTabIsNotRestored()
{
    log::JournalWriter writer(path("close.wsijournal"));
    QVERIFY(writer.open());
    log::MessageStore first, second;
    first.append(messages(0, 2));
    second.append(messages(10, 3));
    log::SessionTabState a, b;
    a.title = QStringLiteral("first");
    b.title = QStringLiteral("second");
    writer.updateTab(1, a, first);
    writer.updateTab(2, b, second);
    writer.flush();
    std::vector<log::SessionTab> tabs;
    QVERIFY(log::JournalReader::read(writer.path(), &tabs));
    QCOMPARE(tabs.size(), size_t(2));
    writer.removeTab(1);
    writer.flush();
    QVERIFY(log::JournalReader::read(writer.path(), &tabs));
    QCOMPARE(tabs.size(), size_t(1));
    QCOMPARE(tabs[0].state.title, QStringLiteral("second"));
    QCOMPARE(tabs[0].store->rowCount(), 3);
}

void tst_SessionJournal::rowsPerUpdateAreBounded()
{
    log::JournalWriter writer(path("bounded.wsijournal"));
    QVERIFY(writer.open());
    log::MessageStore store;
    store.append(messages(0, 25));
    log::SessionTabState state;
    std::vector<log::SessionTab> tabs;
    for (int expected : {10, 20, 25, 25}) {
        writer.updateTab(1, state, store, 10);
        writer.flush();
        QVERIFY(log::JournalReader::read(writer.path(), &tabs));
        QCOMPARE(tabs.at(0).store->rowCount(), expected);
    }
}

void tst_SessionJournal::discardDeletesTheFile()
{
    log::JournalWriter writer(path("discard.wsijournal"));
    QVERIFY(writer.open());
    QVERIFY(QFile::exists(writer.path()));
    writer.discard();
    QVERIFY(!QFile::exists(path("discard.wsijournal")));
}

void tst_SessionJournal::sessionFileIsNotAJournal()
{
    log::MessageStore store;
    log::SessionTabState state;
    QVERIFY(log::SessionFile::save(path("s.wsisession"), {{&state, &store}}, {}));
    std::vector<log::SessionTab> tabs;
    QString error;
    QVERIFY(!log::JournalReader::read(path("s.wsisession"), &tabs, &error));
    QCOMPARE(error, QStringLiteral("“") + path("s.wsisession") + QStringLiteral("” is not a wsinspect journal."));
    QVERIFY(!log::JournalReader::read(path("missing.wsijournal"), &tabs, &error));
    QVERIFY(error.contains(QLatin1String("cannot be opened")));
}

QTEST_GUILESS_MAIN(tst_SessionJournal)
#include "tst_sessionjournal.moc"
