// MessageStore: rows from event batches, frames attached to the row they belong to, in
// any batching the network layer may choose; payloads and headers kept byte-exact.
#include "LogEvents.h"
#include "MessageStore.h"
#include "StoreDescription.h"

#include <QRandomGenerator>
#include <QTest>

using namespace wsi;
using namespace wsi::test;

namespace {

// A batch may end anywhere except between a frame and the event the same Driver call
// reports right after it (FrameCollector's contract).
bool maySplitBefore(const LogEvent &event)
{
    return event.kind != EventKind::Message && event.kind != EventKind::Ping && event.kind != EventKind::Pong;
}

QVector<net::EventBatch> splitAt(const net::EventBatch &events, const QVector<bool> &cut)
{
    QVector<net::EventBatch> batches(1);
    for (int i = 0; i < events.size(); ++i) {
        if (i > 0 && cut[i] && maySplitBefore(events[i]))
            batches.append(net::EventBatch());
        batches.last().append(events[i]);
    }
    return batches;
}

// Whole, at every allowed point, and in seeded random splits.
QVector<QVector<net::EventBatch>> batchings(const net::EventBatch &events)
{
    QVector<QVector<net::EventBatch>> all;
    all.append(splitAt(events, QVector<bool>(events.size(), false)));
    all.append(splitAt(events, QVector<bool>(events.size(), true)));
    QRandomGenerator random(7);
    for (int round = 0; round < 6; ++round) {
        QVector<bool> cut(events.size());
        for (bool &c : cut)
            c = random.bounded(2) == 1;
        all.append(splitAt(events, cut));
    }
    return all;
}

QByteArray closePayload(quint16 code) { return QByteArray{char(code >> 8), char(code & 0xff)}; }

} // namespace

class tst_MessageStore : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void rowsFromEvents_data();
    void rowsFromEvents();
    void appendReportsItsRows();
    void messageFieldsAreKept();
    void pingInfoIsKept();
    void frameHeaderIsRebuiltExactly_data();
    void frameHeaderIsRebuiltExactly();
    void controlFramePayloadIsKept();
    void payloadsSurviveChunkBoundaries();
    void largePayloadGetsItsOwnChunk();
    void clearEmptiesEverything();
};

void tst_MessageStore::rowsFromEvents_data()
{
    QTest::addColumn<net::EventBatch>("events");
    QTest::addColumn<QStringList>("rows");

    QTest::newRow("text message without frames")
        << net::EventBatch{message(In, true, "hello", 0, 10)} << QStringList{QStringLiteral("text in @10 'hello'")};

    QTest::newRow("single-frame message with its frame")
        << net::EventBatch{frame(In, 1, true, 5, 0, 9), message(In, true, "hello", 0, 10)}
        << QStringList{QStringLiteral("text in @10 'hello' [in:1F@0]")};

    QTest::newRow("binary message in three fragments with a ping between them")
        << net::EventBatch{frame(Out, 2, false, 2, 0, 1), frame(Out, 0, false, 2, 8, 2),
                           frame(In, 9, true, 1, 0, 3, "p"), control(EventKind::Ping, In, "p", 3),
                           frame(Out, 0, true, 2, 16, 4), message(Out, false, "abcdef", 0, 4, 3)}
        << QStringList{QStringLiteral("ping in @3 'p' [in:9F@0]"),
                       QStringLiteral("binary out @4 'abcdef' [out:2@0 out:0@8 out:0F@16]")};

    QTest::newRow("outgoing raw frame that no message follows")
        << net::EventBatch{frame(Out, 1, true, 3, 0, 5, "abc")}
        << QStringList{QStringLiteral("frame out @5 'abc' [out:1F@0]")};

    QTest::newRow("automatic pong reported only as a frame")
        << net::EventBatch{frame(In, 9, true, 2, 0, 1, "hi"), control(EventKind::Ping, In, "hi", 1),
                           frame(Out, 0xA, true, 2, 0, 2, "hi")}
        << QStringList{QStringLiteral("ping in @1 'hi' [in:9F@0]"), QStringLiteral("pong out @2 'hi' [out:aF@0]")};

    QTest::newRow("continuation frame of no message")
        << net::EventBatch{frame(In, 0, true, 0, 0, 1)} << QStringList{QStringLiteral("frame in @1 [in:0F@0]")};

    QTest::newRow("new message while a fragment still waits")
        << net::EventBatch{frame(In, 1, false, 1, 0, 1), frame(In, 1, true, 2, 3, 2), message(In, true, "ok", 3, 2)}
        << QStringList{QStringLiteral("frame in @1 [in:1@0]"), QStringLiteral("text in @2 'ok' [in:1F@3]")};

    QTest::newRow("message whose frames started before its offset")
        << net::EventBatch{frame(In, 1, true, 1, 0, 1), message(In, true, "x", 3, 2)}
        << QStringList{QStringLiteral("frame in @1 [in:1F@0]"), QStringLiteral("text in @2 'x'")};

    QTest::newRow("close handshake across batches")
        << net::EventBatch{frame(Out, 8, true, 2, 0, 1, closePayload(1000)), message(In, true, "late", 0, 2),
                           frame(In, 8, true, 2, 6, 3, closePayload(1000)),
                           closeEvent(Out, 1000, QString(), true, 4)}
        << QStringList{QStringLiteral("text in @2 'late'"), QStringLiteral("close out @4 1000 clean [out:8F@0 in:8F@6]")};

    QTest::newRow("close cuts a fragmented message short")
        << net::EventBatch{frame(In, 1, false, 3, 0, 1), closeEvent(In, 1006, QStringLiteral("lost"), false, 2)}
        << QStringList{QStringLiteral("frame in @1 [in:1@0]"), QStringLiteral("close in @2 1006 'lost'")};

    QTest::newRow("error takes the frames that led to it")
        << net::EventBatch{frame(In, 1, false, 3, 0, 1), frame(In, 0, false, 3, 5, 2),
                           note(EventKind::Error, QStringLiteral("invalid-utf8: byte 0xff"), 3, 1007)}
        << QStringList{QStringLiteral("error local @3 1007 'invalid-utf8: byte 0xff' [in:1@0 in:0@5]")};

    QTest::newRow("two echo-server clients interleaved")
        << net::EventBatch{frame(In, 1, false, 1, 0, 1, {}, 1), frame(In, 1, false, 1, 0, 2, {}, 2),
                           frame(In, 0, true, 1, 3, 3, {}, 2), message(In, true, "bd", 0, 3, 2, 2),
                           frame(In, 0, true, 1, 3, 4, {}, 1), message(In, true, "ac", 0, 4, 2, 1)}
        << QStringList{QStringLiteral("text in @3 #2 'bd' [in:1@0 in:0F@3]"),
                       QStringLiteral("text in @4 #1 'ac' [in:1@0 in:0F@3]")};

    QTest::newRow("info text kept as UTF-8")
        << net::EventBatch{note(EventKind::Info, QStringLiteral("größe ✓"), 7)}
        << QStringList{QStringLiteral("info local @7 'größe ✓'")};
}

void tst_MessageStore::rowsFromEvents()
{
    QFETCH(net::EventBatch, events);
    QFETCH(QStringList, rows);
    for (const QVector<net::EventBatch> &batches : batchings(events)) {
        log::MessageStore store;
        for (const net::EventBatch &batch : batches)
            store.append(batch);
        QCOMPARE(describeStore(store), rows);
    }
}

void tst_MessageStore::appendReportsItsRows()
{
    log::MessageStore store;
    const log::RowRange first = store.append({message(In, true, "a", 0, 1), message(In, true, "b", 3, 2)});
    QCOMPARE(first.first, 0);
    QCOMPARE(first.count, 2);
    const log::RowRange waiting = store.append({frame(In, 1, false, 1, 6, 3)});
    QCOMPARE(waiting.count, 0); // the fragment waits for the rest of its message
    const log::RowRange second = store.append({frame(In, 0, true, 1, 9, 4), message(In, true, "cd", 6, 4, 2)});
    QCOMPARE(second.first, 2);
    QCOMPARE(second.count, 1);
    QCOMPARE(store.frameCount(2), 2);
}

void tst_MessageStore::messageFieldsAreKept()
{
    LogEvent event = message(In, false, QByteArray(300, 'z'), 0, 123456789);
    event.wireSize = 41;
    event.compressed = true;
    event.frameCount = 3;
    log::MessageStore store;
    store.append({event});
    const log::LogRecord &record = store.record(0);
    QCOMPARE(record.kind, log::LogEntryKind::Binary);
    QCOMPARE(record.direction(), In);
    QCOMPARE(record.timeNs, 123456789);
    QCOMPARE(record.payloadSize, 300u);
    QCOMPARE(record.wireSize, 41u);
    QCOMPARE(record.wireFrames, 3u);
    QVERIFY(record.isCompressed());
    QCOMPARE(store.payloadCopy(0), QByteArray(300, 'z'));
    QCOMPARE(store.frameCount(0), 0);
}

void tst_MessageStore::pingInfoIsKept()
{
    LogEvent ping = control(EventKind::Ping, Out, "k", 1);
    ping.pingId = 42;
    LogEvent pong = control(EventKind::Pong, In, "k", 2);
    pong.pingId = 42;
    pong.rttNs = 250000;
    LogEvent unanswered = control(EventKind::Ping, In, "", 3);
    unanswered.text = QStringLiteral("not answered (auto-pong off)");
    log::MessageStore store;
    store.append({ping, pong, message(In, true, "m", 0, 3), unanswered});
    QCOMPARE(store.pingInfo(0).pingId, 42u);
    QCOMPARE(store.pingInfo(0).rttNs, -1);
    QCOMPARE(store.pingInfo(1).rttNs, 250000);
    QCOMPARE(store.pingInfo(2).pingId, 0u); // not a ping row
    QCOMPARE(store.pingInfo(3).note, QStringLiteral("not answered (auto-pong off)"));
    QVERIFY(store.payload(3).isEmpty()); // the note is not the payload
}

void tst_MessageStore::frameHeaderIsRebuiltExactly_data()
{
    QTest::addColumn<QByteArray>("header");
    QTest::addColumn<quint8>("opcode");
    QTest::addColumn<quint8>("flags");
    QTest::addColumn<quint64>("length");
    QTest::addColumn<quint32>("maskKey");
    QTest::addColumn<bool>("storedRaw");

    const quint8 fin = net::FrameFlag::Fin;
    const quint8 masked = net::FrameFlag::Masked;
    QTest::newRow("server text frame with a 7-bit length")
        << QByteArray::fromHex("8105") << quint8(1) << fin << quint64(5) << 0u << false;
    QTest::newRow("client frame with a mask key")
        << QByteArray::fromHex("81853712a0ff") << quint8(1) << quint8(fin | masked) << quint64(5) << 0x3712a0ffu
        << false;
    QTest::newRow("16-bit length")
        << QByteArray::fromHex("827e0100") << quint8(2) << fin << quint64(256) << 0u << false;
    QTest::newRow("64-bit length with RSV1")
        << QByteArray::fromHex("c17f0000000000010000") << quint8(1) << quint8(fin | net::FrameFlag::Rsv1)
        << quint64(65536) << 0u << false;
    QTest::newRow("non-minimal 16-bit length for 5 bytes")
        << QByteArray::fromHex("817e0005") << quint8(1) << fin << quint64(5) << 0u << false;
    QTest::newRow("header that disagrees with its fields")
        << QByteArray::fromHex("8107") << quint8(1) << fin << quint64(5) << 0u << true;
}

void tst_MessageStore::frameHeaderIsRebuiltExactly()
{
    QFETCH(QByteArray, header);
    QFETCH(quint8, opcode);
    QFETCH(quint8, flags);
    QFETCH(quint64, length);
    QFETCH(quint32, maskKey);
    QFETCH(bool, storedRaw);

    LogEvent event = frame(In, opcode, false, length, 0, 1);
    event.flags = flags;
    event.maskKey = maskKey;
    event.header = header;
    log::MessageStore store;
    store.append({event});
    QCOMPARE(store.totalFrameCount(), 1);
    QCOMPARE(store.frameHeader(0).toHex(), header.toHex());
    QCOMPARE(bool(store.frame(0).bits & log::RecordBit::RawHeader), storedRaw);
}

void tst_MessageStore::controlFramePayloadIsKept()
{
    log::MessageStore store;
    store.append({frame(In, 9, true, 4, 0, 1, "ping"), control(EventKind::Ping, In, "ping", 1),
                  frame(In, 1, true, 1, 6, 2), message(In, true, "x", 6, 2),
                  frame(Out, 0xA, true, 4, 0, 3, "pong")});
    QCOMPARE(store.rowCount(), 3);
    QCOMPARE(store.framePayload(store.firstFrame(0)).toByteArray(), QByteArray("ping"));
    QVERIFY(store.framePayload(store.firstFrame(1)).isEmpty());
    QCOMPARE(store.framePayload(store.firstFrame(2)).toByteArray(), QByteArray("pong"));
    QCOMPARE(store.payloadCopy(2), QByteArray("pong"));
}

void tst_MessageStore::payloadsSurviveChunkBoundaries()
{
    // ~26 MB in messages of 1..199 bytes: several 4 MiB chunks, many boundaries.
    const auto payloadOf = [](int i) -> QByteArray { return QByteArray(1 + i % 199, char('a' + i % 26)) + QByteArray::number(i); };
    log::MessageStore store;
    net::EventBatch batch;
    for (int i = 0; i < 250000; ++i) {
        batch.append(message(In, true, payloadOf(i), 0, i));
        if (batch.size() == 4096) {
            store.append(batch);
            batch.clear();
        }
    }
    store.append(batch);
    QCOMPARE(store.rowCount(), 250000);
    qint64 total = 0;
    for (int i = 0; i < store.rowCount(); ++i) {
        const QByteArray expected = payloadOf(i);
        total += expected.size();
        if (store.payload(i) != expected)
            QFAIL(qPrintable(QStringLiteral("row %1 has the wrong payload").arg(i)));
    }
    QCOMPARE(store.payloadBytes(), total);
}

void tst_MessageStore::largePayloadGetsItsOwnChunk()
{
    const QByteArray big(3 * 1024 * 1024, 'B');
    log::MessageStore store;
    store.append({message(In, true, "small", 0, 1), message(In, false, big, 5, 2), message(In, true, "after", 9, 3)});
    QCOMPARE(store.payloadCopy(0), QByteArray("small"));
    QCOMPARE(store.payloadCopy(1), big);
    QCOMPARE(store.payloadCopy(2), QByteArray("after"));
    // One shared chunk for the small ones, one exactly sized for the big one.
    const qint64 rowBlock = 16384 * qint64(sizeof(log::LogRecord));
    QCOMPARE(store.reservedBytes(), log::PayloadArena::ChunkSize + big.size() + rowBlock);
}

void tst_MessageStore::clearEmptiesEverything()
{
    log::MessageStore store;
    store.append({frame(In, 1, false, 1, 0, 1), frame(Out, 8, true, 2, 0, 2, closePayload(1000)),
                  message(In, true, "a", 10, 3)});
    QVERIFY(store.rowCount() > 0);
    store.clear();
    QCOMPARE(store.rowCount(), 0);
    QCOMPARE(store.totalFrameCount(), 0);
    QCOMPARE(store.payloadBytes(), 0);
    // Nothing that waited before clear() attaches to what comes after it.
    store.append({frame(In, 0, true, 1, 20, 4), closeEvent(In, 1000, QString(), true, 5)});
    QCOMPARE(describeStore(store),
             QStringList({QStringLiteral("frame in @4 [in:0F@20]"), QStringLiteral("close in @5 1000 clean")}));
}

QTEST_GUILESS_MAIN(tst_MessageStore)
#include "tst_messagestore.moc"
