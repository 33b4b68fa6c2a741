// SPDX-License-Identifier: MIT
#pragma once
// The C++ side of a flow script's API, as QJSEngine sees it: plain values in, checked by
// the prelude (ScriptPrelude) first. Each call is handed to the ScriptRunner that owns the
// engine; lives on the runner's thread.
#include <QByteArray>
#include <QJSValue>
#include <QObject>
#include <QString>

namespace wsi::script {

class ScriptRunner;

class ScriptHost : public QObject
{
    Q_OBJECT
public:
    explicit ScriptHost(ScriptRunner &runner);

    Q_INVOKABLE void send(const QString &text);
    Q_INVOKABLE void sendBinary(const QByteArray &bytes);
    Q_INVOKABLE void close(int code, const QString &reason);
    Q_INVOKABLE void log(const QString &line);
    Q_INVOKABLE int setTimeout(const QJSValue &callback, double ms, int line);
    Q_INVOKABLE void clearTimeout(int id);
    Q_INVOKABLE void expect(bool holds, const QString &shown, const QString &name, int line);
    Q_INVOKABLE void expectMessage(const QJSValue &predicate, double withinMs, const QString &name, int line);
    Q_INVOKABLE void done();

private:
    ScriptRunner &m_runner;
};

} // namespace wsi::script
