// SPDX-License-Identifier: MIT
#include "script/ScriptHost.h"

#include "script/ScriptRunner.h"

namespace wsi::script {

ScriptHost::ScriptHost(ScriptRunner &runner) : m_runner(runner) {}

void ScriptHost::send(const QString &text)
{
    m_runner.sendText(text);
}

void ScriptHost::sendBinary(const QByteArray &bytes)
{
    m_runner.sendBinary(bytes);
}

void ScriptHost::close(int code, const QString &reason)
{
    m_runner.closeConnection(code, reason);
}

void ScriptHost::log(const QString &line)
{
    Q_EMIT m_runner.logged(line);
}

int ScriptHost::setTimeout(const QJSValue &callback, double ms, int line)
{
    return m_runner.addTimer(callback, int(qMin(ms, 2147483647.0)), line);
}

void ScriptHost::clearTimeout(int id)
{
    m_runner.removeTimer(id);
}

void ScriptHost::expect(bool holds, const QString &shown, const QString &name, int line)
{
    m_runner.expect(holds, shown, name, line);
}

void ScriptHost::expectMessage(const QJSValue &predicate, double withinMs, const QString &name, int line)
{
    m_runner.expectMessage(predicate, int(qMin(withinMs, 2147483647.0)), name, line);
}

void ScriptHost::done()
{
    m_runner.scriptDone();
}

} // namespace wsi::script
