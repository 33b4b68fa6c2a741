// SPDX-License-Identifier: MIT
// MessageStore::dropOldestRows and LogFilter::dropOldestRows: the oldest rows leave memory
// (the Preferences' log limits). What is kept reads exactly as before, rows keep their
// numbers, appending goes on as if nothing left, and the memory goes back.
#include "support/LogEvents.h"
#include "support/SessionSamples.h"
#include "support/StoreDescription.h"

#include "store/query/LogFilter.h"
#include "store/MessageStore.h"

#include <QTest>

using namespace wsi;
using namespace wsi::test;

namespace {

// sampleEvents() again and again, each round later in time, so every row reads apart.
net::EventBatch round(int n)
{
    net::EventBatch events = sampleEvents();
    for (LogEvent &event : events)
        event.timeNs += qint64(n) * 100000;
    return events;
}

void fillRounds(log::MessageStore &store, int first, int end)
{
    for (int n = first; n < end; ++n)
        store.append(round(n));
}

net::EventBatch smallMessages(int count, int size, qint64 fromNs)
{
    net::EventBatch batch;
    for (int i = 0; i < count; ++i) {
        const QByteArray payload = QByteArray::number(fromNs + i).leftJustified(size, 'x');
        batch.append(frame(In, 1, true, quint64(size), 0, fromNs + i, payload));
        batch.append(message(In, true, payload, 0, fromNs + i));
    }
    return batch;
}

} // namespace

class tst_StoreEviction : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void keptRowsReadAsBefore_data();
    void keptRowsReadAsBefore();
    void appendingAfterDropsMatchesAWholeLog();
    void memoryGoesBack();
    void largePayloadsBetweenSmallOnes();
    void compactFramesAcrossDrops();
    void memoryStaysBoundedUnderAFlood();
    void clearStartsNumbersAgain();
    void filterFollowsDrops_data();
    void filterFollowsDrops();
};

void tst_StoreEviction::keptRowsReadAsBefore_data()
{
    QTest::addColumn<int>("rounds");
    QTest::addColumn<QVector<int>>("drops");
    QTest::newRow("nothing dropped") << 3 << QVector<int>{0};
    QTest::newRow("the first row") << 3 << QVector<int>{1};
    QTest::newRow("a ping and its pong split apart") << 3 << QVector<int>{8};
    QTest::newRow("more than a round") << 3 << QVector<int>{15};
    QTest::newRow("several drops in a row") << 6 << QVector<int>{5, 1, 30, 7};
    QTest::newRow("everything") << 2 << QVector<int>{1000};
    QTest::newRow("more than everything, then more") << 2 << QVector<int>{10, 1000, 3};
}

void tst_StoreEviction::keptRowsReadAsBefore()
{
    QFETCH(int, rounds);
    QFETCH(QVector<int>, drops);
    log::MessageStore store;
    fillRounds(store, 0, rounds);
    const QStringList before = describeStore(store);
    QVector<log::PingInfo> pings;
    QVector<QByteArray> headers;
    for (int row = 0; row < store.rowCount(); ++row) {
        pings.append(store.pingInfo(row));
        QByteArray all;
        for (int f = store.firstFrame(row); f < store.firstFrame(row) + store.frameCount(row); ++f)
            all += store.frameHeader(f) + '|' + store.framePayload(f).toByteArray() + '|';
        headers.append(all);
    }
    qint64 dropped = 0;
    for (int count : drops) {
        const int expected = std::min(count, store.rowCount());
        store.dropOldestRows(count);
        dropped += expected;
    }
    QCOMPARE(store.firstRowNumber(), dropped);
    QCOMPARE(describeStore(store), before.mid(int(dropped)));
    for (int row = 0; row < store.rowCount(); ++row) {
        const int was = row + int(dropped);
        QCOMPARE(store.rowNumber(row), qint64(was + 1));
        QCOMPARE(store.pingInfo(row).pingId, pings[was].pingId);
        QCOMPARE(store.pingInfo(row).rttNs, pings[was].rttNs);
        QCOMPARE(store.pingInfo(row).note, pings[was].note);
        QByteArray all;
        for (int f = store.firstFrame(row); f < store.firstFrame(row) + store.frameCount(row); ++f)
            all += store.frameHeader(f) + '|' + store.framePayload(f).toByteArray() + '|';
        QCOMPARE(all, headers[was]);
    }
    if (store.rowCount() > 0)
        QCOMPARE(store.firstFrame(0), 0);
}

void tst_StoreEviction::appendingAfterDropsMatchesAWholeLog()
{
    log::MessageStore whole;
    log::MessageStore evicted;
    for (int n = 0; n < 40; ++n) {
        whole.append(round(n));
        evicted.append(round(n));
        if (n % 7 == 6)
            evicted.dropOldestRows(evicted.rowCount() - 9);
    }
    const QStringList all = describeStore(whole);
    QCOMPARE(evicted.firstRowNumber() + evicted.rowCount(), qint64(whole.rowCount()));
    QCOMPARE(describeStore(evicted), all.mid(int(evicted.firstRowNumber())));
    QCOMPARE(evicted.totalFrameCount(),
             whole.totalFrameCount() - whole.firstFrame(int(evicted.firstRowNumber())));
}

void tst_StoreEviction::memoryGoesBack()
{
    log::MessageStore store;
    for (int i = 0; i < 10; ++i)
        store.append(smallMessages(20000, 100, qint64(i) * 20000)); // 200,000 rows, ~20 MB of payload
    const qint64 reserved = store.reservedBytes();
    const qint64 payload = store.payloadBytes();
    QVERIFY2(reserved > 30 * 1024 * 1024, qPrintable(QString::number(reserved)));

    store.dropOldestRows(150000);
    QCOMPARE(store.rowCount(), 50000);
    // Rows, frames, blobs and payloads of 150,000 messages: at least 3/4 of the payload
    // bytes (whole arena chunks go) and of the records.
    const qint64 freed = reserved - store.reservedBytes();
    QVERIFY2(freed > (payload * 3 / 4) * 150 / 200 + 150000 * (48 + 32) * 3 / 4,
             qPrintable(QStringLiteral("freed %1 of %2").arg(freed).arg(reserved)));
    QVERIFY2(store.payloadBytes() < payload * 2 / 5, qPrintable(QString::number(store.payloadBytes())));
    QCOMPARE(store.payloadCopy(0).left(6), QByteArray("150000"));
    QCOMPARE(store.framePayload(store.firstFrame(0)).toByteArray().left(6), QByteArray("150000"));
}

void tst_StoreEviction::largePayloadsBetweenSmallOnes()
{
    // A large payload gets a chunk of its own while small ones keep filling the shared
    // chunk: a later row's bytes can sit in an earlier chunk than an older row's.
    log::MessageStore store;
    const auto add = [&store](char fill, int size) {
        store.append({message(In, false, QByteArray(size, fill), 0, store.rowCount())});
    };
    for (int i = 0; i < 39; ++i)
        add('a', 100 * 1000);           // shared chunk 0, almost full
    add('B', 2 * 1024 * 1024);          // a dedicated chunk
    add('c', 290 * 1000);               // back in shared chunk 0, which is then full
    for (int i = 0; i < 5; ++i)
        add('d', 100 * 1000);           // a new shared chunk
    const qint64 reserved = store.reservedBytes();

    store.dropOldestRows(39);           // the small rows before the large one
    QCOMPARE(store.payloadCopy(1), QByteArray(290 * 1000, 'c'));
    QCOMPARE(store.payloadCopy(0), QByteArray(2 * 1024 * 1024, 'B'));
    QCOMPARE(store.reservedBytes(), reserved); // chunk 0 still holds row 'c'

    store.dropOldestRows(1);            // the large one: its chunk goes
    QVERIFY(store.reservedBytes() <= reserved - 2 * 1024 * 1024);
    QCOMPARE(store.payloadCopy(0), QByteArray(290 * 1000, 'c'));
    store.dropOldestRows(1);            // 'c': chunk 0 goes too
    QVERIFY(store.reservedBytes() <= reserved - 2 * 1024 * 1024 - 4 * 1024 * 1024);
    QCOMPARE(store.payloadCopy(4), QByteArray(100 * 1000, 'd'));
    store.dropOldestRows(5);            // everything, the chunk being filled too
    QCOMPARE(store.payloadBytes(), qint64(0));
    add('e', 10);
    QCOMPARE(store.payloadCopy(0), QByteArray(10, 'e'));
    QCOMPARE(store.rowNumber(0), qint64(47));
}

// Messages whose one frame is implied by their row (FrameTable keeps 8 bytes), from two
// clients whose stream offsets pass several 4 GiB boundaries, with a fragmented message
// (frames kept whole) now and then.
net::EventBatch compactMessages(int first, int count)
{
    net::EventBatch batch;
    for (int i = first; i < first + count; ++i) {
        const quint64 client = quint64(1 + i % 2);
        const quint64 offset = quint64(i) * (quint64(1) << 30); // 1 GiB apart
        const QByteArray payload = "c" + QByteArray::number(i);
        if (i % 9 == 0) {
            batch.append(frame(In, 1, false, 1, offset, i, payload.left(1), client));
            batch.append(frame(In, 0, true, quint64(payload.size() - 1), offset + 3, i, payload.mid(1), client));
            batch.append(message(In, true, payload, offset, i, 2, client));
        } else {
            batch.append(frame(Out, 1, true, quint64(payload.size()), offset, i, {}, client));
            batch.append(message(Out, true, payload, offset, i, 1, client));
        }
    }
    return batch;
}

void tst_StoreEviction::compactFramesAcrossDrops()
{
    log::MessageStore whole;
    log::MessageStore evicted;
    for (int round = 0; round < 30; ++round) {
        whole.append(compactMessages(round * 50, 50));
        evicted.append(compactMessages(round * 50, 50));
        if (round % 4 == 3)
            evicted.dropOldestRows(evicted.rowCount() - 37);
    }
    QVERIFY(evicted.isFrameCompact(evicted.firstFrame(1)));
    const QStringList all = describeStore(whole);
    QCOMPARE(describeStore(evicted), all.mid(int(evicted.firstRowNumber())));
    const int base = whole.firstFrame(int(evicted.firstRowNumber()));
    for (int f = 0; f < evicted.totalFrameCount(); ++f) {
        const log::FrameRecord a = evicted.frame(f);
        const log::FrameRecord b = whole.frame(base + f);
        QVERIFY2(a.streamOffset == b.streamOffset && a.maskKey == b.maskKey && a.length == b.length
                     && a.opcode == b.opcode && a.flags == b.flags && a.timeNs == b.timeNs,
                 qPrintable(QStringLiteral("frame %1").arg(f)));
        QCOMPARE(evicted.isFrameCompact(f), whole.isFrameCompact(base + f));
        QCOMPARE(evicted.frameHeader(f), whole.frameHeader(base + f));
    }
    evicted.dropOldestRows(evicted.rowCount()); // everything, then on again
    evicted.append(compactMessages(1500, 20));
    whole.append(compactMessages(1500, 20));
    QCOMPARE(describeStore(evicted), describeStore(whole).mid(whole.rowCount() - 20));
}

void tst_StoreEviction::memoryStaysBoundedUnderAFlood()
{
    // 100 rounds of 10,000 rows kept near 50,000: the store's reservation settles instead
    // of growing with everything ever appended.
    log::MessageStore store;
    qint64 settled = 0;
    for (int i = 0; i < 100; ++i) {
        store.append(smallMessages(10000, 80, qint64(i) * 10000));
        if (store.rowCount() > 55000)
            store.dropOldestRows(store.rowCount() - 50000);
        if (i == 20)
            settled = store.reservedBytes();
    }
    QCOMPARE(store.firstRowNumber() + store.rowCount(), qint64(1000000));
    QVERIFY2(store.reservedBytes() < settled * 5 / 4,
             qPrintable(QStringLiteral("%1 after 100 rounds, %2 after 20").arg(store.reservedBytes()).arg(settled)));
    QCOMPARE(store.payloadCopy(store.rowCount() - 1).left(6), QByteArray("999999"));
}

void tst_StoreEviction::clearStartsNumbersAgain()
{
    log::MessageStore store;
    fillRounds(store, 0, 2);
    store.dropOldestRows(5);
    QCOMPARE(store.rowNumber(0), qint64(6));
    store.clear();
    fillRounds(store, 0, 1);
    QCOMPARE(store.firstRowNumber(), qint64(0));
    QCOMPARE(store.rowNumber(0), qint64(1));
    QCOMPARE(describeStore(store).first(), describeRow(store, 0));
    QCOMPARE(store.firstFrame(0), 0);
}

void tst_StoreEviction::filterFollowsDrops_data()
{
    QTest::addColumn<bool>("filtered");
    QTest::addColumn<int>("drop");
    QTest::newRow("everything shown, a few rows go") << false << 3;
    QTest::newRow("everything shown, all rows go") << false << 1000;
    QTest::newRow("text rows only, a few rows go") << true << 3;
    QTest::newRow("text rows only, two rounds go") << true << 38;
    QTest::newRow("text rows only, all rows go") << true << 1000;
}

void tst_StoreEviction::filterFollowsDrops()
{
    QFETCH(bool, filtered);
    QFETCH(int, drop);
    log::MessageStore store;
    fillRounds(store, 0, 4);
    log::LogFilter filter;
    log::LogFilterCriteria criteria;
    if (filtered)
        criteria.kinds = log::kindBit(log::LogEntryKind::Text);
    QVERIFY(filter.setCriteria(criteria, store));
    filter.update(store);
    QStringList shown;
    for (int i = 0; i < filter.count(); ++i)
        shown << describeRow(store, filter.storeRow(i));
    const int gone = filter.countBefore(drop);

    store.dropOldestRows(drop);
    QCOMPARE(filter.dropOldestRows(drop), gone);
    QStringList after;
    for (int i = 0; i < filter.count(); ++i)
        after << describeRow(store, filter.storeRow(i));
    QCOMPARE(after, shown.mid(gone));
    if (store.rowCount() > 0)
        QCOMPARE(filter.indexOf(filter.count() > 0 ? filter.storeRow(0) : 0), filter.count() > 0 ? 0 : -1);

    // Rows appended later are tested as usual.
    store.append(round(10));
    const log::RowRange added = filter.update(store);
    QCOMPARE(added.first, after.size());
    log::MessageStore one;
    one.append(round(10));
    int texts = 0;
    for (int row = 0; row < one.rowCount(); ++row)
        texts += one.record(row).kind == log::LogEntryKind::Text ? 1 : 0;
    QVERIFY(texts > 0 && texts < one.rowCount());
    QCOMPARE(added.count, filtered ? texts : one.rowCount());
}

QTEST_GUILESS_MAIN(tst_StoreEviction)
#include "tst_storeeviction.moc"
