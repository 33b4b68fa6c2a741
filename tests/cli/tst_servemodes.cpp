// SPDX-License-Identifier: MIT
// `wsinspect-cli serve`'s other ways to answer: --exec (a program per client), --listen (a
// person or a script on stdin/stdout) and the fault options (--close-after, --drop-after).
// The real binary in a QProcess, a client-role Driver talking to it over loopback.
#include "support/EchoTestClient.h"
#include "support/ServeProcess.h"

#include <QFileInfo>
#include <QHostAddress>
#include <QTcpSocket>
#include <QTest>

#include <memory>

using wsi::test::EchoTestClient;
using wsi::test::EchoTestClientOptions;
using wsi::test::ServeProcess;
using wsi::test::ServeWaitMs;
using wsi::test::cliPath;
using wsi::test::portOf;

namespace {

std::unique_ptr<EchoTestClient> openClient(ServeProcess &serve, EchoTestClientOptions options = {})
{
    const quint16 port = portOf(serve.readLine());
    if (port == 0)
        return nullptr;
    auto client = std::make_unique<EchoTestClient>(std::move(options));
    client->connectTo(port);
    if (!QTest::qWaitFor([&] { return client->opened || client->closed; }, ServeWaitMs) || !client->opened)
        return nullptr;
    return client;
}

bool waitMessages(const EchoTestClient &client, std::size_t count)
{
    return QTest::qWaitFor([&] { return client.messages.size() >= count || client.closed; }, ServeWaitMs)
        && client.messages.size() >= count;
}

bool waitClosed(const EchoTestClient &client)
{
    return QTest::qWaitFor([&] { return client.closed || client.transportClosed; }, ServeWaitMs);
}

} // namespace

class tst_ServeModes : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void execTurnsMessagesIntoLinesAndLinesIntoMessages();
    void execProgramExitClosesTheClient();
    void execProgramThatOutlivesItsClientIsStopped();
    void listenPrintsWhatClientsSendAndSendsWhatIsTyped();
    void closeAfterAnswersThenClosesWithTheCode();
    void dropAfterResetsWithoutCloseFrame();
    void sseEndpointTicksAndTakesTypedLines();
    void refusesModeArguments_data();
    void refusesModeArguments();
};

void tst_ServeModes::initTestCase()
{
    if (!QFileInfo(cliPath()).isExecutable())
        QSKIP(qPrintable(QStringLiteral("%1 is not built").arg(cliPath())));
}

void tst_ServeModes::execTurnsMessagesIntoLinesAndLinesIntoMessages()
{
    // sed -u: line buffered, as a program behind --exec must be to answer before its end.
    ServeProcess serve({QStringLiteral("--exec"),
                        QStringLiteral("echo \"client $WSINSPECT_CLIENT_ID at $WSINSPECT_PATH\"; echo note >&2; sed -u 's/^/got: /'")});
    EchoTestClientOptions options;
    options.resource = QStringLiteral("/room/7");
    const auto client = openClient(serve, options);
    QVERIFY(client);
    QVERIFY(client->sendText("one"));
    QVERIFY(client->sendBinary("two")); // bytes in, a line out: text again
    QVERIFY(waitMessages(*client, 3));
    QCOMPARE(client->messages[0].payload, std::string("client 1 at /room/7"));
    QCOMPARE(client->messages[1].payload, std::string("got: one"));
    QCOMPARE(client->messages[2].payload, std::string("got: two"));
    QVERIFY(client->messages[2].isText);
    QVERIFY(serve.waitForError(QStringLiteral("#1 exec stderr: note")));
    QVERIFY(client->close(1000));
    // Its input ends with the client: sed ends, and the log says how.
    QVERIFY2(serve.waitForError(QStringLiteral("#1 exec: the program exited with status 0")), qPrintable(serve.standardError()));
}

void tst_ServeModes::execProgramExitClosesTheClient()
{
    ServeProcess serve({QStringLiteral("--exec"), QStringLiteral("echo bye; printf '\\377\\n'; exit 3")});
    const auto client = openClient(serve);
    QVERIFY(client);
    QVERIFY(waitClosed(*client));
    QCOMPARE(client->messages.size(), std::size_t(2));
    QCOMPARE(client->messages[0].payload, std::string("bye"));
    QVERIFY(!client->messages[1].isText); // not UTF-8: sent as binary, never as invalid text
    QCOMPARE(client->messages[1].payload, std::string("\xff"));
    QCOMPARE(client->closeEvent.code, quint16(1011));
    QCOMPARE(client->closeEvent.received.reason, std::string("the program exited with status 3"));
}

void tst_ServeModes::execProgramThatOutlivesItsClientIsStopped()
{
    ServeProcess serve({QStringLiteral("--exec"), QStringLiteral("exec sleep 60")});
    const auto client = openClient(serve);
    QVERIFY(client);
    QVERIFY(client->close(1000));
    // Stdin closed, then SIGTERM after the grace period.
    QVERIFY2(serve.waitForError(QStringLiteral("#1 exec: the program was killed (signal)")), qPrintable(serve.standardError()));
}

void tst_ServeModes::listenPrintsWhatClientsSendAndSendsWhatIsTyped()
{
    ServeProcess serve({QStringLiteral("--listen"), QStringLiteral("--slash")});
    const auto client = openClient(serve);
    QVERIFY(client);
    QVERIFY(client->sendText("hi\nthere\x1b[2J"));
    QVERIFY(client->sendBinary(std::string("\x01\xfe", 2)));
    QCOMPARE(serve.readLine(), QStringLiteral("#1 hi\\nthere\\x1b[2J")); // one safe line
    QCOMPARE(serve.readLine(), QStringLiteral("#1 01fe"));
    serve.write("hello from stdin\n");
    QVERIFY(waitMessages(*client, 1));
    QCOMPARE(client->messages[0].payload, std::string("hello from stdin"));
    serve.write("/pong\n");
    QVERIFY(serve.waitForError(QStringLiteral("line 2 of standard input: /pong and /raw are for connect --slash")));
    // /help lists what serve --listen takes, not connect's /pong and /raw.
    serve.write("/help\n");
    QVERIFY(serve.waitForError(QStringLiteral("commands (serve --listen --slash), to every open client:")));
    QVERIFY2(!serve.standardError().contains(QLatin1String("/raw [fin")), qPrintable(serve.standardError()));
    serve.write("/close 4003 enough\n");
    QVERIFY(waitClosed(*client));
    QCOMPARE(client->closeEvent.code, quint16(4003));
    QCOMPARE(client->closeEvent.received.reason, std::string("enough"));
}

void tst_ServeModes::closeAfterAnswersThenClosesWithTheCode()
{
    ServeProcess serve({QStringLiteral("--close-after"), QStringLiteral("2"), QStringLiteral("--close-code"),
                        QStringLiteral("4001"), QStringLiteral("--close-reason"), QStringLiteral("two is plenty")});
    const auto client = openClient(serve);
    QVERIFY(client);
    for (const char *text : {"a", "b", "c"})
        QVERIFY(client->sendText(text));
    QVERIFY(waitClosed(*client));
    QCOMPARE(client->messages.size(), std::size_t(2));
    QVERIFY(client->closeEvent.clean);
    QCOMPARE(client->closeEvent.code, quint16(4001));
    QCOMPARE(client->closeEvent.received.reason, std::string("two is plenty"));
}

void tst_ServeModes::dropAfterResetsWithoutCloseFrame()
{
    ServeProcess serve({QStringLiteral("--drop-after"), QStringLiteral("200ms")});
    const auto client = openClient(serve);
    QVERIFY(client);
    QVERIFY(waitClosed(*client));
    QVERIFY(!client->closed || !client->closeEvent.clean);
    QVERIFY2(serve.waitForError(QStringLiteral("#1 closed 1006 \"fault injected 200 ms after the handshake\" not clean")),
             qPrintable(serve.standardError()));
}

// --sse with the clock and --listen: the EventSource URL is printed after the WebSocket
// one, a stream gets ticks, and a line typed on stdin is an event too.
void tst_ServeModes::sseEndpointTicksAndTakesTypedLines()
{
    ServeProcess serve({QStringLiteral("--sse"), QStringLiteral("/events"), QStringLiteral("--sse-tick"), QStringLiteral("0.05"),
                        QStringLiteral("--listen")});
    const QString wsUrl = serve.readLine();
    const QString eventSourceLine = serve.readLine();
    QCOMPARE(eventSourceLine, QStringLiteral("EventSource http://127.0.0.1:%1/events").arg(portOf(wsUrl)));
    QTcpSocket stream;
    QByteArray received;
    QObject::connect(&stream, &QTcpSocket::readyRead, &stream, [&] { received += stream.readAll(); });
    stream.connectToHost(QHostAddress::LocalHost, portOf(wsUrl));
    QVERIFY(stream.waitForConnected(ServeWaitMs));
    stream.write("GET /events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    QVERIFY(QTest::qWaitFor([&] { return received.contains("event: tick\n"); }, ServeWaitMs));
    QVERIFY(received.startsWith("HTTP/1.1 200 OK\r\n"));
    serve.write("typed here\n");
    QVERIFY(QTest::qWaitFor([&] { return received.contains("data: typed here\n"); }, ServeWaitMs));
    QVERIFY(serve.waitForError(QStringLiteral("#1 event stream /events")));
}

void tst_ServeModes::refusesModeArguments_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("message");
    const auto row = [](const char *name, QStringList arguments, const char *message) {
        QTest::newRow(name) << arguments << QString::fromUtf8(message);
    };
    row("exec and listen", {QStringLiteral("--exec"), QStringLiteral("cat"), QStringLiteral("--listen")},
        "--exec and --listen exclude each other");
    row("empty exec", {QStringLiteral("--exec"), QStringLiteral(" ")}, "--exec wants a command");
    row("exec with mode", {QStringLiteral("--exec"), QStringLiteral("cat"), QStringLiteral("--mode"), QStringLiteral("echo")},
        "--exec replaces --mode");
    row("listen with delay", {QStringLiteral("--listen"), QStringLiteral("--delay"), QStringLiteral("10")},
        "--delay applies to echo and broadcast, not to --listen");
    row("slash without listen", {QStringLiteral("--slash")}, "--slash goes with --listen");
    row("close and drop", {QStringLiteral("--close-after"), QStringLiteral("1"), QStringLiteral("--drop-after"), QStringLiteral("1")},
        "exclude each other");
    row("bad when", {QStringLiteral("--close-after"), QStringLiteral("soon")}, "--close-after wants a number of messages (3) or a time");
    row("zero messages", {QStringLiteral("--drop-after"), QStringLiteral("0")}, "--drop-after wants");
    row("two counts", {QStringLiteral("--close-after"), QStringLiteral("1"), QStringLiteral("--close-after"), QStringLiteral("2")},
        "at most one count and one time");
    row("code without close", {QStringLiteral("--close-code"), QStringLiteral("4000")}, "go with --close-after");
    row("code with drop", {QStringLiteral("--drop-after"), QStringLiteral("1"), QStringLiteral("--close-code"), QStringLiteral("4000")},
        "--drop-after sends no close frame");
    row("reserved code", {QStringLiteral("--close-after"), QStringLiteral("1"), QStringLiteral("--close-code"), QStringLiteral("1006")},
        "--close-code wants a code a close frame may carry");
    row("sse option without sse", {QStringLiteral("--sse-retry"), QStringLiteral("100")}, "the --sse-* options go with --sse PATH");
    row("sse path without slash", {QStringLiteral("--sse"), QStringLiteral("events")}, "--sse wants a path such as /events");
    row("sse header without colon", {QStringLiteral("--sse"), QStringLiteral("/e"), QStringLiteral("--sse-header"), QStringLiteral("nope")},
        "--sse-header wants \"Name: value\"");
    row("sse tick zero", {QStringLiteral("--sse"), QStringLiteral("/e"), QStringLiteral("--sse-tick"), QStringLiteral("0")}, "--sse-tick wants seconds");
    row("long reason", {QStringLiteral("--close-after"), QStringLiteral("1"), QStringLiteral("--close-reason"), QString(124, u'x')},
        "at most 123");
}

void tst_ServeModes::refusesModeArguments()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, message);
    ServeProcess serve(arguments);
    QVERIFY(serve.waitFinished());
    QCOMPARE(serve.process().exitCode(), 2);
    const QString error = serve.standardError();
    QVERIFY2(error.contains(message), qPrintable(error));
    QVERIFY2(error.contains(QLatin1String("see wsinspect-cli serve --help")), qPrintable(error));
}

QTEST_GUILESS_MAIN(tst_ServeModes)
#include "tst_servemodes.moc"
