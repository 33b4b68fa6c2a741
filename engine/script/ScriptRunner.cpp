// SPDX-License-Identifier: MIT
#include "script/ScriptRunner.h"

#include "script/ScriptPrelude.h"

#include "net/Connection.h"

#include <QRegularExpression>

#include <algorithm>
#include <chrono>

namespace wsi::script {

using namespace wsi::net;

namespace {
// After the script asked to end, how long the close handshake may take before the
// connection is dropped (the Connection's own close timeout usually ends it first).
constexpr int CloseLimitMs = 5000;
constexpr char PreludeFileName[] = "wsinspect-prelude.js";

} // namespace

ScriptRunner::ScriptRunner(Settings settings, QObject *parent) : QObject(parent), m_settings(settings)
{
    // The engine must not delete the host, a member of ours.
    QJSEngine::setObjectOwnership(&m_host, QJSEngine::CppOwnership);
    m_runLimit.setSingleShot(true);
    connect(&m_runLimit, &QTimer::timeout, this, [this] {
        addFailure(ResultKind::RunFailure, QStringLiteral("run time limit"),
                   QStringLiteral("the run took longer than %1 ms (no done() and the connection still open)")
                       .arg(m_settings.runLimitMs));
        endRun();
    });
    m_closeLimit.setSingleShot(true);
    connect(&m_closeLimit, &QTimer::timeout, this, [this] {
        if (m_thread)
            m_thread->abort();
    });
}

ScriptRunner::~ScriptRunner() = default;

QString ScriptRunner::load(const QString &fileName, const QString &source)
{
    m_fileName = fileName;
    m_source = source;
    const QJSValue prelude = m_engine.evaluate(scriptPrelude(), QLatin1String(PreludeFileName));
    m_helpers = prelude.call({m_engine.newQObject(&m_host), m_engine.globalObject()});
    if (m_helpers.isError()) // our own code: a failure here is a bug, said plainly
        return locate(QLatin1String(PreludeFileName), m_helpers.property(QStringLiteral("lineNumber")).toInt(),
                      m_helpers.toString());
    QJSValue env = m_engine.newObject();
    for (auto it = m_environment.values().cbegin(); it != m_environment.values().cend(); ++it)
        env.setProperty(it.key(), it.value());
    m_engine.globalObject().setProperty(QStringLiteral("env"),
                                        m_engine.globalObject().property(QStringLiteral("Object")).property(QStringLiteral("freeze")).call({env}));
    m_watchdog.arm(m_settings.hookLimitMs);
    const QJSValue hooks = m_engine.evaluate(wrapScript(source), fileName, 1);
    if (m_watchdog.disarm()) {
        m_engine.setInterrupted(false);
        return locate(fileName, 0, QStringLiteral("the script's top level ran past its %1 ms limit and was interrupted")
                                       .arg(m_settings.hookLimitMs));
    }
    if (hooks.isError())
        return locate(fileName, scriptErrorLine(hooks, QLatin1String(PreludeFileName)), hooks.toString());
    m_hooks = hooks;
    return {};
}

void ScriptRunner::start(const ConnectionOptions &options)
{
    auto *connection = new Connection(options);
    connect(connection, &TrafficSource::reported, this, &ScriptRunner::onReports);
    m_thread = std::make_unique<SourceThread>(connection);
    SourceThread *thread = m_thread.get();
    attach(SourceCalls{[thread](const QByteArray &text) { thread->sendText(text); },
                       [thread](const QByteArray &bytes) { thread->sendBinary(bytes); },
                       [thread](int code, const QString &reason) { thread->close(code, reason); }});
    m_thread->open();
}

void ScriptRunner::attach(SourceCalls calls)
{
    m_calls = std::move(calls);
    m_started = true;
    m_clock.start();
    m_startSteadyNs = std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch()).count();
    if (!m_rowClockFixed)
        m_attemptSteadyNs = m_startSteadyNs;
    if (m_settings.runLimitMs > 0)
        m_runLimit.start(m_settings.runLimitMs);
}

void ScriptRunner::setRowClockOrigin(qint64 steadyNs)
{
    m_rowClockFixed = true;
    m_attemptSteadyNs = steadyNs;
}

void ScriptRunner::stop()
{
    if (m_ending)
        return;
    addFailure(ResultKind::RunFailure, QStringLiteral("stopped"), QStringLiteral("the run was stopped before it ended"));
    endRun();
}

bool ScriptRunner::passed() const
{
    return std::all_of(m_results.cbegin(), m_results.cend(), [](const AssertionResult &result) { return result.passed; });
}

void ScriptRunner::onReports(const ReportBatch &batch)
{
    forEachReport(batch, [this](const EventBatch &rows) { showRows(rows); }, [this](const SourceReport &update) { showUpdate(update); });
    m_thread->source()->reportsConsumed(batch);
}

void ScriptRunner::showRows(const EventBatch &rows)
{
    if (m_finished)
        return;
    for (const LogEvent &event : rows) {
        if (event.kind == EventKind::Message && event.direction == EventDirection::Incoming)
            onMessage(event);
    }
}

void ScriptRunner::showUpdate(const SourceReport &update)
{
    if (m_finished)
        return;
    std::visit(Overloaded{[this](const AttemptReport &attempt) {
                              if (!m_rowClockFixed)
                                  m_attemptSteadyNs = attempt.steadyNs;
                          },
                          [this](const StateReport &report) {
                              if (report.state == ConnectionState::Open && !m_ending)
                                  onOpen();
                          },
                          [this](const ConnectionError &error) {
                              addFailure(ResultKind::RunFailure, QStringLiteral("connection"),
                                         error.hint.isEmpty() ? error.message
                                                              : error.message + QStringLiteral(" (") + error.hint + QLatin1Char(')'));
                          },
                          [this](const CloseInfo &close) { onClose(close); },
                          [this](const FinishedReport &) {
                              m_connectionFinished = true;
                              endRun();
                          },
                          [](const auto &) {}},
               update);
}

void ScriptRunner::onOpen()
{
    callHook("onOpen", {});
    for (const FlowMessage &message : m_openingMessages) {
        if (message.binary)
            sendBinary(message.payload);
        else
            sendText(QString::fromUtf8(message.payload));
    }
}

void ScriptRunner::onMessage(const LogEvent &event)
{
    if (m_ending)
        return;
    const QString type = event.isText ? QStringLiteral("text") : QStringLiteral("binary");
    const QJSValue message = m_helpers.property(QStringLiteral("message"))
                                 .call({type, event.isText ? QString::fromUtf8(event.payload) : QString(),
                                        m_engine.toScriptValue(event.payload)});
    // Expectations first: one that onMessage sets up waits for the messages after this one.
    matchExpectations(message, runMsOf(event));
    if (!m_ending)
        callHook("onMessage", {message});
}

qint64 ScriptRunner::runMsOf(const LogEvent &event) const
{
    return (m_attemptSteadyNs + event.timeNs - m_startSteadyNs) / 1000000;
}

void ScriptRunner::onClose(const CloseInfo &close)
{
    if (m_ending)
        return;
    callHook("onClose", {m_helpers.property(QStringLiteral("close")).call({int(close.code), close.reason, close.clean})});
}

void ScriptRunner::callHook(const char *name, const QJSValueList &arguments)
{
    const QString hookName = QLatin1String(name);
    const QJSValue hook = m_hooks.property(hookName);
    if (!hook.isCallable())
        return;
    call(hook, arguments, hookName, hookLine(hookName));
}

ScriptRunner::CallResult ScriptRunner::call(const QJSValue &function, const QJSValueList &arguments, const QString &what, int line)
{
    m_watchdog.arm(m_settings.hookLimitMs);
    const QJSValue outcome = m_helpers.property(QStringLiteral("invoke")).call(QJSValueList{function} + arguments);
    if (m_watchdog.disarm()) {
        m_engine.setInterrupted(false);
        addFailure(ResultKind::ScriptError, QStringLiteral("script error"),
                   locate(m_fileName, line, QStringLiteral("%1 ran past its %2 ms limit and was interrupted").arg(what).arg(m_settings.hookLimitMs)));
        endRun();
        return {};
    }
    if (outcome.property(QStringLiteral("ok")).toBool())
        return {true, outcome.property(QStringLiteral("value"))};
    const QJSValue error = outcome.isError() ? outcome : outcome.property(QStringLiteral("error"));
    const QString text = error.isError() ? error.toString() : QStringLiteral("uncaught ") + error.toString();
    addFailure(ResultKind::ScriptError, QStringLiteral("script error"),
               locate(m_fileName, error.isError() ? scriptErrorLine(error, QLatin1String(PreludeFileName)) : line, text + QStringLiteral(" (in ") + what + QLatin1Char(')')));
    endRun();
    return {};
}

int ScriptRunner::hookLine(const QString &name) const
{
    const QRegularExpression definition(QStringLiteral("\\bfunction\\s+%1\\b|\\b%1\\s*=[^=]").arg(name));
    const QRegularExpressionMatch match = definition.match(m_source);
    return match.hasMatch() ? int(m_source.left(match.capturedStart()).count(QLatin1Char('\n'))) + 1 : 0;
}

bool ScriptRunner::refuseBeforeStart(const char *call)
{
    if (m_started)
        return false;
    // The top level runs before there is a connection: a message sent there would be lost.
    m_engine.throwError(QStringLiteral("%1 before the connection exists: call it from onOpen or later").arg(QLatin1String(call)));
    return true;
}

void ScriptRunner::sendText(const QString &text)
{
    if (!refuseBeforeStart("ws.send") && !m_ending)
        m_calls.sendText(m_environment.substitute(text).toUtf8());
}

void ScriptRunner::sendBinary(const QByteArray &bytes)
{
    if (!refuseBeforeStart("ws.sendBinary") && !m_ending)
        m_calls.sendBinary(bytes);
}

void ScriptRunner::closeConnection(int code, const QString &reason)
{
    if (!refuseBeforeStart("ws.close"))
        m_calls.close(code, reason);
}

int ScriptRunner::addTimer(const QJSValue &callback, int ms, int line)
{
    const int id = m_nextId++;
    Timer &entry = m_timers[id];
    entry.callback = callback;
    entry.line = line;
    entry.timer = std::make_unique<QTimer>();
    entry.timer->setSingleShot(true);
    connect(entry.timer.get(), &QTimer::timeout, this, [this, id] { fireTimer(id); });
    entry.timer->start(ms);
    return id;
}

void ScriptRunner::removeTimer(int id)
{
    m_timers.erase(id);
}

void ScriptRunner::fireTimer(int id)
{
    const auto found = m_timers.find(id);
    if (found == m_timers.end() || m_ending)
        return;
    const QJSValue callback = found->second.callback;
    const int line = found->second.line;
    found->second.timer.release()->deleteLater(); // we are inside its timeout signal
    m_timers.erase(found);
    call(callback, {}, QStringLiteral("the setTimeout callback of line %1").arg(line), line);
}

void ScriptRunner::scriptDone()
{
    // After the hook that called done() returns: its other calls still count.
    QMetaObject::invokeMethod(this, &ScriptRunner::endRun, Qt::QueuedConnection);
}

void ScriptRunner::endRun()
{
    if (!m_ending) {
        m_ending = true;
        m_runLimit.stop();
        failWaitingExpectations();
        m_timers.clear();
        // A connection of our own is closed; a source shown elsewhere stays its owner's.
        if (!m_connectionFinished && m_thread) {
            m_thread->close(1000);
            m_closeLimit.start(CloseLimitMs);
        }
    }
    if (m_connectionFinished || !m_thread)
        finish();
}

void ScriptRunner::finish()
{
    if (m_finished)
        return;
    m_finished = true;
    m_closeLimit.stop();
    Q_EMIT finished();
}

} // namespace wsi::script
