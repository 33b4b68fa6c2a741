// SPDX-License-Identifier: MIT
// Scripts in the window, driven as a user does, against the window's own echo server over
// loopback: a tab's script run from the Script panel with its results in the Tests dock
// (exact names and reasons), a runaway hook interrupted while the window keeps answering,
// an environment's {{name}} in the URL, composer and script sends, and a flow file saved
// from the window, opened again, and run by the real wsinspect-cli; the echo server
// answered by a mock script.
#include "cli/support/CliRun.h"
#include "support/WindowDriving.h"

#include "ui/panels/server/EchoServerPanel.h"
#include "ui/panels/server/MockScriptWidget.h"
#include "ui/script/FlowActions.h"
#include "ui/script/ScriptDocks.h"
#include "ui/script/ScriptPanel.h"
#include "ui/script/TabScript.h"
#include "ui/script/TestsPanel.h"
#include "ui/tab/ConnectionBar.h"
#include "ui/tab/ConnectionTab.h"
#include "ui/tab/TabDocument.h"

#include "script/FlowFile.h"
#include "files/session/TabStateRecorder.h"

#include <QApplication>
#include <QComboBox>
#include <QDockWidget>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTreeWidget>
#include <QtTest>

using namespace wsi;
using namespace wsi::test;

namespace {

constexpr auto Out = net::EventDirection::Outgoing;
constexpr auto In = net::EventDirection::Incoming;

// Each row of the Tests panel as "RESULT | name | why" (a log line: "log |  | line").
QStringList rowsOf(const ui::TestsPanel *panel)
{
    using Panel = ui::TestsPanel;
    QStringList rows;
    const QTreeWidget *list = panel->list();
    for (int i = 0; i < list->topLevelItemCount(); ++i) {
        const QTreeWidgetItem *item = list->topLevelItem(i);
        const QString name = item->data(Panel::Name, Panel::NameRole).toString();
        const QString why = item->data(Panel::Name, Panel::WhyRole).toString();
        rows << item->data(Panel::Result, Panel::ResultRole).toString() + QStringLiteral(" | ") + name + QStringLiteral(" | ") + why;
        // What the row shows: the name above why, or the log line after "log".
        const QString shown = name.isEmpty() ? QString(QStringLiteral("log  ") + why) : QString(name + QLatin1Char('\n') + why);
        if (item->text(name.isEmpty() ? Panel::Result : Panel::Name) != shown)
            rows << QStringLiteral("shown as: ") + item->text(name.isEmpty() ? Panel::Result : Panel::Name);
    }
    return rows;
}

// Types the script into the tab's editor and presses Run.
void runScript(ui::TabScript *script, const QString &text)
{
    QPlainTextEdit *editor = script->scriptPanel()->editor();
    editor->setFocus();
    editor->selectAll();
    QTest::keyClick(editor, Qt::Key_Delete);
    editor->insertPlainText(text);
    QTest::mouseClick(script->scriptPanel()->runButton(), Qt::LeftButton);
}

bool waitForEnd(ui::TabScript *script, int timeoutMs = WindowTimeoutMs)
{
    return QTest::qWaitFor([&] { return !script->isRunning(); }, timeoutMs);
}

} // namespace

class TestScriptGui : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void passingAndFailingAssertionsShowInTheTestsPanel();
    void runawayHookIsInterruptedWhileTheWindowAnswers();
    void scriptErrorShowsFileAndLine();
    void closingTheTabDuringARunEndsIt();
    void environmentVariablesAreReplaced();
    void undefinedVariableRefusesToConnect();
    void flowFileRoundTripRunsInTheCli();
    void mockServerAnswersATabsScript();
    void screenshot();

private:
    QTemporaryDir m_dir;
};

void TestScriptGui::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true); // settings in a test location
    QApplication::setApplicationName(QStringLiteral("wsinspect-test-script"));
    QSettings().clear(); // no layout or environment files from an earlier run
    QVERIFY(m_dir.isValid());
}

void TestScriptGui::passingAndFailingAssertionsShowInTheTestsPanel()
{
    ui::MainWindow window;
    ui::ConnectionTab *tab = openEchoTab(window);
    QVERIFY(tab);
    ui::TabScript *script = ui::ScriptDocks::scriptOf(tab);
    QVERIFY(script);
    QVERIFY(!window.scripts()->testsDock()->isVisible());
    runScript(script, QStringLiteral("function onOpen() {\n"
                                     "    expectMessage((msg) => msg.text === 'hello', 3000, 'echo comes back');\n"
                                     "    ws.send('hello');\n"
                                     "}\n"
                                     "function onMessage(msg) {\n"
                                     "    log('got', msg.text);\n"
                                     "    expect(msg.text === 'bye', 'the server says bye');\n"
                                     "    done();\n"
                                     "}\n"));
    QVERIFY(window.scripts()->testsDock()->isVisible());
    QVERIFY(!script->scriptPanel()->runButton()->isEnabled());
    QVERIFY(waitForEnd(script));
    const QStringList rows = rowsOf(script->testsPanel());
    QCOMPARE(rows.size(), 3);
    QVERIFY2(rows.at(0).startsWith(QStringLiteral("PASS | echo comes back | a matching message after ")), qPrintable(rows.at(0)));
    QCOMPARE(rows.at(1), QStringLiteral("log |  | got hello"));
    QCOMPARE(rows.at(2), QStringLiteral("FAIL | the server says bye | expected a true value, got false"));
    QCOMPARE(script->testsPanel()->summaryLabel()->text(), QStringLiteral("script.js: 1 passed, 1 failed"));
    // When: relative to the run's start, like "+0.012 s".
    const QString when = script->testsPanel()->list()->topLevelItem(0)->text(ui::TestsPanel::When);
    QVERIFY2(QRegularExpression(QStringLiteral("^\\+\\d+\\.\\d{3} s$")).match(when).hasMatch(), qPrintable(when));
    // The script's send went through the tab's source: the tab logged it and its echo, and
    // the connection stays open after done().
    QVERIFY(rowOf(tab->store(), log::LogEntryKind::Text, Out, "hello") >= 0);
    QVERIFY(rowOf(tab->store(), log::LogEntryKind::Text, In, "hello") >= 0);
    QCOMPARE(tab->state(), net::ConnectionState::Open);
    QVERIFY(script->scriptPanel()->runButton()->isEnabled());
}

void TestScriptGui::runawayHookIsInterruptedWhileTheWindowAnswers()
{
    ui::MainWindow window;
    ui::ConnectionTab *tab = openEchoTab(window);
    QVERIFY(tab);
    ui::TabScript *script = ui::ScriptDocks::scriptOf(tab);
    // The UI thread's timer keeps ticking while the script loops on its own thread.
    int ticks = 0;
    QTimer ticker;
    connect(&ticker, &QTimer::timeout, this, [&ticks] { ++ticks; });
    ticker.start(20);
    QElapsedTimer clock;
    clock.start();
    runScript(script, QStringLiteral("let spins = 0;\n"
                                     "function onOpen() {\n"
                                     "    while (true) { spins++; }\n"
                                     "}\n"));
    QTest::qWait(600);
    QVERIFY(script->isRunning()); // still in the loop
    QVERIFY2(ticks >= 10, qPrintable(QStringLiteral("the window answered %1 timer ticks in 600 ms").arg(ticks)));
    // The composer still sends while the script spins.
    sendText(tab, QStringLiteral("still here"));
    QVERIFY(QTest::qWaitFor([&] { return rowOf(tab->store(), log::LogEntryKind::Text, In, "still here") >= 0; }, WindowTimeoutMs));
    QVERIFY(waitForEnd(script));
    QVERIFY2(clock.elapsed() < 5000, qPrintable(QString::number(clock.elapsed())));
    const QStringList rows = rowsOf(script->testsPanel());
    QCOMPARE(rows, QStringList{QStringLiteral("FAIL | script error | script.js:2: onOpen ran past its 1000 ms limit and was interrupted")});
    QCOMPARE(script->testsPanel()->summaryLabel()->text(), QStringLiteral("script.js: 0 passed, 1 failed"));
}

void TestScriptGui::scriptErrorShowsFileAndLine()
{
    ui::MainWindow window;
    ui::ConnectionTab *tab = openEchoTab(window);
    QVERIFY(tab);
    ui::TabScript *script = ui::ScriptDocks::scriptOf(tab);
    runScript(script, QStringLiteral("function onOpen() { ws.send('x'); }\n"
                                     "function onMessage(msg) {\n"
                                     "    const parsed = msg.json;\n"
                                     "    return parsed.op;\n"
                                     "}\n"));
    QVERIFY(waitForEnd(script));
    const QStringList rows = rowsOf(script->testsPanel());
    QCOMPARE(rows.size(), 1);
    QVERIFY2(rows.first().startsWith(QStringLiteral("FAIL | script error | script.js:4: TypeError: ")), qPrintable(rows.first()));
    QVERIFY2(rows.first().endsWith(QStringLiteral(" (in onMessage)")), qPrintable(rows.first()));
    // A script that does not compile does not connect: the summary says why, with its line.
    runScript(script, QStringLiteral("function onOpen() {\n    ws.send(;\n}\n"));
    QVERIFY(waitForEnd(script));
    QVERIFY2(script->testsPanel()->summaryLabel()->text().startsWith(QStringLiteral("The script did not run: script.js:2: SyntaxError: ")),
             qPrintable(script->testsPanel()->summaryLabel()->text()));
    QVERIFY(script->scriptPanel()->runButton()->isEnabled());
}

void TestScriptGui::closingTheTabDuringARunEndsIt()
{
    ui::MainWindow window;
    ui::ConnectionTab *tab = openEchoTab(window);
    QVERIFY(tab);
    ui::TabScript *script = ui::ScriptDocks::scriptOf(tab);
    runScript(script, QStringLiteral("function onOpen() { for (;;) {} }\n"));
    QVERIFY(QTest::qWaitFor([&] { return tab->state() == net::ConnectionState::Open; }, WindowTimeoutMs));
    QTest::qWait(100); // in the loop now
    QPointer<ui::ConnectionTab> watched = tab;
    QElapsedTimer clock;
    clock.start();
    window.closeTab(window.findChild<QTabWidget *>()->indexOf(tab));
    QVERIFY(watched.isNull());
    QVERIFY2(clock.elapsed() < 1000, qPrintable(QStringLiteral("closing took %1 ms").arg(clock.elapsed())));
    QCOMPARE(window.tabCount(), 1); // a fresh tab took its place
    QVERIFY(ui::ScriptDocks::scriptOf(window.currentTab()));
}

void TestScriptGui::environmentVariablesAreReplaced()
{
    ui::MainWindow window;
    ui::ConnectionTab *echo = openEchoTab(window);
    QVERIFY(echo);
    const QUrl echoUrl(echo->options().url);
    ui::ConnectionTab *tab = window.newTab();
    ui::TabScript *script = ui::ScriptDocks::scriptOf(tab);
    const QString envPath = m_dir.filePath(QStringLiteral("staging.json"));
    // Postman's export, as a Postman user has it.
    QFile file(envPath);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(QStringLiteral(R"({"name": "staging", "values": [
        {"key": "port", "value": "%1", "enabled": true},
        {"key": "word", "value": "sesame", "enabled": true},
        {"key": "off", "value": "unused", "enabled": false}]})")
                   .arg(echoUrl.port())
                   .toUtf8());
    file.close();
    QString error;
    QVERIFY2(script->scriptPanel()->useEnvironmentFile(envPath, error), qPrintable(error));
    QCOMPARE(script->scriptPanel()->environmentChoice()->currentText(), QStringLiteral("staging"));
    QVERIFY(tab->environment().has_value());

    tab->bar()->setUrl(QStringLiteral("ws://127.0.0.1:{{port}}/"));
    net::ConnectionOptions options = tab->options();
    options.headers.append(qMakePair(QByteArray("X-Word"), QByteArray("{{word}}")));
    tab->setOptions(options);
    tab->bar()->setUrl(QStringLiteral("ws://127.0.0.1:{{port}}/"));
    runScript(script, QStringLiteral("function onOpen() {\n"
                                     "    expect(env.word === 'sesame', 'env is seen');\n"
                                     "    expectMessage((msg) => msg.text === 'say sesame', 3000, 'sent with the value');\n"
                                     "    ws.send('say {{word}}');\n"
                                     "}\n"));
    QVERIFY(QTest::qWaitFor([&] { return tab->state() == net::ConnectionState::Open; }, WindowTimeoutMs));
    // The tab keeps what was typed; the connection went to the value.
    QCOMPARE(tab->bar()->url(), QStringLiteral("ws://127.0.0.1:{{port}}/"));
    QCOMPARE(tab->options().headers.last().second, QByteArray("{{word}}"));
    // The header went out with the value.
    const auto &handshake = tab->document()->panelState().state().handshake;
    QVERIFY(handshake.has_value());
    QVERIFY2(handshake->rawRequest.contains("X-Word: sesame\r\n"), handshake->rawRequest.constData());
    QVERIFY(QTest::qWaitFor([&] { return script->testsPanel()->passedCount() == 2; }, WindowTimeoutMs));
    QVERIFY(rowOf(tab->store(), log::LogEntryKind::Text, Out, "say sesame") >= 0);
    // The composer's messages too.
    sendText(tab, QStringLiteral("open {{word}}"));
    QVERIFY(QTest::qWaitFor([&] { return rowOf(tab->store(), log::LogEntryKind::Text, In, "open sesame") >= 0; }, WindowTimeoutMs));
    QCOMPARE(rowOf(tab->store(), log::LogEntryKind::Text, Out, "open {{word}}"), -1);
    QTest::mouseClick(script->scriptPanel()->stopButton(), Qt::LeftButton);
    QVERIFY(waitForEnd(script));
    QCOMPARE(rowsOf(script->testsPanel()).last(), QStringLiteral("FAIL | run: stopped | the run was stopped before it ended"));

    // Without the environment, braces are text again.
    script->scriptPanel()->chooseNoEnvironment();
    QVERIFY(!tab->environment().has_value());
    sendText(tab, QStringLiteral("open {{word}}"));
    QVERIFY(QTest::qWaitFor([&] { return rowOf(tab->store(), log::LogEntryKind::Text, In, "open {{word}}") >= 0; }, WindowTimeoutMs));
}

void TestScriptGui::undefinedVariableRefusesToConnect()
{
    ui::MainWindow window;
    showWindow(window);
    ui::ConnectionTab *tab = window.currentTab();
    ui::TabScript *script = ui::ScriptDocks::scriptOf(tab);
    const QString envPath = m_dir.filePath(QStringLiteral("flat.json"));
    QFile file(envPath);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(R"({"host": "127.0.0.1"})");
    file.close();
    QString error;
    QVERIFY2(script->scriptPanel()->useEnvironmentFile(envPath, error), qPrintable(error));
    QCOMPARE(script->scriptPanel()->environmentChoice()->currentText(), QStringLiteral("flat"));
    tab->bar()->setUrl(QStringLiteral("ws://{{host}}:{{port}}/"));
    runScript(script, QStringLiteral("function onOpen() { done(); }\n"));
    QVERIFY(waitForEnd(script));
    QCOMPARE(script->testsPanel()->summaryLabel()->text(),
             QStringLiteral("The script did not run: the tab did not connect: {{port}} in the URL is not defined in the environment in use"));
    QVERIFY(!tab->document()->hasSource());
}

void TestScriptGui::flowFileRoundTripRunsInTheCli()
{
    ui::MainWindow window;
    ui::ConnectionTab *echo = openEchoTab(window);
    QVERIFY(echo);
    const QString url = echo->options().url;
    // A flow with messages, as a hand-written file would have it.
    script::Flow written;
    written.options.url = url;
    written.options.headers.append(qMakePair(QByteArray("X-Run"), QByteArray("from-a-flow")));
    written.script = QStringLiteral("function onOpen() {\n"
                                    "    expectMessage((msg) => msg.text === 'first', 3000, 'first echoed');\n"
                                    "    expectMessage((msg) => msg.type === 'binary' && msg.bytes[1] === 2, 3000, 'bytes echoed');\n"
                                    "}\n"
                                    "let answers = 0;\n"
                                    "function onMessage(msg) { if (++answers === 2) done(); }\n");
    written.messages = {{false, "first"}, {true, QByteArray("\x01\x02\x03", 3)}};
    const QString original = m_dir.filePath(QStringLiteral("original.json"));
    QString error;
    QVERIFY2(script::FlowFile::write(original, written, error), qPrintable(error));

    ui::ConnectionTab *opened = nullptr;
    QCOMPARE(window.flows()->openFlowFile(original, &opened), QString());
    QVERIFY(opened && opened != echo); // the echo tab is in use: a new tab takes the flow
    QCOMPARE(window.currentTab(), opened);
    QVERIFY(window.scripts()->scriptDock()->isVisible());
    QCOMPARE(opened->bar()->url(), url);
    QCOMPARE(opened->options().headers, written.options.headers);
    ui::TabScript *script = ui::ScriptDocks::scriptOf(opened);
    QCOMPARE(script->scriptPanel()->script(), written.script);
    QCOMPARE(script->scriptPanel()->openingMessages().size(), 2);

    // Run in the window: the messages go out after onOpen.
    QTest::mouseClick(script->scriptPanel()->runButton(), Qt::LeftButton);
    QVERIFY(waitForEnd(script));
    QCOMPARE(rowsOf(script->testsPanel()).size(), 2);
    QCOMPARE(script->testsPanel()->summaryLabel()->text(), QStringLiteral("original.json: 2 passed, 0 failed"));

    // Saved from the window...
    const QString saved = m_dir.filePath(QStringLiteral("saved.json"));
    QCOMPARE(window.flows()->saveFlowFile(opened, saved), QString());
    QFile file(saved);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QJsonObject json = QJsonDocument::fromJson(file.readAll()).object();
    QCOMPARE(json.value(QStringLiteral("format")).toString(), QStringLiteral("wsinspect-flow"));
    QCOMPARE(json.value(QStringLiteral("url")).toString(), url);
    QCOMPARE(json.value(QStringLiteral("script")).toString(), written.script);
    script::Flow read;
    QVERIFY2(script::FlowFile::read(saved, read, error), qPrintable(error));
    QCOMPARE(read.messages.size(), 2);
    QCOMPARE(read.messages.at(1).payload, QByteArray("\x01\x02\x03", 3));
    QVERIFY(read.messages.at(1).binary);

    // ...and run by the CLI, URL from the file.
    const CliResult result = runCli({QStringLiteral("run"), saved}, QByteArray(), 20000);
    QVERIFY(result.finished);
    QVERIFY2(result.exitCode == 0, result.out.constData());
    QVERIFY2(result.out.contains("PASS  first echoed"), result.out.constData());
    QVERIFY2(result.out.contains("PASS  bytes echoed"), result.out.constData());
}

// The echo server panel's Mock page: a script answers instead of the echo, a tab's script
// tests it, and the mock's log and errors show on the page.
void TestScriptGui::mockServerAnswersATabsScript()
{
    ui::MainWindow window;
    showWindow(window);
    ui::MockScriptWidget *mock = window.echoServerPanel()->mockScript();
    mock->setScript(QStringLiteral("function onConnection(client) { client.send('welcome ' + client.path); }\n"
                                   "function onMessage(msg, client) {\n"
                                   "    log('asked', msg.text);\n"
                                   "    if (msg.json && msg.json.op === 'ping') client.send(JSON.stringify({ op: 'pong' }));\n"
                                   "    else client.send(msg.text.toUpperCase.nope());\n"
                                   "}\n"));
    QTest::mouseClick(mock->activeBox(), Qt::LeftButton);
    QVERIFY(mock->activeBox()->isChecked());
    ui::ConnectionTab *tab = openEchoTab(window);
    QVERIFY(tab);
    QVERIFY(QTest::qWaitFor([&] { return rowOf(tab->store(), log::LogEntryKind::Text, In, "welcome /") >= 0; }, WindowTimeoutMs));
    ui::TabScript *script = ui::ScriptDocks::scriptOf(tab);
    runScript(script, QStringLiteral("function onOpen() {\n"
                                     "    expectMessage((msg) => msg.json && msg.json.op === 'pong', 3000, 'the mock answers ping');\n"
                                     "    ws.send(JSON.stringify({ op: 'ping' }));\n"
                                     "}\n"
                                     "function onMessage(msg) { if (msg.json) done(); }\n"));
    QVERIFY(waitForEnd(script));
    QCOMPARE(script->testsPanel()->passedCount(), 1);
    QCOMPARE(script->testsPanel()->failedCount(), 0);
    // Not an echo: what was sent is not what came back.
    QCOMPARE(rowOf(tab->store(), log::LogEntryKind::Text, In, "{\"op\":\"ping\"}"), -1);
    sendText(tab, QStringLiteral("hello"));
    QVERIFY(QTest::qWaitFor([&] { return mock->log()->count() >= 3; }, WindowTimeoutMs));
    QCOMPARE(mock->log()->item(0)->text(), QStringLiteral("log  asked {\"op\":\"ping\"}"));
    QCOMPARE(mock->log()->item(1)->text(), QStringLiteral("log  asked hello"));
    QVERIFY2(mock->log()->item(2)->text().startsWith(QStringLiteral("error  mock.js:5: TypeError: ")), qPrintable(mock->log()->item(2)->text()));

    // A mock that does not compile does not start, and says where.
    window.echoServer()->stop();
    mock->setScript(QStringLiteral("function onMessage(msg, client) {\n    client.send(;\n}\n"));
    QTest::mouseClick(window.echoServerPanel()->startButton(), Qt::LeftButton);
    QVERIFY(QTest::qWaitFor([&] { return window.echoServerPanel()->startButton()->isEnabled(); }, WindowTimeoutMs));
    QVERIFY(!window.echoServer()->isRunning());
    QVERIFY2(window.echoServerPanel()->statusText().contains(QStringLiteral("The mock script: mock.js:2: SyntaxError: ")),
             qPrintable(window.echoServerPanel()->statusText()));
}

// With WSI_SCREENSHOT_DIR set: the window at 1600x1000 after a script with passing and
// failing assertions, its Script and Tests docks shown, kept as script-tests.png; with
// WSI_SCREENSHOT_HOLD_MS too, the window stays up that long for a screen grab (Xvfb).
void TestScriptGui::screenshot()
{
    const QString directory = qEnvironmentVariable("WSI_SCREENSHOT_DIR");
    if (directory.isEmpty())
        QSKIP("set WSI_SCREENSHOT_DIR to take the screenshot");
    ui::MainWindow window;
    ui::ConnectionTab *echo = openEchoTab(window);
    QVERIFY(echo);
    const QString url = echo->options().url;
    window.resize(1600, 1000);
    // A fresh tab that Run connects: its log holds the script's one attempt.
    ui::ConnectionTab *tab = window.newTab();
    window.closeTab(0);
    tab->bar()->setUrl(url);
    ui::TabScript *script = ui::ScriptDocks::scriptOf(tab);
    window.scripts()->showScriptDock();
    runScript(script, QStringLiteral("// Checks the echo service: answers in order, JSON intact, quickly.\n"
                                     "function onOpen() {\n"
                                     "    expectMessage((msg) => msg.json && msg.json.op === 'subscribe', 500,\n"
                                     "                  'subscribe is echoed within 500 ms');\n"
                                     "    expectMessage((msg) => msg.text === 'pong', 1000, 'ping is answered with pong');\n"
                                     "    ws.send(JSON.stringify({ op: 'subscribe', topic: 'prices' }));\n"
                                     "    ws.send(JSON.stringify({ op: 'ping', id: 7 }));\n"
                                     "}\n"
                                     "\n"
                                     "let count = 0;\n"
                                     "function onMessage(msg) {\n"
                                     "    count++;\n"
                                     "    log('received', msg.json);\n"
                                     "    expect(msg.json !== undefined, `message ${count} is JSON`);\n"
                                     "    if (count === 2)\n"
                                     "        setTimeout(done, 1100);\n"
                                     "}\n"));
    QVERIFY(waitForEnd(script));
    QCOMPARE(script->testsPanel()->summaryLabel()->text(), QStringLiteral("script.js: 3 passed, 1 failed"));
    window.scripts()->showTestsDock();
    QTest::qWait(300);
    QVERIFY(window.grab().save(QDir(directory).filePath(QStringLiteral("script-tests.png"))));
    QTest::qWait(qEnvironmentVariableIntValue("WSI_SCREENSHOT_HOLD_MS"));
}

QTEST_MAIN(TestScriptGui)
#include "tst_scriptgui.moc"
