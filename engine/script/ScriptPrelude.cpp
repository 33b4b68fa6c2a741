// SPDX-License-Identifier: MIT
#include "script/ScriptPrelude.h"

#include <QRegularExpression>
#include <QStringList>

namespace wsi::script {

QString scriptPrelude()
{
    return QStringLiteral(R"JS((function (host, global) {
    'use strict';
    // The script's line that called an API function: frame 2 of a fresh stack (this
    // function, the API function, its caller), written "name@file:flow.js:12".
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
        throw new TypeError('ws.sendBinary wants an ArrayBuffer, a typed array or an array of bytes');
    }
    // How a value is shown in a failed assertion: strings quoted, the rest as String().
    function shown(value) {
        return typeof value === 'string' ? JSON.stringify(value) : String(value);
    }
    // How log() writes a value: strings as they are, objects as JSON.
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
    function nameOf(name) {
        return name === undefined ? '' : String(name);
    }
    global.ws = Object.freeze({
        send: (text) => host.send(String(text)),
        sendBinary: (bytes) => host.sendBinary(toBuffer(bytes)),
        close: (code, reason) => host.close(code === undefined ? 1000 : Number(code),
                                            reason === undefined ? '' : String(reason)),
    });
    global.log = (...values) => host.log(values.map(logged).join(' '));
    global.setTimeout = (callback, ms) => {
        if (typeof callback !== 'function')
            throw new TypeError('setTimeout wants a function');
        return host.setTimeout(callback, Math.max(0, Number(ms) || 0), callerLine());
    };
    global.clearTimeout = (id) => host.clearTimeout(Number(id));
    global.expect = (condition, name) => host.expect(Boolean(condition), shown(condition), nameOf(name), callerLine());
    global.expectMessage = (predicate, withinMs, name) => {
        if (typeof predicate !== 'function')
            throw new TypeError('expectMessage wants a predicate function');
        if (!(Number(withinMs) >= 0))
            throw new TypeError('expectMessage wants a time in ms, not ' + shown(withinMs));
        host.expectMessage(predicate, Number(withinMs), nameOf(name), callerLine());
    };
    global.done = () => host.done();
    return {
        message(type, text, buffer) {
            let json;
            if (type === 'text') {
                try {
                    json = JSON.parse(text);
                } catch (e) {
                    json = undefined;
                }
            }
            return Object.freeze({ type, text: type === 'text' ? text : undefined, bytes: new Uint8Array(buffer), json });
        },
        close(code, reason, clean) {
            return Object.freeze({ code, reason, clean });
        },
        // Calls a hook with its exception caught: { ok, value } or { ok: false, error }.
        // (An interrupt cannot be caught: the call itself then returns an Error.)
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

QString wrapScript(const QString &source)
{
    // Hooks are looked up on each call, so a hook the script assigns later is found too.
    return QStringLiteral("(function () { ") + source
        + QStringLiteral("\n;return {\n"
                         "  get onOpen() { return typeof onOpen === 'function' ? onOpen : undefined; },\n"
                         "  get onMessage() { return typeof onMessage === 'function' ? onMessage : undefined; },\n"
                         "  get onClose() { return typeof onClose === 'function' ? onClose : undefined; },\n"
                         "};\n})()");
}

int scriptErrorLine(const QJSValue &error, QLatin1String preludeFileName)
{
    const QStringList frames = error.property(QStringLiteral("stack")).toString().split(QLatin1Char('\n'));
    static const QRegularExpression lineAtEnd(QStringLiteral(":(\\d+)$"));
    for (const QString &frame : frames) {
        if (frame.contains(preludeFileName))
            continue;
        const QRegularExpressionMatch match = lineAtEnd.match(frame);
        if (match.hasMatch())
            return match.captured(1).toInt();
    }
    return error.property(QStringLiteral("lineNumber")).toInt();
}

} // namespace wsi::script
