// SPDX-License-Identifier: MIT
// The WebSocket versions against peers nobody on the team wrote: `wsinspect-cli connect
// --ws-version` (13, 8, 7, hixie-76, hixie-75) against em-websocket's server and faye's
// (websocket-driver under thin), both Debian packages, each of which says first which
// version it read from our request; and faye's client against our built-in server.
#include "net/echo/EchoServer.h"

#include <QHostAddress>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTest>

using wsi::net::EchoServer;
using wsi::net::EchoServerOptions;

namespace {

constexpr int WaitMs = 15000;
const QString InteropDir = QStringLiteral(WSI_INTEROP_DIR);

bool rubyHas(const QString &requires)
{
    QProcess probe;
    probe.start(QStringLiteral("ruby"), {QStringLiteral("-e"), requires});
    return probe.waitForFinished(WaitMs) && probe.exitStatus() == QProcess::NormalExit && probe.exitCode() == 0;
}

// A ruby peer server that prints its port first; killed when the test row ends.
struct RubyServer {
    QProcess process;
    int port = 0;
    bool start(const QString &script)
    {
        process.start(QStringLiteral("ruby"), {InteropDir + QStringLiteral("/peers/") + script});
        if (!QTest::qWaitFor([&] { return process.canReadLine() || process.state() == QProcess::NotRunning; }, WaitMs))
            return false;
        port = process.readLine().trimmed().toInt();
        // The port is printed before the server listens on it (thin takes a moment): wait
        // until it takes a connection, so no row meets a refusal that is not the peer's.
        return port > 0 && QTest::qWaitFor([&] {
                   QTcpSocket probe;
                   probe.connectToHost(QHostAddress::LocalHost, quint16(port));
                   return probe.waitForConnected(200);
               }, WaitMs);
    }
    ~RubyServer()
    {
        process.kill();
        process.waitForFinished(2000);
    }
};

} // namespace

class tst_LegacyInterop : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void cliSpeaksEachVersionToPeerServers_data();
    void cliSpeaksEachVersionToPeerServers();
    void fayeClientAgainstOurServer();
};

void tst_LegacyInterop::cliSpeaksEachVersionToPeerServers_data()
{
    QTest::addColumn<QString>("script");
    QTest::addColumn<QString>("version");
    QTest::addColumn<QString>("peerSaw"); // what the peer says it read from our request
    const QList<QPair<QString, QString>> em{{QStringLiteral("13"), QStringLiteral("13")},
                                           {QStringLiteral("8"), QStringLiteral("8")},
                                           {QStringLiteral("7"), QStringLiteral("7")},
                                           {QStringLiteral("hixie-76"), QStringLiteral("76")},
                                           {QStringLiteral("hixie-75"), QStringLiteral("75")}};
    for (const auto &[version, saw] : em)
        QTest::addRow("em-websocket, %s", qPrintable(version)) << QStringLiteral("em_websocket_server.rb") << version << saw;
    const QList<QPair<QString, QString>> faye{{QStringLiteral("13"), QStringLiteral("hybi-13")},
                                             {QStringLiteral("8"), QStringLiteral("hybi-8")},
                                             {QStringLiteral("7"), QStringLiteral("hybi-7")},
                                             {QStringLiteral("hixie-76"), QStringLiteral("hixie-76")},
                                             {QStringLiteral("hixie-75"), QStringLiteral("hixie-75")}};
    for (const auto &[version, saw] : faye)
        QTest::addRow("faye, %s", qPrintable(version)) << QStringLiteral("faye_websocket_server.rb") << version << saw;
}

void tst_LegacyInterop::cliSpeaksEachVersionToPeerServers()
{
    QFETCH(QString, script);
    QFETCH(QString, version);
    QFETCH(QString, peerSaw);
    const bool em = script.startsWith(QLatin1String("em_"));
    if (!rubyHas(em ? QStringLiteral("require 'em-websocket'") : QStringLiteral("require 'faye/websocket'; require 'thin'")))
        QSKIP("the ruby peer is missing: apt-get install ruby-em-websocket ruby-faye-websocket thin");
    RubyServer server;
    QVERIFY2(server.start(script), server.process.readAllStandardError().constData());

    QProcess cli;
    cli.start(QStringLiteral(WSI_CLI_PATH), {QStringLiteral("connect"), QStringLiteral("ws://127.0.0.1:%1/chat").arg(server.port),
                                              QStringLiteral("--ws-version"), version, QStringLiteral("--json"),
                                              QStringLiteral("--wait"), QStringLiteral("0.5")});
    const auto stopCli = qScopeGuard([&cli] {
        cli.kill();
        cli.waitForFinished(2000);
    });
    QVERIFY(cli.waitForStarted(WaitMs));
    cli.write("hello\nw\xc3\xb6rld\n");
    cli.closeWriteChannel();
    QVERIFY(QTest::qWaitFor([&] { return cli.state() == QProcess::NotRunning; }, WaitMs));
    const QByteArray errors = cli.readAllStandardError();
    const QByteArray output = cli.readAllStandardOutput();
    QVERIFY2(cli.exitStatus() == QProcess::NormalExit && cli.exitCode() == 0, QByteArray(errors + output).constData());

    QStringList received;
    QString openedAs;
    int hixieFrames = 0;
    bool closedCleanly = false;
    for (const QByteArray &line : output.trimmed().split('\n')) {
        const QJsonObject object = QJsonDocument::fromJson(line).object();
        const QString event = object.value(QStringLiteral("event")).toString();
        if (event == QLatin1String("open"))
            openedAs = object.value(QStringLiteral("version")).toString();
        else if (event == QLatin1String("message") && object.value(QStringLiteral("direction")).toString() == QLatin1String("in"))
            received << object.value(QStringLiteral("data")).toString();
        else if (event == QLatin1String("frame"))
            hixieFrames += object.value(QStringLiteral("format")).toString() == QLatin1String("hixie");
        else if (event == QLatin1String("close"))
            closedCleanly = object.value(QStringLiteral("clean")).toBool();
    }
    QCOMPARE(openedAs, version);
    QCOMPARE(received, (QStringList{QStringLiteral("version=") + peerSaw, QStringLiteral("hello"), QStringLiteral("wörld")}));
    // Draft 75 has no closing handshake: our close ends it with no frame; draft 76 sends
    // 0xFF 0x00 both ways. Every data frame of a hixie session is in the drafts' framing.
    if (version.startsWith(QLatin1String("hixie")))
        QVERIFY2(hixieFrames >= 5, qPrintable(QString::number(hixieFrames)));
    else
        QCOMPARE(hixieFrames, 0);
    QVERIFY(closedCleanly);
}

void tst_LegacyInterop::fayeClientAgainstOurServer()
{
    if (!rubyHas(QStringLiteral("require 'faye/websocket'; require 'eventmachine'")))
        QSKIP("faye's client is missing: apt-get install ruby-faye-websocket");
    EchoServer server;
    QVERIFY(server.start());
    QSignalSpy handshakes(&server, &EchoServer::clientHandshake);

    QProcess faye;
    faye.start(QStringLiteral("ruby"), {InteropDir + QStringLiteral("/peers/faye_websocket_client.rb"),
                                        server.url().toString() + QStringLiteral("chat"), QStringLiteral("one"),
                                        QString::fromUtf8("zwei \xc3\xbc")});
    const auto stopFaye = qScopeGuard([&faye] {
        faye.kill();
        faye.waitForFinished(2000);
    });
    QVERIFY(QTest::qWaitFor([&] { return faye.state() == QProcess::NotRunning; }, WaitMs));
    QVERIFY2(faye.exitCode() == 0, faye.readAllStandardError().constData());
    QCOMPARE(faye.readAllStandardOutput(), QByteArray("one\nzwei \xc3\xbc\nclose 1000\n"));
    QCOMPARE(handshakes.size(), 1);
    QCOMPARE(handshakes.first().at(7).toString(), QStringLiteral("13")); // the version our server read
}

QTEST_GUILESS_MAIN(tst_LegacyInterop)
#include "tst_legacyinterop.moc"
