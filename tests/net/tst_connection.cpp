// SPDX-License-Identifier: MIT
// net::Connection over loopback against scripted servers (support/MiniServer): URL refusal
// before any I/O, refused connections, echo round trips with counters and the timeline,
// IPv6, subprotocols and deflate, python3-websockets, and the handshake lab's raw request.
#include "support/ConnectionTestOptions.h"

class TestConnection : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { registerMetaTypes(); }

    // ---- URLs
    void refusesBadUrls_data();
    void refusesBadUrls();
    void takesAUrlWithoutSchemeAsWs();
    void acceptsUrls_data();
    void acceptsUrls();
    void refusedUrlDoesNoIo();

    // ---- connecting
    void reportsRefusedConnection();
    void echoesOverPlainTcp();
    void timelineAndCounters();
    void connectsOverIpv6();
    void offersSubprotocolAndDeflate();
    void talksToPythonWebsockets();
    void sendsHandEditedRequest();
    void diagnosesHandEditedVersion();
};

// ---- URLs ----------------------------------------------------------------------------------

void TestConnection::refusesBadUrls_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("message");
    QTest::newRow("nothing") << QString() << QStringLiteral("no URL given");
    QTest::newRow("http scheme") << QStringLiteral("http://127.0.0.1/chat")
                                 << QStringLiteral("unsupported scheme \"http\": WebSocket URLs start with ws:// or wss:// (try ws://127.0.0.1/chat)");
    QTest::newRow("https scheme") << QStringLiteral("https://example.com/")
                                  << QStringLiteral("unsupported scheme \"https\": WebSocket URLs start with ws:// or wss:// (try wss://example.com/)");
    QTest::newRow("ftp scheme") << QStringLiteral("ftp://example.com/")
                                << QStringLiteral("unsupported scheme \"ftp\": WebSocket URLs start with ws:// or wss://");
    QTest::newRow("no host") << QStringLiteral("ws:///chat") << QStringLiteral("URL \"ws:///chat\" has no host");
    QTest::newRow("fragment") << QStringLiteral("ws://example.com/chat#top")
                              << QStringLiteral("URL \"ws://example.com/chat#top\" has a fragment (#top); WebSocket URLs must not (RFC 6455 section 3)");
    QTest::newRow("port out of range") << QStringLiteral("ws://example.com:99999/")
                                       << QStringLiteral("malformed URL \"ws://example.com:99999/\": Invalid port or port number out of range");
    QTest::newRow("port zero") << QStringLiteral("ws://example.com:0/")
                               << QStringLiteral("URL \"ws://example.com:0/\" has port 0, which cannot be connected to");
    QTest::newRow("space in host") << QStringLiteral("ws://exa mple.com/")
                                   << QStringLiteral("malformed URL \"ws://exa mple.com/\": Invalid hostname (contains invalid characters)");
}

void TestConnection::takesAUrlWithoutSchemeAsWs()
{
    // As wscat does; the note says what was assumed.
    const wsi::net::ValidationResult result = wsi::net::validateUrl(QStringLiteral(" localhost:9000/chat "));
    QVERIFY(result.ok);
    QVERIFY(!result.target.secure);
    QCOMPARE(result.target.port, quint16(9000));
    QCOMPARE(result.target.resourceName, QByteArray("/chat"));
    QCOMPARE(result.note, QStringLiteral("no scheme in \"localhost:9000/chat\": connecting to ws://localhost:9000/chat (write wss:// for TLS)"));
    QVERIFY(wsi::net::validateUrl(QStringLiteral("ws://localhost:9000/")).note.isEmpty());
}

void TestConnection::refusesBadUrls()
{
    QFETCH(QString, url);
    QFETCH(QString, message);
    const ValidationResult result = validateUrl(url);
    QVERIFY(!result.ok);
    QCOMPARE(result.message, message);
}

void TestConnection::acceptsUrls_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("host");
    QTest::addColumn<int>("port");
    QTest::addColumn<QByteArray>("hostHeader");
    QTest::addColumn<QByteArray>("resource");
    QTest::addColumn<QString>("sni");
    QTest::newRow("ws default port") << QStringLiteral("ws://example.com") << QStringLiteral("example.com") << 80
                                     << QByteArray("example.com") << QByteArray("/") << QStringLiteral("example.com");
    QTest::newRow("wss default port") << QStringLiteral("wss://example.com/feed") << QStringLiteral("example.com") << 443
                                      << QByteArray("example.com") << QByteArray("/feed") << QStringLiteral("example.com");
    QTest::newRow("explicit default port dropped from Host") << QStringLiteral("ws://example.com:80/") << QStringLiteral("example.com")
                                                             << 80 << QByteArray("example.com") << QByteArray("/") << QStringLiteral("example.com");
    QTest::newRow("other port kept in Host") << QStringLiteral("wss://example.com:8443/") << QStringLiteral("example.com") << 8443
                                             << QByteArray("example.com:8443") << QByteArray("/") << QStringLiteral("example.com");
    QTest::newRow("path and query kept") << QStringLiteral("ws://127.0.0.1:9001/chat/room?id=7&x=a%20b")
                                         << QStringLiteral("127.0.0.1") << 9001 << QByteArray("127.0.0.1:9001")
                                         << QByteArray("/chat/room?id=7&x=a%20b") << QString();
    QTest::newRow("IPv6 literal") << QStringLiteral("ws://[::1]:9001/x") << QStringLiteral("::1") << 9001
                                  << QByteArray("[::1]:9001") << QByteArray("/x") << QString();
    QTest::newRow("IPv6 literal default port") << QStringLiteral("wss://[2001:db8::1]/") << QStringLiteral("2001:db8::1") << 443
                                               << QByteArray("[2001:db8::1]") << QByteArray("/") << QString();
    QTest::newRow("IDN in ACE form") << QStringLiteral("wss://bücher.example/") << QStringLiteral("xn--bcher-kva.example") << 443
                                     << QByteArray("xn--bcher-kva.example") << QByteArray("/") << QStringLiteral("xn--bcher-kva.example");
    QTest::newRow("scheme and host case") << QStringLiteral("WS://Example.COM/A") << QStringLiteral("example.com") << 80
                                          << QByteArray("example.com") << QByteArray("/A") << QStringLiteral("example.com");
}

void TestConnection::acceptsUrls()
{
    QFETCH(QString, url);
    QFETCH(QString, host);
    QFETCH(int, port);
    QFETCH(QByteArray, hostHeader);
    QFETCH(QByteArray, resource);
    QFETCH(QString, sni);
    const ValidationResult result = validateUrl(url);
    QVERIFY2(result.ok, qPrintable(result.message));
    QCOMPARE(result.target.host, host);
    QCOMPARE(int(result.target.port), port);
    QCOMPARE(result.target.hostHeader, hostHeader);
    QCOMPARE(result.target.resourceName, resource);
    QCOMPARE(result.target.sniName, sni);
}

void TestConnection::refusedUrlDoesNoIo()
{
    ConnectionHarness harness(optionsFor(QStringLiteral("http://127.0.0.1:1/")));
    harness.open();
    QVERIFY(harness.waitFinished());
    QCOMPARE(harness.errors.size(), 1);
    QCOMPARE(harness.firstError().phase, ErrorPhase::Options);
    QCOMPARE(harness.firstErrorId(), QStringLiteral("invalid-options"));
    QVERIFY(!harness.statesSeen().contains(ConnectionState::Resolving));
    QVERIFY(!harness.statesSeen().contains(ConnectionState::Connecting));
    QCOMPARE(harness.statesSeen(), QVector<ConnectionState>{ConnectionState::Closed});
}

// ---- connecting ----------------------------------------------------------------------------

void TestConnection::reportsRefusedConnection()
{
    quint16 port = 0;
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        port = probe.serverPort();
    } // closed again: nothing listens there now
    ConnectionHarness harness(optionsFor(QStringLiteral("ws://127.0.0.1:%1/").arg(port)));
    harness.open();
    QVERIFY(harness.waitFinished());
    QCOMPARE(harness.firstErrorId(), QStringLiteral("connection-refused"));
    QCOMPARE(harness.firstErrorMessage(), QStringLiteral("connection refused by 127.0.0.1:%1").arg(port));
    QCOMPARE(harness.firstError().phase, ErrorPhase::Connect);
    QVERIFY(!harness.firstError().hint.isEmpty());
    QCOMPARE(harness.closes.size(), 1);
    QCOMPARE(harness.firstClose().code, quint16(1006));
    QVERIFY(!harness.firstClose().clean);
}

void TestConnection::echoesOverPlainTcp()
{
    MiniServer server(behaving(MiniServer::Behaviour::Echo));
    QVERIFY(server.start());
    ConnectionHarness harness(optionsFor(server.url(QStringLiteral("/echo?x=1"))));
    harness.open();
    QVERIFY(harness.waitOpen());
    harness.thread().sendText("hello");
    harness.thread().sendBinary(QByteArray("\x00\x01\x02", 3));
    harness.thread().sendText("in three fragments", 3);
    QVERIFY(harness.waitMessages(3));
    QCOMPARE(harness.messageTexts(), (QStringList{QStringLiteral("hello"), QString::fromLatin1("\x00\x01\x02", 3),
                                                  QStringLiteral("in three fragments")}));
    const QVector<LogEvent> incoming = harness.eventsOf(EventKind::Message, EventDirection::Incoming);
    QVERIFY(incoming.at(0).isText);
    QVERIFY(!incoming.at(1).isText);
    const QVector<LogEvent> sent = harness.eventsOf(EventKind::Message, EventDirection::Outgoing);
    QCOMPARE(sent.at(2).frameCount, 3u);
    // A sent message is timed as its last frame (so the log can keep that frame implied).
    const QVector<LogEvent> sentFrames = harness.eventsOf(EventKind::Frame, EventDirection::Outgoing);
    QCOMPARE(sentFrames.size(), 5);
    QCOMPARE(sentFrames.at(0).timeNs, sent.at(0).timeNs);
    QCOMPARE(sentFrames.at(1).timeNs, sent.at(1).timeNs);
    QCOMPARE(sentFrames.at(4).timeNs, sent.at(2).timeNs);
    QVERIFY(server.lastRequest().startsWith("GET /echo?x=1 HTTP/1.1\r\n"));
    QVERIFY(server.lastRequest().contains(QStringLiteral("Host: 127.0.0.1:%1\r\n").arg(server.serverPort()).toLatin1()));
    harness.thread().close(1000, QStringLiteral("done"));
    QVERIFY(harness.waitFinished());
    QVERIFY(harness.errors.isEmpty());
    const CloseInfo close = harness.firstClose();
    QCOMPARE(close.code, quint16(1000));
    QCOMPARE(close.sent.reason, QStringLiteral("done")); // the server echoed the code alone
    QCOMPARE(close.received.code, quint16(1000));
    QCOMPARE(close.initiator, CloseInitiator::Local);
    QVERIFY(close.clean);
    QCOMPARE(harness.handshakes.size(), 1);
    QVERIFY(harness.firstHandshake().accepted);
    QCOMPARE(harness.firstHandshake().status, 101);
}

void TestConnection::timelineAndCounters()
{
    MiniServer server(behaving(MiniServer::Behaviour::Echo));
    QVERIFY(server.start());
    ConnectionHarness harness(optionsFor(server.url()));
    harness.open();
    QVERIFY(harness.waitOpen());
    for (int i = 0; i < 10; ++i)
        harness.thread().sendText(QByteArray(100, 'a'));
    QVERIFY(harness.waitMessages(10));
    harness.thread().close();
    QVERIFY(harness.waitFinished());
    using S = ConnectionState;
    QCOMPARE(harness.statesSeen(), (QVector<S>{S::Resolving, S::Connecting, S::Upgrading, S::Open, S::Closing, S::Closed}));
    const ConnectionSnapshot &snapshot = harness.lastSnapshot;
    QCOMPARE(snapshot.timeline.size(), 6);
    qint64 previousStart = -1;
    for (const TimelineEntry &entry : snapshot.timeline) {
        QVERIFY(entry.startNs >= previousStart);
        QVERIFY(entry.durationNs >= 0);
        previousStart = entry.startNs;
    }
    // Each state ends when the next begins.
    for (int i = 0; i + 1 < snapshot.timeline.size(); ++i)
        QCOMPARE(snapshot.timeline[i].startNs + snapshot.timeline[i].durationNs, snapshot.timeline[i + 1].startNs);
    const TrafficCounters &counters = snapshot.counters;
    QCOMPARE(counters.messagesOut, 10u);
    QCOMPARE(counters.messagesIn, 10u);
    QCOMPARE(counters.payloadBytesIn, 1000u);
    QCOMPARE(counters.framesIn, 11u);  // ten messages and the close answer
    QCOMPARE(counters.framesOut, 11u);
    // Frames out: 10 x (6-byte masked header + 100) + close (6 + 2); plus the request.
    const quint64 requestSize = quint64(harness.firstHandshake().rawRequest.size());
    QCOMPARE(counters.bytesOut, requestSize + 10 * 106 + 8);
    const quint64 responseSize = quint64(harness.firstHandshake().rawResponse.size());
    QCOMPARE(counters.bytesIn, responseSize + 10 * 102 + 4);
}

void TestConnection::connectsOverIpv6()
{
    MiniServer server(behaving(MiniServer::Behaviour::Echo));
    if (!server.start(QHostAddress::LocalHostIPv6))
        QSKIP("no IPv6 loopback here");
    ConnectionHarness harness(optionsFor(server.url()));
    QVERIFY(server.url().startsWith(QLatin1String("ws://[::1]:")));
    harness.open();
    QVERIFY(harness.waitOpen());
    harness.thread().sendText("v6");
    QVERIFY(harness.waitMessages(1));
    QVERIFY(server.lastRequest().contains(QStringLiteral("Host: [::1]:%1\r\n").arg(server.serverPort()).toLatin1()));
    harness.thread().close();
    QVERIFY(harness.waitFinished());
    QVERIFY(harness.firstClose().clean);
}

void TestConnection::offersSubprotocolAndDeflate()
{
    MiniServer::Options serverOptions = behaving(MiniServer::Behaviour::Echo);
    serverOptions.subprotocols = {"graphql-ws"};
    serverOptions.deflate = true;
    MiniServer server(serverOptions);
    QVERIFY(server.start());
    ConnectionOptions options = optionsFor(server.url());
    options.subprotocols = {QStringLiteral("chat"), QStringLiteral("graphql-ws")};
    options.deflate = true;
    options.origin = QStringLiteral("https://example.com");
    options.headers = {{"X-Trace", "abc"}};
    ConnectionHarness harness(options);
    harness.open();
    QVERIFY(harness.waitOpen());
    const HandshakeInfo &handshake = harness.firstHandshake();
    QCOMPARE(handshake.subprotocol, QStringLiteral("graphql-ws"));
    QVERIFY(handshake.deflate);
    QVERIFY(handshake.extensions.startsWith(QLatin1String("permessage-deflate")));
    QVERIFY(server.lastRequest().contains("Origin: https://example.com\r\n"));
    QVERIFY(server.lastRequest().contains("X-Trace: abc\r\n"));
    QVERIFY(server.lastRequest().contains("Sec-WebSocket-Protocol: chat, graphql-ws\r\n"));
    harness.thread().sendText(QByteArray(2000, 'z'));
    QVERIFY(harness.waitMessages(1));
    const LogEvent echoed = harness.eventsOf(EventKind::Message, EventDirection::Incoming).first();
    QVERIFY(echoed.compressed);
    QCOMPARE(echoed.length, 2000u);
    QVERIFY(echoed.wireSize < 100);
    harness.thread().close();
    QVERIFY(harness.waitFinished());
}

void TestConnection::talksToPythonWebsockets()
{
    // A third-party peer: Debian's python3-websockets, through the interop tests' echo server.
    const QString script = QFileInfo(QStringLiteral(__FILE__)).absolutePath() + QStringLiteral("/../interop/peers/echo_server.py");
    if (!QFileInfo::exists(script) || !QFileInfo::exists(QStringLiteral("/usr/bin/python3")))
        QSKIP("python3-websockets echo peer not available");
    QProcess peer;
    peer.start(QStringLiteral("/usr/bin/python3"), {script, QStringLiteral("--deflate"), QStringLiteral("--timeout"), QStringLiteral("20")});
    const auto cleanup = qScopeGuard([&] {
        peer.kill();
        peer.waitForFinished(3000);
    });
    QVERIFY(peer.waitForStarted(5000));
    QVERIFY(QTest::qWaitFor([&] { return peer.canReadLine() || peer.state() == QProcess::NotRunning; }, 10000));
    const QByteArray portLine = peer.readLine().trimmed();
    if (portLine.isEmpty())
        QSKIP(qPrintable(QStringLiteral("python peer did not start: ") + QString::fromLocal8Bit(peer.readAllStandardError())));
    ConnectionOptions options = optionsFor(QStringLiteral("ws://127.0.0.1:%1/").arg(QString::fromLatin1(portLine)));
    options.deflate = true;
    ConnectionHarness harness(options);
    harness.open();
    QVERIFY(harness.waitOpen());
    QVERIFY(harness.firstHandshake().deflate);
    harness.thread().sendText(QByteArray(5000, 'p'));
    harness.thread().sendBinary(QByteArray("\x00\xff\x10", 3), 2);
    harness.thread().sendPing("are you there");
    QVERIFY(harness.waitMessages(2));
    QVERIFY(QTest::qWaitFor([&] { return !harness.pingSamples.isEmpty(); }, 5000));
    QCOMPARE(harness.messageTexts().at(0), QString(5000, QLatin1Char('p')));
    QCOMPARE(harness.eventsOf(EventKind::Message, EventDirection::Incoming).at(1).payload, QByteArray("\x00\xff\x10", 3));
    harness.thread().close(1000, QStringLiteral("bye"));
    QVERIFY(harness.waitFinished());
    QVERIFY(harness.errors.isEmpty());
    QVERIFY(harness.firstClose().clean);
    QCOMPARE(harness.firstClose().code, quint16(1000));
}

void TestConnection::sendsHandEditedRequest()
{
    MiniServer server(behaving(MiniServer::Behaviour::Echo));
    QVERIFY(server.start());
    ConnectionOptions options = optionsFor(server.url());
    // The handshake lab: a request written by hand, with its own key and header.
    options.rawRequestOverride = "GET /lab HTTP/1.1\r\nHost: lab.example\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                                 "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nX-Lab: 1\r\n\r\n";
    ConnectionHarness harness(options);
    harness.open();
    QVERIFY(harness.waitOpen());
    QCOMPARE(server.lastRequest(), options.rawRequestOverride);
    // RFC 6455 section 1.3's sample key, answered with its sample accept value.
    QVERIFY(harness.firstHandshake().rawResponse.contains("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n"));
    harness.thread().sendText("lab");
    QVERIFY(harness.waitMessages(1));
    harness.thread().close();
    QVERIFY(harness.waitFinished());
}

void TestConnection::diagnosesHandEditedVersion()
{
    MiniServer server(behaving(MiniServer::Behaviour::Echo));
    QVERIFY(server.start());
    ConnectionOptions options = optionsFor(server.url());
    options.rawRequestOverride = "GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                                 "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 12\r\n\r\n";
    ConnectionHarness harness(options);
    harness.open();
    QVERIFY(harness.waitFinished());
    QCOMPARE(harness.firstErrorMessage(), QStringLiteral("the server refused the upgrade: HTTP/1.1 426 Upgrade Required"));
    QCOMPARE(harness.firstHandshake().diagnosis,
             QStringLiteral("the server wants WebSocket version 13 (426): check the request's Sec-WebSocket-Version"));
}

QTEST_GUILESS_MAIN(TestConnection)
#include "tst_connection.moc"
