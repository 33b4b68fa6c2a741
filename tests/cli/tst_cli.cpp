// SPDX-License-Identifier: MIT
// The real wsinspect-cli binary, run with QProcess against servers living in this test
// (tests/net/support: MiniServer, TestCertificates) over loopback: connect (stdin/stdout,
// --echo, --count, --json, -v and secrets), cert, ping, --help and --version, and the exit
// statuses with their reasons and hints. The event loop keeps running while a child runs,
// so the in-process servers can answer it.
#include "support/CliRun.h"
#include "support/MiniServer.h"
#include "support/TestCertificates.h"

#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

#include <csignal>
#include <memory>

using wsi::test::CliResult;
using wsi::test::MiniServer;
using wsi::test::finish;
using wsi::test::runCli;
using wsi::test::startCli;
using wsi::test::TestCertificates;

namespace {

MiniServer::Options behaving(MiniServer::Behaviour behaviour);

// A server that sends `count` text messages of `size` 'x's on open, then closes 1000.
MiniServer::Options flooding(int count, int size)
{
    MiniServer::Options options = behaving(MiniServer::Behaviour::Flood);
    options.floodCount = count;
    options.floodSize = size;
    options.floodText = true;
    return options;
}

MiniServer::Options behaving(MiniServer::Behaviour behaviour)
{
    MiniServer::Options options;
    options.behaviour = behaviour;
    return options;
}

// A running `wsinspect-cli serve` with `arguments`; its URL once it printed it.
struct ServeRun {
    std::unique_ptr<QProcess> process;
    QString url;
    ~ServeRun()
    {
        if (process) {
            process->kill();
            process->waitForFinished(5000);
        }
    }
};

std::unique_ptr<ServeRun> startServe(const QStringList &arguments)
{
    auto run = std::make_unique<ServeRun>();
    run->process = startCli(QStringList{QStringLiteral("serve"), QStringLiteral("-q")} + arguments);
    if (QTest::qWaitFor([&] { return run->process->canReadLine(); }, 10000))
        run->url = QString::fromUtf8(run->process->readLine()).trimmed();
    return run;
}

QString closedPortUrl()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    return QStringLiteral("ws://127.0.0.1:%1/").arg(probe.serverPort());
}

} // namespace

class TestCli : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    // ---- help and version -------------------------------------------------------------
    void printsVersion();
    void listsCommandsWithExamples();
    void eachCommandHasHelp_data();
    void eachCommandHasHelp();
    void refusesUnknownCommand();
    void refusesBadArguments_data();
    void refusesBadArguments();

    // ---- connect ----------------------------------------------------------------------
    void connectSendsStdinLinesAndPrintsReplies();
    void connectPrintsBinaryAsHex();
    void connectEchoesWhatItReceives();
    void connectCountsAFlood();
    void connectWritesJsonEvents();
    void connectVerboseHidesSecrets();
    void connectFailsWithOneLineReason_data();
    void connectFailsWithOneLineReason();
    void connectClosesOnInterrupt();
    void connectReportsTheServersClose_data();
    void connectReportsTheServersClose();
    void connectReportsTheCodeReceivedWhenClosesCross();
    void connectRefusesLinesThatAreNotUtf8();
    void connectHeaderReplacesTheGeneratedOne();
    void connectWaitsForLateRepliesAfterTheInput();
    void connectNoCloseReadsUntilTheLimitOrTheServer();
    void connectReceiveOnlyReadsNoInput();
    void connectStopsAfterMaxMessages();
    void connectKeepsEachMessageOnOneSafeLine();
    void connectSlashCommandsSendControlAndRawFrames();
    void connectInputModes_data();
    void connectInputModes();
    void connectSendsAFileAsOneMessage();
    void connectReconnectsWithBackoff();
    void connectTakesSizesAsServeDoes();
    void connectFollowsRedirects();
    void connectTalksLikeWscatAtATerminal();
    void connectCountsServesFlood();
    void connectEchoAnswersWhatPrecedesAViolation_data();
    void connectEchoAnswersWhatPrecedesAViolation();

    // ---- cert and ping ------------------------------------------------------------------
    void certShowsVerifiedChain();
    void certShowsWhyItFails();
    void pingPrintsRoundTripsAndSummary();
    void pingCountsLostPongs();
    void pingHonoursSmallSizes_data();
    void pingHonoursSmallSizes();
    void pingInterruptedPrintsTheSummaryLast();
    void pingInterruptedDuringTheUpgrade();

private:
    std::unique_ptr<TestCertificates> m_certificates;
};

void TestCli::initTestCase()
{
    QVERIFY2(QFile::exists(QStringLiteral(WSI_CLI_PATH)), WSI_CLI_PATH);
    m_certificates = std::make_unique<TestCertificates>();
    QVERIFY2(m_certificates->isValid(), qPrintable(m_certificates->errorString()));
}

// ---- help and version -----------------------------------------------------------------

void TestCli::printsVersion()
{
    const CliResult result = runCli({QStringLiteral("--version")});
    QCOMPARE(result.exitCode, 0);
    QCOMPARE(result.out, QByteArray("wsinspect-cli " WSI_VERSION_TEXT "\n"));
}

void TestCli::listsCommandsWithExamples()
{
    const CliResult result = runCli({QStringLiteral("--help")});
    QCOMPARE(result.exitCode, 0);
    for (const char *expected : {"  connect URL", "  cert URL", "  ping URL", "  run FLOW.js URL", "  serve", "Examples:\n",
                                 "wsinspect-cli connect ws://127.0.0.1:9001/"})
        QVERIFY2(result.out.contains(expected), expected);
    // No command at all: the same list on stderr, as a usage error.
    const CliResult bare = runCli({});
    QCOMPARE(bare.exitCode, 2);
    QVERIFY(bare.err.contains("Commands:"));
}

void TestCli::eachCommandHasHelp_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QByteArray>("usage");
    QTest::addColumn<QByteArray>("option");
    QTest::newRow("connect") << QStringList{QStringLiteral("connect"), QStringLiteral("--help")}
                             << QByteArray("Usage: wsinspect-cli connect [options] url") << QByteArray("--open-timeout");
    QTest::newRow("help connect") << QStringList{QStringLiteral("help"), QStringLiteral("connect")}
                                  << QByteArray("Usage: wsinspect-cli connect [options] url") << QByteArray("--count");
    QTest::newRow("cert") << QStringList{QStringLiteral("cert"), QStringLiteral("--help")}
                          << QByteArray("Usage: wsinspect-cli cert [options] url") << QByteArray("--ca-file");
    QTest::newRow("ping") << QStringList{QStringLiteral("ping"), QStringLiteral("-h")}
                          << QByteArray("Usage: wsinspect-cli ping [options] url") << QByteArray("--interval");
}

void TestCli::eachCommandHasHelp()
{
    QFETCH(QStringList, arguments);
    QFETCH(QByteArray, usage);
    QFETCH(QByteArray, option);
    const CliResult result = runCli(arguments);
    QCOMPARE(result.exitCode, 0);
    QVERIFY2(result.out.startsWith(usage), result.out.left(80).constData());
    QVERIFY(result.out.contains(option));
    QVERIFY(result.out.contains("\nExamples:\n"));
}

void TestCli::refusesUnknownCommand()
{
    const CliResult result = runCli({QStringLiteral("conect"), QStringLiteral("ws://x/")});
    QCOMPARE(result.exitCode, 2);
    QVERIFY(result.err.startsWith("wsinspect-cli: unknown command \"conect\"\n"));
}

void TestCli::refusesBadArguments_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QByteArray>("message");
    QTest::newRow("http URL") << QStringList{QStringLiteral("connect"), QStringLiteral("http://127.0.0.1/")}
                              << QByteArray("wsinspect-cli connect: unsupported scheme \"http\": WebSocket URLs start with ws:// or wss:// (try ws://127.0.0.1/)\n");
    QTest::newRow("no URL") << QStringList{QStringLiteral("connect")} << QByteArray("wsinspect-cli connect: no URL given\n(see wsinspect-cli connect --help)\n");
    QTest::newRow("bad timeout") << QStringList{QStringLiteral("connect"), QStringLiteral("ws://127.0.0.1:1/"), QStringLiteral("--open-timeout"), QStringLiteral("soon")}
                                 << QByteArray("wsinspect-cli connect: --open-timeout wants seconds (like 5 or 0.5) or milliseconds (like 300ms), not \"soon\"\n");
    QTest::newRow("bad header") << QStringList{QStringLiteral("connect"), QStringLiteral("ws://127.0.0.1:1/"), QStringLiteral("-H"), QStringLiteral("NoColon")}
                                << QByteArray("wsinspect-cli connect: --header \"NoColon\" is not \"Name: value\"\n");
    QTest::newRow("cert on ws") << QStringList{QStringLiteral("cert"), QStringLiteral("ws://127.0.0.1:1/")}
                                << QByteArray("wsinspect-cli: cert needs a wss:// URL (\"ws://127.0.0.1:1/\" does not use TLS)\n");
    QTest::newRow("unknown option") << QStringList{QStringLiteral("connect"), QStringLiteral("--frobnicate"), QStringLiteral("ws://x/")}
                                    << QByteArray("wsinspect-cli connect: Unknown option 'frobnicate'.\n");
    QTest::newRow("bad size") << QStringList{QStringLiteral("connect"), QStringLiteral("ws://127.0.0.1:1/"), QStringLiteral("--max-length"), QStringLiteral("2Q")}
                              << QByteArray("wsinspect-cli connect: --max-length wants a positive size such as 65536, 64k or 16M, not \"2Q\"\n(see wsinspect-cli connect --help)\n");
    QTest::newRow("ping interval") << QStringList{QStringLiteral("ping"), QStringLiteral("ws://127.0.0.1:1/"), QStringLiteral("-i"), QStringLiteral("0.0001")}
                                   << QByteArray("wsinspect-cli ping: -i wants seconds, at least 0.001 (1 ms), not \"0.0001\"\n");
    QTest::newRow("cert has no keepalive") << QStringList{QStringLiteral("cert"), QStringLiteral("wss://127.0.0.1:1/"), QStringLiteral("--ping-interval"), QStringLiteral("1")}
                                           << QByteArray("wsinspect-cli cert: Unknown option 'ping-interval'.\n(see wsinspect-cli cert --help)\n");
    QTest::newRow("ping size") << QStringList{QStringLiteral("ping"), QStringLiteral("ws://127.0.0.1:1/"), QStringLiteral("-s"), QStringLiteral("200")}
                               << QByteArray("wsinspect-cli ping: -s wants 0 to 125 bytes (RFC 6455 section 5.5), not \"200\"\n");
}

void TestCli::refusesBadArguments()
{
    QFETCH(QStringList, arguments);
    QFETCH(QByteArray, message);
    const CliResult result = runCli(arguments);
    QCOMPARE(result.exitCode, 2);
    QVERIFY2(result.err.startsWith(message), result.err.constData());
    QVERIFY(result.out.isEmpty());
}

// ---- connect --------------------------------------------------------------------------

void TestCli::connectSendsStdinLinesAndPrintsReplies()
{
    MiniServer server(behaving(MiniServer::Behaviour::Echo));
    QVERIFY(server.start());
    const CliResult result = runCli({QStringLiteral("connect"), server.url()}, "hello\nwörld\r\nlast line without newline");
    QVERIFY(result.finished);
    QCOMPARE(result.exitCode, 0);
    QCOMPARE(result.out, QByteArray("hello\nwörld\nlast line without newline\n"));
    QCOMPARE(server.receivedMessages(), (QList<QByteArray>{"hello", "wörld", "last line without newline"}));
    QVERIFY(result.err.isEmpty());
}

void TestCli::connectPrintsBinaryAsHex()
{
    MiniServer::Options options = behaving(MiniServer::Behaviour::Greeter);
    options.greetings = {{false, QByteArray("\x01\xff", 2)}, {true, "text stays text"}};
    MiniServer server(options);
    QVERIFY(server.start());
    // The greeter closes once two messages came back: two stdin lines.
    const CliResult hex = runCli({QStringLiteral("connect"), server.url()}, "a\nb\n");
    QCOMPARE(hex.exitCode, 0);
    QCOMPARE(hex.out, QByteArray("01ff\ntext stays text\n"));
    const CliResult base64 = runCli({QStringLiteral("connect"), server.url(), QStringLiteral("--binary-as"), QStringLiteral("base64")}, "a\nb\n");
    QCOMPARE(base64.out, QByteArray("Af8=\ntext stays text\n"));
}

void TestCli::connectEchoesWhatItReceives()
{
    MiniServer::Options options = behaving(MiniServer::Behaviour::Greeter);
    options.greetings = {{true, "one"}, {false, QByteArray("\x00\x02", 2)}, {true, "three"}};
    MiniServer server(options);
    QVERIFY(server.start());
    const CliResult result = runCli({QStringLiteral("connect"), server.url(), QStringLiteral("--echo")});
    QCOMPARE(result.exitCode, 0);
    QCOMPARE(server.receivedMessages(), (QList<QByteArray>{"one", QByteArray("\x00\x02", 2), "three"}));
}

void TestCli::connectCountsAFlood()
{
    MiniServer::Options options = behaving(MiniServer::Behaviour::Flood);
    options.floodCount = 20000;
    options.floodSize = 64;
    MiniServer server(options);
    QVERIFY(server.start());
    const CliResult result = runCli({QStringLiteral("connect"), server.url(), QStringLiteral("--count")});
    QCOMPARE(result.exitCode, 0);
    const QRegularExpression summary(QStringLiteral("^20000 messages, 1280000 bytes in \\d+\\.\\d{3} s: \\d+ messages/s, \\d+\\.\\d{2} MB/s\n$"));
    QVERIFY2(summary.match(QString::fromUtf8(result.out)).hasMatch(), result.out.constData());
}

void TestCli::connectWritesJsonEvents()
{
    MiniServer server(behaving(MiniServer::Behaviour::Echo));
    QVERIFY(server.start());
    const CliResult result = runCli({QStringLiteral("connect"), server.url(), QStringLiteral("--json")}, "hi\n");
    QCOMPARE(result.exitCode, 0);
    QStringList kinds;
    QJsonObject incoming;
    QJsonObject close;
    for (const QByteArray &line : result.out.split('\n')) {
        if (line.isEmpty())
            continue;
        QJsonParseError error;
        const QJsonObject object = QJsonDocument::fromJson(line, &error).object();
        QVERIFY2(error.error == QJsonParseError::NoError, line.constData());
        kinds << object.value(QStringLiteral("event")).toString();
        if (kinds.last() == QLatin1String("message") && object.value(QStringLiteral("direction")).toString() == QLatin1String("in"))
            incoming = object;
        if (kinds.last() == QLatin1String("close"))
            close = object;
    }
    QVERIFY2(!kinds.isEmpty(), result.err.constData());
    QCOMPARE(kinds.first(), QStringLiteral("open"));
    QCOMPARE(kinds.last(), QStringLiteral("close"));
    QVERIFY(kinds.contains(QStringLiteral("frame")));
    QCOMPARE(incoming.value(QStringLiteral("data")).toString(), QStringLiteral("hi"));
    QCOMPARE(incoming.value(QStringLiteral("type")).toString(), QStringLiteral("text"));
    QCOMPARE(close.value(QStringLiteral("code")).toInt(), 1000);
    QCOMPARE(close.value(QStringLiteral("clean")).toBool(), true);
    QCOMPARE(close.value(QStringLiteral("initiator")).toString(), QStringLiteral("local"));
}

void TestCli::connectVerboseHidesSecrets()
{
    MiniServer server(behaving(MiniServer::Behaviour::Echo));
    QVERIFY(server.start());
    const QStringList arguments{QStringLiteral("connect"), server.url(), QStringLiteral("-v"), QStringLiteral("-H"),
                                QStringLiteral("Authorization: Bearer s3cr3t-token")};
    const CliResult hidden = runCli(arguments, "x\n");
    QCOMPARE(hidden.exitCode, 0);
    QVERIFY(hidden.err.contains("> GET / HTTP/1.1\n"));
    QVERIFY(hidden.err.contains("< HTTP/1.1 101 Switching Protocols\n"));
    QVERIFY(hidden.err.contains("> frame FIN=1 RSV=000 opcode=1 (text) mask=1 length=1 key="));
    QVERIFY(hidden.err.contains("< frame FIN=1 RSV=000 opcode=8 (close) mask=0 length=2\n"));
    QVERIFY(hidden.err.contains("> Authorization: (hidden, 19 bytes)\n"));
    QVERIFY(!hidden.err.contains("s3cr3t"));
    QVERIFY(!hidden.out.contains("s3cr3t"));
    // The server did get it.
    QVERIFY(server.lastRequest().contains("Authorization: Bearer s3cr3t-token\r\n"));
    const CliResult shown = runCli(arguments + QStringList{QStringLiteral("--show-secrets")}, "x\n");
    QVERIFY(shown.err.contains("> Authorization: Bearer s3cr3t-token\n"));
}

void TestCli::connectFailsWithOneLineReason_data()
{
    QTest::addColumn<int>("behaviour"); // -1: nothing listening
    QTest::addColumn<QStringList>("extra");
    QTest::addColumn<QString>("reason"); // a regular expression for the whole stderr: the reason, then its hint
    QTest::newRow("refused") << -1 << QStringList()
                             << QStringLiteral("^wsinspect-cli: connection refused by 127\\.0\\.0\\.1:\\d+\n"
                                               "  hint: is a server listening on that port\\?\n$");
    QTest::newRow("open timeout") << int(MiniServer::Behaviour::Silent) << QStringList{QStringLiteral("--open-timeout"), QStringLiteral("0.3")}
                                  << QStringLiteral("^wsinspect-cli: no answer to the upgrade request within 300 ms \\(open timeout\\)\n"
                                                    "  hint: the server accepted the connection but did not answer the upgrade: [^\n]+\n$");
    QTest::newRow("upgrade refused") << int(MiniServer::Behaviour::Canned) << QStringList()
                                     << QStringLiteral("^wsinspect-cli: the server refused the upgrade: HTTP/1\\.1 404 Not Found\n"
                                                       "  hint: no WebSocket endpoint at this path \\(404\\): check the URL's path\n$");
    QTest::newRow("dropped") << int(MiniServer::Behaviour::DropAfterOpen) << QStringList()
                             << QStringLiteral("^wsinspect-cli: the connection ended without a close handshake \\(1006: connection closed without a close frame\\)\n$");
    QTest::newRow("ping timeout") << int(MiniServer::Behaviour::NoPong)
                                  << QStringList{QStringLiteral("--ping-interval"), QStringLiteral("0.1"), QStringLiteral("--ping-timeout"), QStringLiteral("200ms")}
                                  << QStringLiteral("^wsinspect-cli: no pong for ping #1 within 200 ms \\(ping timeout\\)\n"
                                                    "  hint: the server \\(or the path to it\\) stopped answering; [^\n]+\n$");
}

void TestCli::connectFailsWithOneLineReason()
{
    QFETCH(int, behaviour);
    QFETCH(QStringList, extra);
    QFETCH(QString, reason);
    std::unique_ptr<MiniServer> server;
    QString url = closedPortUrl();
    if (behaviour >= 0) {
        MiniServer::Options options = behaving(MiniServer::Behaviour(behaviour));
        options.canned = "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n";
        server = std::make_unique<MiniServer>(options);
        QVERIFY(server->start());
        url = server->url();
    }
    // stdin stays open: only the failure ends the run.
    const std::unique_ptr<QProcess> process = startCli(QStringList{QStringLiteral("connect"), url} + extra);
    const CliResult result = finish(*process);
    QVERIFY(result.finished);
    QCOMPARE(result.exitCode, 1);
    QVERIFY2(QRegularExpression(reason).match(QString::fromUtf8(result.err)).hasMatch(), result.err.constData());
}

// Any close but the normal one we asked for is one line on stderr (code, meaning, reason);
// codes other than 1000 and 1001 exit with 3.
void TestCli::connectReportsTheServersClose_data()
{
    QTest::addColumn<int>("code");
    QTest::addColumn<QByteArray>("reason");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("line");
    QTest::newRow("1009") << 1009 << QByteArray("too big") << 3
                          << QStringLiteral("wsinspect-cli: the server closed the connection: 1009 (message too big) \"too big\"\n");
    QTest::newRow("1011") << 1011 << QByteArray("internal oops") << 3
                          << QStringLiteral("wsinspect-cli: the server closed the connection: 1011 (internal error) \"internal oops\"\n");
    QTest::newRow("4001") << 4001 << QByteArray() << 3
                          << QStringLiteral("wsinspect-cli: the server closed the connection: 4001 (private use)\n");
    QTest::newRow("1001") << 1001 << QByteArray("restarting") << 0
                          << QStringLiteral("wsinspect-cli: the server closed the connection: 1001 (going away) \"restarting\"\n");
    QTest::newRow("1000 from the server") << 1000 << QByteArray() << 0
                                          << QStringLiteral("wsinspect-cli: the server closed the connection: 1000 (normal closure)\n");
}

void TestCli::connectReportsTheServersClose()
{
    QFETCH(int, code);
    QFETCH(QByteArray, reason);
    QFETCH(int, exitCode);
    QFETCH(QString, line);
    MiniServer::Options options = behaving(MiniServer::Behaviour::CloseAfterOpen);
    options.closeCode = quint16(code);
    options.closeReason = reason;
    MiniServer server(options);
    QVERIFY(server.start());
    // stdin stays open: the server's close ends the run.
    const std::unique_ptr<QProcess> process = startCli({QStringLiteral("connect"), server.url()});
    const CliResult result = finish(*process);
    QVERIFY(result.finished);
    QCOMPARE(result.exitCode, exitCode);
    QCOMPARE(QString::fromUtf8(result.err), line);
}

// RFC 6455 section 7.1.5: the connection's code is the one received, also when our close
// crosses the server's (serve --max-length 1k, a 2,000-byte line, then the end of input).
void TestCli::connectReportsTheCodeReceivedWhenClosesCross()
{
    QProcess serve;
    serve.start(QStringLiteral(WSI_CLI_PATH), {QStringLiteral("serve"), QStringLiteral("--max-length"), QStringLiteral("1k"), QStringLiteral("-q")});
    QVERIFY(QTest::qWaitFor([&] { return serve.canReadLine(); }, 10000));
    const QString url = QString::fromUtf8(serve.readLine()).trimmed();
    const QByteArray big = QByteArray(2000, 'x') + '\n';
    const CliResult json = runCli({QStringLiteral("connect"), url, QStringLiteral("--json")}, big);
    QCOMPARE(json.exitCode, 3);
    QJsonObject close;
    for (const QByteArray &line : json.out.split('\n')) {
        const QJsonObject object = QJsonDocument::fromJson(line).object();
        if (object.value(QStringLiteral("event")).toString() == QLatin1String("close"))
            close = object;
    }
    QVERIFY2(!close.isEmpty(), json.out.constData());
    QCOMPARE(close.value(QStringLiteral("code")).toInt(), 1009);
    QCOMPARE(close.value(QStringLiteral("received")).toObject().value(QStringLiteral("code")).toInt(), 1009);
    QVERIFY(!close.value(QStringLiteral("received")).toObject().value(QStringLiteral("reason")).toString().isEmpty());
    if (close.value(QStringLiteral("initiator")).toString() == QLatin1String("local")) // ours went first
        QCOMPARE(close.value(QStringLiteral("sent")).toObject().value(QStringLiteral("code")).toInt(), 1000);

    const CliResult plain = runCli({QStringLiteral("connect"), url}, big);
    QCOMPARE(plain.exitCode, 3);
    QVERIFY2(plain.err.startsWith("wsinspect-cli: the server ") && plain.err.contains(" 1009 (message too big) \""), plain.err.constData());
    QCOMPARE(plain.err.count('\n'), 1);
    serve.kill();
    serve.waitForFinished(5000);
}

// A text message must be UTF-8: a line that is not is refused with where it breaks, the
// others still go, and the exit status says something was not sent.
void TestCli::connectRefusesLinesThatAreNotUtf8()
{
    MiniServer server(behaving(MiniServer::Behaviour::Echo));
    QVERIFY(server.start());
    const CliResult result = runCli({QStringLiteral("connect"), server.url()}, "ok\nab\xff\xfe\nfine\n");
    QCOMPARE(result.exitCode, 4);
    QCOMPARE(result.out, QByteArray("ok\nfine\n"));
    QCOMPARE(result.err, QByteArray("wsinspect-cli: line 2 of standard input: not valid UTF-8 (byte 3 is 0xff); a text message must be UTF-8 (--binary sends bytes); not sent\n"));
}

// A server that answers 300 ms late (serve --delay 300) still gets its echo printed: after
// the end of input, connect waits for a quiet second (--wait) before it closes.
void TestCli::connectWaitsForLateRepliesAfterTheInput()
{
    const auto serve = startServe({QStringLiteral("--delay"), QStringLiteral("300")});
    QVERIFY(!serve->url.isEmpty());
    const CliResult waited = runCli({QStringLiteral("connect"), serve->url}, "hi\n");
    QCOMPARE(waited.exitCode, 0);
    QCOMPARE(waited.out, QByteArray("hi\n"));
    QCOMPARE(waited.err, QByteArray());
    const CliResult atOnce = runCli({QStringLiteral("connect"), serve->url, QStringLiteral("--wait"), QStringLiteral("0")}, "hi\n");
    QCOMPARE(atOnce.exitCode, 0);
    QCOMPARE(atOnce.out, QByteArray()); // closed before the answer: what --wait is for
    const CliResult refused = runCli({QStringLiteral("connect"), serve->url, QStringLiteral("--wait"), QStringLiteral("soon")});
    QCOMPARE(refused.exitCode, 2);
    QVERIFY2(refused.err.startsWith("wsinspect-cli connect: --wait wants seconds (0 or more), not \"soon\""), refused.err.constData());
}

// --no-close keeps reading after the input ends, past any quiet period (an answer 1.5 s
// late), until -1 (one message) ends it.
void TestCli::connectNoCloseReadsUntilTheLimitOrTheServer()
{
    const auto serve = startServe({QStringLiteral("--delay"), QStringLiteral("1500")});
    QVERIFY(!serve->url.isEmpty());
    QElapsedTimer clock;
    clock.start();
    const CliResult result = runCli({QStringLiteral("connect"), serve->url, QStringLiteral("--no-close"), QStringLiteral("-1")}, "a\nb\n");
    QCOMPARE(result.exitCode, 0);
    QCOMPARE(result.out, QByteArray("a\n"));
    QCOMPARE(result.err, QByteArray()); // we closed, with 1000, as asked
    QVERIFY(clock.elapsed() >= 1500);
    // The default quiet second is over before that answer comes.
    const CliResult quiet = runCli({QStringLiteral("connect"), serve->url}, "a\n");
    QCOMPARE(quiet.out, QByteArray());
}

// --receive-only prints what comes and sends nothing of its stdin; the server's close ends it.
void TestCli::connectReceiveOnlyReadsNoInput()
{
    MiniServer server(flooding(3, 4));
    QVERIFY(server.start());
    const CliResult result = runCli({QStringLiteral("connect"), server.url(), QStringLiteral("--receive-only")}, "not for the server\n");
    QCOMPARE(result.exitCode, 0);
    QCOMPARE(result.out, QByteArray("xxxx\nxxxx\nxxxx\n"));
    QVERIFY(server.receivedMessages().isEmpty());
}

// --max-messages N prints N messages, even when more came in the same read, then closes.
void TestCli::connectStopsAfterMaxMessages()
{
    MiniServer server(flooding(10, 2));
    QVERIFY(server.start());
    const std::unique_ptr<QProcess> process = startCli({QStringLiteral("connect"), server.url(), QStringLiteral("--max-messages"), QStringLiteral("2")});
    const CliResult result = finish(*process); // stdin stays open: only the limit (or the server) ends it
    QCOMPARE(result.exitCode, 0);
    QCOMPARE(result.out, QByteArray("xx\nxx\n"));
    const CliResult both = runCli({QStringLiteral("connect"), server.url(), QStringLiteral("-1"), QStringLiteral("--max-messages"), QStringLiteral("3")});
    QCOMPARE(both.exitCode, 2);
}

// A message is one line: line breaks and control characters (an escape sequence, a C1
// CSI) are written escaped unless --raw-text; prefixes tell text from binary.
void TestCli::connectKeepsEachMessageOnOneSafeLine()
{
    MiniServer::Options options = behaving(MiniServer::Behaviour::Greeter);
    options.greetings = {{true, "two\nlines\r"}, {true, "\x1b]0;pwned\x07red \xc2\x9b" "31m tab\there \\n"}, {false, "\xca\xfe"},
                         {true, "cafe"}};
    MiniServer server(options);
    QVERIFY(server.start());
    const QStringList connect{QStringLiteral("connect"), server.url(), QStringLiteral("--receive-only"), QStringLiteral("--max-messages"),
                              QStringLiteral("4")};
    const CliResult escaped = runCli(connect);
    QCOMPARE(escaped.exitCode, 0);
    QCOMPARE(escaped.out, QByteArray("two\\nlines\\r\n"
                                     "\\x1b]0;pwned\\x07red \\u009b31m tab\there \\n\n"
                                     "cafe\n"
                                     "cafe\n"));
    const CliResult marked = runCli(connect + QStringList{QStringLiteral("--binary-prefix"), QStringLiteral("bin: "),
                                                          QStringLiteral("--text-prefix"), QStringLiteral("txt: ")});
    QVERIFY2(marked.out.endsWith("bin: cafe\ntxt: cafe\n"), marked.out.constData());
    const CliResult raw = runCli(connect + QStringList{QStringLiteral("--raw-text")});
    QVERIFY2(raw.out.startsWith("two\nlines\r\n\x1b]0;pwned\x07"), raw.out.constData());
}

// --slash: /ping, /raw and //text from stdin, -P shows the pong, /close with a code of our
// choosing ends it (exit 0: the code came back as asked); a bad command is refused by line.
void TestCli::connectSlashCommandsSendControlAndRawFrames()
{
    MiniServer server(behaving(MiniServer::Behaviour::Echo));
    QVERIFY(server.start());
    const std::unique_ptr<QProcess> process = startCli({QStringLiteral("connect"), server.url(), QStringLiteral("--slash"), QStringLiteral("-P"),
                                                        QStringLiteral("--binary-prefix"), QStringLiteral("bin: ")});
    QVERIFY(process->waitForStarted(5000));
    process->write("hello\n/ping marco\n/raw fin=1 opcode=text raw hi\n/raw opcode=binary hex=cafe\n//slash\n/bogus\n");
    QByteArray seen;
    QVERIFY(QTest::qWaitFor([&] {
        seen += process->readAllStandardOutput();
        return seen.contains("/slash\n");
    }, 10000));
    process->write("/close 4000 bye now\n");
    const CliResult result = finish(*process);
    seen += result.out;
    QCOMPARE(result.exitCode, 4); // the /bogus line was not sent
    // In wire order: our ping usually goes out before the echo of "hello" comes back (the
    // two sends are separate calls on the worker, so the echo may come in between).
    QVERIFY2(QRegularExpression(QStringLiteral("^(> ping: marco\nhello\n|hello\n> ping: marco\n)< pong: marco \\([0-9.]+ ms\\)\nraw hi\nbin: cafe\n/slash\n$"))
                 .match(QString::fromUtf8(seen)).hasMatch(),
             seen.constData());
    QCOMPARE(result.err, QByteArray("wsinspect-cli: line 6 of standard input: unknown command /bogus (/help lists them; //text sends \"/text\"); not sent\n"));
    QCOMPARE(server.pingsReceived(), 1);
    QCOMPARE(server.receivedMessages(), (QList<QByteArray>{"hello", "raw hi", QByteArray::fromHex("cafe"), "/slash"}));
}

// How stdin becomes messages: lines (CRLF too), NUL-separated records (multi-line JSON),
// another separator, the whole input, hex and base64 lines as binary, raw binary.
void TestCli::connectInputModes_data()
{
    QTest::addColumn<QStringList>("options");
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QList<QByteArray>>("received");
    QTest::addColumn<int>("exitCode");
    QTest::newRow("lines, CRLF") << QStringList() << QByteArray("a\r\nb\n") << QList<QByteArray>{"a", "b"} << 0;
    QTest::newRow("-0: multi-line JSON") << QStringList{QStringLiteral("-0")} << QByteArray("{\n \"a\": 1\n}\0{\"b\":2}\0", sizeof("{\n \"a\": 1\n}\0{\"b\":2}\0") - 1)
                                         << QList<QByteArray>{"{\n \"a\": 1\n}", "{\"b\":2}"} << 0;
    QTest::newRow("--separator ;") << QStringList{QStringLiteral("--separator"), QStringLiteral(";")} << QByteArray("x;y\nz")
                                   << QList<QByteArray>{"x", "y\nz"} << 0;
    QTest::newRow("--whole") << QStringList{QStringLiteral("--whole")} << QByteArray("one\ntwo\n") << QList<QByteArray>{"one\ntwo\n"} << 0;
    QTest::newRow("--hex") << QStringList{QStringLiteral("--hex")} << QByteArray("cafe\nzz\nca fe 01\n")
                           << QList<QByteArray>{QByteArray::fromHex("cafe"), QByteArray::fromHex("cafe01")} << 4;
    QTest::newRow("--base64") << QStringList{QStringLiteral("--base64")} << QByteArray("yv4=\n") << QList<QByteArray>{QByteArray::fromHex("cafe")} << 0;
    QTest::newRow("--binary --whole") << QStringList{QStringLiteral("--binary"), QStringLiteral("--whole")} << QByteArray("\xff\x00\n\x01", 4)
                                      << QList<QByteArray>{QByteArray("\xff\x00\n\x01", 4)} << 0;
}

void TestCli::connectInputModes()
{
    QFETCH(QStringList, options);
    QFETCH(QByteArray, input);
    QFETCH(QList<QByteArray>, received);
    QFETCH(int, exitCode);
    MiniServer server(behaving(MiniServer::Behaviour::Echo));
    QVERIFY(server.start());
    const CliResult result = runCli(QStringList{QStringLiteral("connect"), server.url(), QStringLiteral("--wait"), QStringLiteral("0.3")} + options, input);
    QCOMPARE(result.exitCode, exitCode);
    QTRY_COMPARE_WITH_TIMEOUT(server.receivedMessages(), received, 5000);
}

// --file sends a file as one message: binary with --binary, refused by name when it is not
// UTF-8 and meant as text.
void TestCli::connectSendsAFileAsOneMessage()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("blob.bin"));
    QFile blob(path);
    QVERIFY(blob.open(QIODevice::WriteOnly));
    const QByteArray bytes("\x00\x9b\xff\nend", 6);
    blob.write(bytes);
    blob.close();
    MiniServer server(behaving(MiniServer::Behaviour::Echo));
    QVERIFY(server.start());
    const CliResult binary = runCli({QStringLiteral("connect"), server.url(), QStringLiteral("--file"), path, QStringLiteral("--binary"),
                                     QStringLiteral("--binary-as"), QStringLiteral("base64")});
    QCOMPARE(binary.exitCode, 0);
    QCOMPARE(QByteArray::fromBase64(binary.out.trimmed()), bytes);
    const CliResult text = runCli({QStringLiteral("connect"), server.url(), QStringLiteral("--file"), path});
    QCOMPARE(text.exitCode, 4);
    QCOMPARE(QString::fromUtf8(text.err),
             QStringLiteral("wsinspect-cli: %1: not valid UTF-8 (byte 2 is 0x9b); a text message must be UTF-8 (--binary sends bytes); not sent\n").arg(path));
    QCOMPARE(server.receivedMessages(), QList<QByteArray>{bytes});
}

// --reconnect: a dropped connection is tried again after 1 s, then 2 s, each attempt said
// on stderr with why; --reconnect-max gives up, with the last failure and exit 1.
void TestCli::connectReconnectsWithBackoff()
{
    QTcpServer hangUp; // accepts and hangs up before any answer
    QVERIFY(hangUp.listen(QHostAddress::LocalHost));
    int connections = 0;
    connect(&hangUp, &QTcpServer::newConnection, this, [&] {
        while (QTcpSocket *socket = hangUp.nextPendingConnection()) {
            ++connections;
            socket->abort();
            socket->deleteLater();
        }
    });
    const QString url = QStringLiteral("ws://127.0.0.1:%1/").arg(hangUp.serverPort());
    QElapsedTimer clock;
    clock.start();
    const std::unique_ptr<QProcess> process = startCli({QStringLiteral("connect"), url, QStringLiteral("--reconnect"), QStringLiteral("--reconnect-max"),
                                                        QStringLiteral("2")});
    const CliResult result = finish(*process, 20000);
    QCOMPARE(result.exitCode, 1);
    QCOMPARE(connections, 3);
    QVERIFY2(clock.elapsed() >= 3000, qPrintable(QString::number(clock.elapsed()))); // 1 s, then 2 s
    const QStringList lines = QString::fromUtf8(result.err).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QVERIFY2(lines.size() >= 3, result.err.constData());
    QVERIFY2(lines.at(0).endsWith(QLatin1String("; reconnecting in 1.0 s (attempt 1 of 2)")), qPrintable(lines.at(0)));
    QVERIFY2(lines.at(1).endsWith(QLatin1String("; reconnecting in 2.0 s (attempt 2 of 2)")), qPrintable(lines.at(1)));
    QVERIFY(lines.at(2).startsWith(QLatin1String("wsinspect-cli: ")));
}

// --max-length 1k means 1024 bytes in connect as in serve: a 2,000-byte echo is refused
// by its header, the error naming the limit.
void TestCli::connectTakesSizesAsServeDoes()
{
    MiniServer server(behaving(MiniServer::Behaviour::Echo));
    QVERIFY(server.start());
    const CliResult result = runCli({QStringLiteral("connect"), server.url(), QStringLiteral("--max-length"), QStringLiteral("1k")},
                                    QByteArray(2000, 'x') + '\n');
    QCOMPARE(result.exitCode, 1);
    QVERIFY2(result.err.contains("exceeds the maximum message size of 1024 bytes"), result.err.constData());
}

// --follow-redirects: a 302 to an http:// URL is followed as ws://, without the
// Authorization header when the origin changes; a redirect loop stops after 5.
void TestCli::connectFollowsRedirects()
{
    MiniServer echo(behaving(MiniServer::Behaviour::Echo));
    QVERIFY(echo.start());
    QTcpServer redirector;
    QVERIFY(redirector.listen(QHostAddress::LocalHost));
    QByteArray location = echo.url(QStringLiteral("/moved")).replace(QStringLiteral("ws://"), QStringLiteral("http://")).toUtf8();
    connect(&redirector, &QTcpServer::newConnection, this, [&] {
        while (QTcpSocket *socket = redirector.nextPendingConnection()) {
            connect(socket, &QTcpSocket::readyRead, socket, [socket, &location] {
                socket->readAll();
                socket->write("HTTP/1.1 302 Found\r\nLocation: " + location + "\r\nContent-Length: 0\r\n\r\n");
                socket->disconnectFromHost();
            });
            connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        }
    });
    const QString start = QStringLiteral("ws://127.0.0.1:%1/old").arg(redirector.serverPort());
    const CliResult followed = runCli({QStringLiteral("connect"), start, QStringLiteral("--follow-redirects"), QStringLiteral("-H"),
                                       QStringLiteral("Authorization: Bearer secret")},
                                      "hi\n");
    QCOMPARE(followed.exitCode, 0);
    QCOMPARE(followed.out, QByteArray("hi\n"));
    QCOMPARE(QString::fromUtf8(followed.err),
             QStringLiteral("wsinspect-cli: redirected (1 of at most 5) to %1 (without Authorization and Cookie: another origin)\n")
                 .arg(echo.url(QStringLiteral("/moved"))));
    QVERIFY(echo.lastRequest().startsWith("GET /moved HTTP/1.1\r\n"));
    QVERIFY(!echo.lastRequest().contains("Authorization"));

    location = "/loop"; // back to the redirector itself
    const CliResult looped = runCli({QStringLiteral("connect"), start, QStringLiteral("--follow-redirects")}, "hi\n");
    QCOMPARE(looped.exitCode, 1);
    QVERIFY2(looped.err.contains("wsinspect-cli: more than 5 redirects (the last to ws://127.0.0.1:"), looped.err.constData());
    QCOMPARE(looped.err.count("redirected ("), 5);
}

// At a terminal (run under a pseudo-terminal by script(1)): a "connected to" line, the "> "
// prompt and "< " before what arrives; the same run through pipes prints bare messages.
void TestCli::connectTalksLikeWscatAtATerminal()
{
    if (QStandardPaths::findExecutable(QStringLiteral("script")).isEmpty())
        QSKIP("script(1) (util-linux) is not installed");
    MiniServer server(behaving(MiniServer::Behaviour::Echo));
    QVERIFY(server.start());
    QProcess terminal;
    terminal.start(QStringLiteral("script"), {QStringLiteral("-qec"), QStringLiteral("%1 connect %2").arg(QStringLiteral(WSI_CLI_PATH), server.url()),
                                              QStringLiteral("/dev/null")});
    QVERIFY(terminal.waitForStarted(5000));
    QByteArray seen;
    QVERIFY(QTest::qWaitFor([&] {
        seen += terminal.readAllStandardOutput();
        return seen.contains("> ");
    }, 10000));
    QVERIFY2(seen.startsWith(QStringLiteral("connected to %1 (Ctrl+D closes, Ctrl+C too)\r\n> ").arg(server.url()).toUtf8()), seen.constData());
    terminal.write("hello\n");
    QVERIFY(QTest::qWaitFor([&] {
        seen += terminal.readAllStandardOutput();
        return seen.contains("< hello");
    }, 10000));
    QVERIFY2(seen.contains("\r< hello\r\n> "), seen.constData());
    terminal.write("\x04"); // Ctrl+D: the end of input
    QVERIFY(QTest::qWaitFor([&] { return terminal.state() == QProcess::NotRunning; }, 10000));
    QCOMPARE(terminal.exitCode(), 0);
}

// The help's example works: serve's /flood path and connect --count.
void TestCli::connectCountsServesFlood()
{
    const auto serve = startServe({});
    QVERIFY(!serve->url.isEmpty());
    const CliResult result = runCli({QStringLiteral("connect"), serve->url + QStringLiteral("flood"), QStringLiteral("--count")});
    QCOMPARE(result.exitCode, 0);
    QVERIFY2(result.out.startsWith("1000 messages, 64000 bytes in "), result.out.constData());
    QCOMPARE(result.err, QByteArray("wsinspect-cli: the server closed the connection: 1000 (normal closure) \"flood done\"\n"));
}

// -H with a name we generate (Host, Origin, Sec-WebSocket-Protocol) replaces ours: one
// header, the user's value, and the subprotocol check follows the offer that was sent.
void TestCli::connectHeaderReplacesTheGeneratedOne()
{
    MiniServer::Options options = behaving(MiniServer::Behaviour::Echo);
    options.subprotocols = {"theirs"};
    MiniServer server(options);
    QVERIFY(server.start());
    const CliResult result = runCli({QStringLiteral("connect"), server.url(), QStringLiteral("--protocol"), QStringLiteral("ours"),
                                     QStringLiteral("-H"), QStringLiteral("Host: virtual.example"), QStringLiteral("-H"),
                                     QStringLiteral("Sec-WebSocket-Protocol: theirs")},
                                    "hi\n");
    QCOMPARE(result.exitCode, 0);
    QCOMPARE(result.out, QByteArray("hi\n"));
    const QByteArray request = server.lastRequest();
    QCOMPARE(request.count("Host:"), 1);
    QVERIFY2(request.contains("\r\nHost: virtual.example\r\n"), request.constData());
    QCOMPARE(request.count("Sec-WebSocket-Protocol:"), 1);
    QVERIFY2(request.contains("\r\nSec-WebSocket-Protocol: theirs\r\n"), request.constData());
}

// Autobahn's strict outcome in the client role: a message that arrives in the same read
// as a protocol violation after it is still echoed, then the connection fails with 1002
// (the ping after the violation is not answered).
void TestCli::connectEchoAnswersWhatPrecedesAViolation_data()
{
    QTest::addColumn<QByteArray>("violation");
    QTest::addColumn<QString>("errorId");
    QTest::newRow("RSV bits") << QByteArray("\xc1\x01x", 3) << QStringLiteral("reserved-bits-set");
    QTest::newRow("reserved opcode") << QByteArray("\x83\x01?", 3) << QStringLiteral("reserved-opcode");
    QTest::newRow("continuation with nothing to continue") << QByteArray("\x80\x01c", 3) << QStringLiteral("unexpected-continuation");
}

void TestCli::connectEchoAnswersWhatPrecedesAViolation()
{
    QFETCH(QByteArray, violation);
    QFETCH(QString, errorId);
    MiniServer::Options options = behaving(MiniServer::Behaviour::Greeter);
    options.greetings = {{true, "first"}, {false, "second"}};
    options.afterGreetings = violation + QByteArray("\x89\x04ping", 6); // one write: one read for the client
    MiniServer server(options);
    QVERIFY(server.start());
    const CliResult result = runCli({QStringLiteral("connect"), server.url(), QStringLiteral("--echo"), QStringLiteral("--json")});
    QCOMPARE(result.exitCode, 1);
    QTRY_COMPARE_WITH_TIMEOUT(server.receivedMessages(), (QList<QByteArray>{"first", "second"}), 5000);
    QCOMPARE(server.pingsReceived(), 0);
    QJsonObject error;
    QJsonObject close;
    for (const QByteArray &line : result.out.split('\n')) {
        const QJsonObject object = QJsonDocument::fromJson(line).object();
        if (object.value(QStringLiteral("event")).toString() == QLatin1String("error"))
            error = object;
        if (object.value(QStringLiteral("event")).toString() == QLatin1String("close"))
            close = object;
    }
    QCOMPARE(error.value(QStringLiteral("id")).toString(), errorId);
    QCOMPARE(close.value(QStringLiteral("sent")).toObject().value(QStringLiteral("code")).toInt(), 1002);
}

void TestCli::connectClosesOnInterrupt()
{
    MiniServer server(behaving(MiniServer::Behaviour::Echo));
    QVERIFY(server.start());
    const std::unique_ptr<QProcess> process = startCli({QStringLiteral("connect"), server.url(), QStringLiteral("--json")});
    QVERIFY(QTest::qWaitFor([&] { return process->bytesAvailable() > 0 || process->state() == QProcess::NotRunning; }, 10000));
    ::kill(pid_t(process->processId()), SIGINT);
    const CliResult result = finish(*process);
    QCOMPARE(result.exitCode, 0);
    QVERIFY2(result.out.contains("\"event\":\"close\""), result.out.constData());
    QVERIFY(result.out.contains("\"reason\":\"interrupted\""));
}

// ---- cert and ping --------------------------------------------------------------------

void TestCli::certShowsVerifiedChain()
{
    MiniServer::Options options = behaving(MiniServer::Behaviour::Echo);
    options.tls = true;
    options.certificateChain = m_certificates->leaf.chain;
    options.privateKey = m_certificates->leaf.key;
    MiniServer server(options);
    QVERIFY(server.start());
    const QString url = server.url(QStringLiteral("/"), QStringLiteral("localhost"));
    const CliResult result = runCli({QStringLiteral("cert"), url, QStringLiteral("--ca-file"), m_certificates->rootFile});
    QCOMPARE(result.exitCode, 0);
    const QString text = QString::fromUtf8(result.out);
    QVERIFY2(text.contains(QStringLiteral("  verdict:            connected to %1 with verify: CN=localhost, O=wsinspect tests "
                                          "(issuer CN=wsinspect test intermediate CA, O=wsinspect tests)\n").arg(url)), qPrintable(text));
    QVERIFY(text.contains(QLatin1String("  SNI name sent:      localhost\n")));
    QVERIFY(text.contains(QLatin1String("  protocol:           TLS 1.3\n")));
    QVERIFY(text.contains(QLatin1String("Certificate 0 (leaf)\n")));
    QVERIFY(text.contains(QLatin1String("Certificate 2 (root, from the trusted CAs)\n")));
    QVERIFY(text.contains(QLatin1String("  names (SAN):        DNS:localhost, IP Address:127.0.0.1, IP Address:::1\n")));
    QVERIFY(server.lastRequest().isEmpty()); // TLS only, no upgrade
}

void TestCli::certShowsWhyItFails()
{
    MiniServer::Options options = behaving(MiniServer::Behaviour::Echo);
    options.tls = true;
    options.certificateChain = m_certificates->selfSigned.chain;
    options.privateKey = m_certificates->selfSigned.key;
    MiniServer server(options);
    QVERIFY(server.start());
    const CliResult result = runCli({QStringLiteral("cert"), server.url()});
    QCOMPARE(result.exitCode, 1);
    QVERIFY(result.out.contains("  verdict:            certificate verify failed: self-signed certificate (subject CN=localhost"));
    QVERIFY(result.out.contains("  error:              self-signed certificate\n"));
    QVERIFY(result.err.startsWith("wsinspect-cli: certificate verify failed: self-signed certificate"));
    const CliResult insecure = runCli({QStringLiteral("cert"), server.url(), QStringLiteral("--insecure"), QStringLiteral("--pem")});
    QCOMPARE(insecure.exitCode, 0);
    QVERIFY(insecure.out.contains("with errors: self-signed certificate"));
    QVERIFY(insecure.out.contains("-----BEGIN CERTIFICATE-----"));
}

void TestCli::pingPrintsRoundTripsAndSummary()
{
    MiniServer server(behaving(MiniServer::Behaviour::Echo));
    QVERIFY(server.start());
    const CliResult result = runCli({QStringLiteral("ping"), server.url(), QStringLiteral("-c"), QStringLiteral("3"),
                                     QStringLiteral("-i"), QStringLiteral("0.05")});
    QCOMPARE(result.exitCode, 0);
    const QString text = QString::fromUtf8(result.out);
    const QString port = QString::number(server.serverPort());
    for (int seq = 1; seq <= 3; ++seq) {
        const QRegularExpression line(QStringLiteral("\npong from 127\\.0\\.0\\.1:%1: seq=%2 size=16 time=\\d+\\.\\d{3} ms\n").arg(port).arg(seq));
        QVERIFY2(line.match(text).hasMatch(), qPrintable(text));
    }
    QVERIFY(text.startsWith(QStringLiteral("PING %1: 16-byte payloads\n").arg(server.url())));
    QVERIFY(text.contains(QStringLiteral("\n--- %1 ping statistics ---\n3 pings transmitted, 3 pongs received, 0.0% loss, time ").arg(server.url())));
    QVERIFY(QRegularExpression(QStringLiteral("\nrtt min/avg/max/p99/mdev = [0-9.]+/[0-9.]+/[0-9.]+/[0-9.]+/[0-9.]+ ms, jitter [0-9.]+ ms\n$"))
                .match(text).hasMatch());
    QCOMPARE(server.pingsReceived(), 3);
}

void TestCli::pingHonoursSmallSizes_data()
{
    QTest::addColumn<int>("size");
    QTest::newRow("0 bytes") << 0;
    QTest::newRow("1 byte") << 1;
    QTest::newRow("15 bytes") << 15;
    QTest::newRow("16 bytes") << 16;
    QTest::newRow("125 bytes") << 125;
}

// -s N sends exactly N bytes, also below the length of "wsinspect ping N" (pongs still pair).
void TestCli::pingHonoursSmallSizes()
{
    QFETCH(int, size);
    MiniServer server(behaving(MiniServer::Behaviour::Echo));
    QVERIFY(server.start());
    const CliResult result = runCli({QStringLiteral("ping"), server.url(), QStringLiteral("-c"), QStringLiteral("3"), QStringLiteral("-i"),
                                     QStringLiteral("0.02"), QStringLiteral("-s"), QString::number(size)});
    QCOMPARE(result.exitCode, 0);
    const QString text = QString::fromUtf8(result.out);
    QVERIFY2(text.startsWith(QStringLiteral("PING %1: %2-byte payloads\n").arg(server.url()).arg(size)), qPrintable(text));
    QCOMPARE(text.count(QStringLiteral(" size=%1 time=").arg(size)), 3);
    QVERIFY(text.contains(QLatin1String("3 pings transmitted, 3 pongs received, 0.0% loss")));
}

// A first SIGINT ends pinging at once with the summary as the last lines, as ping(8) does.
void TestCli::pingInterruptedPrintsTheSummaryLast()
{
    MiniServer server(behaving(MiniServer::Behaviour::Echo));
    QVERIFY(server.start());
    const std::unique_ptr<QProcess> process = startCli({QStringLiteral("ping"), server.url(), QStringLiteral("-i"), QStringLiteral("0.05")});
    QByteArray seen;
    QVERIFY(QTest::qWaitFor([&] {
        seen += process->readAllStandardOutput();
        return seen.count("pong from") >= 2;
    }, 10000));
    QElapsedTimer clock;
    clock.start();
    ::kill(pid_t(process->processId()), SIGINT);
    CliResult result = finish(*process);
    QVERIFY2(clock.elapsed() < 2000, qPrintable(QString::number(clock.elapsed())));
    QCOMPARE(result.exitCode, 0);
    const QString text = QString::fromUtf8(seen + result.out);
    QVERIFY2(QRegularExpression(QStringLiteral("\n--- \\S+ ping statistics ---\n\\d+ pings transmitted, \\d+ pongs received, [0-9.]+% loss, time \\d+ ms\n"
                                               "rtt min/avg/max/p99/mdev = [0-9./]+ ms, jitter [0-9.]+ ms\n$"))
                 .match(text).hasMatch(),
             qPrintable(text));
    QVERIFY(!text.contains(QLatin1String("no pong")));
    QCOMPARE(result.err, QByteArray());
}

// SIGINT while the upgrade is still pending: no summary of nothing, no "1006 aborted".
void TestCli::pingInterruptedDuringTheUpgrade()
{
    MiniServer server(behaving(MiniServer::Behaviour::Silent));
    QVERIFY(server.start());
    const std::unique_ptr<QProcess> process = startCli({QStringLiteral("ping"), server.url()});
    QVERIFY(QTest::qWaitFor([&] { return server.connectionCount() > 0; }, 10000));
    ::kill(pid_t(process->processId()), SIGINT);
    const CliResult result = finish(*process);
    QCOMPARE(result.exitCode, 130);
    QCOMPARE(result.out, QByteArray());
    QCOMPARE(QString::fromUtf8(result.err), QStringLiteral("wsinspect-cli: interrupted before %1 opened\n").arg(server.url()));
}

void TestCli::pingCountsLostPongs()
{
    MiniServer server(behaving(MiniServer::Behaviour::NoPong));
    QVERIFY(server.start());
    const CliResult result = runCli({QStringLiteral("ping"), server.url(), QStringLiteral("-c"), QStringLiteral("2"),
                                     QStringLiteral("-i"), QStringLiteral("0.05"), QStringLiteral("-W"), QStringLiteral("0.2")});
    QCOMPARE(result.exitCode, 1);
    QVERIFY2(result.out.contains("no pong for seq=1 within 200 ms\n"), result.out.constData());
    QVERIFY(result.out.contains("no pong for seq=2 within 200 ms\n"));
    QVERIFY(result.out.contains("2 pings transmitted, 0 pongs received, 100.0% loss"));
    QVERIFY(!result.out.contains("rtt min"));
}

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
