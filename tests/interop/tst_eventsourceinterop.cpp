// SPDX-License-Identifier: MIT
// EventSource against peers nobody on the team wrote. The built-in server's endpoint with
// npm's `eventsource` client (tests/interop/node_modules, `npm ci`): events with types,
// multi-line data and ids; the server drops the stream, the client reconnects after the
// server's retry with Last-Event-ID, and the events it missed are replayed. And
// `wsinspect-cli sse` against faye-websocket's Faye::EventSource under thin (Debian's
// ruby-faye-websocket and thin), which ends its stream every three events.
#include "net/echo/EchoServer.h"

#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>
#include <QTest>

using wsi::net::EchoServer;
using wsi::net::EchoServerOptions;

namespace {

constexpr int WaitMs = 10000;
const QString InteropDir = QStringLiteral(WSI_INTEROP_DIR);

} // namespace

class tst_EventSourceInterop : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void nodeEventSourceReceivesAndResumes();
    void cliReadsFayeAndResumes();
};

void tst_EventSourceInterop::nodeEventSourceReceivesAndResumes()
{
    const QString node = QStringLiteral(WSI_NODE_EXECUTABLE);
    if (node.isEmpty())
        QSKIP("node is not installed (apt-get install nodejs)");
    if (!QFileInfo::exists(InteropDir + QStringLiteral("/node_modules/eventsource/package.json")))
        QSKIP("node_modules/eventsource is missing: run `npm ci` in tests/interop");

    EchoServerOptions options;
    options.eventStream.path = QStringLiteral("/events");
    options.eventStream.retryMs = 100;
    EchoServer server;
    server.setOptions(options);
    QVERIFY2(server.start(), qPrintable(server.lastError()));
    QSignalSpy opened(&server, &EchoServer::eventStreamOpened);

    QProcess client;
    const QString url = QStringLiteral("http://127.0.0.1:%1/events").arg(server.serverPort());
    client.start(node, {InteropDir + QStringLiteral("/peers/eventsource_client.js"), url, QStringLiteral("--events"),
                        QStringLiteral("5"), QStringLiteral("--types"), QStringLiteral("chat"), QStringLiteral("--timeout"),
                        QStringLiteral("15")});
    QVERIFY(client.waitForStarted(WaitMs));
    const auto killClient = qScopeGuard([&client] {
        client.kill();
        client.waitForFinished(2000);
    });
    QStringList lines;
    const auto waitLines = [&](int count) {
        return QTest::qWaitFor([&] {
            while (client.canReadLine())
                lines << QString::fromUtf8(client.readLine()).trimmed();
            return lines.size() >= count || client.state() == QProcess::NotRunning;
        }, WaitMs) && lines.size() >= count;
    };

    QVERIFY2(waitLines(1), client.readAllStandardError().constData());
    QCOMPARE(lines[0], QStringLiteral("{\"open\":1}"));
    server.publishEvent(QStringLiteral("chat"), "hello\nworld", QStringLiteral("a"));
    server.publishEvent(QString(), "second");
    QVERIFY(waitLines(3));
    // The server ends the stream; what is published before the client is back is replayed.
    server.closeAll(1001, QStringLiteral("restart"));
    server.publishEvent(QString(), "missed one");
    server.publishEvent(QStringLiteral("chat"), "missed two");
    QVERIFY2(waitLines(6), qPrintable(lines.join(u'\n') + QString::fromUtf8(client.readAllStandardError())));
    QTRY_COMPARE_WITH_TIMEOUT(opened.size(), 2, WaitMs);
    QCOMPARE(opened.at(1).at(2).toString(), QStringLiteral("1")); // Last-Event-ID: the second event's
    QCOMPARE(opened.at(1).at(3).toInt(), 2);
    server.publishEvent(QString(), "after");
    QVERIFY(waitLines(7));
    QVERIFY(QTest::qWaitFor([&client] { return client.state() == QProcess::NotRunning; }, WaitMs));
    QCOMPARE(client.exitCode(), 0);

    const QStringList expected = {
        QStringLiteral("{\"open\":1}"),
        QStringLiteral("{\"data\":\"hello\\nworld\",\"lastEventId\":\"a\",\"type\":\"chat\"}"),
        QStringLiteral("{\"data\":\"second\",\"lastEventId\":\"1\",\"type\":\"message\"}"),
        QStringLiteral("{\"open\":2}"),
        QStringLiteral("{\"data\":\"missed one\",\"lastEventId\":\"2\",\"type\":\"message\"}"),
        QStringLiteral("{\"data\":\"missed two\",\"lastEventId\":\"3\",\"type\":\"chat\"}"),
        QStringLiteral("{\"data\":\"after\",\"lastEventId\":\"4\",\"type\":\"message\"}"),
    };
    QStringList normalised; // key order as QJsonDocument writes it
    for (const QString &line : std::as_const(lines))
        normalised << QString::fromUtf8(QJsonDocument::fromJson(line.toUtf8()).toJson(QJsonDocument::Compact));
    QCOMPARE(normalised, expected);
}

void tst_EventSourceInterop::cliReadsFayeAndResumes()
{
    QProcess probe;
    probe.start(QStringLiteral("ruby"), {QStringLiteral("-e"), QStringLiteral("require 'faye/websocket'; require 'thin'")});
    if (!probe.waitForFinished(WaitMs) || probe.exitStatus() != QProcess::NormalExit || probe.exitCode() != 0)
        QSKIP("faye's EventSource is missing: apt-get install ruby-faye-websocket thin");

    QProcess faye;
    faye.start(QStringLiteral("ruby"), {InteropDir + QStringLiteral("/peers/faye_eventsource.rb")});
    const auto stopFaye = qScopeGuard([&faye] {
        faye.kill();
        faye.waitForFinished(2000);
    });
    QVERIFY(QTest::qWaitFor([&] { return faye.canReadLine() || faye.state() == QProcess::NotRunning; }, WaitMs));
    const int port = faye.readLine().trimmed().toInt();
    QVERIFY2(port > 0, faye.readAllStandardError().constData());

    QProcess cli;
    cli.start(QStringLiteral(WSI_CLI_PATH), {QStringLiteral("sse"), QStringLiteral("http://127.0.0.1:%1/events").arg(port),
                                              QStringLiteral("--json"), QStringLiteral("--max-events"), QStringLiteral("5"),
                                              QStringLiteral("--connect-timeout"), QStringLiteral("5")});
    const auto stopCli = qScopeGuard([&cli] {
        cli.kill();
        cli.waitForFinished(2000);
    });
    QVERIFY(QTest::qWaitFor([&] { return cli.state() == QProcess::NotRunning; }, WaitMs));
    const QByteArray errors = cli.readAllStandardError();
    QCOMPARE(cli.exitCode(), 0);
    const QList<QByteArray> lines = cli.readAllStandardOutput().trimmed().split('\n');
    QCOMPARE(lines.size(), 5);
    for (int i = 0; i < 5; ++i) {
        const QJsonObject event = QJsonDocument::fromJson(lines[i]).object();
        QCOMPARE(event.value(QStringLiteral("event")).toString(), QStringLiteral("update"));
        QCOMPARE(event.value(QStringLiteral("data")).toString(), QStringLiteral("event %1\nsecond line").arg(i + 1));
        QCOMPARE(event.value(QStringLiteral("id")).toString(), QString::number(i + 1)); // 4 and 5: resumed from Last-Event-ID 3
    }
    QVERIFY2(errors.contains("wsinspect-cli: the server ended the event stream; reconnecting in 0.2 s (attempt 1)"), errors.constData());
}

QTEST_GUILESS_MAIN(tst_EventSourceInterop)
#include "tst_eventsourceinterop.moc"
