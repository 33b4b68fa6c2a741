// SPDX-License-Identifier: MIT
// `wsinspect-cli serve` as a user runs it: the real binary in a QProcess, the URL read from
// its first stdout line, a client-role Driver talking to it, SIGTERM/SIGINT to stop it.
// The binary is found next to this build's app/ directory; without it the test skips.
#include "support/EchoTestClient.h"
#include "support/ServeProcess.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QProcess>
#include <QRegularExpression>
#include <QElapsedTimer>
#include <QHostAddress>
#include <QTcpSocket>
#include <QTest>
#include <QUrl>

#include <csignal>
#include <memory>

using wsi::test::EchoTestClient;
using wsi::test::EchoTestClientOptions;
using wsi::test::ServeProcess;
using wsi::test::portOf;
using wsi::test::cliPath;
using wsi::test::ServeWaitMs;

namespace {

constexpr int WaitMs = ServeWaitMs;

// A client that completes the upgrade by hand and then never answers the server's close
// frame, so a shutting-down server has to wait for it (close timeout or grace period).
std::unique_ptr<QTcpSocket> silentUpgradedClient(quint16 port)
{
    auto socket = std::make_unique<QTcpSocket>();
    socket->connectToHost(QHostAddress::LocalHost, port);
    if (!socket->waitForConnected(WaitMs))
        return nullptr;
    socket->write("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                  "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n");
    QByteArray answer;
    while (!answer.contains("\r\n\r\n") && socket->waitForReadyRead(WaitMs))
        answer += socket->readAll();
    return answer.startsWith("HTTP/1.1 101") ? std::move(socket) : nullptr;
}

} // namespace

class tst_ServeCommand : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void printsUrlThenEchoes();
    void closesClientsWith1001OnSignal_data();
    void closesClientsWith1001OnSignal();
    void secondSignalStopsAtOnceUnlessItIsTheSameRequest_data();
    void secondSignalStopsAtOnceUnlessItIsTheSameRequest();
    void servesWssAndPrintsFingerprint();
    void quietModeLogsNothing();
    void appliesOptions();
    void refusesBadArguments_data();
    void refusesBadArguments();
    void helpHasExamples();
    void plainHttpHitsAreAnsweredAndLoggedAsSuch();
};

void tst_ServeCommand::initTestCase()
{
    if (!QFileInfo(cliPath()).isExecutable())
        QSKIP(qPrintable(QStringLiteral("%1 is not built").arg(cliPath())));
}

void tst_ServeCommand::printsUrlThenEchoes()
{
    ServeProcess serve({});
    const QString url = serve.readLine();
    QVERIFY2(QRegularExpression(QStringLiteral("^ws://127\\.0\\.0\\.1:\\d+/$")).match(url).hasMatch(), qPrintable(url));
    EchoTestClient client;
    client.connectTo(portOf(url));
    QVERIFY(QTest::qWaitFor([&] { return client.opened || client.closed; }, WaitMs));
    QVERIFY(client.opened);
    QVERIFY(client.sendText("through the CLI"));
    QVERIFY(QTest::qWaitFor([&] { return !client.messages.empty(); }, WaitMs));
    QCOMPARE(client.messages[0].payload, std::string("through the CLI"));
    QVERIFY(client.close(1000));
    QVERIFY(QTest::qWaitFor([&] { return client.closed; }, WaitMs));
    QVERIFY(QTest::qWaitFor([&] { return serve.standardError().contains(QLatin1String(" closed 1000")); }, WaitMs));
    const QString log = serve.standardError();
    QVERIFY2(log.contains(QLatin1String("#1 connected from 127.0.0.1:")), qPrintable(log));
    QVERIFY2(log.contains(QLatin1String("#1 open /")), qPrintable(log));
    QVERIFY2(log.contains(QLatin1String("#1 closed 1000")) && log.contains(QLatin1String(" clean")), qPrintable(log));
}

void tst_ServeCommand::closesClientsWith1001OnSignal_data()
{
    QTest::addColumn<int>("signalNumber");
    QTest::newRow("SIGTERM") << int(SIGTERM);
    QTest::newRow("SIGINT") << int(SIGINT);
}

void tst_ServeCommand::closesClientsWith1001OnSignal()
{
    QFETCH(int, signalNumber);
    ServeProcess serve({});
    const quint16 port = portOf(serve.readLine());
    QVERIFY(port != 0);
    std::vector<std::unique_ptr<EchoTestClient>> clients;
    for (int i = 0; i < 3; ++i) {
        clients.push_back(std::make_unique<EchoTestClient>());
        clients.back()->connectTo(port);
    }
    for (const auto &client : clients)
        QVERIFY(QTest::qWaitFor([&] { return client->opened; }, WaitMs));
    serve.signal(signalNumber);
    for (const auto &client : clients) {
        QVERIFY(QTest::qWaitFor([&] { return client->closed; }, WaitMs));
        QCOMPARE(client->closeEvent.code, quint16(1001));
        QVERIFY(client->closeEvent.clean);
    }
    QVERIFY(serve.waitFinished(5000));
    QCOMPARE(serve.process().exitStatus(), QProcess::NormalExit);
    QCOMPARE(serve.process().exitCode(), 0);
    QVERIFY(serve.standardError().contains(QLatin1String("closing 3 client(s) with 1001")));
}

void tst_ServeCommand::secondSignalStopsAtOnceUnlessItIsTheSameRequest_data()
{
    QTest::addColumn<int>("gapMs");
    QTest::addColumn<int>("exitCode");
    // timeout(1) sends its SIGTERM to the child and again to the process group: one request.
    QTest::newRow("the same request twice") << 0 << 0;
    // A user's second Ctrl+C (here SIGTERM) later: stop now, 128 + the signal.
    QTest::newRow("a second request") << 600 << 128 + SIGTERM;
}

void tst_ServeCommand::secondSignalStopsAtOnceUnlessItIsTheSameRequest()
{
    QFETCH(int, gapMs);
    QFETCH(int, exitCode);
    ServeProcess serve({});
    const quint16 port = portOf(serve.readLine());
    QVERIFY(port != 0);
    const std::unique_ptr<QTcpSocket> client = silentUpgradedClient(port);
    QVERIFY(client);
    serve.signal(SIGTERM);
    QVERIFY(QTest::qWaitFor([&] { return serve.standardError().contains(QLatin1String("shutting down")); }, WaitMs));
    QTest::qWait(gapMs);
    serve.signal(SIGTERM);
    QElapsedTimer stopping;
    stopping.start();
    QVERIFY(serve.waitFinished(5000));
    QCOMPARE(serve.process().exitCode(), exitCode);
    if (exitCode == 0)
        QVERIFY2(stopping.elapsed() > 500, "the server waited for its client's close answer");
}

void tst_ServeCommand::servesWssAndPrintsFingerprint()
{
    ServeProcess serve({QStringLiteral("--tls")});
    const QString url = serve.readLine();
    QVERIFY2(url.startsWith(QLatin1String("wss://127.0.0.1:")), qPrintable(url));
    const QString fingerprintLine = serve.readLine();
    const QRegularExpressionMatch match = QRegularExpression(QStringLiteral("^certificate SHA-256 ((?:[0-9A-F]{2}:){31}[0-9A-F]{2})"))
                                              .match(fingerprintLine);
    QVERIFY2(match.hasMatch(), qPrintable(fingerprintLine));

    // Trust exactly the certificate whose fingerprint was printed: fetch it, compare, use it.
    QSslSocket probe;
    probe.setPeerVerifyMode(QSslSocket::QueryPeer);
    probe.connectToHostEncrypted(QStringLiteral("127.0.0.1"), portOf(url));
    QVERIFY(QTest::qWaitFor([&] { return probe.isEncrypted(); }, WaitMs));
    const QSslCertificate served = probe.peerCertificate();
    probe.abort();
    QCOMPARE(QString::fromLatin1(served.digest(QCryptographicHash::Sha256).toHex(':').toUpper()), match.captured(1));

    EchoTestClientOptions options;
    options.tls = true;
    options.caCertificates = {served};
    options.verifyName = QStringLiteral("localhost");
    EchoTestClient client(options);
    client.connectTo(portOf(url));
    QVERIFY(QTest::qWaitFor([&] { return client.opened || client.closed; }, WaitMs));
    QVERIFY2(client.opened, qPrintable(client.sslErrors.join(u';') + client.socketError));
    QVERIFY(client.sendBinary(std::string(100000, 'x')));
    QVERIFY(QTest::qWaitFor([&] { return !client.messages.empty(); }, WaitMs));
    QCOMPARE(client.messages[0].payload.size(), std::size_t(100000));
}

void tst_ServeCommand::quietModeLogsNothing()
{
    ServeProcess serve({QStringLiteral("-q")});
    const quint16 port = portOf(serve.readLine());
    EchoTestClient client;
    client.connectTo(port);
    QVERIFY(QTest::qWaitFor([&] { return client.opened; }, WaitMs));
    QVERIFY(client.close(1000));
    QVERIFY(QTest::qWaitFor([&] { return client.closed; }, WaitMs));
    serve.signal(SIGTERM);
    QVERIFY(serve.waitFinished());
    QCOMPARE(serve.process().exitCode(), 0);
    QCOMPARE(serve.standardError(), QString());
}

void tst_ServeCommand::appliesOptions()
{
    ServeProcess serve({QStringLiteral("--mode"), QStringLiteral("broadcast"), QStringLiteral("--protocol"),
                        QStringLiteral("chat"), QStringLiteral("--protocol"), QStringLiteral("superchat"),
                        QStringLiteral("--deflate"), QStringLiteral("--max-length"), QStringLiteral("1k")});
    const quint16 port = portOf(serve.readLine());
    QVERIFY(port != 0);
    EchoTestClientOptions options;
    options.subprotocols = {QStringLiteral("superchat")};
    options.deflate = true;
    EchoTestClient first(options);
    EchoTestClient second(options);
    first.connectTo(port);
    second.connectTo(port);
    QVERIFY(QTest::qWaitFor([&] { return first.opened && second.opened; }, WaitMs));
    QCOMPARE(first.open.subprotocol, std::string("superchat"));
    QVERIFY(first.open.deflate);
    QVERIFY(first.sendText("to everyone"));
    QVERIFY(QTest::qWaitFor([&] { return !second.messages.empty() && !first.messages.empty(); }, WaitMs));
    QCOMPARE(second.messages[0].payload, std::string("to everyone"));
    QVERIFY(first.sendBinary(std::string(1025, 'x')));
    QVERIFY(QTest::qWaitFor([&] { return first.closed; }, WaitMs));
    QCOMPARE(first.closeEvent.code, quint16(1009));
}

void tst_ServeCommand::refusesBadArguments_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("message");
    QTest::newRow("unknown mode") << QStringList{QStringLiteral("--mode"), QStringLiteral("chat")} << 2 << QStringLiteral("--mode");
    QTest::newRow("port out of range") << QStringList{QStringLiteral("--port"), QStringLiteral("70000")} << 2 << QStringLiteral("--port");
    QTest::newRow("cert without key") << QStringList{QStringLiteral("--cert"), QStringLiteral("a.pem")} << 2 << QStringLiteral("--key");
    QTest::newRow("zero max length") << QStringList{QStringLiteral("--max-length"), QStringLiteral("0")} << 2 << QStringLiteral("--max-length");
    QTest::newRow("unknown option") << QStringList{QStringLiteral("--frobnicate")} << 2 << QStringLiteral("frobnicate");
    QTest::newRow("host that is not an address") << QStringList{QStringLiteral("--host"), QStringLiteral("example.invalid")} << 1
                                                 << QStringLiteral("example.invalid");
    QTest::newRow("missing certificate file") << QStringList{QStringLiteral("--cert"), QStringLiteral("/nonexistent.pem"),
                                                             QStringLiteral("--key"), QStringLiteral("/nonexistent.key")}
                                              << 1 << QStringLiteral("/nonexistent.pem");
}

void tst_ServeCommand::refusesBadArguments()
{
    QFETCH(QStringList, arguments);
    QFETCH(int, exitCode);
    QFETCH(QString, message);
    ServeProcess serve(arguments);
    QVERIFY(serve.waitFinished());
    QCOMPARE(serve.process().exitCode(), exitCode);
    const QString error = serve.standardError();
    QVERIFY2(error.contains(message), qPrintable(error));
    QVERIFY(serve.process().readAllStandardOutput().isEmpty()); // no URL when nothing listens
}

void tst_ServeCommand::helpHasExamples()
{
    ServeProcess serve({QStringLiteral("--help")});
    QVERIFY(serve.waitFinished());
    QCOMPARE(serve.process().exitCode(), 0);
    const QString help = QString::fromUtf8(serve.process().readAllStandardOutput());
    for (const char *expected : {"Usage: wsinspect-cli serve", "--tls", "--mode", "--max-length", "--ping-interval",
                                 "--delay", "Examples:", "1001"})
        QVERIFY2(help.contains(QLatin1String(expected)), expected);
}

// A browser or curl hitting the server gets the info page (HEAD: its head alone), and the
// log says so in one line instead of "closed 1006 not clean".
void tst_ServeCommand::plainHttpHitsAreAnsweredAndLoggedAsSuch()
{
    ServeProcess serve({});
    const quint16 port = portOf(serve.readLine());
    QVERIFY(port != 0);
    const auto ask = [port](const QByteArray &request) {
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, port);
        if (!socket.waitForConnected(WaitMs))
            return QByteArray();
        socket.write(request);
        QByteArray answer;
        while (socket.waitForReadyRead(WaitMs))
            answer += socket.readAll();
        answer += socket.readAll();
        return answer;
    };
    const QByteArray head = ask("HEAD / HTTP/1.1\r\nHost: localhost\r\n\r\n");
    QVERIFY2(head.startsWith("HTTP/1.1 200 OK\r\n"), head.constData());
    QVERIFY(head.endsWith("\r\n\r\n")); // no body
    QVERIFY(head.contains("Content-Length: "));
    const QByteArray get = ask("GET /info HTTP/1.1\r\nHost: localhost\r\n\r\n");
    QVERIFY2(get.startsWith("HTTP/1.1 200 OK\r\n") && get.contains("<!DOCTYPE html>"), get.constData());
    QVERIFY(QTest::qWaitFor([&] { return serve.standardError().contains(QLatin1String("GET /info answered 200")); }, WaitMs));
    const QString log = serve.standardError();
    QVERIFY2(log.contains(QLatin1String(" HEAD / answered 200 (plain HTTP: the info page)")), qPrintable(log));
    QVERIFY2(!log.contains(QLatin1String("closed 1006")), qPrintable(log));
}

QTEST_GUILESS_MAIN(tst_ServeCommand)
#include "tst_servecommand.moc"
