// SPDX-License-Identifier: MIT
#pragma once
// A ScriptRunner on a QThread of its own, driven from its owner's thread (the window's UI
// thread): a script that loops or works hard never freezes the window, and the runner's
// HookWatchdog still interrupts a hook past its limit. The owner hands over what its
// source shows (showRows(), showUpdate()) and gets the results back as signals; the
// script's sends come back through Calls, on the owner's thread, so only the owner ever
// touches its source.
//
// Lives on the owner's thread; the runner (and its QJSEngine) live on the script thread,
// where every call is queued in order. Deleting it interrupts a running hook, stops the
// thread and waits for it.
#include "script/AssertionResult.h"
#include "script/Environment.h"
#include "script/FlowFile.h"
#include "script/ScriptRunner.h"

#include "net/source/SourceReport.h"

#include <QObject>
#include <QThread>

#include <atomic>

namespace wsi::script {

class ScriptThread : public QObject
{
    Q_OBJECT
public:
    explicit ScriptThread(ScriptRunner::Settings settings, QObject *parent = nullptr);
    ~ScriptThread() override;

    // What the script's ws.send(), ws.sendBinary() and ws.close() do: called on the
    // owner's thread, with {{name}} already replaced.
    using Calls = ScriptRunner::SourceCalls;

    // Compiles the script and runs its top level on the script thread, then attaches the
    // runner to `calls`; loaded() says how it went (an empty problem: ready for the open).
    void load(const QString &fileName, const QString &source, const Environment &environment,
              const QList<FlowMessage> &openingMessages, Calls calls);
    void showRows(const net::EventBatch &rows);
    void showUpdate(const net::SourceReport &update);
    void setRowClockOrigin(qint64 steadyNs);
    void stop();

Q_SIGNALS:
    void loaded(const QString &problem);
    void resultAdded(const wsi::script::AssertionResult &result);
    void logged(const QString &line);
    void finished();

private:
    // Queues `job` to the script thread, where it runs with the runner.
    template <typename Job> void onScriptThread(Job job)
    {
        QMetaObject::invokeMethod(m_context, [this, job] {
            if (m_runner)
                job(*m_runner);
        });
    }

    QThread m_thread;
    QObject *m_context; // lives on the script thread: queued calls run there
    std::atomic<ScriptRunner *> m_runner{nullptr};
};

} // namespace wsi::script
