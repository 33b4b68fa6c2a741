// SPDX-License-Identifier: MIT
#pragma once
// The JavaScript that makes a flow script's API out of ScriptHost: the globals `ws`, `log`,
// `setTimeout`, `clearTimeout`, `expect`, `expectMessage` and `done`, and the helpers the
// runner calls (a message's and a close's objects, a hook called with its exception caught).
// Kept in JavaScript because argument checks and JSON belong to the language; the host
// only receives plain values.
#include <QJSValue>
#include <QLatin1String>
#include <QString>

namespace wsi::script {

// A function expression: (host, global) => helpers { message, close, invoke }.
QString scriptPrelude();
// The user's script wrapped as one function whose scope holds its top-level names, so
// `const onMessage = ...`, `function onOpen() {}` and `onClose = ...` all count as hooks.
// The wrapper's head stays on the script's first line, so errors keep their line numbers.
QString wrapScript(const QString &source);
// The script's line an error comes from: the first frame of its stack outside the prelude
// (an argument check or a refused call throws from there, on behalf of its caller), else
// its lineNumber (a syntax error has no stack).
int scriptErrorLine(const QJSValue &error, QLatin1String preludeFileName);

} // namespace wsi::script
