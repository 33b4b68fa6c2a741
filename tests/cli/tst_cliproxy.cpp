// SPDX-License-Identifier: MIT
// `wsinspect-cli proxy` as a user runs it: the real binary between an app written byte for
// byte (tests/net/proxy/ProxyTestClient.h) and `wsinspect-cli serve`. Its first stdout line
// is the URL to point the app at; each flow is a line on stderr; --record saves every flow
// as a tab of a session file on SIGTERM; usage errors, an upstream that is the proxy
// itself and a listening address beyond loopback are each said in a sentence. With
// --forward: the CA made in --ca-dir on the first run (key 0600) and kept on the next, a
// ws:// flow through an absolute-form request printed with its host in --json.
#include "files/session/SessionFile.h"
#include "proxy/ProxyTestClient.h"
#include "support/ServeProcess.h"

#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

#include <csignal>

using namespace wsi;
using wsi::test::ProxyTestClient;
using wsi::test::ServerFrame;

namespace {

// The binary with these arguments, killed at the end whatever happens.
struct CliProcess {
    explicit CliProcess(const QStringList &arguments) { process.start(test::cliPath(), arguments); }
    ~CliProcess()
    {
        if (process.state() != QProcess::NotRunning) {
            process.kill();
            process.waitForFinished(5000);
        }
    }
    QString readLine()
    {
        if (!QTest::qWaitFor([&] { return process.canReadLine() || process.state() == QProcess::NotRunning; }, test::ServeWaitMs))
            return {};
        return QString::fromUtf8(process.readLine()).trimmed();
    }
    bool finish()
    {
        return QTest::qWaitFor([&] { return process.state() == QProcess::NotRunning; }, test::ServeWaitMs);
    }
    QString standardError() { return errors += QString::fromUtf8(process.readAllStandardError()); }
    QProcess process;
    QString errors;
};

} // namespace

class TestCliProxy : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void relaysToServeAndRecordsTheFlow();
    void usageErrors_data();
    void usageErrors();
    void refusesItselfAsUpstream();
    void warnsBeyondLoopback();
    void forwardMakesItsCaAndPrintsHosts();
};

void TestCliProxy::relaysToServeAndRecordsTheFlow()
{
    test::ServeProcess serve({QStringLiteral("-q")});
    const QString serveUrl = serve.readLine();
    QVERIFY2(serveUrl.startsWith(QStringLiteral("ws://127.0.0.1:")), qPrintable(serveUrl));
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString session = dir.filePath(QStringLiteral("flows.wsis"));
    CliProcess proxy({QStringLiteral("proxy"), QStringLiteral("--upstream"), serveUrl, QStringLiteral("--record"), session});
    const QString listening = proxy.readLine();
    QVERIFY2(listening.startsWith(QStringLiteral("ws://127.0.0.1:")), qPrintable(listening + proxy.standardError()));

    ProxyTestClient app;
    const quint16 port = quint16(QUrl(listening).port());
    QVERIFY(app.connectTo(port));
    app.send(test::upgradeRequest("/room?x=1", port));
    QVERIFY(app.readHead().startsWith("HTTP/1.1 101"));
    app.send(test::maskedFrame(0x1, "hello via the proxy"));
    ServerFrame frame;
    QVERIFY(app.readFrame(frame));
    QCOMPARE(frame.payload, QByteArray("hello via the proxy"));
    app.send(test::maskedFrame(0x8, test::closePayload(1000, "done")));
    QVERIFY(app.readFrame(frame));
    QCOMPARE(frame.opcode, quint8(0x8));
    app.socket.disconnectFromHost();
    QVERIFY2(QTest::qWaitFor([&] { return proxy.standardError().contains(QStringLiteral("ended 1000")); }, test::ServeWaitMs),
             qPrintable(proxy.standardError()));
    QVERIFY2(proxy.standardError().contains(QStringLiteral("#1 app asks for /room?x=1")), qPrintable(proxy.errors));
    QVERIFY2(proxy.standardError().contains(QStringLiteral("1 message(s) app->server, 1 server->app")), qPrintable(proxy.errors));

    ::kill(pid_t(proxy.process.processId()), SIGTERM);
    QVERIFY(proxy.finish());
    QCOMPARE(proxy.process.exitCode(), 0);
    std::vector<log::SessionTab> tabs;
    QString error;
    QVERIFY2(log::SessionFile::load(session, &tabs, &error), qPrintable(error));
    QCOMPARE(int(tabs.size()), 1);
    int fromApp = 0; // the app's message, on the app's leg
    int fromServer = 0; // the server's echo, on the server's
    for (int row = 0; row < tabs[0].store->rowCount(); ++row) {
        if (tabs[0].store->payload(row) != QByteArrayView("hello via the proxy"))
            continue;
        (tabs[0].store->record(row).leg() == net::TrafficLeg::Client ? fromApp : fromServer) += 1;
    }
    QCOMPARE(fromApp, 1);
    QCOMPARE(fromServer, 1);
}

void TestCliProxy::usageErrors_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("message");
    QTest::newRow("no upstream") << QStringList{} << QStringLiteral("--upstream URL is needed");
    QTest::newRow("listen without a port") << QStringList{QStringLiteral("--upstream"), QStringLiteral("ws://127.0.0.1:9/"),
                                                          QStringLiteral("--listen"), QStringLiteral("127.0.0.1")}
                                           << QStringLiteral("--listen wants HOST:PORT");
    QTest::newRow("listen on a name") << QStringList{QStringLiteral("--upstream"), QStringLiteral("ws://127.0.0.1:9/"),
                                                     QStringLiteral("--listen"), QStringLiteral("example.com:80")}
                                      << QStringLiteral("--listen wants an IP address");
    QTest::newRow("not a WebSocket upstream") << QStringList{QStringLiteral("--upstream"), QStringLiteral("ftp://127.0.0.1/")}
                                              << QStringLiteral("ftp");
    QTest::newRow("certificate without key") << QStringList{QStringLiteral("--upstream"), QStringLiteral("ws://127.0.0.1:9/"),
                                                            QStringLiteral("--listen-cert"), QStringLiteral("a.pem")}
                                             << QStringLiteral("--listen-cert and --listen-key go together");
    QTest::newRow("forward and upstream") << QStringList{QStringLiteral("--forward"), QStringLiteral("--upstream"), QStringLiteral("ws://127.0.0.1:9/")}
                                          << QStringLiteral("--forward and --upstream exclude each other");
    QTest::newRow("ca-dir without forward") << QStringList{QStringLiteral("--upstream"), QStringLiteral("ws://127.0.0.1:9/"),
                                                           QStringLiteral("--ca-dir"), QStringLiteral("/tmp/x")}
                                            << QStringLiteral("--ca-dir and --pass-through belong to --forward");
    QTest::newRow("forward with listen-tls") << QStringList{QStringLiteral("--forward"), QStringLiteral("--listen-tls")}
                                             << QStringLiteral("--listen-tls and --listen-cert are for --upstream");
}

void TestCliProxy::usageErrors()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, message);
    CliProcess proxy(QStringList{QStringLiteral("proxy")} + arguments);
    QVERIFY(proxy.finish());
    QCOMPARE(proxy.process.exitCode(), 2);
    QVERIFY2(proxy.standardError().contains(message), qPrintable(proxy.errors));
}

void TestCliProxy::refusesItselfAsUpstream()
{
    QTcpServer probe;
    QVERIFY(probe.listen(QHostAddress::LocalHost));
    const QString port = QString::number(probe.serverPort());
    probe.close();
    CliProcess proxy({QStringLiteral("proxy"), QStringLiteral("--listen"), QStringLiteral("127.0.0.1:") + port,
                      QStringLiteral("--upstream"), QStringLiteral("ws://localhost:%1/base").arg(port)});
    QVERIFY(proxy.finish());
    QCOMPARE(proxy.process.exitCode(), 1);
    QVERIFY2(proxy.standardError().contains(QStringLiteral("every flow would connect to itself")), qPrintable(proxy.errors));
}

void TestCliProxy::warnsBeyondLoopback()
{
    CliProcess proxy({QStringLiteral("proxy"), QStringLiteral("--listen"), QStringLiteral("0.0.0.0:0"), QStringLiteral("--upstream"),
                      QStringLiteral("ws://127.0.0.1:9/")});
    QVERIFY(!proxy.readLine().isEmpty());
    QVERIFY2(QTest::qWaitFor([&] { return proxy.standardError().contains(QStringLiteral("warning: listening on ws://0.0.0.0:")); },
                             test::ServeWaitMs),
             qPrintable(proxy.errors));
    ::kill(pid_t(proxy.process.processId()), SIGTERM);
    QVERIFY(proxy.finish());
    QCOMPARE(proxy.process.exitCode(), 0);
}

void TestCliProxy::forwardMakesItsCaAndPrintsHosts()
{
    test::ServeProcess serve({QStringLiteral("-q")});
    const QString serveUrl = serve.readLine();
    QVERIFY2(serveUrl.startsWith(QStringLiteral("ws://127.0.0.1:")), qPrintable(serveUrl));
    QTemporaryDir dir;
    const QString caDir = dir.filePath(QStringLiteral("ca"));
    const QStringList arguments{QStringLiteral("proxy"), QStringLiteral("--forward"), QStringLiteral("--ca-dir"), caDir, QStringLiteral("--json")};
    const QString session = dir.filePath(QStringLiteral("forward.wsis"));
    {
        CliProcess proxy(arguments + QStringList{QStringLiteral("--record"), session});
        const QJsonObject banner = QJsonDocument::fromJson(proxy.readLine().toUtf8()).object();
        QVERIFY2(banner.value(QStringLiteral("listening")).toString().startsWith(QStringLiteral("http://127.0.0.1:")), qPrintable(proxy.standardError()));
        QCOMPARE(banner.value(QStringLiteral("ca")).toString(), caDir + QStringLiteral("/ca.pem"));
        QVERIFY(banner.value(QStringLiteral("caCreated")).toBool());
        QCOMPARE(int(QFileInfo(caDir + QStringLiteral("/ca.key")).permissions() & 0x7777),
                 int(QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadUser | QFileDevice::WriteUser));

        ProxyTestClient app;
        const quint16 port = quint16(QUrl(banner.value(QStringLiteral("listening")).toString()).port());
        QVERIFY(app.connectTo(port));
        const QByteArray target = serveUrl.toUtf8().replace("ws://", "http://") + "feed";
        app.send(test::upgradeRequest(target, port) + test::maskedFrame(0x1, "forwarded"));
        QVERIFY(app.readHead().startsWith("HTTP/1.1 101"));
        ServerFrame frame;
        QVERIFY(app.readFrame(frame));
        QCOMPARE(frame.payload, QByteArray("forwarded"));
        QString lines;
        QVERIFY2(QTest::qWaitFor([&] {
                     lines += QString::fromUtf8(proxy.process.readAllStandardOutput());
                     return lines.count(QStringLiteral("\"data\":\"forwarded\"")) == 2;
                 }, test::ServeWaitMs),
                 qPrintable(lines));
        for (const QString &line : lines.split(QLatin1Char('\n'), Qt::SkipEmptyParts))
            QCOMPARE(QJsonDocument::fromJson(line.toUtf8()).object().value(QStringLiteral("host")).toString(), QStringLiteral("127.0.0.1"));
        ::kill(pid_t(proxy.process.processId()), SIGTERM);
        QVERIFY(proxy.finish());
    }
    // --record keeps the flow as a tab named after where it went.
    std::vector<log::SessionTab> tabs;
    QString error;
    QVERIFY2(log::SessionFile::load(session, &tabs, &error), qPrintable(error));
    QCOMPARE(int(tabs.size()), 1);
    QCOMPARE(tabs[0].state.options.url, serveUrl); // ws://127.0.0.1:PORT/
    CliProcess again(arguments);
    const QJsonObject banner = QJsonDocument::fromJson(again.readLine().toUtf8()).object();
    QCOMPARE(banner.value(QStringLiteral("caCreated")).toBool(true), false); // the same CA, loaded
}

QTEST_GUILESS_MAIN(TestCliProxy)
#include "tst_cliproxy.moc"
