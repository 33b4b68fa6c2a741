// SPDX-License-Identifier: MIT
// The reverse proxy (engine/net/proxy) over loopback with real sockets: an app written byte
// for byte (ProxyTestClient), the proxy, and MiniServer as the upstream. The upgrade's
// headers reach the upstream with Host rewritten, frames pass unchanged both ways and are
// reported on their leg, a non-101 reaches the app verbatim, a bad upstream certificate
// gives 502 with the engine's own verdict, a silent app is dropped, the proxy refuses
// itself as upstream, and 200 flows run at once.
#include "net/proxy/ProxyServer.h"
#include "net/proxy/ProxyHandshake.h"
#include "net/source/SourceThread.h"
#include "proxy/ProxyTestClient.h"
#include "support/ConnectionHarness.h"
#include "support/MiniServer.h"
#include "support/TestCertificates.h"

#include <QHostInfo>
#include <QSignalSpy>
#include <QSslSocket>
#include <QTcpServer>
#include <QTest>
#include <QThread>

#include <algorithm>
#include <map>
#include <memory>
#include <vector>

using namespace wsi;
using wsi::test::MiniServer;
using wsi::test::ProxyTestClient;
using wsi::test::ServerFrame;

namespace {

constexpr int WaitMs = 10000;

// Every flow's report stream, by flow id, as the CLI and the window read it.
struct FlowReports {
    explicit FlowReports(net::ProxyServer &server)
    {
        QObject::connect(&server, &net::ProxyServer::flowStarted, &server, [this](net::ProxyFlow *flow) {
            const quint64 id = flow->id();
            QObject::connect(flow, &net::TrafficSource::reported, flow, [this, id](const net::ReportBatch &batch) {
                Flow &flow = flows[id];
                net::walkReports(
                    batch,
                    [&flow](const net::EventBatch &rows) {
                        for (const net::LogEvent &row : rows)
                            flow.events.append(row);
                    },
                    net::Overloaded{[&flow](const net::ConnectionError &error) { flow.errors.append(error); },
                                    [&flow](const net::HandshakeInfo &handshake) { flow.handshakes.append(handshake); },
                                    [&flow](const net::TlsReport &report) { flow.tlsReports.append(report); },
                                    [&flow](const net::CloseInfo &close) { flow.closes.append(close); },
                                    [&flow](const net::FinishedReport &) { flow.finished = true; },
                                    [](const auto &) {}});
            });
        });
    }
    struct Flow {
        QVector<net::LogEvent> events;
        QVector<net::ConnectionError> errors;
        QVector<net::HandshakeInfo> handshakes;
        QVector<net::TlsReport> tlsReports;
        QVector<net::CloseInfo> closes;
        bool finished = false;
        QVector<net::LogEvent> messages(net::TrafficLeg leg) const
        {
            QVector<net::LogEvent> found;
            for (const net::LogEvent &event : events) {
                if (event.kind == net::EventKind::Message && event.leg == leg)
                    found.append(event);
            }
            return found;
        }
    };
    bool waitFinished(quint64 id, int timeoutMs = WaitMs)
    {
        QElapsedTimer clock;
        clock.start();
        while (clock.elapsed() < timeoutMs) {
            if (flows.count(id) && flows[id].finished)
                return true;
            QTest::qWait(10);
        }
        return false;
    }
    std::map<quint64, Flow> flows;
};

net::ReverseProxyOptions proxyTo(const QString &upstreamUrl)
{
    net::ReverseProxyOptions options;
    options.upstreamUrl = upstreamUrl;
    return options;
}

} // namespace

class TestProxyServer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void upstreamResourceJoinsBaseAndTarget_data();
    void upstreamResourceJoinsBaseAndTarget();
    void upstreamRequestRewritesHostOnly();

    void headersForwardedWithHostRewritten();
    void framesPassUnchangedAndAreReportedOnTheirLeg();
    void closeCodePassesBothWays();
    void non101ReachesTheAppVerbatim();
    void unreachableUpstreamIs502();
    void badUpstreamCertificateIs502WithTheVerdict();
    void silentAppIsDroppedAfterTheTimeout();
    void oversizedRequestHeadIs431();
    void refusesItselfAsUpstream();
    void refusesAFlowThatComesBackToItself();
    void warnsWhenListeningBeyondLoopback();
    void servesTheAppOverTls();
    void twoHundredConcurrentFlows();
    void handedOffFlowRunsOnItsOwnThread();
};

void TestProxyServer::upstreamResourceJoinsBaseAndTarget_data()
{
    QTest::addColumn<QByteArray>("base");
    QTest::addColumn<QByteArray>("target");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("root base keeps the app's target") << QByteArray("/") << QByteArray("/chat?room=1") << QByteArray("/chat?room=1");
    QTest::newRow("base path before the app's path") << QByteArray("/api/") << QByteArray("/feed") << QByteArray("/api/feed");
    QTest::newRow("both queries joined") << QByteArray("/api?v=2") << QByteArray("/feed?x=1") << QByteArray("/api/feed?v=2&x=1");
    QTest::newRow("app's root under a base") << QByteArray("/v1") << QByteArray("/") << QByteArray("/v1/");
}

void TestProxyServer::upstreamResourceJoinsBaseAndTarget()
{
    QFETCH(QByteArray, base);
    QFETCH(QByteArray, target);
    QFETCH(QByteArray, expected);
    protocol::HttpRequestHead request;
    std::string error;
    QVERIFY(protocol::parseRequestHead("GET " + target.toStdString() + " HTTP/1.1\r\nHost: x\r\n\r\n", request, error));
    QCOMPARE(QByteArray::fromStdString(net::upstreamResource(base, request)), expected);
}

void TestProxyServer::upstreamRequestRewritesHostOnly()
{
    protocol::HttpRequestHead request;
    std::string error;
    QVERIFY(protocol::parseRequestHead("GET /a HTTP/1.1\r\nHost: 127.0.0.1:9000\r\nX-One: 1\r\nProxy-Authorization: Basic eA==\r\n"
                                       "cookie: a=b\r\n\r\n",
                                       request, error));
    const std::string head = net::buildUpstreamRequest(request, "/base/a", "api.example.com");
    QCOMPARE(QByteArray::fromStdString(head),
             QByteArray("GET /base/a HTTP/1.1\r\nHost: api.example.com\r\nX-One: 1\r\ncookie: a=b\r\n\r\n"));
}

void TestProxyServer::headersForwardedWithHostRewritten()
{
    MiniServer::Options upstreamOptions;
    upstreamOptions.subprotocols = {"superchat"};
    MiniServer upstream(upstreamOptions);
    QVERIFY(upstream.start());
    net::ProxyServer proxy(proxyTo(upstream.url(QStringLiteral("/base"))));
    QVERIFY2(proxy.start(), qPrintable(proxy.errorString()));
    FlowReports reports(proxy);

    ProxyTestClient app;
    QVERIFY(app.connectTo(proxy.port()));
    app.send(test::upgradeRequest("/chat?room=1", proxy.port(),
                                  "Origin: http://app.test\r\nCookie: session=abc\r\nAuthorization: Bearer t0k\r\n"
                                  "Sec-WebSocket-Protocol: chat, superchat\r\nX-Custom: 42\r\n"));
    const QByteArray answer = app.readHead();
    QVERIFY2(answer.startsWith("HTTP/1.1 101"), answer.constData());
    QVERIFY2(answer.contains(QByteArray("Sec-WebSocket-Accept: " + test::SampleAccept)), answer.constData());
    QVERIFY2(answer.contains("Sec-WebSocket-Protocol: superchat"), answer.constData());

    const QByteArray seen = upstream.lastRequest();
    QVERIFY2(seen.startsWith("GET /base/chat?room=1 HTTP/1.1\r\n"), seen.constData());
    QVERIFY2(seen.contains(QByteArray("\r\nHost: 127.0.0.1:" + QByteArray::number(upstream.serverPort()) + "\r\n")), seen.constData());
    QVERIFY2(!seen.contains(QByteArray(":" + QByteArray::number(proxy.port()))), seen.constData());
    for (const QByteArray &header : {QByteArray("Origin: http://app.test"), QByteArray("Cookie: session=abc"),
                                     QByteArray("Authorization: Bearer t0k"), QByteArray("Sec-WebSocket-Protocol: chat, superchat"),
                                     QByteArray("X-Custom: 42"), QByteArray("Sec-WebSocket-Key: " + test::SampleKey)})
        QVERIFY2(seen.contains(QByteArray("\r\n" + header + "\r\n")), qPrintable(QString::fromLatin1(header + " missing from:\n" + seen)));
    QCOMPARE(proxy.flowsStarted(), quint64(1));
}

void TestProxyServer::framesPassUnchangedAndAreReportedOnTheirLeg()
{
    MiniServer upstream(MiniServer::Options{});
    QVERIFY(upstream.start());
    net::ProxyServer proxy(proxyTo(upstream.url()));
    QVERIFY(proxy.start());
    FlowReports reports(proxy);
    ProxyTestClient app;
    QVERIFY(app.connectTo(proxy.port()));
    app.send(test::upgradeRequest("/", proxy.port()));
    QVERIFY(app.readHead().startsWith("HTTP/1.1 101"));

    // A text message in three fragments, a binary one, a ping: the echo server answers each.
    app.send(test::maskedFrame(0x1, "hel", false) + test::maskedFrame(0x0, "lo ", false) + test::maskedFrame(0x0, "world"));
    app.send(test::maskedFrame(0x2, QByteArray("\x00\x01\xff", 3)));
    app.send(test::maskedFrame(0x9, "are you there"));
    ServerFrame frame;
    QVERIFY(app.readFrame(frame));
    QCOMPARE(frame.opcode, quint8(0x1));
    QCOMPARE(frame.payload, QByteArray("hello world"));
    QVERIFY(app.readFrame(frame));
    QCOMPARE(frame.opcode, quint8(0x2));
    QCOMPARE(frame.payload, QByteArray("\x00\x01\xff", 3));
    QVERIFY(app.readFrame(frame));
    QCOMPARE(frame.opcode, quint8(0xA));
    QCOMPARE(frame.payload, QByteArray("are you there"));
    QCOMPARE(upstream.receivedMessages().value(0), QByteArray("hello world"));

    QTRY_COMPARE_WITH_TIMEOUT(reports.flows[1].messages(net::TrafficLeg::Server).size(), 2, WaitMs);
    const auto fromApp = reports.flows[1].messages(net::TrafficLeg::Client);
    QCOMPARE(fromApp.size(), 2);
    QCOMPARE(fromApp.at(0).payload, QByteArray("hello world"));
    QCOMPARE(fromApp.at(0).frameCount, quint32(3));
    QCOMPARE(fromApp.at(0).direction, net::EventDirection::Incoming);
    QVERIFY(!fromApp.at(1).isText);
    const auto fromServer = reports.flows[1].messages(net::TrafficLeg::Server);
    QCOMPARE(fromServer.at(0).payload, QByteArray("hello world"));
    QCOMPARE(fromServer.at(0).frameCount, quint32(1));
    bool pingFromApp = false;
    bool pongFromServer = false;
    for (const net::LogEvent &event : reports.flows[1].events) {
        pingFromApp = pingFromApp || (event.kind == net::EventKind::Ping && event.leg == net::TrafficLeg::Client);
        pongFromServer = pongFromServer || (event.kind == net::EventKind::Pong && event.leg == net::TrafficLeg::Server);
    }
    QVERIFY(pingFromApp);
    QVERIFY(pongFromServer);
    // Frames are reported with their masks: the app's frames as the app masked them.
    bool maskedFrameSeen = false;
    for (const net::LogEvent &event : reports.flows[1].events) {
        if (event.kind == net::EventKind::Frame && event.leg == net::TrafficLeg::Client)
            maskedFrameSeen = maskedFrameSeen || event.maskKey == 0x12345678u;
    }
    QVERIFY(maskedFrameSeen);
    QCOMPARE(reports.flows[1].handshakes.size(), 1);
    QCOMPARE(reports.flows[1].handshakes.at(0).status, 101);
}

void TestProxyServer::closeCodePassesBothWays()
{
    MiniServer upstream(MiniServer::Options{});
    QVERIFY(upstream.start());
    net::ProxyServer proxy(proxyTo(upstream.url()));
    QVERIFY(proxy.start());
    FlowReports reports(proxy);
    QSignalSpy finished(&proxy, &net::ProxyServer::flowFinished);
    ProxyTestClient app;
    QVERIFY(app.connectTo(proxy.port()));
    app.send(test::upgradeRequest("/", proxy.port()));
    QVERIFY(app.readHead().startsWith("HTTP/1.1 101"));
    app.send(test::maskedFrame(0x8, test::closePayload(4001, "bye now")));
    ServerFrame frame;
    QVERIFY(app.readFrame(frame));
    QCOMPARE(frame.opcode, quint8(0x8));
    QCOMPARE(frame.payload.left(2), test::closePayload(4001, {})); // the echo server's answer: the code, no reason
    app.socket.disconnectFromHost();
    QVERIFY(finished.wait(WaitMs) || finished.size() == 1);
    QVERIFY(reports.waitFinished(1));
    QCOMPARE(reports.flows[1].closes.size(), 1);
    const net::CloseInfo &close = reports.flows[1].closes.at(0);
    QCOMPARE(close.code, quint16(4001));
    QCOMPARE(close.reason, QStringLiteral("bye now"));
    QVERIFY(close.clean);
    QCOMPARE(close.initiator, net::CloseInitiator::Local);
    QCOMPARE(close.received.code, quint16(4001));
    QCOMPARE(proxy.openFlows(), 0);
}

void TestProxyServer::non101ReachesTheAppVerbatim()
{
    const QByteArray refusal = "HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain\r\nContent-Length: 6\r\nX-Why: nope\r\n\r\nno way";
    MiniServer::Options upstreamOptions;
    upstreamOptions.behaviour = MiniServer::Behaviour::Canned;
    upstreamOptions.canned = refusal;
    MiniServer upstream(upstreamOptions);
    QVERIFY(upstream.start());
    net::ProxyServer proxy(proxyTo(upstream.url()));
    QVERIFY(proxy.start());
    FlowReports reports(proxy);
    ProxyTestClient app;
    QVERIFY(app.connectTo(proxy.port()));
    app.send(test::upgradeRequest("/private", proxy.port()));
    QCOMPARE(app.readUntilClosed(), refusal);
    QVERIFY(reports.waitFinished(1));
    const auto &flow = reports.flows[1];
    QCOMPARE(flow.errors.size(), 1);
    QCOMPARE(flow.errors.at(0).id, QStringLiteral("upstream-refused"));
    QVERIFY2(flow.errors.at(0).message.contains(QStringLiteral("403 Forbidden")), qPrintable(flow.errors.at(0).message));
    QCOMPARE(flow.handshakes.size(), 1);
    QCOMPARE(flow.handshakes.at(0).status, 403);
    QVERIFY(!flow.handshakes.at(0).accepted);
}

void TestProxyServer::unreachableUpstreamIs502()
{
    QTcpServer probe; // a port that was free a moment ago: nothing listens there now
    QVERIFY(probe.listen(QHostAddress::LocalHost));
    const quint16 closedPort = probe.serverPort();
    probe.close();
    net::ProxyServer proxy(proxyTo(QStringLiteral("ws://127.0.0.1:%1/").arg(closedPort)));
    QVERIFY(proxy.start());
    FlowReports reports(proxy);
    ProxyTestClient app;
    QVERIFY(app.connectTo(proxy.port()));
    app.send(test::upgradeRequest("/", proxy.port()));
    const QByteArray answer = app.readUntilClosed();
    QVERIFY2(answer.startsWith("HTTP/1.1 502 Bad Gateway\r\n"), answer.constData());
    QVERIFY2(answer.contains("could not reach the upstream"), answer.constData());
    QVERIFY(reports.waitFinished(1));
    QCOMPARE(reports.flows[1].errors.value(0).id, QStringLiteral("upstream-unreachable"));
}

void TestProxyServer::badUpstreamCertificateIs502WithTheVerdict()
{
    test::TestCertificates certificates;
    QVERIFY2(certificates.isValid(), qPrintable(certificates.errorString()));
    MiniServer upstream(MiniServer::tlsEcho(certificates.selfSigned.chain, certificates.selfSigned.key));
    QVERIFY(upstream.start());

    // What a client Connection says of this server, verification on: the words to expect.
    net::ConnectionOptions direct;
    direct.url = upstream.url();
    test::ConnectionHarness harness(direct);
    harness.open();
    QVERIFY(harness.waitFinished());
    const QString verdict = harness.firstErrorMessage();
    QVERIFY(!verdict.isEmpty());

    net::ProxyServer proxy(proxyTo(upstream.url()));
    QVERIFY2(proxy.start(), qPrintable(proxy.errorString()));
    FlowReports reports(proxy);
    ProxyTestClient app;
    QVERIFY(app.connectTo(proxy.port()));
    app.send(test::upgradeRequest("/", proxy.port()));
    const QByteArray answer = app.readUntilClosed();
    QVERIFY2(answer.startsWith("HTTP/1.1 502 Bad Gateway\r\n"), answer.constData());
    QVERIFY2(answer.contains(verdict.toUtf8()), qPrintable(QString::fromUtf8(answer) + QStringLiteral("\nexpected: ") + verdict));
    QVERIFY(reports.waitFinished(1));
    const auto &flow = reports.flows[1];
    QCOMPARE(flow.errors.value(0).message, verdict);
    QCOMPARE(flow.errors.value(0).id, harness.firstErrorId());
    QCOMPARE(flow.tlsReports.size(), 1);
    QVERIFY(!flow.tlsReports.at(0).allowsConnection());
    QCOMPARE(upstream.lastRequest(), QByteArray()); // nothing of the app's went to it
}

void TestProxyServer::silentAppIsDroppedAfterTheTimeout()
{
    MiniServer upstream(MiniServer::Options{});
    QVERIFY(upstream.start());
    net::ReverseProxyOptions options = proxyTo(upstream.url());
    options.handshakeTimeoutMs = 300;
    net::ProxyServer proxy(options);
    QVERIFY(proxy.start());
    FlowReports reports(proxy);
    ProxyTestClient app;
    QVERIFY(app.connectTo(proxy.port()));
    app.send("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n"); // and never the rest
    QElapsedTimer clock;
    clock.start();
    QCOMPARE(app.readUntilClosed(5000), QByteArray());
    QCOMPARE(app.socket.state(), QAbstractSocket::UnconnectedState);
    QVERIFY2(clock.elapsed() >= 250 && clock.elapsed() < 3000, qPrintable(QString::number(clock.elapsed())));
    QVERIFY(reports.waitFinished(1));
    QCOMPARE(reports.flows[1].errors.value(0).id, QStringLiteral("request-timeout"));
    QCOMPARE(upstream.connectionCount(), 0);
}

void TestProxyServer::oversizedRequestHeadIs431()
{
    MiniServer upstream(MiniServer::Options{});
    QVERIFY(upstream.start());
    net::ReverseProxyOptions options = proxyTo(upstream.url());
    options.maxHeadSize = 1024;
    net::ProxyServer proxy(options);
    QVERIFY(proxy.start());
    ProxyTestClient app;
    QVERIFY(app.connectTo(proxy.port()));
    app.send(test::upgradeRequest("/", proxy.port(), QByteArray("X-Big: " + QByteArray(2000, 'a') + "\r\n")));
    const QByteArray answer = app.readUntilClosed();
    QVERIFY2(answer.startsWith("HTTP/1.1 431 "), answer.constData());
    QCOMPARE(upstream.connectionCount(), 0);
}

void TestProxyServer::refusesItselfAsUpstream()
{
    QTcpServer probe;
    QVERIFY(probe.listen(QHostAddress::LocalHost));
    const quint16 port = probe.serverPort();
    probe.close();
    for (const QString &host : {QStringLiteral("127.0.0.1"), QStringLiteral("localhost")}) {
        net::ReverseProxyOptions options = proxyTo(QStringLiteral("ws://%1:%2/").arg(host).arg(port));
        options.listenPort = port;
        net::ProxyServer proxy(options);
        QVERIFY(!proxy.start());
        QVERIFY2(proxy.errorString().contains(QStringLiteral("connect to itself")), qPrintable(proxy.errorString()));
        QCOMPARE(proxy.port(), quint16(0)); // nothing listens
    }
}

// A host name that resolves to the proxy is only found out once connected: that flow is
// answered 508 and no second flow is opened.
void TestProxyServer::refusesAFlowThatComesBackToItself()
{
    const QString name = QHostInfo::localHostName();
    const QHostInfo resolved = QHostInfo::fromName(name);
    const QList<QHostAddress> addresses = resolved.addresses();
    if (name.isEmpty() || addresses.isEmpty() || !addresses.first().isLoopback())
        QSKIP("this machine's host name does not resolve to 127.0.0.1 first (/etc/hosts)");
    QTcpServer probe;
    QVERIFY(probe.listen(QHostAddress::LocalHost));
    const quint16 port = probe.serverPort();
    probe.close();
    net::ReverseProxyOptions options = proxyTo(QStringLiteral("ws://%1:%2/").arg(name).arg(port));
    options.listenPort = port;
    net::ProxyServer proxy(options);
    QVERIFY2(proxy.start(), qPrintable(proxy.errorString())); // a name it cannot judge yet
    FlowReports reports(proxy);
    ProxyTestClient app;
    QVERIFY(app.connectTo(proxy.port()));
    app.send(test::upgradeRequest("/", proxy.port()));
    const QByteArray answer = app.readUntilClosed();
    QVERIFY2(answer.startsWith("HTTP/1.1 508 Loop Detected\r\n"), answer.constData());
    QVERIFY(reports.waitFinished(1));
    QCOMPARE(reports.flows[1].errors.value(0).id, QStringLiteral("proxy-loop"));
    QTRY_COMPARE_WITH_TIMEOUT(proxy.openFlows(), 0, WaitMs);
    QCOMPARE(proxy.flowsStarted(), quint64(2)); // the app's, and the one loop it made, refused at its request
}

void TestProxyServer::warnsWhenListeningBeyondLoopback()
{
    net::ReverseProxyOptions options = proxyTo(QStringLiteral("ws://127.0.0.1:9/"));
    net::ProxyServer local(options);
    QVERIFY(local.start());
    QCOMPARE(local.warning(), QString());
    options.listenAddress = QHostAddress::AnyIPv4;
    net::ProxyServer everywhere(options);
    QVERIFY(everywhere.start());
    QVERIFY2(everywhere.warning().contains(QStringLiteral("not only on this machine")), qPrintable(everywhere.warning()));
}

void TestProxyServer::servesTheAppOverTls()
{
    MiniServer upstream(MiniServer::Options{});
    QVERIFY(upstream.start());
    net::ReverseProxyOptions options = proxyTo(upstream.url());
    options.listenTls = true; // the built-in self-signed certificate
    net::ProxyServer proxy(options);
    QVERIFY2(proxy.start(), qPrintable(proxy.errorString()));
    QVERIFY(proxy.listenUrl().startsWith(QStringLiteral("wss://127.0.0.1:")));
    QSslSocket app;
    app.setPeerVerifyMode(QSslSocket::VerifyNone); // a self-signed certificate made for this run
    app.connectToHostEncrypted(QStringLiteral("127.0.0.1"), proxy.port());
    QTRY_VERIFY_WITH_TIMEOUT(app.isEncrypted(), WaitMs); // the event loop runs: the proxy answers
    app.write(test::upgradeRequest("/", proxy.port()) + test::maskedFrame(0x1, "over tls"));
    QByteArray received;
    QTRY_VERIFY_WITH_TIMEOUT((received += app.readAll()).contains("over tls"), WaitMs);
    QVERIFY2(received.startsWith("HTTP/1.1 101 "), received.constData());
    QCOMPARE(upstream.receivedMessages().value(0), QByteArray("over tls"));
}

void TestProxyServer::twoHundredConcurrentFlows()
{
    constexpr int Flows = 200;
    MiniServer upstream(MiniServer::Options{});
    QVERIFY(upstream.start());
    net::ReverseProxyOptions options = proxyTo(upstream.url());
    options.reportFrames = false;
    net::ProxyServer proxy(options);
    QVERIFY(proxy.start());
    FlowReports reports(proxy);
    std::vector<std::unique_ptr<ProxyTestClient>> apps;
    for (int i = 0; i < Flows; ++i) {
        apps.push_back(std::make_unique<ProxyTestClient>());
        apps.back()->socket.connectToHost(QHostAddress::LocalHost, proxy.port());
    }
    // The event loop runs while they connect: the proxy accepts on this thread.
    const auto allConnected = [&apps] {
        return std::all_of(apps.begin(), apps.end(),
                           [](const auto &app) { return app->socket.state() == QAbstractSocket::ConnectedState; });
    };
    QTRY_VERIFY_WITH_TIMEOUT(allConnected(), WaitMs);
    for (int i = 0; i < Flows; ++i)
        apps[std::size_t(i)]->send(test::upgradeRequest(QByteArray("/n" + QByteArray::number(i)), proxy.port())
                                   + test::maskedFrame(0x1, QByteArray("flow " + QByteArray::number(i))));
    QTRY_COMPARE_WITH_TIMEOUT(proxy.openFlows(), Flows, WaitMs);
    for (int i = 0; i < Flows; ++i) {
        ProxyTestClient &app = *apps[std::size_t(i)];
        QVERIFY2(app.readHead().startsWith("HTTP/1.1 101"), qPrintable(QString::number(i)));
        ServerFrame frame;
        QVERIFY(app.readFrame(frame));
        QCOMPARE(frame.payload, QByteArray("flow " + QByteArray::number(i)));
    }
    for (auto &app : apps)
        app->socket.disconnectFromHost();
    QTRY_COMPARE_WITH_TIMEOUT(proxy.openFlows(), 0, WaitMs);
    QCOMPARE(proxy.flowsStarted(), quint64(Flows));
    int reported = 0;
    for (const auto &entry : reports.flows)
        reported += entry.second.messages(net::TrafficLeg::Client).size();
    QCOMPARE(reported, Flows);
}

// As the window runs a flow: taken from the listener, on a SourceThread of its own.
void TestProxyServer::handedOffFlowRunsOnItsOwnThread()
{
    MiniServer upstream(MiniServer::Options{});
    QVERIFY(upstream.start());
    net::ProxyServer proxy(proxyTo(upstream.url()));
    proxy.setHandOffFlows(true);
    QVERIFY(proxy.start());
    std::unique_ptr<net::SourceThread> thread;
    QVector<net::LogEvent> events;
    QThread *flowThread = nullptr;
    connect(&proxy, &net::ProxyServer::flowReady, this, [&](net::ProxyFlow *flow) {
        flow->moveToThread(QThread::currentThread()); // pulled here, then pushed to its worker
        connect(flow, &net::TrafficSource::reported, this, [&events, flow](const net::ReportBatch &batch) {
            net::walkReports(
                batch, [&events](const net::EventBatch &rows) { events += rows; }, [](const auto &) {});
            flow->reportsConsumed(batch);
        });
        thread = std::make_unique<net::SourceThread>(flow);
        flowThread = flow->thread();
        thread->open();
    });
    ProxyTestClient app;
    QVERIFY(app.connectTo(proxy.port()));
    app.send(test::upgradeRequest("/", proxy.port()) + test::maskedFrame(0x1, "from a worker"));
    QVERIFY(app.readHead().startsWith("HTTP/1.1 101"));
    ServerFrame frame;
    QVERIFY(app.readFrame(frame));
    QCOMPARE(frame.payload, QByteArray("from a worker"));
    QVERIFY(flowThread && flowThread != QThread::currentThread());
    const auto messageOnLeg = [&events](net::TrafficLeg leg) {
        return std::any_of(events.begin(), events.end(), [leg](const net::LogEvent &event) {
            return event.kind == net::EventKind::Message && event.leg == leg && event.payload == "from a worker";
        });
    };
    QTRY_VERIFY_WITH_TIMEOUT(messageOnLeg(net::TrafficLeg::Client) && messageOnLeg(net::TrafficLeg::Server), WaitMs);
    QCOMPARE(proxy.openFlows(), 0); // the taker owns it
}

QTEST_GUILESS_MAIN(TestProxyServer)
#include "tst_proxyserver.moc"
