// SPDX-License-Identifier: MIT
// The built-in server's EventSource endpoint against a client nobody on the team wrote:
// npm's `eventsource` (tests/interop/node_modules, `npm ci`). Events with types, multi-line
// data and ids; the server drops the stream, the client reconnects after the server's
// retry with Last-Event-ID, and the events it missed are replayed.
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

QTEST_GUILESS_MAIN(tst_EventSourceInterop)
#include "tst_eventsourceinterop.moc"
