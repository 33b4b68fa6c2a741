// SPDX-License-Identifier: MIT
// net::Connection over loopback against scripted servers (support/MiniServer) and a small
// CONNECT proxy (support/MiniProxy): URL refusal before any I/O, refused connections,
// every timeout with its message, non-101 answers and their diagnosis, echo round trips
// with counters and the timeline, keepalive latency, closes, proxies and reconnects.
#include "net/MetaTypes.h"
#include "support/ConnectionHarness.h"
#include "support/MiniProxy.h"
#include "support/MiniServer.h"
#include "support/MiniSocks5.h"

#include "net/ProxyConnector.h"
#include "net/ReconnectScheduler.h"

#include <QFileInfo>
#include <QScopeGuard>
#include <QProcess>
#include <QRegularExpression>
#include <QTcpServer>
#include <QTest>

using namespace wsi::net;
using wsi::test::ConnectionHarness;
using wsi::test::MiniProxy;
using wsi::test::MiniServer;
using wsi::test::MiniSocks5;

namespace {

ConnectionOptions optionsFor(const QString &url)
{
    ConnectionOptions options;
    options.url = url;
    options.proxy.mode = ProxyMode::None;
    options.connectTimeoutMs = 5000;
    options.openTimeoutMs = 5000;
    options.closeTimeoutMs = 3000;
    return options;
}

MiniServer::Options behaving(MiniServer::Behaviour behaviour)
{
    MiniServer::Options options;
    options.behaviour = behaviour;
    return options;
}

QByteArray cannedResponse(const QByteArray &statusLine, const QByteArray &headers, const QByteArray &body)
{
    return statusLine + "\r\n" + headers + "Content-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body;
}

} // namespace

class TestConnection : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { registerMetaTypes(); }

    // ---- URLs ------------------------------------------------------------------------
    void refusesBadUrls_data();
    void refusesBadUrls();
    void acceptsUrls_data();
    void acceptsUrls();
    void refusedUrlDoesNoIo();

    // ---- connecting ------------------------------------------------------------------
    void reportsRefusedConnection();
    void echoesOverPlainTcp();
    void timelineAndCounters();
    void connectsOverIpv6();
    void offersSubprotocolAndDeflate();
    void talksToPythonWebsockets();
    void sendsHandEditedRequest();
    void diagnosesHandEditedVersion();

    // ---- timeouts --------------------------------------------------------------------
    void openTimeoutFires();
    void connectTimeoutFiresDuringTls();
    void writeTimeoutFires();
    void pingTimeoutFires();
    void closeTimeoutFires();

    // ---- the upgrade answer -----------------------------------------------------------
    void diagnosesRefusedUpgrades_data();
    void diagnosesRefusedUpgrades();

    // ---- closing ---------------------------------------------------------------------
    void reportsRemoteClose();
    void reportsDroppedTransport();
    void rawFrameProvokesProtocolClose();

    // ---- latency, detail levels --------------------------------------------------------
    void keepalivePingsAreTimed();
    void pingStatsSummarise();
    void countersOnlyCopiesNoPayload();
    void eventsArriveInBatches();
    void slowConsumerPausesReading();

    // ---- proxies ---------------------------------------------------------------------
    void tunnelsThroughConnectProxy();
    void reportsProxyRefusal();
    void authenticatesToProxy();
    void tunnelsThroughSocks5_data();
    void tunnelsThroughSocks5();
    void reportsSocks5Refusal();
    void choosesEnvironmentProxy_data();
    void choosesEnvironmentProxy();

    // ---- reconnect -------------------------------------------------------------------
    void backoffGrowsExponentially();
    void reconnectsWithCountdown();
    void reconnectBackoffRestartsAfterOpen();
    void reconnectIsOffByDefault();
};

// ---- URLs ----------------------------------------------------------------------------

void TestConnection::refusesBadUrls_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("message");
    QTest::newRow("nothing") << QString() << QStringLiteral("no URL given");
    QTest::newRow("no scheme") << QStringLiteral("localhost:9000")
                               << QStringLiteral("URL \"localhost:9000\" has no scheme: write ws://localhost:9000 or wss://localhost:9000");
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

// ---- connecting ----------------------------------------------------------------------

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
    QCOMPARE(close.reason, QStringLiteral("done"));
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
                                 "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 8\r\n\r\n";
    ConnectionHarness harness(options);
    harness.open();
    QVERIFY(harness.waitFinished());
    QCOMPARE(harness.firstErrorMessage(), QStringLiteral("the server refused the upgrade: HTTP/1.1 426 Upgrade Required"));
    QCOMPARE(harness.firstHandshake().diagnosis,
             QStringLiteral("the server wants WebSocket version 13 (426): check the request's Sec-WebSocket-Version"));
}

// ---- timeouts ------------------------------------------------------------------------

void TestConnection::openTimeoutFires()
{
    MiniServer server(behaving(MiniServer::Behaviour::Silent));
    QVERIFY(server.start());
    ConnectionOptions options = optionsFor(server.url());
    options.openTimeoutMs = 300;
    ConnectionHarness harness(options);
    harness.open();
    QVERIFY(harness.waitFinished());
    QCOMPARE(harness.firstErrorId(), QStringLiteral("open-timeout"));
    QCOMPARE(harness.firstErrorMessage(), QStringLiteral("no answer to the upgrade request within 300 ms (open timeout)"));
    QCOMPARE(harness.firstError().phase, ErrorPhase::Upgrade);
    QCOMPARE(harness.firstError().waitedMs, 300);
    QCOMPARE(harness.firstClose().initiator, CloseInitiator::Local);
    // It waited at least as long as it says.
    const qint64 upgradingAt = harness.states.at(harness.statesSeen().indexOf(ConnectionState::Upgrading)).second;
    QVERIFY(harness.firstError().timeNs - upgradingAt >= 300 * 1000000ll);
}

void TestConnection::connectTimeoutFiresDuringTls()
{
    // A server that accepts TCP but never speaks TLS.
    MiniServer server(behaving(MiniServer::Behaviour::Silent));
    QVERIFY(server.start());
    ConnectionOptions options = optionsFor(QStringLiteral("wss://127.0.0.1:%1/").arg(server.serverPort()));
    options.connectTimeoutMs = 300;
    ConnectionHarness harness(options);
    harness.open();
    QVERIFY(harness.waitFinished());
    QCOMPARE(harness.firstErrorId(), QStringLiteral("connect-timeout"));
    QCOMPARE(harness.firstErrorMessage(),
             QStringLiteral("no TLS handshake with 127.0.0.1:%1 within 300 ms (connect timeout)").arg(server.serverPort()));
    QCOMPARE(harness.firstError().phase, ErrorPhase::Tls);
}

void TestConnection::writeTimeoutFires()
{
    MiniServer server(behaving(MiniServer::Behaviour::StopReading));
    QVERIFY(server.start());
    ConnectionOptions options = optionsFor(server.url());
    options.writeTimeoutMs = 400;
    options.eventDetail = EventDetail::CountersOnly;
    ConnectionHarness harness(options);
    harness.open();
    QVERIFY(harness.waitOpen());
    // More than the kernel buffers on both ends hold.
    harness.thread().sendBinary(QByteArray(48 * 1024 * 1024, 'w'));
    QVERIFY(harness.waitFinished(20000));
    QCOMPARE(harness.firstErrorId(), QStringLiteral("write-timeout"));
    const QRegularExpression expected(QStringLiteral("^\\d+ bytes could not be written within 400 ms \\(write timeout\\)$"));
    QVERIFY2(expected.match(harness.firstErrorMessage()).hasMatch(), qPrintable(harness.firstErrorMessage()));
    QCOMPARE(harness.firstError().phase, ErrorPhase::Write);
}

void TestConnection::pingTimeoutFires()
{
    MiniServer server(behaving(MiniServer::Behaviour::NoPong));
    QVERIFY(server.start());
    ConnectionOptions options = optionsFor(server.url());
    options.pingIntervalMs = 100;
    options.pingTimeoutMs = 300;
    ConnectionHarness harness(options);
    harness.open();
    QVERIFY(harness.waitFinished());
    QCOMPARE(harness.firstErrorId(), QStringLiteral("ping-timeout"));
    QCOMPARE(harness.firstErrorMessage(), QStringLiteral("no pong for ping #1 within 300 ms (ping timeout)"));
    QCOMPARE(harness.firstError().phase, ErrorPhase::Ping);
    QVERIFY(server.pingsReceived() >= 1);
    QCOMPARE(harness.lastPingStats.lost(), 1);
    QCOMPARE(harness.lastPingStats.received(), 0);
}

void TestConnection::closeTimeoutFires()
{
    MiniServer server(behaving(MiniServer::Behaviour::NoCloseAnswer));
    QVERIFY(server.start());
    ConnectionOptions options = optionsFor(server.url());
    options.closeTimeoutMs = 300;
    ConnectionHarness harness(options);
    harness.open();
    QVERIFY(harness.waitOpen());
    harness.thread().close(1000);
    QVERIFY(harness.waitFinished());
    QCOMPARE(harness.firstErrorId(), QStringLiteral("close-timeout"));
    QCOMPARE(harness.firstErrorMessage(), QStringLiteral("no close frame answered ours within 300 ms (close timeout)"));
    QVERIFY(!harness.firstClose().clean);
}

// ---- the upgrade answer ----------------------------------------------------------------

void TestConnection::diagnosesRefusedUpgrades_data()
{
    QTest::addColumn<QByteArray>("answer");
    QTest::addColumn<QString>("errorId");
    QTest::addColumn<QString>("message");
    QTest::addColumn<QString>("diagnosisPart");
    QTest::addColumn<QByteArray>("body");
    QTest::newRow("404 not found") << cannedResponse("HTTP/1.1 404 Not Found", "", "no such path")
                                   << QStringLiteral("not-switching-protocols")
                                   << QStringLiteral("the server refused the upgrade: HTTP/1.1 404 Not Found")
                                   << QStringLiteral("no WebSocket endpoint at this path (404)") << QByteArray("no such path");
    QTest::newRow("401 with challenge") << cannedResponse("HTTP/1.1 401 Unauthorized", "WWW-Authenticate: Bearer\r\n", "")
                                        << QStringLiteral("not-switching-protocols")
                                        << QStringLiteral("the server refused the upgrade: HTTP/1.1 401 Unauthorized")
                                        << QStringLiteral("authentication required (401, WWW-Authenticate: Bearer)") << QByteArray();
    QTest::newRow("403 forbidden") << cannedResponse("HTTP/1.1 403 Forbidden", "", "")
                                   << QStringLiteral("not-switching-protocols")
                                   << QStringLiteral("the server refused the upgrade: HTTP/1.1 403 Forbidden")
                                   << QStringLiteral("try --origin") << QByteArray();
    QTest::newRow("302 redirect to https") << cannedResponse("HTTP/1.1 302 Found", "Location: https://other.example/ws\r\n", "")
                                           << QStringLiteral("not-switching-protocols")
                                           << QStringLiteral("the server refused the upgrade: HTTP/1.1 302 Found")
                                           << QStringLiteral("connect to wss://other.example/ws instead") << QByteArray();
    QTest::newRow("426 other version") << cannedResponse("HTTP/1.1 426 Upgrade Required", "Sec-WebSocket-Version: 8\r\n", "")
                                       << QStringLiteral("not-switching-protocols")
                                       << QStringLiteral("the server refused the upgrade: HTTP/1.1 426 Upgrade Required")
                                       << QStringLiteral("the server wants WebSocket version 8 (426)") << QByteArray();
    QTest::newRow("200 plain http through a proxy")
        << cannedResponse("HTTP/1.1 200 OK", "Via: 1.1 squid\r\n", "<html>hello</html>") << QStringLiteral("not-switching-protocols")
        << QStringLiteral("the server refused the upgrade: HTTP/1.1 200 OK")
        << QStringLiteral("plain HTTP server (200)") << QByteArray("<html>hello</html>");
    QTest::newRow("101 with a wrong accept")
        << QByteArray("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                      "Sec-WebSocket-Accept: AAAAAAAAAAAAAAAAAAAAAAAAAAA=\r\n\r\n")
        << QStringLiteral("wrong-accept") << QString() << QStringLiteral("a proxy or cache may have altered the handshake")
        << QByteArray();
    QTest::newRow("not http at all") << QByteArray("SSH-2.0-OpenSSH_9.2\r\n\r\n") << QStringLiteral("malformed-response")
                                     << QString() << QStringLiteral("the answer is not HTTP") << QByteArray();
}

void TestConnection::diagnosesRefusedUpgrades()
{
    QFETCH(QByteArray, answer);
    QFETCH(QString, errorId);
    QFETCH(QString, message);
    QFETCH(QString, diagnosisPart);
    QFETCH(QByteArray, body);
    MiniServer::Options serverOptions = behaving(MiniServer::Behaviour::Canned);
    serverOptions.canned = answer;
    MiniServer server(serverOptions);
    QVERIFY(server.start());
    ConnectionHarness harness(optionsFor(server.url()));
    harness.open();
    QVERIFY(harness.waitFinished());
    QCOMPARE(harness.firstErrorId(), errorId);
    QCOMPARE(harness.firstError().phase, ErrorPhase::Upgrade);
    if (!message.isEmpty())
        QCOMPARE(harness.firstErrorMessage(), message);
    QCOMPARE(harness.handshakes.size(), 1);
    const HandshakeInfo &info = harness.firstHandshake();
    QVERIFY(!info.accepted);
    QVERIFY2(info.diagnosis.contains(diagnosisPart), qPrintable(info.diagnosis));
    QCOMPARE(harness.firstError().hint, info.diagnosis);
    QCOMPARE(info.bodyPreview, body);
    QVERIFY(info.rawRequest.startsWith("GET / HTTP/1.1\r\n"));
    QVERIFY(answer.startsWith(info.rawResponse.left(12)));
}

// ---- closing -------------------------------------------------------------------------

void TestConnection::reportsRemoteClose()
{
    MiniServer::Options serverOptions = behaving(MiniServer::Behaviour::CloseAfterOpen);
    serverOptions.closeCode = 4000;
    serverOptions.closeReason = "bye now";
    MiniServer server(serverOptions);
    QVERIFY(server.start());
    ConnectionHarness harness(optionsFor(server.url()));
    harness.open();
    QVERIFY(harness.waitFinished());
    QVERIFY(harness.errors.isEmpty());
    const CloseInfo close = harness.firstClose();
    QCOMPARE(close.code, quint16(4000));
    QCOMPARE(close.reason, QStringLiteral("bye now"));
    QCOMPARE(close.initiator, CloseInitiator::Remote);
    QVERIFY(close.clean);
    QVERIFY(harness.statesSeen().contains(ConnectionState::Closing));
}

void TestConnection::reportsDroppedTransport()
{
    MiniServer server(behaving(MiniServer::Behaviour::DropAfterOpen));
    QVERIFY(server.start());
    ConnectionHarness harness(optionsFor(server.url()));
    harness.open();
    QVERIFY(harness.waitFinished());
    const CloseInfo close = harness.firstClose();
    QCOMPARE(close.code, quint16(1006));
    QCOMPARE(close.initiator, CloseInitiator::Transport);
    QVERIFY(!close.clean);
    QCOMPARE(close.reason, QStringLiteral("connection closed without a close frame"));
}

void TestConnection::rawFrameProvokesProtocolClose()
{
    MiniServer server(behaving(MiniServer::Behaviour::Echo));
    QVERIFY(server.start());
    ConnectionHarness harness(optionsFor(server.url()));
    harness.open();
    QVERIFY(harness.waitOpen());
    wsi::protocol::RawFrame frame;
    frame.header.opcode = 0x3; // reserved (RFC 6455 section 5.2)
    frame.header.masked = true;
    frame.payload = "?";
    Connection *connection = harness.connection();
    QMetaObject::invokeMethod(connection, [=] { connection->sendRawFrame(frame); }, Qt::QueuedConnection);
    QVERIFY(harness.waitFinished());
    const CloseInfo close = harness.firstClose();
    QCOMPARE(close.code, quint16(1002));
    QCOMPARE(close.initiator, CloseInitiator::Remote);
    const QVector<LogEvent> frames = harness.eventsOf(EventKind::Frame, EventDirection::Outgoing);
    QVERIFY(!frames.isEmpty());
    QCOMPARE(frames.first().opcode, quint8(0x3));
    QVERIFY(frames.first().flags & FrameFlag::Masked);
}

// ---- latency, detail levels -----------------------------------------------------------

void TestConnection::keepalivePingsAreTimed()
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

void TestConnection::pingStatsSummarise()
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

void TestConnection::countersOnlyCopiesNoPayload()
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

void TestConnection::eventsArriveInBatches()
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

void TestConnection::slowConsumerPausesReading()
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

// ---- proxies -------------------------------------------------------------------------

void TestConnection::tunnelsThroughConnectProxy()
{
    MiniServer server(behaving(MiniServer::Behaviour::Echo));
    QVERIFY(server.start());
    MiniProxy proxy;
    QVERIFY(proxy.start());
    ConnectionOptions options = optionsFor(server.url());
    options.proxy.mode = ProxyMode::HttpConnect;
    options.proxy.url = proxy.url();
    options.proxy.headers = {{"X-Proxy-Tag", "tests"}};
    ConnectionHarness harness(options);
    harness.open();
    QVERIFY(harness.waitOpen());
    harness.thread().sendText("via proxy");
    QVERIFY(harness.waitMessages(1));
    QCOMPARE(harness.messageTexts(), QStringList{QStringLiteral("via proxy")});
    harness.thread().close();
    QVERIFY(harness.waitFinished());
    QCOMPARE(proxy.requests().size(), 1);
    const QByteArray request = proxy.requests().first();
    QVERIFY(request.startsWith(QStringLiteral("CONNECT 127.0.0.1:%1 HTTP/1.1\r\n").arg(server.serverPort()).toLatin1()));
    QVERIFY(request.contains("X-Proxy-Tag: tests\r\n"));
    QVERIFY(!request.contains("Proxy-Authorization"));
    QVERIFY(harness.statesSeen().contains(ConnectionState::ProxyTunnel));
}

void TestConnection::reportsProxyRefusal()
{
    MiniServer server(behaving(MiniServer::Behaviour::Echo));
    QVERIFY(server.start());
    MiniProxy proxy("user:secret");
    QVERIFY(proxy.start());
    ConnectionOptions options = optionsFor(server.url());
    options.proxy.mode = ProxyMode::HttpConnect;
    options.proxy.url = proxy.url();
    ConnectionHarness harness(options);
    harness.open();
    QVERIFY(harness.waitFinished());
    QCOMPARE(harness.firstErrorId(), QStringLiteral("proxy-refused"));
    QCOMPARE(harness.firstErrorMessage(),
             QStringLiteral("the proxy 127.0.0.1:%1 refused the tunnel to 127.0.0.1:%2: HTTP/1.1 407 Proxy Authentication Required")
                 .arg(proxy.serverPort()).arg(server.serverPort()));
    QCOMPARE(harness.firstError().phase, ErrorPhase::Proxy);
    QVERIFY(harness.firstError().hint.contains(QLatin1String("user:password")));
    QCOMPARE(server.connectionCount(), 0);
}

void TestConnection::authenticatesToProxy()
{
    MiniServer server(behaving(MiniServer::Behaviour::Echo));
    QVERIFY(server.start());
    MiniProxy proxy("user:secret");
    QVERIFY(proxy.start());
    ConnectionOptions options = optionsFor(server.url());
    options.proxy.mode = ProxyMode::HttpConnect;
    options.proxy.url = proxy.url(QStringLiteral("user:secret"));
    ConnectionHarness harness(options);
    harness.open();
    QVERIFY(harness.waitOpen());
    QVERIFY(proxy.requests().first().contains("Proxy-Authorization: Basic dXNlcjpzZWNyZXQ=\r\n"));
    // The password is never shown in the log.
    for (const LogEvent &event : harness.events)
        QVERIFY2(!event.text.contains(QLatin1String("secret")), qPrintable(event.text));
    harness.thread().close();
    QVERIFY(harness.waitFinished());
    QCOMPARE(proxy.tunnelsOpened(), 1);
}

void TestConnection::tunnelsThroughSocks5_data()
{
    QTest::addColumn<QByteArray>("credentials");
    QTest::addColumn<QString>("host");
    QTest::newRow("no login, address") << QByteArray() << QStringLiteral("127.0.0.1");
    QTest::newRow("no login, name resolved by the proxy") << QByteArray() << QStringLiteral("localhost");
    QTest::newRow("login") << QByteArray("user:secret") << QStringLiteral("127.0.0.1");
}

void TestConnection::tunnelsThroughSocks5()
{
    QFETCH(QByteArray, credentials);
    QFETCH(QString, host);
    MiniServer server(behaving(MiniServer::Behaviour::Echo));
    QVERIFY(server.start());
    MiniSocks5 proxy(credentials);
    QVERIFY(proxy.start());
    ConnectionOptions options = optionsFor(server.url(QStringLiteral("/"), host));
    options.proxy.mode = ProxyMode::Socks5;
    options.proxy.url = proxy.url(QString::fromLatin1(credentials));
    ConnectionHarness harness(options);
    harness.open();
    QVERIFY(harness.waitOpen());
    harness.thread().sendText("via socks");
    QVERIFY(harness.waitMessages(1));
    harness.thread().close();
    QVERIFY(harness.waitFinished());
    QCOMPARE(proxy.targets(), QStringList{QStringLiteral("%1:%2").arg(host).arg(server.serverPort())});
}

void TestConnection::reportsSocks5Refusal()
{
    MiniServer server(behaving(MiniServer::Behaviour::Echo));
    QVERIFY(server.start());
    MiniSocks5 proxy("user:secret");
    QVERIFY(proxy.start());
    ConnectionOptions options = optionsFor(server.url());
    options.proxy.mode = ProxyMode::Socks5;
    options.proxy.url = proxy.url(QStringLiteral("user:wrong"));
    ConnectionHarness harness(options);
    harness.open();
    QVERIFY(harness.waitFinished());
    QCOMPARE(harness.firstErrorId(), QStringLiteral("proxy-error"));
    QCOMPARE(harness.firstError().phase, ErrorPhase::Proxy);
    QVERIFY2(harness.firstErrorMessage().startsWith(QStringLiteral("SOCKS5 proxy 127.0.0.1:%1: ").arg(proxy.serverPort())),
             qPrintable(harness.firstErrorMessage()));
    QCOMPARE(server.connectionCount(), 0);
}

void TestConnection::choosesEnvironmentProxy_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QStringList>("environment"); // name=value pairs
    QTest::addColumn<int>("mode");
    QTest::addColumn<QString>("proxyHost");
    QTest::addColumn<QString>("source");
    const int none = int(ProxyMode::None);
    const int http = int(ProxyMode::HttpConnect);
    const int socks = int(ProxyMode::Socks5);
    QTest::newRow("ws uses http_proxy") << QStringLiteral("ws://example.com/")
                                        << QStringList{QStringLiteral("http_proxy=http://proxy:3128")} << http
                                        << QStringLiteral("proxy") << QStringLiteral("http_proxy");
    QTest::newRow("wss uses https_proxy") << QStringLiteral("wss://example.com/")
                                          << QStringList{QStringLiteral("http_proxy=http://a:1"), QStringLiteral("HTTPS_PROXY=b:2")}
                                          << http << QStringLiteral("b") << QStringLiteral("HTTPS_PROXY");
    QTest::newRow("wss without https_proxy goes direct") << QStringLiteral("wss://example.com/")
                                                         << QStringList{QStringLiteral("http_proxy=http://a:1")} << none
                                                         << QString() << QString();
    QTest::newRow("no_proxy domain suffix") << QStringLiteral("ws://api.example.com/")
                                            << QStringList{QStringLiteral("http_proxy=http://a:1"), QStringLiteral("no_proxy=.example.com")}
                                            << none << QString() << QString();
    QTest::newRow("no_proxy other domain") << QStringLiteral("ws://api.example.org/")
                                           << QStringList{QStringLiteral("http_proxy=http://a:1"), QStringLiteral("no_proxy=example.com")}
                                           << http << QStringLiteral("a") << QStringLiteral("http_proxy");
    QTest::newRow("no_proxy star") << QStringLiteral("ws://api.example.org/")
                                   << QStringList{QStringLiteral("http_proxy=http://a:1"), QStringLiteral("NO_PROXY=*")} << none
                                   << QString() << QString();
    QTest::newRow("loopback always direct") << QStringLiteral("ws://127.0.0.1:9/")
                                            << QStringList{QStringLiteral("http_proxy=http://a:1")} << none << QString() << QString();
    QTest::newRow("socks5 from all_proxy") << QStringLiteral("ws://example.com/")
                                           << QStringList{QStringLiteral("all_proxy=socks5://s:1080")} << socks
                                           << QStringLiteral("s") << QStringLiteral("all_proxy");
}

void TestConnection::choosesEnvironmentProxy()
{
    QFETCH(QString, url);
    QFETCH(QStringList, environment);
    QFETCH(int, mode);
    QFETCH(QString, proxyHost);
    QFETCH(QString, source);
    const ConnectionTarget target = validateUrl(url).target;
    const ProxyChoice choice = ProxyConnector::fromEnvironment(target, [&](const char *name) {
        for (const QString &pair : environment) {
            if (pair.section(QLatin1Char('='), 0, 0) == QLatin1String(name))
                return pair.section(QLatin1Char('='), 1);
        }
        return QString();
    });
    QCOMPARE(int(choice.mode), mode);
    QCOMPARE(choice.host, proxyHost);
    QCOMPARE(choice.source, source);
}

// ---- reconnect -----------------------------------------------------------------------

void TestConnection::backoffGrowsExponentially()
{
    ReconnectOptions options;
    options.initialDelayMs = 100;
    options.multiplier = 2.0;
    options.maxDelayMs = 1000;
    QCOMPARE(ReconnectScheduler::delayForAttempt(options, 1), 100);
    QCOMPARE(ReconnectScheduler::delayForAttempt(options, 2), 200);
    QCOMPARE(ReconnectScheduler::delayForAttempt(options, 4), 800);
    QCOMPARE(ReconnectScheduler::delayForAttempt(options, 5), 1000);
    QCOMPARE(ReconnectScheduler::delayForAttempt(options, 30), 1000);
}

void TestConnection::reconnectsWithCountdown()
{
    quint16 port = 0;
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        port = probe.serverPort();
    }
    ConnectionOptions options = optionsFor(QStringLiteral("ws://127.0.0.1:%1/").arg(port));
    options.reconnect.enabled = true;
    options.reconnect.initialDelayMs = 100;
    options.reconnect.maxDelayMs = 1000;
    options.reconnect.maxAttempts = 3;
    ConnectionHarness harness(options);
    harness.open();
    QVERIFY(harness.waitFinished(10000));
    // Consecutive failures back off: 100, 200, 400 ms; then it gives up.
    QCOMPARE(harness.reconnectDelays, (QVector<int>{100, 200, 400}));
    QCOMPARE(harness.closes.size(), 4);
    QCOMPARE(harness.errors.size(), 4);
    QVERIFY(!harness.countdowns.isEmpty());
    QCOMPARE(harness.countdowns.last(), 0);
    // The countdown runs down within each wait.
    QVERIFY(harness.countdowns.contains(400));
}

void TestConnection::reconnectBackoffRestartsAfterOpen()
{
    MiniServer server(behaving(MiniServer::Behaviour::DropAfterOpen));
    QVERIFY(server.start());
    ConnectionOptions options = optionsFor(server.url());
    options.reconnect.enabled = true;
    options.reconnect.initialDelayMs = 50;
    ConnectionHarness harness(options);
    harness.open();
    QVERIFY(QTest::qWaitFor([&] { return harness.reconnectDelays.size() >= 3; }, 5000));
    harness.thread().abort();
    QVERIFY(harness.waitFinished());
    // Every attempt opened, so each wait starts again from the initial delay.
    QCOMPARE(harness.reconnectDelays.mid(0, 3), (QVector<int>{50, 50, 50}));
    QVERIFY(server.connectionCount() >= 3);
}

void TestConnection::reconnectIsOffByDefault()
{
    MiniServer server(behaving(MiniServer::Behaviour::DropAfterOpen));
    QVERIFY(server.start());
    ConnectionHarness harness(optionsFor(server.url()));
    QVERIFY(!harness.connection()->options().reconnect.enabled);
    harness.open();
    QVERIFY(harness.waitFinished());
    QTest::qWait(100);
    QCOMPARE(server.connectionCount(), 1);
    QVERIFY(harness.reconnectDelays.isEmpty());
}

QTEST_GUILESS_MAIN(TestConnection)
#include "tst_connection.moc"
