// SPDX-License-Identifier: MIT
// The intercepting forward proxy (engine/net/proxy/ForwardProxyServer) over loopback with
// real sockets and real TLS: an app that CONNECTs, trusts the proxy's CA (ca.pem, made in
// a temporary --ca-dir) and speaks WebSocket through it to the built-in EchoServer serving
// wss:// with a test-made certificate (the upstream leg verifies it against the test root);
// plain ws:// through an absolute-form request and through CONNECT to a plain port; a
// pass-through host tunnelled byte for byte; plain HTTP relayed untouched (Connection: close);
// and an app that refuses the proxy's certificate (`openssl s_client` with another CA,
// which ends the handshake with unknown_ca) reported with the line that says what to do.
#include "net/echo/EchoServer.h"
#include "net/proxy/ForwardProxyServer.h"
#include "net/source/SourceThread.h"
#include "proxy/ProxyTestClient.h"
#include "support/TestCertificates.h"

#include <QElapsedTimer>
#include <QProcess>
#include <QSslConfiguration>
#include <QSslSocket>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <map>
#include <memory>

using namespace wsi;
using wsi::test::ServerFrame;

namespace {

constexpr int WaitMs = 10000;

// Each flow's errors and messages, and the server's notices, as the CLI reads them.
struct ForwardReports {
    explicit ForwardReports(net::ForwardProxyServer &server)
    {
        QObject::connect(&server, &net::ForwardProxyServer::notice, &server,
                         [this](quint64, const QString &host, const QString &text, bool) { notices.append(host + QLatin1Char(' ') + text); });
        QObject::connect(&server, &net::ForwardProxyServer::flowStarted, &server, [this](net::ProxyFlow *flow) {
            const quint64 id = flow->id();
            hosts[id] = flow->upstreamHost();
            QObject::connect(flow, &net::TrafficSource::reported, flow, [this, id](const net::ReportBatch &batch) {
                net::walkReports(
                    batch,
                    [this, id](const net::EventBatch &rows) {
                        for (const net::LogEvent &row : rows)
                            if (row.kind == net::EventKind::Message)
                                messages[id].append(row.payload);
                    },
                    net::Overloaded{[this, id](const net::ConnectionError &error) { errors[id].append(error.id + QStringLiteral(": ") + error.message); },
                                    [this, id](const net::TlsReport &report) { tlsAllowed[id] = report.allowsConnection(); },
                                    [](const auto &) {}});
            });
        });
    }
    QStringList allErrors() const
    {
        QStringList all;
        for (const auto &entry : errors)
            all += entry.second;
        return all;
    }
    std::map<quint64, QString> hosts;
    std::map<quint64, QList<QByteArray>> messages;
    std::map<quint64, QStringList> errors;
    std::map<quint64, bool> tlsAllowed;
    QStringList notices;
};

// An app on the test's thread (the proxy runs here too: every wait spins the event loop).
struct App {
    QSslSocket socket;
    QByteArray pending;

    bool connectTo(quint16 port)
    {
        socket.connectToHost(QHostAddress::LocalHost, port);
        QElapsedTimer clock;
        clock.start();
        while (socket.state() != QAbstractSocket::ConnectedState && clock.elapsed() < WaitMs)
            QTest::qWait(5);
        return socket.state() == QAbstractSocket::ConnectedState;
    }
    void send(const QByteArray &bytes) { socket.write(bytes); }
    QByteArray readHead()
    {
        QElapsedTimer clock;
        clock.start();
        while (clock.elapsed() < WaitMs) {
            pending += socket.readAll();
            const qsizetype end = pending.indexOf("\r\n\r\n");
            if (end >= 0) {
                const QByteArray head = pending.left(end + 4);
                pending.remove(0, end + 4);
                return head;
            }
            if (socket.state() == QAbstractSocket::UnconnectedState)
                return {};
            QTest::qWait(5);
        }
        return {};
    }
    QByteArray readUntil(const QByteArray &needle)
    {
        QElapsedTimer clock;
        clock.start();
        while (clock.elapsed() < WaitMs && !pending.contains(needle)) {
            pending += socket.readAll();
            if (socket.state() == QAbstractSocket::UnconnectedState)
                break;
            QTest::qWait(5);
        }
        return pending;
    }
    // TLS inside the tunnel, trusting `caFile` only, the name checked against `host`.
    bool startTls(const QString &caFile, const QString &host)
    {
        QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
        configuration.setCaCertificates(QSslCertificate::fromPath(caFile));
        configuration.setPeerVerifyMode(QSslSocket::VerifyPeer);
        socket.setSslConfiguration(configuration);
        socket.startClientEncryption();
        socket.setPeerVerifyName(host);
        QElapsedTimer clock;
        clock.start();
        while (!socket.isEncrypted() && socket.state() == QAbstractSocket::ConnectedState && clock.elapsed() < WaitMs)
            QTest::qWait(5);
        return socket.isEncrypted();
    }
};

// One message's unmasked server frame out of `bytes` (the echo's answer), or empty.
QByteArray firstFramePayload(const QByteArray &bytes)
{
    if (bytes.size() < 2 || (quint8(bytes.at(1)) & 0x7f) >= 126)
        return {};
    return bytes.mid(2, quint8(bytes.at(1)) & 0x7f);
}

} // namespace

class TestForwardProxy : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void passThroughMatching_data();
    void passThroughMatching();
    void interceptsConnectWithTlsToAWssServer();
    void relaysAbsoluteFormWsRequests();
    void relaysPlainWebSocketsOverConnect();
    void relaysPlainHttpUntouched();
    void tunnelsPassThroughHostsUntouched();
    void saysWhatToDoWhenTheAppRefusesTheCa();
    void handedOffFlowRunsOnItsOwnThread();
    void refusesToConnectToItself();
    void warnsBeyondLoopbackAndDropsSilentApps();

private:
    std::unique_ptr<test::TestCertificates> m_certificates;
    QTemporaryDir m_caDir;
    net::ForwardProxyOptions options() const
    {
        net::ForwardProxyOptions o;
        o.caDirectory = m_caDir.path();
        o.flows.upstreamTls.caFile = m_certificates->rootFile;
        return o;
    }
};

void TestForwardProxy::initTestCase()
{
    m_certificates = std::make_unique<test::TestCertificates>();
    QVERIFY2(m_certificates->isValid(), qPrintable(m_certificates->errorString()));
    QVERIFY(m_caDir.isValid());
}

void TestForwardProxy::passThroughMatching_data()
{
    QTest::addColumn<QString>("host");
    QTest::addColumn<bool>("passes");
    QTest::newRow("a listed host") << QStringLiteral("accounts.example.com") << true;
    QTest::newRow("a listed host in capitals") << QStringLiteral("Accounts.Example.COM") << true;
    QTest::newRow("a sibling of a listed host") << QStringLiteral("mail.example.com") << false;
    QTest::newRow("a subdomain under a wildcard") << QStringLiteral("a.pinned.test") << true;
    QTest::newRow("two levels under a wildcard") << QStringLiteral("a.b.pinned.test") << true;
    QTest::newRow("the wildcard's own domain") << QStringLiteral("pinned.test") << false;
    QTest::newRow("a name that only ends alike") << QStringLiteral("notpinned.test") << false;
    QTest::newRow("a listed address") << QStringLiteral("10.0.0.7") << true;
}

void TestForwardProxy::passThroughMatching()
{
    QFETCH(QString, host);
    QFETCH(bool, passes);
    const QStringList list{QStringLiteral("accounts.example.com"), QStringLiteral("*.pinned.test"), QStringLiteral("10.0.0.7")};
    QCOMPARE(net::matchesPassThrough(list, host), passes);
}

void TestForwardProxy::interceptsConnectWithTlsToAWssServer()
{
    net::EchoServer echo;
    net::EchoServerOptions echoOptions;
    echoOptions.tls = true;
    echoOptions.certificateFile = m_certificates->leaf.certificateFile;
    echoOptions.keyFile = m_certificates->leaf.keyFile;
    echo.setOptions(echoOptions);
    QVERIFY2(echo.start(), qPrintable(echo.lastError()));
    const quint16 echoPort = quint16(echo.url().port());

    net::ForwardProxyServer proxy(options());
    ForwardReports reports(proxy);
    QVERIFY2(proxy.start(), qPrintable(proxy.errorString()));
    QVERIFY(proxy.proxyUrl().startsWith(QLatin1String("http://127.0.0.1:")));

    App app;
    QVERIFY(app.connectTo(proxy.port()));
    app.send("CONNECT 127.0.0.1:" + QByteArray::number(echoPort) + " HTTP/1.1\r\nHost: 127.0.0.1:" + QByteArray::number(echoPort) + "\r\n\r\n");
    const QByteArray established = app.readHead();
    QVERIFY2(established.startsWith("HTTP/1.1 200"), established.constData());
    QVERIFY2(app.startTls(m_caDir.path() + QStringLiteral("/ca.pem"), QStringLiteral("127.0.0.1")),
             qPrintable(app.socket.errorString()));
    // The proxy's leaf for the host, issued by the CA the app trusts, offering only http/1.1.
    QCOMPARE(app.socket.peerCertificate().issuerInfo(QSslCertificate::CommonName),
             proxy.certificateAuthority().certificate().subjectInfo(QSslCertificate::CommonName));
    app.send(test::upgradeRequest("/echo", echoPort) + test::maskedFrame(0x1, "through the forward proxy"));
    const QByteArray answer = app.readHead();
    QVERIFY2(answer.startsWith("HTTP/1.1 101"), answer.constData());
    QVERIFY2(answer.contains(test::SampleAccept), answer.constData());
    QCOMPARE(firstFramePayload(app.readUntil("proxy")), QByteArray("through the forward proxy"));

    QTRY_VERIFY_WITH_TIMEOUT(reports.messages[1].size() >= 2, WaitMs);
    QCOMPARE(reports.hosts[1], QStringLiteral("127.0.0.1"));
    QCOMPARE(reports.messages[1].at(0), QByteArray("through the forward proxy")); // app -> server
    QCOMPARE(reports.messages[1].at(1), QByteArray("through the forward proxy")); // the echo
    QVERIFY(reports.tlsAllowed[1]); // the upstream's chain verified against the test root
    QVERIFY(reports.allErrors().isEmpty());
}

void TestForwardProxy::relaysAbsoluteFormWsRequests()
{
    net::EchoServer echo;
    QVERIFY2(echo.start(), qPrintable(echo.lastError()));
    const QByteArray echoPort = QByteArray::number(echo.url().port());
    net::ForwardProxyServer proxy(options());
    ForwardReports reports(proxy);
    QVERIFY2(proxy.start(), qPrintable(proxy.errorString()));

    App app;
    QVERIFY(app.connectTo(proxy.port()));
    QByteArray request = test::upgradeRequest("http://127.0.0.1:" + echoPort + "/room?x=1", echo.url().port());
    app.send(request + test::maskedFrame(0x1, "absolute form"));
    const QByteArray answer = app.readHead();
    QVERIFY2(answer.startsWith("HTTP/1.1 101"), answer.constData());
    QCOMPARE(firstFramePayload(app.readUntil("form")), QByteArray("absolute form"));
    QTRY_VERIFY_WITH_TIMEOUT(reports.messages[1].size() >= 2, WaitMs);
    QVERIFY(reports.allErrors().isEmpty());
}

void TestForwardProxy::relaysPlainWebSocketsOverConnect()
{
    net::EchoServer echo;
    QVERIFY2(echo.start(), qPrintable(echo.lastError()));
    const quint16 echoPort = quint16(echo.url().port());
    net::ForwardProxyServer proxy(options());
    ForwardReports reports(proxy);
    QVERIFY2(proxy.start(), qPrintable(proxy.errorString()));

    App app;
    QVERIFY(app.connectTo(proxy.port()));
    app.send("CONNECT 127.0.0.1:" + QByteArray::number(echoPort) + " HTTP/1.1\r\n\r\n");
    QVERIFY(app.readHead().startsWith("HTTP/1.1 200"));
    app.send(test::upgradeRequest("/", echoPort) + test::maskedFrame(0x1, "plain tunnel"));
    QVERIFY(app.readHead().startsWith("HTTP/1.1 101"));
    QCOMPARE(firstFramePayload(app.readUntil("tunnel")), QByteArray("plain tunnel"));
    QTRY_VERIFY_WITH_TIMEOUT(reports.messages[1].size() >= 2, WaitMs);
    QVERIFY(reports.tlsAllowed.empty()); // no TLS on either leg
}

void TestForwardProxy::relaysPlainHttpUntouched()
{
    // An HTTP server that reads a chunked POST to its end, keeps what it got, answers with
    // a chunked body and closes (the proxy asked it to: Connection: close).
    QTcpServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost));
    QByteArray received;
    QObject::connect(&server, &QTcpServer::newConnection, &server, [&server, &received] {
        QTcpSocket *peer = server.nextPendingConnection();
        QObject::connect(peer, &QIODevice::readyRead, peer, [peer, &received] {
            received += peer->readAll();
            if (received.endsWith("0\r\n\r\n")) {
                peer->write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n5\r\nhello\r\n7\r\n, proxy\r\n0\r\n\r\n");
                peer->disconnectFromHost();
            }
        });
    });
    net::ForwardProxyServer proxy(options());
    ForwardReports reports(proxy);
    QVERIFY2(proxy.start(), qPrintable(proxy.errorString()));
    App app;
    QVERIFY(app.connectTo(proxy.port()));
    const QByteArray port = QByteArray::number(server.serverPort());
    app.send("POST http://127.0.0.1:" + port + "/submit?x=1 HTTP/1.1\r\nHost: 127.0.0.1:" + port
             + "\r\nProxy-Connection: keep-alive\r\nConnection: keep-alive\r\nTransfer-Encoding: chunked\r\n\r\n"
             + "4\r\nbody\r\n0\r\n\r\n");
    QTRY_VERIFY_WITH_TIMEOUT(app.socket.state() == QAbstractSocket::UnconnectedState, WaitMs);
    const QByteArray answer = app.pending + app.socket.readAll();
    QCOMPARE(answer, QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n5\r\nhello\r\n7\r\n, proxy\r\n0\r\n\r\n"));
    // Origin form, Host kept, the hop-by-hop headers replaced by Connection: close, the body as it came.
    QCOMPARE(received, QByteArray("POST /submit?x=1 HTTP/1.1\r\nHost: 127.0.0.1:" + port
                                  + "\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n4\r\nbody\r\n0\r\n\r\n"));
    QVERIFY(reports.allErrors().isEmpty());
    QVERIFY(reports.messages.empty()); // relayed, not inspected
}

void TestForwardProxy::tunnelsPassThroughHostsUntouched()
{
    // A server that answers with what it got, reversed: bytes that are neither TLS nor HTTP.
    QTcpServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost));
    QObject::connect(&server, &QTcpServer::newConnection, &server, [&server] {
        QTcpSocket *peer = server.nextPendingConnection();
        QObject::connect(peer, &QIODevice::readyRead, peer, [peer] {
            QByteArray bytes = peer->readAll();
            std::reverse(bytes.begin(), bytes.end());
            peer->write(bytes);
        });
    });
    net::ForwardProxyOptions o = options();
    o.passThroughHosts = {QStringLiteral("127.0.0.1")};
    net::ForwardProxyServer proxy(o);
    ForwardReports reports(proxy);
    QVERIFY2(proxy.start(), qPrintable(proxy.errorString()));

    App app;
    QVERIFY(app.connectTo(proxy.port()));
    app.send("CONNECT 127.0.0.1:" + QByteArray::number(server.serverPort()) + " HTTP/1.1\r\n\r\n");
    QVERIFY(app.readHead().startsWith("HTTP/1.1 200"));
    const QByteArray raw("\x16\x03\x01 raw bytes \x00\xff", 18);
    app.send(raw);
    QByteArray reversed = raw;
    std::reverse(reversed.begin(), reversed.end());
    QCOMPARE(app.readUntil(reversed.right(4)), reversed);
    app.socket.disconnectFromHost();
    QTRY_VERIFY_WITH_TIMEOUT(reports.notices.filter(QStringLiteral("ended: 18 byte(s) app->server, 18 server->app")).size() == 1, WaitMs);
    QVERIFY(reports.hosts.empty()); // not a flow: nothing inspected
}

void TestForwardProxy::saysWhatToDoWhenTheAppRefusesTheCa()
{
    if (QStandardPaths::findExecutable(QStringLiteral("openssl")).isEmpty())
        QSKIP("the openssl command is not installed (Debian: openssl)");
    net::EchoServer echo;
    net::EchoServerOptions echoOptions;
    echoOptions.tls = true;
    echoOptions.certificateFile = m_certificates->leaf.certificateFile;
    echoOptions.keyFile = m_certificates->leaf.keyFile;
    echo.setOptions(echoOptions);
    QVERIFY2(echo.start(), qPrintable(echo.lastError()));
    net::ForwardProxyServer proxy(options());
    ForwardReports reports(proxy);
    QVERIFY2(proxy.start(), qPrintable(proxy.errorString()));

    // s_client through the proxy, trusting only the test root (not the proxy's CA): it
    // ends the handshake with an unknown_ca alert, as a browser without our CA does.
    QProcess client;
    client.setProcessChannelMode(QProcess::MergedChannels);
    client.start(QStringLiteral("openssl"),
                 {QStringLiteral("s_client"), QStringLiteral("-proxy"), QStringLiteral("127.0.0.1:%1").arg(proxy.port()),
                  QStringLiteral("-connect"), QStringLiteral("127.0.0.1:%1").arg(echo.url().port()), QStringLiteral("-CAfile"),
                  m_certificates->rootFile, QStringLiteral("-verify_return_error"), QStringLiteral("-brief")});
    QVERIFY(client.waitForStarted(WaitMs));
    client.closeWriteChannel();
    QTRY_VERIFY_WITH_TIMEOUT(client.state() == QProcess::NotRunning, WaitMs);
    QVERIFY(client.exitCode() != 0);
    QTRY_VERIFY_WITH_TIMEOUT(!reports.allErrors().isEmpty(), WaitMs);
    const QString error = reports.allErrors().constFirst();
    QVERIFY2(error.contains(QStringLiteral("this app does not trust the wsinspect CA (or pins its certificates): trust %1/ca.pem, "
                                           "or add the host 127.0.0.1 to --pass-through")
                                .arg(m_caDir.path())),
             qPrintable(error + QStringLiteral("\ns_client: ") + QString::fromLocal8Bit(client.readAll())));
}

// The window's way: the flow, its connected app socket with it, leaves the server's thread
// and runs on a worker of its own (SourceThread), TLS to the app included.
void TestForwardProxy::handedOffFlowRunsOnItsOwnThread()
{
    net::EchoServer echo;
    net::EchoServerOptions echoOptions;
    echoOptions.tls = true;
    echoOptions.certificateFile = m_certificates->leaf.certificateFile;
    echoOptions.keyFile = m_certificates->leaf.keyFile;
    echo.setOptions(echoOptions);
    QVERIFY2(echo.start(), qPrintable(echo.lastError()));
    const quint16 echoPort = quint16(echo.url().port());
    net::ForwardProxyServer proxy(options());
    proxy.setHandOffFlows(true);
    QVERIFY2(proxy.start(), qPrintable(proxy.errorString()));
    // The reports' receiver goes with this test: batches still queued to it then are dropped,
    // not delivered to the next test about a flow that is gone.
    QObject receiver;
    std::unique_ptr<net::SourceThread> thread;
    QList<QByteArray> messages;
    QThread *flowThread = nullptr;
    connect(&proxy, &net::ForwardProxyServer::flowReady, &receiver, [&](net::ProxyFlow *flow) {
        flow->moveToThread(QThread::currentThread());
        connect(flow, &net::TrafficSource::reported, &receiver, [&messages, flow](const net::ReportBatch &batch) {
            net::walkReports(
                batch,
                [&messages](const net::EventBatch &rows) {
                    for (const net::LogEvent &row : rows)
                        if (row.kind == net::EventKind::Message)
                            messages.append(row.payload);
                },
                [](const auto &) {});
            flow->reportsConsumed(batch);
        });
        thread = std::make_unique<net::SourceThread>(flow);
        flowThread = flow->thread();
        thread->open();
    });
    App app;
    QVERIFY(app.connectTo(proxy.port()));
    app.send("CONNECT 127.0.0.1:" + QByteArray::number(echoPort) + " HTTP/1.1\r\n\r\n");
    QVERIFY(app.readHead().startsWith("HTTP/1.1 200"));
    QVERIFY2(app.startTls(m_caDir.path() + QStringLiteral("/ca.pem"), QStringLiteral("127.0.0.1")), qPrintable(app.socket.errorString()));
    app.send(test::upgradeRequest("/", echoPort) + test::maskedFrame(0x1, "from a worker"));
    QVERIFY(app.readHead().startsWith("HTTP/1.1 101"));
    QCOMPARE(firstFramePayload(app.readUntil("worker")), QByteArray("from a worker"));
    QVERIFY(flowThread && flowThread != QThread::currentThread());
    QTRY_VERIFY_WITH_TIMEOUT(messages.size() >= 2, WaitMs);
    QCOMPARE(messages.value(0), QByteArray("from a worker"));
    QCOMPARE(proxy.openFlows(), 0); // the taker owns it
}

// CONNECT to the proxy's own port would open flow after flow: the flow answers 508.
void TestForwardProxy::refusesToConnectToItself()
{
    net::ForwardProxyServer proxy(options());
    ForwardReports reports(proxy);
    QVERIFY2(proxy.start(), qPrintable(proxy.errorString()));
    App app;
    QVERIFY(app.connectTo(proxy.port()));
    const QByteArray self = "127.0.0.1:" + QByteArray::number(proxy.port());
    app.send("GET http://" + self + "/ HTTP/1.1\r\nHost: " + self
             + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + test::SampleKey
             + "\r\nSec-WebSocket-Version: 13\r\n\r\n");
    const QByteArray answer = app.readHead();
    QVERIFY2(answer.startsWith("HTTP/1.1 508"), answer.constData());
    QTRY_VERIFY_WITH_TIMEOUT(reports.allErrors().filter(QStringLiteral("proxy-loop: ")).size() == 1, WaitMs);
}

void TestForwardProxy::warnsBeyondLoopbackAndDropsSilentApps()
{
    net::ForwardProxyOptions o = options();
    o.flows.listenAddress = QHostAddress(QHostAddress::AnyIPv4);
    o.flows.handshakeTimeoutMs = 300;
    net::ForwardProxyServer proxy(o);
    ForwardReports reports(proxy);
    QVERIFY2(proxy.start(), qPrintable(proxy.errorString()));
    QVERIFY2(proxy.warning().contains(QLatin1String("not only on this machine")), qPrintable(proxy.warning()));
    App app;
    QVERIFY(app.connectTo(proxy.port()));
    app.send("CONNECT 127.0.0.1:9 HTTP/1.1\r\n"); // and nothing more
    QTRY_VERIFY_WITH_TIMEOUT(app.socket.state() == QAbstractSocket::UnconnectedState, WaitMs);
    QVERIFY2(reports.notices.filter(QStringLiteral("no complete request within 300 ms")).size() == 1, qPrintable(reports.notices.join(QLatin1Char('\n'))));
    QCOMPARE(proxy.refusedRequests(), quint64(1));
}

QTEST_GUILESS_MAIN(TestForwardProxy)
#include "tst_forwardproxy.moc"
