// SPDX-License-Identifier: MIT
#pragma once
// The built-in server as a mock: a script answers its clients instead of the echo. Hooks,
// each optional: onConnection(client) after a client's handshake, onMessage(msg, client)
// for each message (msg as a flow script sees it), onClose(client, close). A client is
// {id, path, query, send(text), sendBinary(bytes), close(code, reason)}, the same object in
// every hook; the globals are log(...), broadcast(text), setTimeout(fn, ms), clearTimeout(id).
//
// Lives on the server's thread (the server runs in Handoff mode: nothing is echoed, every
// message is handed over) and calls it directly. Each hook is bounded by a HookWatchdog; a
// hook that throws or runs past its limit is reported (file and line) and the server goes
// on serving: a mock's bug must not take the server down with it.
#include "script/HookWatchdog.h"

#include <QJSEngine>
#include <QJSValue>
#include <QObject>
#include <QTimer>

#include <map>
#include <memory>

namespace wsi::net {
class EchoServer;
}

namespace wsi::script {

class MockHost;

class MockScript : public QObject
{
    Q_OBJECT
public:
    explicit MockScript(int hookLimitMs = 1000, QObject *parent = nullptr);
    ~MockScript() override;

    // Compiles the script and runs its top level: "" or "mock.js:3: SyntaxError: ...".
    QString load(const QString &fileName, const QString &source);
    // Answers `server`'s clients from now on (the server must live on this thread).
    void serve(net::EchoServer *server);

Q_SIGNALS:
    void logged(const QString &line);
    // A hook that threw or ran past its limit: "mock.js:4: TypeError: ... (in onMessage)".
    void scriptError(const QString &message);

private:
    friend class MockHost;

    void onHandshake(quint64 id, const QString &path, const QString &query);
    void onMessage(quint64 id, bool isText, const QByteArray &payload);
    void onClosed(quint64 id, quint16 code, const QString &reason, bool clean);
    void callHook(const char *name, const QJSValueList &arguments);
    void call(const QJSValue &function, const QJSValueList &arguments, const QString &what, int line);
    int hookLine(const QString &name) const;
    int addTimer(const QJSValue &callback, int ms, int line);

    int m_hookLimitMs;
    QJSEngine m_engine;
    HookWatchdog m_watchdog{&m_engine};
    std::unique_ptr<MockHost> m_host;
    net::EchoServer *m_server = nullptr;
    QString m_fileName;
    QString m_source;
    QJSValue m_helpers; // the prelude's client(), forget(), message(), close(), invoke()
    QJSValue m_hooks;
    std::map<int, std::unique_ptr<QTimer>> m_timers;
    int m_nextTimer = 1;
};

} // namespace wsi::script
