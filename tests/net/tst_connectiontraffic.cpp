// SPDX-License-Identifier: MIT
// net::Connection's traffic reports: keepalive latency and ping statistics, detail levels,
// event batches and the slow consumer's back-pressure.
#include "support/ConnectionTestOptions.h"

class TestConnectionTraffic : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { registerMetaTypes(); }

    // ---- latency, detail levels
    void keepalivePingsAreTimed();
    void pingStatsSummarise();
    void countersOnlyCopiesNoPayload();
    void eventsArriveInBatches();
    void slowConsumerPausesReading();
};

// ---- latency, detail levels ----------------------------------------------------------------

void TestConnectionTraffic::keepalivePingsAreTimed()
{
    MiniServer server(behaving(MiniServer::Behaviour::Echo));
    QVERIFY(server.start());
    ConnectionOptions options = optionsFor(server.url());
    options.pingIntervalMs = 50;
    options.pingTimeoutMs = 2000;
    ConnectionHarness harness(options);
    harness.open();
    QVERIFY(harness.waitOpen());
    QVERIFY(QTest::qWaitFor([&] { return harness.pingSamples.size() >= 4; }, 5000));
    harness.thread().close();
    QVERIFY(harness.waitFinished());
    const PingStats &stats = harness.lastPingStats;
    QVERIFY(stats.received() >= 4);
    QCOMPARE(stats.lost(), 0);
    QVERIFY(stats.minNs() > 0);
    QVERIFY(stats.minNs() <= stats.avgNs());
    QVERIFY(stats.avgNs() <= stats.maxNs());
    QVERIFY(stats.p99Ns() <= stats.maxNs());
    QVERIFY(stats.maxNs() < 1000000000ll);
    // Unique payloads, each pong matched to its ping.
    const QVector<LogEvent> pongs = harness.eventsOf(EventKind::Pong, EventDirection::Incoming);
    QVERIFY(pongs.size() >= 4);
    QCOMPARE(pongs.at(0).payload, QByteArray("wsinspect keepalive 1"));
    QCOMPARE(pongs.at(1).payload, QByteArray("wsinspect keepalive 2"));
    QCOMPARE(pongs.at(1).pingId, 2u);
    QVERIFY(pongs.at(1).rttNs > 0);
}

void TestConnectionTraffic::pingStatsSummarise()
{
    PingStats stats;
    const qint64 ms = 1000000;
    for (const qint64 rtt : {1 * ms, 3 * ms, 2 * ms}) {
        stats.recordSent();
        stats.recordReply(rtt, PingSample{});
    }
    stats.recordSent();
    stats.recordLost(PingSample{});
    QCOMPARE(stats.sent(), 4);
    QCOMPARE(stats.received(), 3);
    QCOMPARE(stats.lost(), 1);
    QCOMPARE(stats.lossPercent(), 25.0);
    QCOMPARE(stats.minNs(), 1 * ms);
    QCOMPARE(stats.maxNs(), 3 * ms);
    QCOMPARE(stats.avgNs(), 2 * ms);
    QCOMPARE(stats.jitterNs(), 1500000);            // (|3-1| + |2-3|) / 2
    QCOMPARE(stats.mdevNs(), qint64(816496));       // population standard deviation
    QCOMPARE(stats.samples().size(), 4);
    QCOMPARE(stats.samples().last().rttNs, -1);     // the lost one
    PingStats hundred;
    for (int i = 100; i >= 1; --i)
        hundred.recordReply(i * ms, PingSample{});
    QCOMPARE(hundred.p99Ns(), 99 * ms);             // nearest rank
}

void TestConnectionTraffic::countersOnlyCopiesNoPayload()
{
    MiniServer::Options serverOptions = behaving(MiniServer::Behaviour::Flood);
    serverOptions.floodCount = 5000;
    serverOptions.floodSize = 64;
    MiniServer server(serverOptions);
    QVERIFY(server.start());
    ConnectionOptions options = optionsFor(server.url());
    options.eventDetail = EventDetail::CountersOnly;
    ConnectionHarness harness(options);
    harness.open();
    QVERIFY(harness.waitFinished());
    QCOMPARE(harness.lastSnapshot.counters.messagesIn, 5000u);
    QCOMPARE(harness.lastSnapshot.counters.payloadBytesIn, 5000u * 64);
    QVERIFY(harness.eventsOf(EventKind::Message, EventDirection::Incoming).isEmpty());
    QVERIFY(harness.eventsOf(EventKind::Frame, EventDirection::Incoming).isEmpty());
    QCOMPARE(harness.firstClose().code, quint16(1000));
    QVERIFY(harness.firstClose().clean);
}

void TestConnectionTraffic::eventsArriveInBatches()
{
    MiniServer::Options serverOptions = behaving(MiniServer::Behaviour::Flood);
    serverOptions.floodCount = 5000;
    serverOptions.floodText = true;
    MiniServer server(serverOptions);
    QVERIFY(server.start());
    ConnectionOptions options = optionsFor(server.url());
    options.eventDetail = EventDetail::Messages;
    ConnectionHarness harness(options);
    harness.open();
    QVERIFY(harness.waitFinished());
    QCOMPARE(harness.eventsOf(EventKind::Message, EventDirection::Incoming).size(), 5000);
    QVERIFY(harness.eventsOf(EventKind::Frame, EventDirection::Incoming).isEmpty());
    QVERIFY(harness.batches * 10 < harness.events.size());
    // In order, with time never going back.
    qint64 last = 0;
    for (const LogEvent &event : harness.events) {
        QVERIFY(event.timeNs >= last);
        last = event.timeNs;
    }
    QCOMPARE(harness.events.last().kind, EventKind::Close);
}

void TestConnectionTraffic::slowConsumerPausesReading()
{
    MiniServer::Options serverOptions = behaving(MiniServer::Behaviour::Flood);
    serverOptions.floodCount = 100000;
    serverOptions.floodText = true;
    MiniServer server(serverOptions);
    QVERIFY(server.start());
    ConnectionOptions options = optionsFor(server.url());
    options.eventDetail = EventDetail::Messages;
    options.maxEventsInFlight = 1000;
    ConnectionHarness harness(options);
    harness.acknowledge = false;
    harness.open();
    QVERIFY(harness.waitOpen());
    QTest::qWait(300);
    // Reading stopped near the limit (it is checked once per socket read, so one read's
    // worth of messages may come on top), far from the 100,000 sent.
    const int early = int(harness.eventsOf(EventKind::Message, EventDirection::Incoming).size());
    QVERIFY2(early >= 1000 && early < 10000, qPrintable(QString::number(early)));
    QVERIFY(harness.closes.isEmpty());
    harness.acknowledge = true;
    harness.acknowledgeAll();
    QVERIFY(harness.waitFinished(20000));
    QCOMPARE(harness.eventsOf(EventKind::Message, EventDirection::Incoming).size(), 100000);
    QVERIFY(harness.firstClose().clean);
}

QTEST_GUILESS_MAIN(TestConnectionTraffic)
#include "tst_connectiontraffic.moc"
