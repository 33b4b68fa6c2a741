// SPDX-License-Identifier: MIT
// ScriptThread: a ScriptRunner attached to a source its owner runs and shows (as a window's
// tab does), on a thread of its own, against the built-in echo server over loopback. The
// owner's thread stays free while a hook spins; sends come back to the owner's thread;
// a flow's messages go out after onOpen; deleting the thread ends a runaway hook at once.
#include "script/ScriptThread.h"

#include "net/Connection.h"
#include "net/MetaTypes.h"
#include "net/echo/EchoServer.h"
#include "net/source/SourceThread.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTest>

using namespace wsi;
using wsi::script::AssertionResult;
using wsi::script::ScriptThread;

namespace {

constexpr int WaitMs = 10000;

// The owner's side: a Connection to the echo server whose reports go to the script, and the
// script's sends back to it, each checked to come on the owner's (this test's) thread.
struct Owner {
    net::EchoServer server;
    std::unique_ptr<net::SourceThread> source;
    QList<AssertionResult> results;
    QStringList logs;
    int callsOffOwnerThread = 0;

    bool open(ScriptThread &script, const QString &source_, const QList<script::FlowMessage> &messages = {},
              const script::Environment &environment = {})
    {
        if (!server.start())
            return false;
        QObject::connect(&script, &ScriptThread::resultAdded, [this](const AssertionResult &result) { results << result; });
        QObject::connect(&script, &ScriptThread::logged, [this](const QString &line) { logs << line; });
        net::ConnectionOptions options;
        options.url = server.url().toString();
        options.proxy.mode = net::ProxyMode::None;
        auto *connection = new net::Connection(options);
        QObject::connect(connection, &net::TrafficSource::reported, &script, [this, &script](const net::ReportBatch &batch) {
            net::forEachReport(batch, [&script](const net::EventBatch &rows) { script.showRows(rows); },
                               [&script](const net::SourceReport &update) { script.showUpdate(update); });
            this->source->source()->reportsConsumed(batch);
        });
        this->source = std::make_unique<net::SourceThread>(connection);
        QThread *owner = QThread::currentThread();
        net::SourceThread *thread = this->source.get();
        QSignalSpy loaded(&script, &ScriptThread::loaded);
        script.load(QStringLiteral("flow.js"), source_, environment, messages,
                    ScriptThread::Calls{[this, owner, thread](const QByteArray &text) {
                                            callsOffOwnerThread += QThread::currentThread() != owner;
                                            thread->sendText(text);
                                        },
                                        [this, owner, thread](const QByteArray &bytes) {
                                            callsOffOwnerThread += QThread::currentThread() != owner;
                                            thread->sendBinary(bytes);
                                        },
                                        [this, owner, thread](int code, const QString &reason) {
                                            callsOffOwnerThread += QThread::currentThread() != owner;
                                            thread->close(code, reason);
                                        }});
        if (!loaded.wait(WaitMs) || !loaded.first().first().toString().isEmpty())
            return false;
        this->source->open();
        return true;
    }
};

} // namespace

class TestScriptThread : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { net::registerMetaTypes(); }
    void runsAgainstAnOwnersSource();
    void loadProblemIsReported();
    void ownersThreadRunsWhileAHookSpins();
    void deletingInterruptsARunawayHook();
};

void TestScriptThread::runsAgainstAnOwnersSource()
{
    ScriptThread script({});
    Owner owner;
    script::Environment environment;
    QString error;
    QVERIFY(script::Environment::fromJson(QJsonDocument::fromJson(R"({"who": "world"})"), environment, error));
    QSignalSpy finished(&script, &ScriptThread::finished);
    QVERIFY(owner.open(script,
                       QStringLiteral("let seen = [];\n"
                                      "function onOpen() { ws.send('hello {{who}}'); }\n"
                                      "function onMessage(msg) {\n"
                                      "    seen.push(msg.text);\n"
                                      "    if (seen.length === 2) {\n"
                                      "        expect(seen.join(',') === 'hello world,from the flow', 'both echoed in order');\n"
                                      "        log(seen);\n"
                                      "        done();\n"
                                      "    }\n"
                                      "}\n"),
                       {{false, "from the flow"}}, environment));
    QVERIFY(finished.wait(WaitMs));
    QCOMPARE(owner.results.size(), 1);
    QVERIFY2(owner.results.first().passed, qPrintable(owner.results.first().why));
    QCOMPARE(owner.logs, QStringList{QStringLiteral("[\"hello world\",\"from the flow\"]")});
    QCOMPARE(owner.callsOffOwnerThread, 0);
}

void TestScriptThread::loadProblemIsReported()
{
    ScriptThread script({});
    QSignalSpy loaded(&script, &ScriptThread::loaded);
    script.load(QStringLiteral("flow.js"), QStringLiteral("\nlet = = 1;\n"), {}, {}, {});
    QVERIFY(loaded.wait(WaitMs));
    QVERIFY2(loaded.first().first().toString().startsWith(QStringLiteral("flow.js:2: SyntaxError: ")),
             qPrintable(loaded.first().first().toString()));
}

void TestScriptThread::ownersThreadRunsWhileAHookSpins()
{
    script::ScriptRunner::Settings settings;
    settings.hookLimitMs = 800;
    ScriptThread script(settings);
    Owner owner;
    int ticks = 0;
    QTimer ticker;
    connect(&ticker, &QTimer::timeout, this, [&ticks] { ++ticks; });
    ticker.start(20);
    QSignalSpy finished(&script, &ScriptThread::finished);
    QVERIFY(owner.open(script, QStringLiteral("function onOpen() {\n    for (;;) {}\n}\n")));
    QVERIFY(finished.wait(WaitMs));
    QVERIFY2(ticks >= 20, qPrintable(QStringLiteral("%1 ticks").arg(ticks)));
    QCOMPARE(owner.results.size(), 1);
    QCOMPARE(owner.results.first().why, QStringLiteral("flow.js:1: onOpen ran past its 800 ms limit and was interrupted"));
}

void TestScriptThread::deletingInterruptsARunawayHook()
{
    script::ScriptRunner::Settings settings;
    settings.hookLimitMs = 20000;
    auto script = std::make_unique<ScriptThread>(settings);
    Owner owner;
    QVERIFY(owner.open(*script, QStringLiteral("var spins = 0;\nfunction onOpen() { log('spinning'); while (true) { spins++; } }\n")));
    QVERIFY(QTest::qWaitFor([&] { return !owner.logs.isEmpty(); }, WaitMs));
    QTest::qWait(100);
    QElapsedTimer clock;
    clock.start();
    script.reset();
    QVERIFY2(clock.elapsed() < 2000, qPrintable(QStringLiteral("%1 ms").arg(clock.elapsed())));
}

QTEST_GUILESS_MAIN(TestScriptThread)
#include "tst_scriptthread.moc"
