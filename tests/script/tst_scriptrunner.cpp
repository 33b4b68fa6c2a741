// SPDX-License-Identifier: MIT
// ScriptRunner against the built-in echo server over loopback: hooks, messages (text, JSON,
// binary), assertions that pass and fail with their exact words, expectMessage's deadline
// and the run's end, errors and a runaway hook with file and line.
#include "script/ScriptRunner.h"

#include "net/MetaTypes.h"
#include "net/echo/EchoServer.h"

#include <QElapsedTimer>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>

using wsi::net::ConnectionOptions;
using wsi::net::EchoServer;
using wsi::script::AssertionResult;
using wsi::script::ResultKind;
using wsi::script::ScriptRunner;

namespace {

constexpr int RunWaitMs = 10000;

struct Run {
    QString loadProblem;
    bool finished = false;
    QList<AssertionResult> results;
    QStringList logs;
    qint64 elapsedMs = 0;
};

// Runs `source` as flow.js against a fresh echo server to its end (bounded).
Run runScript(const QString &source, ScriptRunner::Settings settings = {})
{
    EchoServer server;
    Run run;
    if (!server.start()) {
        run.loadProblem = QStringLiteral("echo server: ") + server.lastError();
        return run;
    }
    ScriptRunner runner(settings);
    QObject::connect(&runner, &ScriptRunner::logged, [&run](const QString &line) { run.logs.append(line); });
    run.loadProblem = runner.load(QStringLiteral("flow.js"), source);
    if (!run.loadProblem.isEmpty())
        return run;
    ConnectionOptions options;
    options.url = server.url().toString();
    options.proxy.mode = wsi::net::ProxyMode::None;
    options.closeTimeoutMs = 2000;
    QSignalSpy finished(&runner, &ScriptRunner::finished);
    QElapsedTimer clock;
    clock.start();
    runner.start(options);
    run.finished = finished.wait(RunWaitMs);
    run.elapsedMs = clock.elapsed();
    run.results = runner.results();
    return run;
}

QString describe(const QList<AssertionResult> &results)
{
    QStringList lines;
    for (const AssertionResult &result : results)
        lines.append((result.passed ? QStringLiteral("PASS ") : QStringLiteral("FAIL ")) + result.name + QStringLiteral(": ")
                     + result.why);
    return lines.join(QLatin1Char('\n'));
}

} // namespace

class TestScriptRunner : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { wsi::net::registerMetaTypes(); }
    void assertionsPassAndFailWithTheirWords();
    void binaryMessagesHaveBytesAndNoText();
    void expectMessageTimesOut();
    void theEndOfTheRunFailsWaitingExpectations();
    void unnamedAssertionsAreNamedByTheirLine();
    void hooksDeclaredWithConstCount();
    void onCloseSeesTheCloseAndTheRunEnds();
    void runawayHookIsInterruptedWithItsLine();
    void runawayTimerIsReportedWithTheLineThatSetIt();
    void hookErrorNamesFileAndLine();
    void badArgumentNamesTheCallersLine();
    void syntaxErrorNamesFileAndLine();
    void topLevelIsBoundedAndCannotSend_data();
    void topLevelIsBoundedAndCannotSend();
    void runLimitEndsAScriptThatNeverFinishes();
    void refusedConnectionIsAFailure();
};

void TestScriptRunner::assertionsPassAndFailWithTheirWords()
{
    const Run run = runScript(QStringLiteral(R"(function onOpen() {
    expectMessage((msg) => msg.json && msg.json.op === 'hello', 3000, 'hello comes back');
    ws.send(JSON.stringify({ op: 'hello', n: 2 }));
}
function onMessage(msg) {
    expect(msg.type === 'text', 'a text message');
    expect(msg.json.n === 2, 'n is two');
    expect(msg.json.missing, 'a missing field');
    expect('', 'an empty string');
    log('got', msg.json, 3);
    done();
}
)"));
    QVERIFY2(run.loadProblem.isEmpty(), qPrintable(run.loadProblem));
    QVERIFY(run.finished);
    QCOMPARE(run.results.size(), 5);
    QVERIFY2(run.results.at(0).passed, qPrintable(describe(run.results)));
    QCOMPARE(run.results.at(0).name, QStringLiteral("hello comes back"));
    QVERIFY2(QRegularExpression(QStringLiteral("^a matching message after \\d+ ms$")).match(run.results.at(0).why).hasMatch(),
             qPrintable(run.results.at(0).why));
    QCOMPARE(describe(run.results.mid(1)), QStringLiteral("PASS a text message: held\n"
                                                          "PASS n is two: held\n"
                                                          "FAIL a missing field: expected a true value, got undefined\n"
                                                          "FAIL an empty string: expected a true value, got \"\""));
    QCOMPARE(run.logs, QStringList{QStringLiteral("got {\"op\":\"hello\",\"n\":2} 3")});
}

void TestScriptRunner::binaryMessagesHaveBytesAndNoText()
{
    const Run run = runScript(QStringLiteral(R"(onOpen = () => ws.sendBinary(new Uint8Array([1, 2, 255]));
onMessage = (msg) => {
    expect(msg.type === 'binary', 'binary');
    expect(msg.bytes instanceof Uint8Array && msg.bytes.length === 3 && msg.bytes[2] === 255, 'bytes');
    expect(msg.text === undefined && msg.json === undefined, 'no text, no json');
    done();
};
)"));
    QVERIFY2(run.loadProblem.isEmpty(), qPrintable(run.loadProblem));
    QVERIFY(run.finished);
    QCOMPARE(describe(run.results), QStringLiteral("PASS binary: held\nPASS bytes: held\nPASS no text, no json: held"));
}

void TestScriptRunner::expectMessageTimesOut()
{
    const Run run = runScript(QStringLiteral(R"(function onOpen() {
    expectMessage((msg) => msg.text === 'never sent', 150, 'never comes');
    ws.send('something else');
    setTimeout(done, 600);
}
)"));
    QVERIFY(run.finished);
    QCOMPARE(describe(run.results), QStringLiteral("FAIL never comes: no matching message within 150 ms"));
    const AssertionResult &result = run.results.constFirst();
    QCOMPARE(result.settledMs - result.startedMs, qint64(150)); // judged at the deadline itself
}

void TestScriptRunner::theEndOfTheRunFailsWaitingExpectations()
{
    const Run run = runScript(QStringLiteral("function onOpen() {\n"
                                             "    expectMessage(() => true, 5000, 'waits');\n"
                                             "    done();\n"
                                             "}\n"));
    QVERIFY(run.finished);
    QCOMPARE(run.results.size(), 1);
    QVERIFY(!run.results.at(0).passed);
    QVERIFY2(QRegularExpression(QStringLiteral("^the run ended \\d+ ms into the 5000 ms wait, before a matching message$"))
                 .match(run.results.at(0).why)
                 .hasMatch(),
             qPrintable(run.results.at(0).why));
    QVERIFY(run.elapsedMs < 4000);
}

void TestScriptRunner::unnamedAssertionsAreNamedByTheirLine()
{
    const Run run = runScript(QStringLiteral("function onOpen() {\n"
                                             "    expect(1 + 1 === 3);\n"
                                             "    done();\n"
                                             "}\n"));
    QVERIFY(run.finished);
    QCOMPARE(describe(run.results), QStringLiteral("FAIL expect at line 2: expected a true value, got false"));
}

void TestScriptRunner::hooksDeclaredWithConstCount()
{
    const Run run = runScript(QStringLiteral("const onOpen = () => { expect(true, 'const hook'); done(); };\n"));
    QVERIFY(run.finished);
    QCOMPARE(describe(run.results), QStringLiteral("PASS const hook: held"));
}

void TestScriptRunner::onCloseSeesTheCloseAndTheRunEnds()
{
    const Run run = runScript(QStringLiteral("function onOpen() { ws.close(4001, 'bye now'); }\n"
                                             "function onClose(close) { log(close); }\n"));
    QVERIFY(run.finished);
    QVERIFY2(run.results.isEmpty(), qPrintable(describe(run.results)));
    // The built-in server answers with the code alone (RFC 6455 section 5.5.1 lets it).
    QCOMPARE(run.logs, QStringList{QStringLiteral("{\"code\":4001,\"reason\":\"\",\"clean\":true}")});
}

void TestScriptRunner::runawayHookIsInterruptedWithItsLine()
{
    ScriptRunner::Settings settings;
    settings.hookLimitMs = 200;
    const Run run = runScript(QStringLiteral("// a hook that never returns\n"
                                             "function onOpen() {\n"
                                             "    while (true) {}\n"
                                             "}\n"),
                              settings);
    QVERIFY(run.finished);
    QCOMPARE(describe(run.results),
             QStringLiteral("FAIL script error: flow.js:2: onOpen ran past its 200 ms limit and was interrupted"));
    QCOMPARE(run.results.at(0).kind, ResultKind::ScriptError);
    QVERIFY2(run.elapsedMs < 5000, qPrintable(QString::number(run.elapsedMs)));
}

void TestScriptRunner::runawayTimerIsReportedWithTheLineThatSetIt()
{
    ScriptRunner::Settings settings;
    settings.hookLimitMs = 200;
    const Run run = runScript(QStringLiteral("function onOpen() {\n"
                                             "    expect(true, 'before');\n"
                                             "    setTimeout(() => { for (;;) {} }, 10);\n"
                                             "}\n"),
                              settings);
    QVERIFY(run.finished);
    QCOMPARE(describe(run.results),
             QStringLiteral("PASS before: held\n"
                            "FAIL script error: flow.js:3: the setTimeout callback of line 3 ran past its 200 ms limit and was interrupted"));
}

void TestScriptRunner::hookErrorNamesFileAndLine()
{
    const Run run = runScript(QStringLiteral("function onOpen() { ws.send('x'); }\n"
                                             "function onMessage(msg) {\n"
                                             "    msg.json.field.deeper = 1;\n"
                                             "}\n"));
    QVERIFY(run.finished);
    QCOMPARE(run.results.size(), 1);
    QVERIFY2(QRegularExpression(QStringLiteral("^flow\\.js:3: TypeError: .+ \\(in onMessage\\)$")).match(run.results.at(0).why).hasMatch(),
             qPrintable(run.results.at(0).why));
}

void TestScriptRunner::badArgumentNamesTheCallersLine()
{
    const Run run = runScript(QStringLiteral("function onOpen() {\n"
                                             "    ws.sendBinary('not bytes');\n"
                                             "}\n"));
    QVERIFY(run.finished);
    QCOMPARE(describe(run.results), QStringLiteral("FAIL script error: flow.js:2: TypeError: ws.sendBinary wants an ArrayBuffer, "
                                                   "a typed array or an array of bytes (in onOpen)"));
}

void TestScriptRunner::syntaxErrorNamesFileAndLine()
{
    const Run run = runScript(QStringLiteral("function onOpen() {\n"
                                             "    ws.send('fine');\n"
                                             "    let = = 3;\n"
                                             "}\n"));
    QVERIFY2(run.loadProblem.startsWith(QStringLiteral("flow.js:3: SyntaxError: ")), qPrintable(run.loadProblem));
}

void TestScriptRunner::topLevelIsBoundedAndCannotSend_data()
{
    QTest::addColumn<QString>("source");
    QTest::addColumn<QString>("problem");
    QTest::newRow("a loop at the top level") << QStringLiteral("let n = 0;\nwhile (true) { n++; }\n")
                                             << QStringLiteral("flow.js: the script's top level ran past its 200 ms limit and was interrupted");
    QTest::newRow("a send at the top level")
        << QStringLiteral("// before any connection\nws.send('too early');\n")
        << QStringLiteral("flow.js:2: Error: ws.send before the connection exists: call it from onOpen or later");
    QTest::newRow("an exception at the top level") << QStringLiteral("\n\nthrow new RangeError('no');\n")
                                                   << QStringLiteral("flow.js:3: RangeError: no");
}

void TestScriptRunner::topLevelIsBoundedAndCannotSend()
{
    QFETCH(QString, source);
    QFETCH(QString, problem);
    ScriptRunner::Settings settings;
    settings.hookLimitMs = 200;
    ScriptRunner runner(settings);
    QElapsedTimer clock;
    clock.start();
    QCOMPARE(runner.load(QStringLiteral("flow.js"), source), problem);
    QVERIFY(clock.elapsed() < 5000);
}

void TestScriptRunner::runLimitEndsAScriptThatNeverFinishes()
{
    ScriptRunner::Settings settings;
    settings.runLimitMs = 300;
    const Run run = runScript(QStringLiteral("function onOpen() { expect(true, 'open'); }\n"), settings);
    QVERIFY(run.finished);
    QCOMPARE(describe(run.results),
             QStringLiteral("PASS open: held\n"
                            "FAIL run time limit: the run took longer than 300 ms (no done() and the connection still open)"));
}

void TestScriptRunner::refusedConnectionIsAFailure()
{
    ScriptRunner runner({});
    QCOMPARE(runner.load(QStringLiteral("flow.js"), QStringLiteral("function onOpen() { expect(true, 'never'); }")), QString());
    // A port nothing listens on: a server started and stopped at once.
    EchoServer server;
    QVERIFY(server.start());
    const QString url = server.url().toString();
    server.stop();
    ConnectionOptions options;
    options.url = url;
    options.proxy.mode = wsi::net::ProxyMode::None;
    QSignalSpy finished(&runner, &ScriptRunner::finished);
    runner.start(options);
    QVERIFY(finished.wait(RunWaitMs));
    QVERIFY(!runner.passed());
    QCOMPARE(runner.results().constFirst().name, QStringLiteral("connection"));
    QCOMPARE(runner.results().size(), 1);
}

QTEST_GUILESS_MAIN(TestScriptRunner)
#include "tst_scriptrunner.moc"
