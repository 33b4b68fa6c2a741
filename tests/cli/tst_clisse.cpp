// SPDX-License-Identifier: MIT
// `wsinspect-cli sse` as a user runs it: the real binary against the built-in server's
// EventSource endpoint and scripted servers, over loopback. What stdout holds (one safe
// line per event, or one JSON object per event), resuming with --last-event-id, POST
// bodies, refusals with their hints, SIGINT, and usage errors in the flags' words.
#include "support/CliRun.h"
#include "support/EchoServerTestSupport.h"
#include "support/ConnectionTestOptions.h"
#include "support/MiniServer.h"

#include "net/echo/EchoServer.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTest>

#include <csignal>

using wsi::net::EchoServer;
using wsi::net::EchoServerOptions;
using wsi::test::CliResult;
using wsi::test::finish;
using wsi::test::runCli;
using wsi::test::startCli;

namespace {



// Starts the CLI, publishes `events` once its stream is open, and returns what it did.
CliResult readWhilePublishing(EchoServer &server, const QStringList &arguments,
                              const QList<QPair<QString, QByteArray>> &events)
{
    QSignalSpy opened(&server, &EchoServer::eventStreamOpened);
    const std::unique_ptr<QProcess> cli = startCli(arguments);
    if (!QTest::qWaitFor([&] { return !opened.isEmpty() || cli->state() == QProcess::NotRunning; }, WaitMs))
        return finish(*cli, 1);
    for (const auto &[type, data] : events)
        server.publishEvent(type, data);
    return finish(*cli);
}

} // namespace

class tst_CliSse : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void printsEachEventsDataAsOneLine();
    void printsJsonObjects();
    void resumesFromALastEventId();
    void postsABody();
    void refusalsSayWhyAndWhatToDo_data();
    void refusalsSayWhyAndWhatToDo();
    void stopsOnSigint();
    void endsWithTheStreamWhenAsked();
    void refusesBadArguments_data();
    void refusesBadArguments();
};

void tst_CliSse::printsEachEventsDataAsOneLine()
{
    const auto server = startEventServer();
    const CliResult plain = readWhilePublishing(*server, {QStringLiteral("sse"), eventsUrlOf(*server), QStringLiteral("--max-events"), QStringLiteral("2")},
                                                {{QStringLiteral("note"), "two\nlines\x1b[2J"}, {QString(), "plain"}});
    QCOMPARE(plain.exitCode, 0);
    QCOMPARE(plain.out, QByteArray("two\\nlines\\x1b[2J\nplain\n")); // nothing reaches the terminal raw
    const CliResult raw = readWhilePublishing(*server, {QStringLiteral("sse"), eventsUrlOf(*server), QStringLiteral("--max-events"), QStringLiteral("1"),
                                                        QStringLiteral("--raw-text")},
                                              {{QString(), "two\nlines"}});
    QCOMPARE(raw.out, QByteArray("two\nlines\n"));
}

void tst_CliSse::printsJsonObjects()
{
    const auto server = startEventServer(2500);
    const CliResult result = readWhilePublishing(*server, {QStringLiteral("sse"), eventsUrlOf(*server), QStringLiteral("--json"),
                                                           QStringLiteral("--max-events"), QStringLiteral("2")},
                                                 {{QStringLiteral("price"), "1.25"}, {QString(), "{\"n\":1}"}});
    QCOMPARE(result.exitCode, 0);
    const QList<QByteArray> lines = result.out.trimmed().split('\n');
    QCOMPARE(lines.size(), 2); // every line an event: no open or close objects
    const QJsonObject first = QJsonDocument::fromJson(lines[0]).object();
    QCOMPARE(first.value(QStringLiteral("event")).toString(), QStringLiteral("price"));
    QCOMPARE(first.value(QStringLiteral("data")).toString(), QStringLiteral("1.25"));
    QCOMPARE(first.value(QStringLiteral("id")).toString(), QStringLiteral("1"));
    QVERIFY(first.contains(QStringLiteral("time")));
    const QJsonObject second = QJsonDocument::fromJson(lines[1]).object();
    QCOMPARE(second.value(QStringLiteral("event")).toString(), QStringLiteral("message"));
    QCOMPARE(second.value(QStringLiteral("data")).toString(), QStringLiteral("{\"n\":1}"));
}

void tst_CliSse::resumesFromALastEventId()
{
    const auto server = startEventServer();
    for (const char *data : {"one", "two", "three"})
        server->publishEvent(QString(), data); // ids 1, 2, 3
    const CliResult result = runCli({QStringLiteral("sse"), eventsUrlOf(*server), QStringLiteral("--last-event-id"), QStringLiteral("1"),
                                     QStringLiteral("--max-events"), QStringLiteral("2")});
    QCOMPARE(result.exitCode, 0);
    QCOMPARE(result.out, QByteArray("two\nthree\n"));
}

void tst_CliSse::postsABody()
{
    MiniServer::Options behaviour = behaving(MiniServer::Behaviour::Canned);
    behaviour.canned = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n\r\ndata: streamed\n\n";
    MiniServer server(behaviour);
    QVERIFY(server.start());
    const CliResult result = runCli({QStringLiteral("sse"), QStringLiteral("127.0.0.1:%1/v1/chat").arg(server.serverPort()),
                                     QStringLiteral("-d"), QStringLiteral("{\"stream\":true}"), QStringLiteral("-H"),
                                     QStringLiteral("Content-Type: application/json"), QStringLiteral("--no-reconnect"), QStringLiteral("-v")});
    QCOMPARE(result.exitCode, 0);
    QCOMPARE(result.out, QByteArray("streamed\n"));
    QVERIFY2(result.err.contains("> POST /v1/chat HTTP/1.1"), result.err.constData());
    QVERIFY2(result.err.contains("> Content-Length: 15"), result.err.constData());
    // The request is out, not an upgrade: -v names the state as an EventSource has it.
    QVERIFY2(result.err.contains("* requesting"), result.err.constData());
    QVERIFY2(!result.err.contains("upgrading"), result.err.constData());
    QVERIFY(result.err.contains("no scheme in \"127.0.0.1"));
}

void tst_CliSse::refusalsSayWhyAndWhatToDo_data()
{
    QTest::addColumn<QByteArray>("answer");
    QTest::addColumn<QByteArray>("message");
    QTest::addColumn<QByteArray>("hint");
    QTest::newRow("404") << cannedResponse("HTTP/1.1 404 Not Found", "", "no")
                         << QByteArray("wsinspect-cli: the server answered 404 Not Found instead of 200 with an event stream\n")
                         << QByteArray("  hint: nothing at this path (404): check the URL's path\n");
    QTest::newRow("JSON") << cannedResponse("HTTP/1.1 200 OK", "Content-Type: application/json\r\n", "{}")
                          << QByteArray("wsinspect-cli: the server answered 200 with Content-Type application/json, not text/event-stream\n")
                          << QByteArray("  hint: this URL answers with application/json, not an event stream");
}

void tst_CliSse::refusalsSayWhyAndWhatToDo()
{
    QFETCH(QByteArray, answer);
    QFETCH(QByteArray, message);
    QFETCH(QByteArray, hint);
    MiniServer::Options behaviour = behaving(MiniServer::Behaviour::Canned);
    behaviour.canned = answer;
    MiniServer server(behaviour);
    QVERIFY(server.start());
    const CliResult result = runCli({QStringLiteral("sse"), QStringLiteral("http://127.0.0.1:%1/x").arg(server.serverPort())});
    QCOMPARE(result.exitCode, 1); // refused for good: no reconnect
    QVERIFY2(result.err.startsWith(message), result.err.constData());
    QVERIFY2(result.err.contains(hint), result.err.constData());
    QVERIFY(result.out.isEmpty());
}

void tst_CliSse::stopsOnSigint()
{
    const auto server = startEventServer();
    QSignalSpy opened(server.get(), &EchoServer::eventStreamOpened);
    const std::unique_ptr<QProcess> cli = startCli({QStringLiteral("sse"), eventsUrlOf(*server)});
    QVERIFY(opened.wait(WaitMs));
    server->publishEvent(QString(), "before the interrupt");
    QTest::qWait(200);
    ::kill(pid_t(cli->processId()), SIGINT);
    const CliResult result = finish(*cli);
    QCOMPARE(result.exitCode, 0);
    QCOMPARE(result.out, QByteArray("before the interrupt\n"));
}

void tst_CliSse::endsWithTheStreamWhenAsked()
{
    MiniServer::Options behaviour = behaving(MiniServer::Behaviour::Canned);
    behaviour.canned = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nContent-Length: 22\r\n\r\ndata: a\n\ndata: half";
    MiniServer server(behaviour);
    QVERIFY(server.start());
    const CliResult result = runCli({QStringLiteral("sse"), QStringLiteral("http://127.0.0.1:%1/").arg(server.serverPort()),
                                     QStringLiteral("--no-reconnect"), QStringLiteral("-v")});
    QCOMPARE(result.exitCode, 0);
    QCOMPARE(result.out, QByteArray("a\n"));
    // The unterminated event is dropped, as a browser drops it, and the log says so.
    QVERIFY2(result.err.contains("the stream ended in the middle of an event"), result.err.constData());
}

void tst_CliSse::refusesBadArguments_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QByteArray>("message");
    QTest::newRow("ws URL") << QStringList{QStringLiteral("ws://127.0.0.1:1/")}
                            << QByteArray("EventSource URLs start with http:// or https:// (try http://127.0.0.1:1/)");
    QTest::newRow("two bodies") << QStringList{QStringLiteral("http://x/"), QStringLiteral("-d"), QStringLiteral("a"),
                                               QStringLiteral("--data-file"), QStringLiteral("/etc/hostname")}
                                << QByteArray("--data and --data-file do not go together");
    QTest::newRow("reconnect-max without reconnecting")
        << QStringList{QStringLiteral("http://x/"), QStringLiteral("--no-reconnect"), QStringLiteral("--reconnect-max"), QStringLiteral("2")}
        << QByteArray("--reconnect-max and --no-reconnect do not go together");
    QTest::newRow("zero events") << QStringList{QStringLiteral("http://x/"), QStringLiteral("--max-events"), QStringLiteral("0")}
                                 << QByteArray("--max-events wants a number of 1 or more, not \"0\"");
    QTest::newRow("bad method") << QStringList{QStringLiteral("http://x/"), QStringLiteral("-X"), QStringLiteral("GE T")}
                                << QByteArray("method \"GE T\" is not a valid HTTP token");
    QTest::newRow("WebSocket option") << QStringList{QStringLiteral("http://x/"), QStringLiteral("--deflate")}
                                      << QByteArray("Unknown option 'deflate'");
}

void tst_CliSse::refusesBadArguments()
{
    QFETCH(QStringList, arguments);
    QFETCH(QByteArray, message);
    const CliResult result = runCli(QStringList{QStringLiteral("sse")} + arguments);
    QCOMPARE(result.exitCode, 2);
    QVERIFY2(result.err.contains(message), result.err.constData());
    QVERIFY(result.err.contains("(see wsinspect-cli sse --help)"));
}

QTEST_GUILESS_MAIN(tst_CliSse)
#include "tst_clisse.moc"
