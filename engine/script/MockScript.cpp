// SPDX-License-Identifier: MIT
#include "script/MockScript.h"

#include "script/AssertionResult.h"
#include "script/ScriptPrelude.h"

#include "net/echo/EchoServer.h"

#include <QRegularExpression>

namespace wsi::script {

namespace {

constexpr char MockPreludeFileName[] = "wsinspect-mock-prelude.js";

// The mock's API over MockHost; the message, close and invoke helpers as a flow script's.
QString mockPrelude()
{
    return QStringLiteral(R"JS((function (host, global) {
    'use strict';
    function callerLine() {
        const frames = String(new Error().stack).split('\n');
        const found = /:(\d+)$/.exec(frames[2] || '');
        return found ? Number(found[1]) : 0;
    }
    function toBuffer(bytes) {
        if (bytes instanceof ArrayBuffer)
            return bytes;
        if (ArrayBuffer.isView(bytes))
            return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
        if (Array.isArray(bytes))
            return new Uint8Array(bytes).buffer;
        throw new TypeError('client.sendBinary wants an ArrayBuffer, a typed array or an array of bytes');
    }
    function logged(value) {
        if (typeof value === 'string')
            return value;
        try {
            const json = JSON.stringify(value);
            return json === undefined ? String(value) : json;
        } catch (e) {
            return String(value);
        }
    }
    const clients = new Map();
    global.log = (...values) => host.log(values.map(logged).join(' '));
    global.broadcast = (text) => host.broadcast(String(text));
    global.setTimeout = (callback, ms) => {
        if (typeof callback !== 'function')
            throw new TypeError('setTimeout wants a function');
        return host.setTimeout(callback, Math.max(0, Number(ms) || 0), callerLine());
    };
    global.clearTimeout = (id) => host.clearTimeout(Number(id));
    return {
        client(id, path, query) {
            if (!clients.has(id))
                clients.set(id, Object.freeze({
                    id, path, query,
                    send: (text) => host.send(id, String(text)),
                    sendBinary: (bytes) => host.sendBinary(id, toBuffer(bytes)),
                    close: (code, reason) => host.close(id, code === undefined ? 1000 : Number(code),
                                                        reason === undefined ? '' : String(reason)),
                }));
            return clients.get(id);
        },
        forget(id) { clients.delete(id); },
        message(type, text, buffer) {
            let json;
            if (type === 'text') {
                try { json = JSON.parse(text); } catch (e) { json = undefined; }
            }
            return Object.freeze({ type, text: type === 'text' ? text : undefined, bytes: new Uint8Array(buffer), json });
        },
        close(code, reason, clean) { return Object.freeze({ code, reason, clean }); },
        invoke(hook, ...args) {
            try {
                return { ok: true, value: hook(...args) };
            } catch (error) {
                return { ok: false, error };
            }
        },
    };
}))JS");
}

QString wrapMock(const QString &source)
{
    return QStringLiteral("(function () { ") + source
        + QStringLiteral("\n;return {\n"
                         "  get onConnection() { return typeof onConnection === 'function' ? onConnection : undefined; },\n"
                         "  get onMessage() { return typeof onMessage === 'function' ? onMessage : undefined; },\n"
                         "  get onClose() { return typeof onClose === 'function' ? onClose : undefined; },\n"
                         "};\n})()");
}

} // namespace

// What the mock script calls, as QJSEngine sees it.
class MockHost : public QObject
{
    Q_OBJECT
public:
    explicit MockHost(MockScript &mock) : m_mock(mock) {}

    Q_INVOKABLE void send(double id, const QString &text)
    {
        if (m_mock.m_server)
            m_mock.m_server->sendToClient(quint64(id), true, text.toUtf8());
    }
    Q_INVOKABLE void sendBinary(double id, const QByteArray &bytes)
    {
        if (m_mock.m_server)
            m_mock.m_server->sendToClient(quint64(id), false, bytes);
    }
    Q_INVOKABLE void close(double id, int code, const QString &reason)
    {
        if (m_mock.m_server)
            m_mock.m_server->closeClient(quint64(id), quint16(code), reason);
    }
    Q_INVOKABLE void broadcast(const QString &text)
    {
        if (m_mock.m_server)
            m_mock.m_server->sendToAll(true, text.toUtf8());
    }
    Q_INVOKABLE void log(const QString &line) { Q_EMIT m_mock.logged(line); }
    Q_INVOKABLE int setTimeout(const QJSValue &callback, double ms, int line)
    {
        return m_mock.addTimer(callback, int(qMin(ms, 2147483647.0)), line);
    }
    Q_INVOKABLE void clearTimeout(int id) { m_mock.m_timers.erase(id); }

private:
    MockScript &m_mock;
};

MockScript::MockScript(int hookLimitMs, QObject *parent)
    : QObject(parent), m_hookLimitMs(hookLimitMs), m_host(std::make_unique<MockHost>(*this))
{
    QJSEngine::setObjectOwnership(m_host.get(), QJSEngine::CppOwnership);
}

MockScript::~MockScript() = default;

QString MockScript::load(const QString &fileName, const QString &source)
{
    m_fileName = fileName;
    m_source = source;
    const QJSValue prelude = m_engine.evaluate(mockPrelude(), QLatin1String(MockPreludeFileName));
    m_helpers = prelude.call({m_engine.newQObject(m_host.get()), m_engine.globalObject()});
    if (m_helpers.isError())
        return locate(QLatin1String(MockPreludeFileName), m_helpers.property(QStringLiteral("lineNumber")).toInt(), m_helpers.toString());
    m_watchdog.arm(m_hookLimitMs);
    const QJSValue hooks = m_engine.evaluate(wrapMock(source), fileName, 1);
    if (m_watchdog.disarm()) {
        m_engine.setInterrupted(false);
        return locate(fileName, 0, QStringLiteral("the script's top level ran past its %1 ms limit and was interrupted").arg(m_hookLimitMs));
    }
    if (hooks.isError())
        return locate(fileName, scriptErrorLine(hooks, QLatin1String(MockPreludeFileName)), hooks.toString());
    m_hooks = hooks;
    return {};
}

void MockScript::serve(net::EchoServer *server)
{
    m_server = server;
    connect(server, &net::EchoServer::clientHandshake, this,
            [this](quint64 id, const QString &path, const QString &query) { onHandshake(id, path, query); });
    connect(server, &net::EchoServer::clientMessage, this, &MockScript::onMessage);
    connect(server, &net::EchoServer::clientClosed, this, &MockScript::onClosed);
    connect(server, &QObject::destroyed, this, [this] { m_server = nullptr; });
}

void MockScript::onHandshake(quint64 id, const QString &path, const QString &query)
{
    const QJSValue client = m_helpers.property(QStringLiteral("client")).call({double(id), path, query});
    callHook("onConnection", {client});
}

void MockScript::onMessage(quint64 id, bool isText, const QByteArray &payload)
{
    const QJSValue client = m_helpers.property(QStringLiteral("client")).call({double(id), QString(), QString()});
    const QJSValue message = m_helpers.property(QStringLiteral("message"))
                                 .call({isText ? QStringLiteral("text") : QStringLiteral("binary"),
                                        isText ? QString::fromUtf8(payload) : QString(), m_engine.toScriptValue(payload)});
    callHook("onMessage", {message, client});
}

void MockScript::onClosed(quint64 id, quint16 code, const QString &reason, bool clean)
{
    const QJSValue client = m_helpers.property(QStringLiteral("client")).call({double(id), QString(), QString()});
    callHook("onClose", {client, m_helpers.property(QStringLiteral("close")).call({int(code), reason, clean})});
    m_helpers.property(QStringLiteral("forget")).call({double(id)});
}

void MockScript::callHook(const char *name, const QJSValueList &arguments)
{
    const QString hookName = QLatin1String(name);
    const QJSValue hook = m_hooks.property(hookName);
    if (hook.isCallable())
        call(hook, arguments, hookName, hookLine(hookName));
}

void MockScript::call(const QJSValue &function, const QJSValueList &arguments, const QString &what, int line)
{
    m_watchdog.arm(m_hookLimitMs);
    const QJSValue outcome = m_helpers.property(QStringLiteral("invoke")).call(QJSValueList{function} + arguments);
    if (m_watchdog.disarm()) {
        m_engine.setInterrupted(false);
        Q_EMIT scriptError(locate(m_fileName, line, QStringLiteral("%1 ran past its %2 ms limit and was interrupted").arg(what).arg(m_hookLimitMs)));
        return;
    }
    if (outcome.property(QStringLiteral("ok")).toBool())
        return;
    const QJSValue error = outcome.isError() ? outcome : outcome.property(QStringLiteral("error"));
    const QString text = error.isError() ? error.toString() : QStringLiteral("uncaught ") + error.toString();
    Q_EMIT scriptError(locate(m_fileName, error.isError() ? scriptErrorLine(error, QLatin1String(MockPreludeFileName)) : line,
                              text + QStringLiteral(" (in ") + what + QLatin1Char(')')));
}

int MockScript::hookLine(const QString &name) const
{
    const QRegularExpression definition(QStringLiteral("\\bfunction\\s+%1\\b|\\b%1\\s*=[^=]").arg(name));
    const QRegularExpressionMatch match = definition.match(m_source);
    return match.hasMatch() ? int(m_source.left(match.capturedStart()).count(QLatin1Char('\n'))) + 1 : 0;
}

int MockScript::addTimer(const QJSValue &callback, int ms, int line)
{
    const int id = m_nextTimer++;
    auto timer = std::make_unique<QTimer>();
    timer->setSingleShot(true);
    connect(timer.get(), &QTimer::timeout, this, [this, id, callback, line] {
        const auto found = m_timers.find(id);
        if (found == m_timers.end())
            return;
        found->second.release()->deleteLater(); // we are inside its timeout signal
        m_timers.erase(found);
        call(callback, {}, QStringLiteral("the setTimeout callback of line %1").arg(line), line);
    });
    timer->start(ms);
    m_timers[id] = std::move(timer);
    return id;
}

} // namespace wsi::script

#include "MockScript.moc"
