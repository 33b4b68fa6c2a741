// SPDX-License-Identifier: MIT
#include "script/ScriptThread.h"

namespace wsi::script {

ScriptThread::ScriptThread(ScriptRunner::Settings settings, QObject *parent) : QObject(parent), m_context(new QObject)
{
    m_thread.setObjectName(QStringLiteral("wsinspect script"));
    m_context->moveToThread(&m_thread);
    m_thread.start();
    // The runner is made on its thread: its QJSEngine belongs to the thread it was made on.
    QMetaObject::invokeMethod(m_context, [this, settings] {
        auto *runner = new ScriptRunner(settings);
        connect(runner, &ScriptRunner::resultAdded, this, &ScriptThread::resultAdded);
        connect(runner, &ScriptRunner::logged, this, &ScriptThread::logged);
        connect(runner, &ScriptRunner::finished, this, &ScriptThread::finished);
        m_runner = runner;
    });
    // Its timers and engine go on their own thread, as it ends.
    connect(&m_thread, &QThread::finished, m_context, [this] { delete m_runner.exchange(nullptr); }, Qt::DirectConnection);
}

ScriptThread::~ScriptThread()
{
    if (ScriptRunner *runner = m_runner.load())
        runner->interruptNow(); // a loop in a hook ends now, not at its limit
    m_thread.quit();
    m_thread.wait();
    delete m_context; // the thread has ended: nothing runs there any more
}

void ScriptThread::load(const QString &fileName, const QString &source, const Environment &environment,
                        const QList<FlowMessage> &openingMessages, Calls calls)
{
    // The script thread calls back through these, queued to our (the owner's) thread.
    const auto onOwnerThread = [this](auto call) { QMetaObject::invokeMethod(this, call); };
    Calls queued{[onOwnerThread, send = calls.sendText](const QByteArray &text) { onOwnerThread([send, text] { send(text); }); },
                 [onOwnerThread, send = calls.sendBinary](const QByteArray &bytes) { onOwnerThread([send, bytes] { send(bytes); }); },
                 [onOwnerThread, close = calls.close](int code, const QString &reason) {
                     onOwnerThread([close, code, reason] { close(code, reason); });
                 }};
    onScriptThread([this, fileName, source, environment, openingMessages, queued](ScriptRunner &runner) {
        runner.setEnvironment(environment);
        runner.setOpeningMessages(openingMessages);
        const QString problem = runner.load(fileName, source);
        if (problem.isEmpty())
            runner.attach(queued);
        QMetaObject::invokeMethod(this, [this, problem] { Q_EMIT loaded(problem); });
    });
}

void ScriptThread::showRows(const net::EventBatch &rows)
{
    onScriptThread([rows](ScriptRunner &runner) { runner.showRows(rows); });
}

void ScriptThread::showUpdate(const net::SourceReport &update)
{
    onScriptThread([update](ScriptRunner &runner) { runner.showUpdate(update); });
}

void ScriptThread::setRowClockOrigin(qint64 steadyNs)
{
    onScriptThread([steadyNs](ScriptRunner &runner) { runner.setRowClockOrigin(steadyNs); });
}

void ScriptThread::stop()
{
    onScriptThread([](ScriptRunner &runner) { runner.stop(); });
}

} // namespace wsi::script
