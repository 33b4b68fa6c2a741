// SPDX-License-Identifier: MIT
// What the built-in echo server reports (batched, only while someone listens, the same
// bytes either way), python3-websockets as its client, and load: 1,000 clients at once.
#include "support/EchoServerTestSupport.h"

class tst_EchoServerReports : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void batchesTrafficReports();
    void reportsNothingWhenTrafficOff();
    void reportsOnlyWhileSomeoneListens();
    void echoesSameBytesWhetherReportedOrNot_data();
    void echoesSameBytesWhetherReportedOrNot();
    void refusesBadHost();
    void restartsAfterStop();
    void echoesForPythonWebsockets_data();
    void echoesForPythonWebsockets();
    void raisesOpenFileLimit();
    void serves1000ClientsAtOnce();
};

// ---- reporting -----------------------------------------------------------------------------

void tst_EchoServerReports::batchesTrafficReports()
{
    const auto server = startServer();
    int signalCount = 0;
    EventBatch all;
    connect(server.get(), &EchoServer::trafficReported, this, [&](const EventBatch &batch) {
        ++signalCount;
        all += batch;
    });
    const auto client = connectClient(server->serverPort());
    QVERIFY(waitOpen(*client));
    constexpr int Count = 500;
    for (int i = 0; i < Count; ++i)
        QVERIFY(client->sendText("message " + std::to_string(i)));
    QVERIFY(waitMessages(*client, Count));
    const auto countOf = [&](wsi::net::EventDirection direction) {
        return std::count_if(all.cbegin(), all.cend(), [direction](const wsi::net::LogEvent &event) {
            return event.kind == EventKind::Message && event.direction == direction;
        });
    };
    QVERIFY(QTest::qWaitFor([&] { return countOf(wsi::net::EventDirection::Outgoing) == Count; }, WaitMs));
    QCOMPARE(countOf(wsi::net::EventDirection::Incoming), Count);
    QVERIFY2(signalCount < Count / 5, qPrintable(QString::number(signalCount)));
    int next = 0;
    for (const wsi::net::LogEvent &event : std::as_const(all)) {
        if (event.kind != EventKind::Message || event.direction != wsi::net::EventDirection::Incoming)
            continue;
        QCOMPARE(event.payload, QByteArray("message " + QByteArray::number(next++)));
        QVERIFY(event.isText);
        QCOMPARE(event.clientId, server->clientIds().first());
    }
}

void tst_EchoServerReports::reportsNothingWhenTrafficOff()
{
    const auto server = startServer();
    server->setReportTraffic(false);
    QSignalSpy batches(server.get(), &EchoServer::trafficReported);
    QSignalSpy handshakes(server.get(), &EchoServer::clientHandshake);
    const auto client = connectClient(server->serverPort());
    QVERIFY(waitOpen(*client));
    for (int i = 0; i < 50; ++i)
        QVERIFY(client->sendText("quiet"));
    QVERIFY(waitMessages(*client, 50));
    QTest::qWait(50);
    QCOMPARE(batches.size(), 0);
    QCOMPARE(handshakes.size(), 1); // connections are still reported
}

// Nobody connected to trafficReported: no events are built (no payload copies), as with
// setReportTraffic(false); a listener turns them on, from its thread or another one.
void tst_EchoServerReports::reportsOnlyWhileSomeoneListens()
{
    const auto server = startServer();
    QVERIFY(!server->isReportingTraffic());
    const auto client = connectClient(server->serverPort());
    QVERIFY(waitOpen(*client));
    QVERIFY(client->sendText("unheard"));
    QVERIFY(waitMessages(*client, 1));

    EventBatch heard;
    auto connection = connect(server.get(), &EchoServer::trafficReported, this,
                              [&](const EventBatch &batch) { heard += batch; });
    QVERIFY(server->isReportingTraffic());
    QVERIFY(client->sendText("heard"));
    QVERIFY(waitMessages(*client, 2));
    const auto messages = [&] {
        return std::count_if(heard.cbegin(), heard.cend(),
                             [](const wsi::net::LogEvent &event) { return event.kind == EventKind::Message; });
    };
    QVERIFY(QTest::qWaitFor([&] { return messages() == 2; }, WaitMs)); // "heard" in and out
    QVERIFY(std::all_of(heard.cbegin(), heard.cend(), [](const wsi::net::LogEvent &event) {
        return event.kind != EventKind::Message || event.payload == QByteArray("heard");
    }));

    server->setReportTraffic(false);
    QVERIFY(!server->isReportingTraffic());
    server->setReportTraffic(true);
    QVERIFY(server->isReportingTraffic());
    disconnect(connection);
    QVERIFY(QTest::qWaitFor([&] { return !server->isReportingTraffic(); }, WaitMs));

    // A listener on another thread (the GUI's case: the server runs on a worker thread).
    QThread worker;
    worker.start();
    QObject listener;
    listener.moveToThread(&worker);
    QMetaObject::invokeMethod(&listener, [&] {
        connect(server.get(), &EchoServer::trafficReported, &listener, [](const EventBatch &) {});
    }, Qt::BlockingQueuedConnection);
    QVERIFY(QTest::qWaitFor([&] { return server->isReportingTraffic(); }, WaitMs));
    QMetaObject::invokeMethod(&listener, [&] { disconnect(server.get(), nullptr, &listener, nullptr); },
                              Qt::BlockingQueuedConnection);
    QVERIFY(QTest::qWaitFor([&] { return !server->isReportingTraffic(); }, WaitMs));
    worker.quit();
    worker.wait(WaitMs);
}

// With nobody listening, an echo is answered by the peer itself (EchoPeer::echoInPlace)
// rather than through the server; the bytes on the wire are the same either way.
void tst_EchoServerReports::echoesSameBytesWhetherReportedOrNot_data()
{
    QTest::addColumn<QByteArray>("frames"); // masked with a zero key: payload as is
    QTest::addColumn<QByteArray>("echo");
    QTest::newRow("short text") << QByteArray::fromHex("8182000000006869") << QByteArray::fromHex("81026869");
    QTest::newRow("empty binary") << QByteArray::fromHex("828000000000") << QByteArray::fromHex("8200");
    QTest::newRow("text in 2 fragments") << QByteArray::fromHex("01820000000061628082000000006364")
                                         << QByteArray::fromHex("810461626364");
}

void tst_EchoServerReports::echoesSameBytesWhetherReportedOrNot()
{
    QFETCH(QByteArray, frames);
    QFETCH(QByteArray, echo);
    const QByteArray request = "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                               "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
        + frames + QByteArray::fromHex("88820000000003e8"); // then a close with 1000
    QByteArray answers[2];
    for (const bool listening : {false, true}) {
        const auto server = startServer();
        EventBatch heard;
        if (listening)
            connect(server.get(), &EchoServer::trafficReported, this, [&](const EventBatch &batch) { heard += batch; });
        QCOMPARE(server->isReportingTraffic(), listening);
        const QByteArray answer = rawExchange(server->serverPort(), request);
        QVERIFY2(answer.startsWith("HTTP/1.1 101"), answer.left(200).constData());
        answers[listening] = answer.mid(answer.indexOf("\r\n\r\n") + 4);
        QVERIFY2(answers[listening].startsWith(echo), answers[listening].toHex().constData());
        if (listening) {
            QVERIFY(QTest::qWaitFor([&] {
                return std::count_if(heard.cbegin(), heard.cend(), [](const wsi::net::LogEvent &event) {
                    return event.kind == EventKind::Message && event.direction == wsi::net::EventDirection::Outgoing;
                }) == 1;
            }, WaitMs));
        }
    }
    QCOMPARE(answers[0].toHex(), answers[1].toHex());
}

void tst_EchoServerReports::refusesBadHost()
{
    EchoServerOptions options;
    options.host = QStringLiteral("not-an-address");
    EchoServer server;
    server.setOptions(options);
    QVERIFY(!server.start());
    QVERIFY2(server.lastError().contains(QLatin1String("not-an-address")), qPrintable(server.lastError()));
    QVERIFY(!server.isListening());
}

void tst_EchoServerReports::restartsAfterStop()
{
    const auto server = startServer();
    QSignalSpy closedSpy(server.get(), &EchoServer::clientClosed);
    const auto first = connectClient(server->serverPort());
    QVERIFY(waitOpen(*first));
    QTRY_COMPARE_WITH_TIMEOUT(server->openClientCount(), 1, WaitMs);
    server->stop();
    QVERIFY(!server->isListening());
    QCOMPARE(server->clientCount(), 0);
    QCOMPARE(closedSpy.size(), 1);
    QVERIFY(QTest::qWaitFor([&] { return first->closed; }, WaitMs));
    QCOMPARE(first->closeEvent.code, quint16(1006));

    QVERIFY(server->start());
    const auto second = connectClient(server->serverPort());
    QVERIFY(waitOpen(*second));
    QVERIFY(second->sendText("again"));
    QVERIFY(waitMessages(*second, 1));
}

// ---- a third-party client ------------------------------------------------------------------

namespace {

// python3-websockets as the client: text, binary, a fragmented message and a large one,
// then a clean close. Prints one line per check so a failure names the step.
const char *const PythonClient = R"PY(
import asyncio, ssl, sys, websockets
async def main(url, deflate, cafile):
    context = None
    if url.startswith("wss:"):
        context = ssl.create_default_context(cafile=cafile)
    compression = "deflate" if deflate == "1" else None
    async with websockets.connect(url, ssl=context, compression=compression, max_size=None,
                                  subprotocols=["chat"]) as ws:
        print("subprotocol", ws.subprotocol)
        print("extensions", ws.response_headers.get("Sec-WebSocket-Extensions", ""))
        await ws.send("héllo")
        assert await ws.recv() == "héllo"; print("text ok")
        await ws.send(bytes(range(256)))
        assert await ws.recv() == bytes(range(256)); print("binary ok")
        await ws.send(["frag", "mented ", "text"])
        assert await ws.recv() == "fragmented text"; print("fragments ok")
        big = bytes(i % 251 for i in range(3 * 1024 * 1024))
        await ws.send(big)
        assert await ws.recv() == big; print("large ok")
        await ws.close(code=1000, reason="done")
        print("closed", ws.close_code)
asyncio.run(asyncio.wait_for(main(sys.argv[1], sys.argv[2], sys.argv[3]), 20))
)PY";

bool pythonWebsocketsAvailable()
{
    QProcess probe;
    probe.start(QStringLiteral("/usr/bin/python3"), {QStringLiteral("-c"), QStringLiteral("import websockets")});
    return probe.waitForFinished(10000) && probe.exitStatus() == QProcess::NormalExit && probe.exitCode() == 0;
}

} // namespace

void tst_EchoServerReports::echoesForPythonWebsockets_data()
{
    QTest::addColumn<bool>("tls");
    QTest::addColumn<bool>("deflate");
    QTest::newRow("ws") << false << false;
    QTest::newRow("ws with permessage-deflate") << false << true;
    QTest::newRow("wss with the self-signed certificate as CA") << true << false;
}

void tst_EchoServerReports::echoesForPythonWebsockets()
{
    QFETCH(bool, tls);
    QFETCH(bool, deflate);
    if (!pythonWebsocketsAvailable())
        QSKIP("python3-websockets is not installed (apt-get install python3-websockets)");
    EchoServerOptions options;
    options.tls = tls;
    options.deflate = deflate;
    options.subprotocols = {QStringLiteral("chat")};
    const auto server = startServer(options);
    QVERIFY(server->isListening());
    QSignalSpy closedSpy(server.get(), &EchoServer::clientClosed);
    QTemporaryDir dir;
    const QString caFile = dir.filePath(QStringLiteral("ca.pem"));
    QFile ca(caFile);
    QVERIFY(ca.open(QIODevice::WriteOnly));
    ca.write(server->certificate().toPem());
    ca.close();

    QProcess python;
    python.start(QStringLiteral("/usr/bin/python3"),
                 {QStringLiteral("-c"), QString::fromUtf8(PythonClient),
                  // 127.0.0.1, so Python checks the certificate's IP address SAN.
                  server->url().toString(), deflate ? QStringLiteral("1") : QStringLiteral("0"), caFile});
    const auto killer = qScopeGuard([&] {
        if (python.state() != QProcess::NotRunning) {
            python.kill();
            python.waitForFinished(5000);
        }
    });
    // The server runs on this thread: wait without blocking its event loop.
    QVERIFY(QTest::qWaitFor([&] { return python.state() == QProcess::NotRunning; }, 30000));
    const QString output = QString::fromUtf8(python.readAllStandardOutput());
    const QString errors = QString::fromUtf8(python.readAllStandardError());
    QVERIFY2(python.exitCode() == 0, qPrintable(output + errors));
    QVERIFY(output.contains(QLatin1String("subprotocol chat")));
    QCOMPARE(output.contains(QLatin1String("extensions permessage-deflate")), deflate);
    QVERIFY2(output.contains(QLatin1String("large ok")), qPrintable(output));
    QVERIFY2(output.contains(QLatin1String("closed 1000")), qPrintable(output));
    QTRY_COMPARE_WITH_TIMEOUT(closedSpy.size(), 1, WaitMs);
    QCOMPARE(closedSpy.at(0).at(1).toUInt(), 1000u);
    QVERIFY(closedSpy.at(0).at(3).toBool());
}

// ---- load ----------------------------------------------------------------------------------

void tst_EchoServerReports::raisesOpenFileLimit()
{
    rlimit original{};
    QCOMPARE(getrlimit(RLIMIT_NOFILE, &original), 0);
    if (original.rlim_max != RLIM_INFINITY && original.rlim_max < 4096)
        QSKIP("the hard limit is too low to test raising the soft one");
    const auto restore = qScopeGuard([&] { setrlimit(RLIMIT_NOFILE, &original); });
    rlimit lowered = original;
    lowered.rlim_cur = 256; // a default that 1,000 clients would exhaust
    QCOMPARE(setrlimit(RLIMIT_NOFILE, &lowered), 0);
    const auto server = startServer();
    QVERIFY(server->isListening());
    QCOMPARE(server->openFileLimitBefore(), quint64(256));
    const quint64 expected = original.rlim_max == RLIM_INFINITY ? 65536 : std::min<quint64>(original.rlim_max, 65536);
    QCOMPARE(server->openFileLimitAfter(), expected);
    rlimit now{};
    QCOMPARE(getrlimit(RLIMIT_NOFILE, &now), 0);
    QCOMPARE(quint64(now.rlim_cur), expected);
}

void tst_EchoServerReports::serves1000ClientsAtOnce()
{
    constexpr int Clients = 1000;
    // The server on a worker thread, as the GUI runs it; the clients on this one.
    QThread worker;
    worker.start();
    auto *server = new EchoServer;
    server->moveToThread(&worker);
    // Queued across threads: the value types must travel (HttpHeaderList, EventBatch).
    int closedCount = 0;
    int handshakeCount = 0;
    int reportedMessages = 0;
    connect(server, &EchoServer::clientClosed, this, [&] { ++closedCount; });
    connect(server, &EchoServer::clientHandshake, this,
            [&](quint64, const QString &path, const QString &, const QString &, const wsi::net::HttpHeaderList &headers) {
                if (path == QLatin1String("/") && !headers.isEmpty())
                    ++handshakeCount;
            });
    connect(server, &EchoServer::trafficReported, this, [&](const EventBatch &batch) {
        for (const wsi::net::LogEvent &event : batch)
            reportedMessages += event.kind == EventKind::Message && event.direction == wsi::net::EventDirection::Incoming;
    });
    bool started = false;
    QMetaObject::invokeMethod(server, [&] { started = server->start(); }, Qt::BlockingQueuedConnection);
    QVERIFY(started);
    const quint16 port = server->serverPort();
    const auto cleanup = qScopeGuard([&] {
        QMetaObject::invokeMethod(server, [server] { delete server; }, Qt::BlockingQueuedConnection);
        worker.quit();
        worker.wait(WaitMs);
    });

    QElapsedTimer timer;
    timer.start();
    std::vector<std::unique_ptr<EchoTestClient>> clients;
    clients.reserve(Clients);
    for (int i = 0; i < Clients; ++i)
        clients.push_back(connectClient(port));
    const auto countIf = [&](auto predicate) {
        return int(std::count_if(clients.cbegin(), clients.cend(), [&](const auto &c) { return predicate(*c); }));
    };
    QVERIFY2(QTest::qWaitFor([&] { return countIf([](const EchoTestClient &c) { return c.opened || c.closed; }) == Clients; }, 30000),
             qPrintable(QStringLiteral("%1 open").arg(countIf([](const EchoTestClient &c) { return c.opened; }))));
    const qint64 openMs = timer.elapsed();
    QCOMPARE(countIf([](const EchoTestClient &c) { return c.opened && !c.closed; }), Clients);

    constexpr int PerClient = 5;
    for (int round = 0; round < PerClient; ++round)
        for (int i = 0; i < Clients; ++i)
            QVERIFY(clients[std::size_t(i)]->sendText("client " + std::to_string(i) + " #" + std::to_string(round)));
    QVERIFY(QTest::qWaitFor([&] { return countIf([](const EchoTestClient &c) { return c.messages.size() >= PerClient; }) == Clients; }, 30000));
    const qint64 echoMs = timer.elapsed() - openMs;
    for (int i = 0; i < Clients; ++i) {
        const auto &messages = clients[std::size_t(i)]->messages;
        QCOMPARE(messages.size(), std::size_t(PerClient));
        for (int round = 0; round < PerClient; ++round)
            QCOMPARE(messages[std::size_t(round)].payload, "client " + std::to_string(i) + " #" + std::to_string(round));
    }
    for (const auto &client : clients)
        QVERIFY(client->close(1000));
    QVERIFY(QTest::qWaitFor([&] { return closedCount == Clients; }, 30000));
    QCOMPARE(countIf([](const EchoTestClient &c) { return c.closed && c.closeEvent.clean; }), Clients);
    QCOMPARE(handshakeCount, Clients);
    QTRY_COMPARE_WITH_TIMEOUT(reportedMessages, Clients * PerClient, WaitMs);
    qInfo("1000 clients: all open in %lld ms, 5,000 messages echoed in %lld ms, all closed after %lld ms in total",
          openMs, echoMs, timer.elapsed());
}

QTEST_GUILESS_MAIN(tst_EchoServerReports)
#include "tst_echoserverreports.moc"
