// SPDX-License-Identifier: MIT
// MessageStore: rows from event batches, frames attached to the row they belong to, in
// any batching the network layer may choose; payloads and headers kept byte-exact.
#include "store/FrameHeaderBytes.h"
#include "support/LogEvents.h"
#include "store/MessageStore.h"
#include "support/StoreDescription.h"

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

// The record a frame event is logged as, written out field by field as the store kept
// every frame before frames could be compact.
log::FrameRecord loggedFrame(const LogEvent &event)
{
    log::FrameRecord frame;
    frame.timeNs = event.timeNs;
    frame.streamOffset = event.streamOffset;
    frame.length = event.length;
    frame.maskKey = event.maskKey;
    frame.opcode = event.opcode;
    frame.flags = event.flags;
    frame.headerSize = quint8(std::min<qsizetype>(event.header.size(), 14));
    frame.bits = quint8(event.direction);
    if (!event.payload.isEmpty())
        frame.bits |= log::RecordBit::HasPayload;
    // Headers the fields rebuild (non-minimal lengths too, from headerSize) are not kept.
    const log::FrameHeaderBytes rebuilt = log::encodeFrameHeader(frame);
    if (!event.header.isEmpty() && QByteArray(rebuilt.bytes.data(), rebuilt.size) != event.header)
        frame.bits |= log::RecordBit::RawHeader;
    return frame;
}

QString frameDifference(const log::FrameRecord &a, const log::FrameRecord &b)
{
    const auto field = [](const char *name, quint64 x, quint64 y) {
        return x == y ? QString() : QStringLiteral("%1 %2 != %3 ").arg(QLatin1String(name)).arg(x).arg(y);
    };
    return field("time", quint64(a.timeNs), quint64(b.timeNs)) + field("offset", a.streamOffset, b.streamOffset)
        + field("length", a.length, b.length) + field("mask", a.maskKey, b.maskKey) + field("opcode", a.opcode, b.opcode)
        + field("flags", a.flags, b.flags) + field("headerSize", a.headerSize, b.headerSize)
        + field("bits", a.bits, b.bits);
}

LogEvent withHeader(LogEvent event, const char *hex)
{
    event.header = QByteArray::fromHex(hex);
    return event;
}

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
    void framesReadBackAsLogged_data();
    void framesReadBackAsLogged();
    void anIncomingMessageMayComeBatchesAfterItsFrame();
    void offsetsPast4GiBInInterleavedStreams();
    void restoredRowGainingASecondFrame();
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
    event.ownRow = true; // a row of its own at once (an incoming data frame waits for its message)
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

void tst_MessageStore::framesReadBackAsLogged_data()
{
    QTest::addColumn<net::EventBatch>("events");
    QTest::addColumn<QVector<bool>>("compact"); // per frame, in store order

    const auto single = [](EventDirection direction, bool isText, quint64 length, quint64 offset) {
        LogEvent f = frame(direction, isText ? 1 : 2, true, length, offset, 100);
        return net::EventBatch{f, message(direction, isText, QByteArray(int(length), 'x'), offset, 100)};
    };
    QTest::newRow("unmasked text, 7-bit length") << single(In, true, 5, 0) << QVector<bool>{true};
    QTest::newRow("masked text, 7-bit length") << single(Out, true, 125, 7) << QVector<bool>{true};
    QTest::newRow("unmasked binary, 16-bit length") << single(In, false, 126, 9) << QVector<bool>{true};
    QTest::newRow("masked binary, 16-bit length") << single(Out, false, 65535, 11) << QVector<bool>{true};
    QTest::newRow("unmasked binary, 64-bit length") << single(In, false, 65536, 13) << QVector<bool>{true};
    QTest::newRow("masked text, 64-bit length") << single(Out, true, 70000, 1) << QVector<bool>{true};
    QTest::newRow("empty text message") << single(In, true, 0, 0) << QVector<bool>{true};

    LogEvent deflated = frame(In, 1, true, 3, 40, 5);
    deflated.flags |= net::FrameFlag::Rsv1;
    deflated.header = wireHeader(1, deflated.flags, 3, 0);
    LogEvent inflated = message(In, true, "hello", 40, 5);
    inflated.compressed = true;
    inflated.wireSize = 3;
    QTest::newRow("compressed (RSV1, wire size apart from the inflated size)")
        << net::EventBatch{deflated, inflated} << QVector<bool>{true};
    LogEvent rsv1NotCompressed = deflated;
    QTest::newRow("RSV1 on a message not marked compressed")
        << net::EventBatch{rsv1NotCompressed, message(In, true, "abc", 40, 5)} << QVector<bool>{false};

    QTest::newRow("non-minimal 16-bit length, reported as seen")
        << net::EventBatch{withHeader(frame(In, 1, true, 5, 0, 1), "817e0005"), message(In, true, "hello", 0, 1)}
        << QVector<bool>{false};
    QTest::newRow("non-minimal 64-bit length, reported as seen")
        << net::EventBatch{withHeader(frame(In, 2, true, 2, 0, 1), "827f0000000000000002"), message(In, false, "ab", 0, 1)}
        << QVector<bool>{false};
    QTest::newRow("header that disagrees with its fields")
        << net::EventBatch{withHeader(frame(In, 1, true, 5, 0, 1), "8107"), message(In, true, "hello", 0, 1)}
        << QVector<bool>{false};
    QTest::newRow("no header bytes reported")
        << net::EventBatch{withHeader(frame(In, 1, true, 2, 0, 1), ""), message(In, true, "hi", 0, 1)}
        << QVector<bool>{false};
    LogEvent zeroKey = frame(Out, 1, true, 2, 0, 1);
    zeroKey.maskKey = 0;
    zeroKey.header = wireHeader(1, zeroKey.flags, 2, 0);
    QTest::newRow("masked with the key 0") << net::EventBatch{zeroKey, message(Out, true, "hi", 0, 1)}
                                           << QVector<bool>{false};
    LogEvent rsv2 = frame(In, 1, true, 2, 0, 1);
    rsv2.flags |= net::FrameFlag::Rsv2;
    rsv2.header = wireHeader(1, rsv2.flags, 2, 0);
    QTest::newRow("RSV2 set") << net::EventBatch{rsv2, message(In, true, "hi", 0, 1)} << QVector<bool>{false};
    QTest::newRow("frame timed apart from its message")
        << net::EventBatch{frame(Out, 1, true, 2, 0, 1), message(Out, true, "hi", 0, 2)} << QVector<bool>{false};
    QTest::newRow("opcode unlike the message's type")
        << net::EventBatch{frame(In, 2, true, 2, 0, 1), message(In, true, "hi", 0, 1)} << QVector<bool>{false};
    QTest::newRow("fragmented message")
        << net::EventBatch{frame(In, 1, false, 1, 0, 1), frame(In, 0, true, 1, 3, 1), message(In, true, "ab", 0, 1, 2)}
        << QVector<bool>{false, false};
    // A sent frame no message claims (an incoming one waits for its message, see below).
    QTest::newRow("stray data frame") << net::EventBatch{frame(Out, 1, true, 3, 0, 1, "abc")} << QVector<bool>{false};
    QTest::newRow("stray frame without payload") << net::EventBatch{frame(Out, 2, true, 3, 0, 1)} << QVector<bool>{false};
    QTest::newRow("ping and pong frames")
        << net::EventBatch{frame(In, 9, true, 1, 0, 1, "p"), control(EventKind::Ping, In, "p", 1),
                           frame(Out, 0xA, true, 1, 0, 2, "p"), control(EventKind::Pong, Out, "p", 2)}
        << QVector<bool>{false, false};
    QTest::newRow("echo server clients")
        << net::EventBatch{frame(In, 1, true, 1, 0, 1, {}, 1), frame(In, 1, true, 1, 0, 1, {}, 2),
                           message(In, true, "b", 0, 1, 1, 2), message(In, true, "a", 0, 1, 1, 1)}
        << QVector<bool>{true, true};
}

void tst_MessageStore::anIncomingMessageMayComeBatchesAfterItsFrame()
{
    // A large frame's header is reported when it arrives; its message when its payload has.
    log::MessageStore store;
    store.append({frame(In, 1, true, 5, 0, 1)});
    QCOMPARE(store.rowCount(), 0);
    store.append({});
    QCOMPARE(store.rowCount(), 0);
    store.append({message(In, true, "hello", 0, 9)});
    QCOMPARE(store.rowCount(), 1);
    QCOMPARE(store.record(0).kind, log::LogEntryKind::Text);
    QCOMPARE(store.frameCount(0), 1);
    QCOMPARE(store.frame(store.firstFrame(0)).timeNs, 1);
    QCOMPARE(store.record(0).timeNs, 9);
}

void tst_MessageStore::framesReadBackAsLogged()
{
    QFETCH(net::EventBatch, events);
    QFETCH(QVector<bool>, compact);

    log::MessageStore store;
    store.append(events);
    QCOMPARE(store.totalFrameCount(), compact.size());
    // The frames in store order: each row's (its client and direction), rows in order.
    QVector<LogEvent> frames;
    QVector<bool> taken(events.size(), false);
    for (int row = 0; row < store.rowCount(); ++row) {
        const log::LogRecord &record = store.record(row);
        for (int e = 0; e < events.size(); ++e) {
            const LogEvent &event = events[e];
            if (!taken[e] && event.kind == EventKind::Frame && frames.size() < store.firstFrame(row) + store.frameCount(row)
                && event.clientId == record.clientId && event.direction == record.direction()) {
                taken[e] = true;
                frames.append(event);
            }
        }
    }
    QCOMPARE(frames.size(), compact.size());
    for (int i = 0; i < store.totalFrameCount(); ++i) {
        const QString difference = frameDifference(store.frame(i), loggedFrame(frames[i]));
        if (!difference.isEmpty())
            QFAIL(qPrintable(QStringLiteral("frame %1: %2").arg(i).arg(difference)));
        QCOMPARE(store.isFrameCompact(i), compact[i]);
        if (!frames[i].header.isEmpty())
            QCOMPARE(store.frameHeader(i).toHex(), frames[i].header.toHex());
        QCOMPARE(store.framePayload(i).toByteArray(), frames[i].payload);
    }
}

void tst_MessageStore::offsetsPast4GiBInInterleavedStreams()
{
    // Two clients, both directions, offsets crossing 2^32 at different times: the high
    // halves are kept per stream and the frames read back in any order.
    net::EventBatch events;
    QVector<LogEvent> logged;
    const quint64 starts[4] = {0xfffff000ull, 5, 0x2fffffff0ull, 0x100000000ull};
    quint64 next[4] = {starts[0], starts[1], starts[2], starts[3]};
    QRandomGenerator random(11);
    for (int i = 0; i < 4000; ++i) {
        const int stream = int(random.bounded(4));
        const EventDirection direction = stream % 2 ? Out : In;
        const quint64 client = quint64(stream / 2);
        const quint64 length = random.bounded(300);
        LogEvent f = frame(direction, 2, true, length, next[stream], i, {}, client);
        if (direction == Out)
            f.maskKey = random.generate() | 1u;
        f.header = wireHeader(2, f.flags, length, f.maskKey);
        events << f << message(direction, false, QByteArray(int(length), 'y'), next[stream], i, 1, client);
        logged << f;
        next[stream] += quint64(f.header.size()) + length;
    }
    log::MessageStore store;
    store.append(events);
    QCOMPARE(store.totalFrameCount(), 4000);
    QVERIFY(next[0] > 0x100000000ull);
    for (int step = 0; step < 3 * 4000; ++step) {
        const int i = step < 4000 ? step : int(random.bounded(4000)); // in order, then at random
        QVERIFY(store.isFrameCompact(i));
        const QString difference = frameDifference(store.frame(i), loggedFrame(logged[i]));
        if (!difference.isEmpty())
            QFAIL(qPrintable(QStringLiteral("frame %1: %2").arg(i).arg(difference)));
    }
}

void tst_MessageStore::restoredRowGainingASecondFrame()
{
    // A session file restores a row, then its frames one by one: a frame its row implies
    // is compact until a second frame joins the row (a file may hold any frames).
    log::MessageStore original;
    original.append({frame(In, 1, true, 2, 0, 1), message(In, true, "hi", 0, 1),
                     frame(Out, 2, true, 3, 0, 3), message(Out, false, "xyz", 0, 3)});
    QVERIFY(original.isFrameCompact(0));
    QVERIFY(original.isFrameCompact(1));
    const log::FrameRecord implied = original.frame(0);
    log::FrameRecord second = implied;
    second.streamOffset = 4;
    second.opcode = 0;

    log::MessageStore restored;
    restored.restoreRow(original.record(0), original.payload(0));
    restored.restoreFrame(implied, {});
    QVERIFY(restored.isFrameCompact(0));
    restored.restoreFrame(second, {});
    QVERIFY(!restored.isFrameCompact(0));
    QVERIFY(!restored.isFrameCompact(1));
    restored.restoreRow(original.record(1), original.payload(1));
    restored.restoreFrame(original.frame(1), {});
    QVERIFY(restored.isFrameCompact(2));

    QCOMPARE(restored.frameCount(0), 2);
    QCOMPARE(frameDifference(restored.frame(0), implied), QString());
    QCOMPARE(frameDifference(restored.frame(1), second), QString());
    QCOMPARE(frameDifference(restored.frame(2), original.frame(1)), QString());
    QCOMPARE(restored.frameHeader(0).toHex(), QByteArray("8102"));
    QCOMPARE(restored.frameHeader(2), original.frameHeader(1));
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
