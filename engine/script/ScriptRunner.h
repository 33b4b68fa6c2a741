// SPDX-License-Identifier: MIT
#pragma once
// Runs one flow script against one client Connection: the script's hooks (onOpen,
// onMessage, onClose) are called from the connection's ordered report stream, its calls
// (ws.send, setTimeout, expect, expectMessage, done, ...) come back through ScriptHost,
// and every assertion, script error and failure of the run becomes an AssertionResult.
//
// Two ways to drive it, as ReplayRunner has. start() opens a Connection of its own (the
// CLI). attach() runs the script against a source someone else owns and shows (a window's
// tab): the owner hands over the rows and updates it shows, in order (showRows(),
// showUpdate()), and the script's ws.send() and ws.close() go out through SourceCalls; the
// end of the run then leaves the source open (it is the owner's).
//
// Lives on the thread that creates it, with its QJSEngine: the CLI's main thread, or a
// ScriptThread of its own in the window; a Connection of its own runs on its worker thread
// (SourceThread). Each call into the script is bounded by a HookWatchdog: a hook that runs
// past the limit is interrupted and reported with the line it was defined (or, for timers
// and predicates, scheduled) on.
#include "script/AssertionResult.h"
#include "script/Environment.h"
#include "script/FlowFile.h"
#include "script/HookWatchdog.h"
#include "script/ScriptHost.h"

#include "net/ConnectionOptions.h"
#include "net/source/SourceReport.h"
#include "net/source/SourceThread.h"

#include <QElapsedTimer>
#include <QHash>
#include <QJSEngine>
#include <QJSValue>
#include <QList>
#include <QObject>
#include <QTimer>

#include <atomic>
#include <functional>
#include <map>
#include <memory>

namespace wsi::script {

class ScriptRunner : public QObject
{
    Q_OBJECT
public:
    struct Settings {
        int hookLimitMs = 1000;  // each call into the script
        int runLimitMs = 30000;  // the whole run, when neither done() nor the server ends it; 0: none
    };
    // The source's side for attach(), called on the runner's thread.
    struct SourceCalls {
        std::function<void(const QByteArray &)> sendText;
        std::function<void(const QByteArray &)> sendBinary;
        std::function<void(int, const QString &)> close;
    };

    explicit ScriptRunner(Settings settings, QObject *parent = nullptr);
    ~ScriptRunner() override;

    // Compiles the script and runs its top level (where it defines its hooks). Returns ""
    // or the problem, "flow.js:3: SyntaxError: ...".
    QString load(const QString &fileName, const QString &source);
    // Before load(): the script sees its values as the frozen object `env`, and {{name}}
    // in the text ws.send() sends is replaced by its value (an unknown name is left).
    void setEnvironment(const Environment &environment) { m_environment = environment; }
    // Before start() or attach(): a flow file's messages, sent in order once onOpen returned.
    void setOpeningMessages(const QList<FlowMessage> &messages) { m_openingMessages = messages; }
    // Opens the connection and runs the script against it until done(), the end of the
    // connection or the run's limit; then finished() is emitted.
    void start(const net::ConnectionOptions &options);

    // Runs the script against a source shown elsewhere, from its next open on; finished()
    // follows done(), stop(), the run's limit or the source's end.
    void attach(SourceCalls calls);
    void showRows(const net::EventBatch &rows);
    void showUpdate(const net::SourceReport &update);
    // attach(): the rows' times count from this steady-clock instant (a tab places every
    // attempt's rows on its log's time line), not from their attempt's start.
    void setRowClockOrigin(qint64 steadyNs);
    // Ends the run now (the user stopped it): waiting expectations fail.
    void stop();
    // Any thread: interrupts a hook that runs now (the runner is about to go).
    void interruptNow() { m_engine.setInterrupted(true); }

    const QList<AssertionResult> &results() const { return m_results; }
    // True when nothing failed.
    bool passed() const;
    qint64 elapsedMs() const { return m_clock.isValid() ? m_clock.elapsed() : 0; }

Q_SIGNALS:
    void resultAdded(const wsi::script::AssertionResult &result);
    void logged(const QString &line);
    void finished();

private:
    friend class ScriptHost;

    struct Timer {
        QJSValue callback;
        int line = 0;
        std::unique_ptr<QTimer> timer;
    };
    struct Expectation {
        QJSValue predicate;
        QString name;
        int withinMs = 0;
        int line = 0;
        qint64 startedMs = 0;
        std::unique_ptr<QTimer> deadline;
    };
    // One call into the script: its value, or nothing after an error already reported.
    struct CallResult {
        bool ok = false;
        QJSValue value;
    };

    // ScriptHost's calls (ScriptRunner.cpp, ScriptExpectations.cpp).
    void sendText(const QString &text);
    void sendBinary(const QByteArray &bytes);
    void closeConnection(int code, const QString &reason);
    int addTimer(const QJSValue &callback, int ms, int line);
    void removeTimer(int id);
    void expect(bool holds, const QString &shown, const QString &name, int line);
    void expectMessage(const QJSValue &predicate, int withinMs, const QString &name, int line);
    void scriptDone();
    // Throws a script error when called before start(); true then.
    bool refuseBeforeStart(const char *call);

    void onReports(const net::ReportBatch &batch);
    void onOpen();
    void onMessage(const net::LogEvent &event);
    // When an event came off the wire, in the run's milliseconds (reports arrive in batches
    // up to ~16 ms after their events; assertions judge by the wire's time).
    qint64 runMsOf(const net::LogEvent &event) const;
    void onClose(const net::CloseInfo &close);
    void callHook(const char *name, const QJSValueList &arguments);
    void fireTimer(int id);
    // Calls into the script under the watchdog; `what` and `line` name it in a report.
    CallResult call(const QJSValue &function, const QJSValueList &arguments, const QString &what, int line);
    // The line a hook is defined on, read from the source ("function onOpen", "onOpen =").
    int hookLine(const QString &name) const;

    // ScriptExpectations.cpp: messages against the waiting expectations, and their end.
    void matchExpectations(const QJSValue &message, qint64 arrivedMs);
    void expectationTimedOut(int id);
    void failWaitingExpectations();
    void addResult(AssertionResult result);
    void addFailure(ResultKind kind, const QString &name, const QString &why);

    // The run ends once: waiting expectations fail, timers stop, the connection closes.
    void endRun();
    void finish();

    Settings m_settings;
    Environment m_environment;
    QJSEngine m_engine;
    HookWatchdog m_watchdog{&m_engine};
    ScriptHost m_host{*this};
    QString m_fileName;
    QString m_source;
    QJSValue m_helpers; // the prelude's message(), close(), invoke()
    QJSValue m_hooks;   // the script's onOpen, onMessage, onClose, looked up on each call
    std::unique_ptr<net::SourceThread> m_thread; // start(): the connection it owns
    SourceCalls m_calls;
    QList<FlowMessage> m_openingMessages;
    bool m_started = false;       // start() or attach() was called
    bool m_rowClockFixed = false; // setRowClockOrigin() was called
    QElapsedTimer m_clock;
    qint64 m_startSteadyNs = 0;   // steady_clock at start(), as m_clock started
    qint64 m_attemptSteadyNs = 0; // steady_clock at the attempt's start: its events count from it
    QTimer m_runLimit;
    QTimer m_closeLimit;
    std::map<int, Timer> m_timers;
    std::map<int, Expectation> m_expectations;
    int m_nextId = 1;
    QList<AssertionResult> m_results;
    bool m_ending = false;
    bool m_connectionFinished = false;
    bool m_finished = false;
};

} // namespace wsi::script
