// SPDX-License-Identifier: MIT
// `wsinspect-cli proxy` as a user runs it: the real binary between an app written byte for
// byte (tests/net/proxy/ProxyTestClient.h) and `wsinspect-cli serve`. Its first stdout line
// is the URL to point the app at; each flow is a line on stderr; --record saves every flow
// as a tab of a session file on SIGTERM; usage errors, an upstream that is the proxy
// itself and a listening address beyond loopback are each said in a sentence.
#include "files/session/SessionFile.h"
#include "proxy/ProxyTestClient.h"
#include "support/ServeProcess.h"

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

QTEST_GUILESS_MAIN(TestCliProxy)
#include "tst_cliproxy.moc"
