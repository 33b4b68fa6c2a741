// SPDX-License-Identifier: MIT
// MockScript: the built-in server answered by a script, over loopback, with a flow script
// (ScriptRunner) as its client: a welcome on connection, JSON answers, binary, a close
// with the mock's code; a mock that throws or spins is reported with file and line and the
// server goes on serving.
#include "script/MockScript.h"
#include "script/ScriptRunner.h"

#include "net/MetaTypes.h"
#include "net/echo/EchoServer.h"

#include <QSignalSpy>
#include <QTest>

using namespace wsi;
using wsi::script::AssertionResult;
using wsi::script::MockScript;
using wsi::script::ScriptRunner;

namespace {

constexpr int WaitMs = 10000;

// The results of `flow` run against the mock's server, as "PASS name: why" lines.
QStringList runFlow(net::EchoServer &server, const QString &flow)
{
    ScriptRunner runner({});
    const QString problem = runner.load(QStringLiteral("flow.js"), flow);
    if (!problem.isEmpty())
        return {problem};
    net::ConnectionOptions options;
    options.url = server.url().toString() + QStringLiteral("room?x=1");
    options.proxy.mode = net::ProxyMode::None;
    options.closeTimeoutMs = 2000;
    QSignalSpy finished(&runner, &ScriptRunner::finished);
    runner.start(options);
    if (!finished.wait(WaitMs))
        return {QStringLiteral("the flow did not finish")};
    QStringList lines;
    for (const AssertionResult &result : runner.results())
        lines << (result.passed ? QStringLiteral("PASS ") : QStringLiteral("FAIL ")) + result.name + QStringLiteral(": ") + result.why;
    return lines;
}

bool startHandoff(net::EchoServer &server)
{
    net::EchoServerOptions options;
    options.mode = net::EchoMode::Handoff;
    server.setOptions(options);
    return server.start();
}

} // namespace

class TestMockScript : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { net::registerMetaTypes(); }
    void answersAFlowScript();
    void aThrowingHookIsReportedAndServingGoesOn();
    void aSpinningHookIsInterrupted();
    void syntaxErrorHasFileAndLine();
};

void TestMockScript::answersAFlowScript()
{
    net::EchoServer server;
    QVERIFY2(startHandoff(server), qPrintable(server.lastError()));
    MockScript mock;
    QSignalSpy logged(&mock, &MockScript::logged);
    QCOMPARE(mock.load(QStringLiteral("mock.js"), QStringLiteral(R"(function onConnection(client) {
    client.send('welcome to ' + client.path + ' (' + client.query + ')');
}
function onMessage(msg, client) {
    if (msg.json && msg.json.op === 'ping')
        setTimeout(() => client.send(JSON.stringify({ op: 'pong', id: msg.json.id })), 20);
    else if (msg.type === 'binary')
        client.sendBinary(Array.from(msg.bytes).reverse());
    else if (msg.text === 'bye')
        client.close(4000, 'asked to');
}
function onClose(client, close) { log('closed', client.id > 0, close.code); }
)")),
             QString());
    mock.serve(&server);
    const QStringList results = runFlow(server, QStringLiteral(R"(let step = 0;
function onMessage(msg) {
    step++;
    if (step === 1) {
        expect(msg.text === 'welcome to /room (x=1)', 'welcomed');
        ws.send(JSON.stringify({ op: 'ping', id: 3 }));
    } else if (step === 2) {
        expect(msg.json && msg.json.op === 'pong' && msg.json.id === 3, 'pong');
        ws.sendBinary([1, 2, 3]);
    } else if (step === 3) {
        expect(msg.bytes.join(',') === '3,2,1', 'bytes reversed');
        ws.send('bye');
    }
}
function onClose(close) { expect(close.code === 4000 && close.reason === 'asked to', 'closed by the mock'); }
)"));
    QCOMPARE(results, (QStringList{QStringLiteral("PASS welcomed: held"), QStringLiteral("PASS pong: held"),
                                   QStringLiteral("PASS bytes reversed: held"), QStringLiteral("PASS closed by the mock: held")}));
    QVERIFY(QTest::qWaitFor([&] { return !logged.isEmpty(); }, WaitMs));
    QCOMPARE(logged.first().first().toString(), QStringLiteral("closed true 4000"));
}

void TestMockScript::aThrowingHookIsReportedAndServingGoesOn()
{
    net::EchoServer server;
    QVERIFY(startHandoff(server));
    MockScript mock;
    QSignalSpy errors(&mock, &MockScript::scriptError);
    QCOMPARE(mock.load(QStringLiteral("mock.js"), QStringLiteral("function onMessage(msg, client) {\n"
                                                                 "    if (msg.text === 'boom')\n"
                                                                 "        msg.json.nothing.here = 1;\n"
                                                                 "    client.send('ok ' + msg.text);\n"
                                                                 "}\n")),
             QString());
    mock.serve(&server);
    const QStringList results = runFlow(server, QStringLiteral(R"(function onOpen() {
    expectMessage((msg) => msg.text === 'ok fine', 3000, 'answered after the error');
    ws.send('boom');
    ws.send('fine');
}
onMessage = () => done();
)"));
    QCOMPARE(results.size(), 1);
    QVERIFY2(results.first().startsWith(QStringLiteral("PASS answered after the error")), qPrintable(results.first()));
    QCOMPARE(errors.size(), 1);
    const QString error = errors.first().first().toString();
    QVERIFY2(error.startsWith(QStringLiteral("mock.js:3: TypeError: ")) && error.endsWith(QStringLiteral(" (in onMessage)")), qPrintable(error));
}

void TestMockScript::aSpinningHookIsInterrupted()
{
    net::EchoServer server;
    QVERIFY(startHandoff(server));
    MockScript mock(300);
    QSignalSpy errors(&mock, &MockScript::scriptError);
    QCOMPARE(mock.load(QStringLiteral("mock.js"), QStringLiteral("let first = true;\n"
                                                                 "function onMessage(msg, client) {\n"
                                                                 "    if (first) { first = false; for (;;) {} }\n"
                                                                 "    client.send('after');\n"
                                                                 "}\n")),
             QString());
    mock.serve(&server);
    const QStringList results = runFlow(server, QStringLiteral(R"(function onOpen() {
    expectMessage((msg) => msg.text === 'after', 5000, 'served after the loop');
    ws.send('spin');
    ws.send('again');
}
onMessage = () => done();
)"));
    QCOMPARE(results.size(), 1);
    QVERIFY2(results.first().startsWith(QStringLiteral("PASS served after the loop")), qPrintable(results.first()));
    QCOMPARE(errors.size(), 1);
    QCOMPARE(errors.first().first().toString(), QStringLiteral("mock.js:2: onMessage ran past its 300 ms limit and was interrupted"));
}

void TestMockScript::syntaxErrorHasFileAndLine()
{
    MockScript mock;
    const QString problem = mock.load(QStringLiteral("mock.js"), QStringLiteral("\n\nlet = = 1;\n"));
    QVERIFY2(problem.startsWith(QStringLiteral("mock.js:3: SyntaxError: ")), qPrintable(problem));
}

QTEST_GUILESS_MAIN(TestMockScript)
#include "tst_mockscript.moc"
