// SPDX-License-Identifier: MIT
// `wsinspect-cli run` as CI runs it: the real binary and a flow script against a
// third-party server, python3-websockets (tests/interop/peers/echo_server.py), over
// loopback. Passing and failing assertions word for word, an expectMessage timeout, a
// runaway hook, a syntax error, and the JUnit report read back with QXmlStreamReader.
#include "support/CliRun.h"

#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>
#include <QXmlStreamReader>

#include <memory>

using wsi::test::CliResult;
using wsi::test::runCli;

namespace {

constexpr int PeerStartMs = 10000;

// python3-websockets' echo server for one connection; killed at the end whatever happens.
class PythonEchoServer
{
public:
    ~PythonEchoServer()
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.kill();
            m_process.waitForFinished(5000);
        }
    }
    // The server's ws:// URL, or empty with `error` set.
    QString start(QString &error)
    {
        // Debian's modules are seen by Debian's interpreter (TESTING.md).
        m_process.start(QStringLiteral("/usr/bin/python3"), {QStringLiteral(WSI_ECHO_SERVER_PY)});
        if (!m_process.waitForStarted(PeerStartMs)) {
            error = QStringLiteral("/usr/bin/python3 did not start");
            return {};
        }
        if (!QTest::qWaitFor([&] { return m_process.canReadLine() || m_process.state() == QProcess::NotRunning; }, PeerStartMs)
            || !m_process.canReadLine()) {
            error = QStringLiteral("echo_server.py printed no port: ") + QString::fromUtf8(m_process.readAllStandardError());
            return {};
        }
        const int port = QString::fromUtf8(m_process.readLine()).trimmed().toInt();
        return QStringLiteral("ws://127.0.0.1:%1/").arg(port);
    }

private:
    QProcess m_process;
};

bool pythonWebsocketsInstalled()
{
    QProcess probe;
    probe.start(QStringLiteral("/usr/bin/python3"), {QStringLiteral("-c"), QStringLiteral("import websockets")});
    return probe.waitForFinished(10000) && probe.exitStatus() == QProcess::NormalExit && probe.exitCode() == 0;
}

// The output with each "N ms" as "# ms", so lines compare word for word.
QString withoutTimes(const QByteArray &output)
{
    return QString::fromUtf8(output).replace(QRegularExpression(QStringLiteral("\\d+ ms")), QStringLiteral("# ms"));
}

} // namespace

class TestCliRun : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void passingFlowExitsZero();
    void failuresExitOneAndGoToJunit();
    void runawayHookIsInterruptedWithItsLine();
    void syntaxErrorIsAUsageErrorWithFileAndLine();
    void wantsAScriptAndAUrl();
    void environmentFillsTheUrlHeadersAndMessages();
    void environmentProblemsAreUsageErrors();
    void flowFileRunsWithItsUrlAndMessages();
    void flowFileProblemsAreUsageErrors();

private:
    QString writeFlow(const QString &name, const QString &source);
    QString startServer();

    QTemporaryDir m_dir;
    std::unique_ptr<PythonEchoServer> m_server;
};

void TestCliRun::init()
{
    QVERIFY(m_dir.isValid());
    m_server.reset();
}

QString TestCliRun::writeFlow(const QString &name, const QString &source)
{
    const QString path = m_dir.filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(source.toUtf8()) < 0)
        return {};
    return path;
}

QString TestCliRun::startServer()
{
    m_server = std::make_unique<PythonEchoServer>();
    QString error;
    const QString url = m_server->start(error);
    if (url.isEmpty())
        qWarning("%s", qPrintable(error));
    return url;
}

// --env with Postman's export: {{path}} in the URL, {{token}} in a header, {{user}} in a
// message, env.user in the script; a disabled value is left out. The echo shows what went.
void TestCliRun::environmentFillsTheUrlHeadersAndMessages()
{
    if (!pythonWebsocketsInstalled())
        QSKIP("python3-websockets is missing; scripts/setup-deps.sh installs it");
    const QString url = startServer();
    QVERIFY(!url.isEmpty());
    const QString environment = writeFlow(QStringLiteral("staging.json"), QStringLiteral(R"({"name": "staging", "values": [
        {"key": "path", "value": "feed", "enabled": true},
        {"key": "user", "value": "ada", "enabled": true},
        {"key": "token", "value": "t0k", "enabled": true},
        {"key": "off", "value": "x", "enabled": false}]})"));
    const QString flow = writeFlow(QStringLiteral("env.js"), QStringLiteral(R"(function onOpen() {
    expect(env.user === 'ada' && env.off === undefined, 'env seen');
    expectMessage((msg) => msg.text === '{"hello":"ada","unknown":"{{nope}}"}', 3000, 'message filled');
    ws.send('{"hello":"{{ user }}","unknown":"{{nope}}"}');
}
onMessage = () => done();
)"));
    const CliResult result = runCli({QStringLiteral("run"), flow, url + QStringLiteral("{{path}}"), QStringLiteral("--env"),
                                     environment, QStringLiteral("-H"), QStringLiteral("X-Token: {{token}}")});
    QVERIFY(result.finished);
    QCOMPARE(withoutTimes(result.out), QStringLiteral("PASS  env seen: held  (at # ms)\n"
                                                      "PASS  message filled: a matching message after # ms  (at # ms)\n"
                                                      "2 passed, 0 failed, in # ms\n"));
    QCOMPARE(result.exitCode, 0);
}

void TestCliRun::environmentProblemsAreUsageErrors()
{
    const QString flow = writeFlow(QStringLiteral("noop.js"), QStringLiteral("onOpen = () => done();\n"));
    const QString flat = writeFlow(QStringLiteral("flat.json"), QStringLiteral(R"({"host": "127.0.0.1", "port": 9})"));
    CliResult result = runCli({QStringLiteral("run"), flow, QStringLiteral("ws://{{host}}:{{port}}/{{room}}"),
                               QStringLiteral("--env"), flat});
    QCOMPARE(result.exitCode, 2);
    QVERIFY2(result.err.startsWith(QByteArray("wsinspect-cli run: {{room}} in the URL is not defined in " + flat.toUtf8())),
             result.err.constData());
    const QString nested = writeFlow(QStringLiteral("nested.json"), QStringLiteral(R"({"host": {"a": 1}})"));
    result = runCli({QStringLiteral("run"), flow, QStringLiteral("ws://127.0.0.1:9/"), QStringLiteral("--env"), nested});
    QCOMPARE(result.exitCode, 2);
    QVERIFY2(result.err.contains("\"host\" is an object, not a string, number or boolean"), result.err.constData());
    result = runCli({QStringLiteral("run"), flow, QStringLiteral("ws://127.0.0.1:9/"), QStringLiteral("--env"),
                     m_dir.filePath(QStringLiteral("missing.json"))});
    QCOMPARE(result.exitCode, 2);
    QVERIFY2(result.err.contains("--env: cannot read"), result.err.constData());
}

// A flow file (the window's Save Flow): its URL with {{port}} from --env, its header, its
// messages sent after onOpen (text, then binary), a URL on the command line over its own.
void TestCliRun::flowFileRunsWithItsUrlAndMessages()
{
    if (!pythonWebsocketsInstalled())
        QSKIP("python3-websockets is missing; scripts/setup-deps.sh installs it");
    const QString url = startServer();
    QVERIFY(!url.isEmpty());
    const QString port = QString::number(QUrl(url).port());
    const QString environment = writeFlow(QStringLiteral("env.json"), QStringLiteral(R"({"port": %1, "who": "ada"})").arg(port));
    const QString flow = writeFlow(QStringLiteral("flow.json"), QStringLiteral(R"({
  "format": "wsinspect-flow", "version": 1,
  "url": "ws://127.0.0.1:{{port}}/",
  "options": {"headers": [["X-Who", "{{who}}"]]},
  "script": "function onOpen() {\n  expectMessage((m) => m.text === 'hi ada', 3000, 'text echoed');\n  expectMessage((m) => m.type === 'binary' && m.bytes.length === 3 && m.bytes[2] === 255, 3000, 'bytes echoed');\n}\nlet n = 0;\nonMessage = () => { if (++n === 2) done(); };\n",
  "messages": [{"type": "text", "data": "hi {{who}}"}, {"type": "binary", "base64": "AAH/"}]
})"));
    CliResult result = runCli({QStringLiteral("run"), flow, QStringLiteral("--env"), environment});
    QVERIFY(result.finished);
    QCOMPARE(withoutTimes(result.out), QStringLiteral("PASS  text echoed: a matching message after # ms  (at # ms)\n"
                                                      "PASS  bytes echoed: a matching message after # ms  (at # ms)\n"
                                                      "2 passed, 0 failed, in # ms\n"));
    QCOMPARE(result.exitCode, 0);
    // The URL given wins over the file's (nothing listens on port 9).
    result = runCli({QStringLiteral("run"), flow, QStringLiteral("ws://127.0.0.1:9/"), QStringLiteral("--env"), environment});
    QCOMPARE(result.exitCode, 1);
    QVERIFY2(result.out.contains("FAIL  connection: "), result.out.constData());
}

void TestCliRun::flowFileProblemsAreUsageErrors()
{
    const QString noUrl = writeFlow(QStringLiteral("nourl.json"), QStringLiteral(R"({"format": "wsinspect-flow", "version": 1, "script": ""})"));
    CliResult result = runCli({QStringLiteral("run"), noUrl});
    QCOMPARE(result.exitCode, 2);
    QVERIFY2(result.err.contains(QStringLiteral("%1 has no URL: give one after it").arg(noUrl).toUtf8()), result.err.constData());
    const QString bad = writeFlow(QStringLiteral("bad.json"), QStringLiteral(R"({"format": "wsinspect-flow", "version": 1, "messages": [{"type": "ping"}]})"));
    result = runCli({QStringLiteral("run"), bad, QStringLiteral("ws://127.0.0.1:9/")});
    QCOMPARE(result.exitCode, 2);
    QVERIFY2(result.err.contains(QStringLiteral("%1: messages[0] should be an object with \"type\" \"text\" or \"binary\"").arg(bad).toUtf8()),
             result.err.constData());
    const QString script = writeFlow(QStringLiteral("only.js"), QStringLiteral("onOpen = () => done();\n"));
    result = runCli({QStringLiteral("run"), script});
    QCOMPARE(result.exitCode, 2);
    QVERIFY2(result.err.contains("wants a URL after the flow script"), result.err.constData());
}

void TestCliRun::passingFlowExitsZero()
{
    if (!pythonWebsocketsInstalled())
        QSKIP("python3-websockets is missing; scripts/setup-deps.sh installs it");
    const QString url = startServer();
    QVERIFY(!url.isEmpty());
    const QString flow = writeFlow(QStringLiteral("pass.js"), QStringLiteral(R"(function onOpen() {
    expectMessage((msg) => msg.json && msg.json.op === 'ping', 3000, 'ping echoed');
    ws.send(JSON.stringify({ op: 'ping', id: 7 }));
}
onMessage = (msg) => {
    log('got', msg.json);
    expect(msg.json.id === 7, 'same id');
    done();
};
)"));
    const CliResult result = runCli({QStringLiteral("run"), flow, url});
    QVERIFY(result.finished);
    QCOMPARE(withoutTimes(result.out), QStringLiteral("PASS  ping echoed: a matching message after # ms  (at # ms)\n"
                                                      "log   got {\"op\":\"ping\",\"id\":7}\n"
                                                      "PASS  same id: held  (at # ms)\n"
                                                      "2 passed, 0 failed, in # ms\n"));
    QCOMPARE(result.exitCode, 0);
}

void TestCliRun::failuresExitOneAndGoToJunit()
{
    if (!pythonWebsocketsInstalled())
        QSKIP("python3-websockets is missing; scripts/setup-deps.sh installs it");
    const QString url = startServer();
    QVERIFY(!url.isEmpty());
    const QString flow = writeFlow(QStringLiteral("fail.js"), QStringLiteral(R"(function onOpen() {
    expectMessage((msg) => msg.text === 'never sent', 200, 'never comes');
    ws.send('hello');
}
function onMessage(msg) {
    expect(msg.text === 'hello', 'hello echoed');
    expect(msg.json, 'hello is JSON');
    setTimeout(done, 500);
}
)"));
    const QString report = m_dir.filePath(QStringLiteral("report.xml"));
    const CliResult result = runCli({QStringLiteral("run"), flow, url, QStringLiteral("--junit"), report});
    QVERIFY(result.finished);
    QCOMPARE(withoutTimes(result.out), QStringLiteral("PASS  hello echoed: held  (at # ms)\n"
                                                      "FAIL  hello is JSON: expected a true value, got undefined  (at # ms)\n"
                                                      "FAIL  never comes: no matching message within # ms  (at # ms)\n"
                                                      "1 passed, 2 failed, in # ms\n"));
    QVERIFY2(result.out.contains("no matching message within 200 ms"), result.out.constData());
    QCOMPARE(result.exitCode, 1);

    QFile file(report);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QXmlStreamReader xml(&file);
    QStringList cases;
    QStringList failures;
    QString suite;
    while (!xml.atEnd()) {
        if (xml.readNext() != QXmlStreamReader::StartElement)
            continue;
        const QXmlStreamAttributes attributes = xml.attributes();
        if (xml.name() == QLatin1String("testsuite"))
            suite = attributes.value(QLatin1String("name")) + QLatin1Char(' ') + attributes.value(QLatin1String("tests")) + QLatin1Char(' ')
                + attributes.value(QLatin1String("failures"));
        else if (xml.name() == QLatin1String("testcase"))
            cases << attributes.value(QLatin1String("name")).toString();
        else if (xml.name() == QLatin1String("failure"))
            failures << attributes.value(QLatin1String("type")) + QStringLiteral(": ") + attributes.value(QLatin1String("message"));
    }
    QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
    QCOMPARE(suite, QStringLiteral("fail.js 3 2"));
    QCOMPARE(cases, (QStringList{QStringLiteral("hello echoed"), QStringLiteral("hello is JSON"), QStringLiteral("never comes")}));
    QCOMPARE(failures, (QStringList{QStringLiteral("assertion: expected a true value, got undefined"),
                                    QStringLiteral("assertion: no matching message within 200 ms")}));
}

void TestCliRun::runawayHookIsInterruptedWithItsLine()
{
    if (!pythonWebsocketsInstalled())
        QSKIP("python3-websockets is missing; scripts/setup-deps.sh installs it");
    const QString url = startServer();
    QVERIFY(!url.isEmpty());
    const QString flow = writeFlow(QStringLiteral("loop.js"), QStringLiteral("// spins for ever\n"
                                                                            "function onOpen() {\n"
                                                                            "    while (true) {}\n"
                                                                            "}\n"));
    const CliResult result = runCli({QStringLiteral("run"), flow, url, QStringLiteral("--hook-limit"), QStringLiteral("0.3")});
    QVERIFY(result.finished);
    QCOMPARE(withoutTimes(result.out), QStringLiteral("FAIL  script error: %1:2: onOpen ran past its # ms limit and was interrupted  (at # ms)\n"
                                                      "0 passed, 1 failed, in # ms\n")
                                           .arg(flow));
    QVERIFY2(result.out.contains("its 300 ms limit"), result.out.constData());
    QCOMPARE(result.exitCode, 1);
}

void TestCliRun::syntaxErrorIsAUsageErrorWithFileAndLine()
{
    const QString flow = writeFlow(QStringLiteral("broken.js"), QStringLiteral("function onOpen() {\n"
                                                                              "    ws.send('fine');\n"
                                                                              "    let = = 2;\n"
                                                                              "}\n"));
    // Nothing listens there: the script is refused before any connection.
    const CliResult result = runCli({QStringLiteral("run"), flow, QStringLiteral("ws://127.0.0.1:9/")});
    QVERIFY(result.finished);
    QCOMPARE(result.exitCode, 2);
    QVERIFY2(result.err.startsWith(QStringLiteral("wsinspect-cli run: %1:3: SyntaxError: ").arg(flow).toUtf8()), result.err.constData());
    QVERIFY(result.out.isEmpty());
}

void TestCliRun::wantsAScriptAndAUrl()
{
    const CliResult onlyUrl = runCli({QStringLiteral("run"), QStringLiteral("ws://127.0.0.1:9/")});
    QCOMPARE(onlyUrl.exitCode, 2);
    QVERIFY2(onlyUrl.err.contains("wants a flow script before the URL, or a flow file (got only \"ws://127.0.0.1:9/\")"), onlyUrl.err.constData());
    const CliResult missing = runCli({QStringLiteral("run"), m_dir.filePath(QStringLiteral("absent.js")), QStringLiteral("ws://127.0.0.1:9/")});
    QCOMPARE(missing.exitCode, 2);
    const QByteArray cannotRead = "cannot read " + m_dir.filePath(QStringLiteral("absent.js")).toUtf8();
    QVERIFY2(missing.err.contains(cannotRead), missing.err.constData());
}

QTEST_GUILESS_MAIN(TestCliRun)
#include "tst_clirun.moc"
