// SPDX-License-Identifier: MIT
// net::Connection through proxies (HTTP CONNECT with auth, SOCKS5, the environment's) and
// its reconnects (backoff, countdown, off by default).
#include "support/ConnectionTestOptions.h"

class TestConnectionRoutes : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { registerMetaTypes(); }

    // ---- proxies
    void tunnelsThroughConnectProxy();
    void reportsProxyRefusal();
    void authenticatesToProxy();
    void tunnelsThroughSocks5_data();
    void tunnelsThroughSocks5();
    void reportsSocks5Refusal();
    void choosesEnvironmentProxy_data();
    void choosesEnvironmentProxy();

    // ---- reconnect
    void backoffGrowsExponentially();
    void reconnectsWithCountdown();
    void reconnectBackoffRestartsAfterOpen();
    void reconnectIsOffByDefault();
};

// ---- proxies -------------------------------------------------------------------------------

void TestConnectionRoutes::tunnelsThroughConnectProxy()
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

void TestConnectionRoutes::reportsProxyRefusal()
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

void TestConnectionRoutes::authenticatesToProxy()
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

void TestConnectionRoutes::tunnelsThroughSocks5_data()
{
    QTest::addColumn<QByteArray>("credentials");
    QTest::addColumn<QString>("host");
    QTest::newRow("no login, address") << QByteArray() << QStringLiteral("127.0.0.1");
    QTest::newRow("no login, name resolved by the proxy") << QByteArray() << QStringLiteral("localhost");
    QTest::newRow("login") << QByteArray("user:secret") << QStringLiteral("127.0.0.1");
}

void TestConnectionRoutes::tunnelsThroughSocks5()
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

void TestConnectionRoutes::reportsSocks5Refusal()
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

void TestConnectionRoutes::choosesEnvironmentProxy_data()
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

void TestConnectionRoutes::choosesEnvironmentProxy()
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

// ---- reconnect -----------------------------------------------------------------------------

void TestConnectionRoutes::backoffGrowsExponentially()
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

void TestConnectionRoutes::reconnectsWithCountdown()
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

void TestConnectionRoutes::reconnectBackoffRestartsAfterOpen()
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

void TestConnectionRoutes::reconnectIsOffByDefault()
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

QTEST_GUILESS_MAIN(TestConnectionRoutes)
#include "tst_connectionroutes.moc"
