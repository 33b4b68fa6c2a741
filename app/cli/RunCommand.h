// SPDX-License-Identifier: MIT
#pragma once
// `wsinspect-cli run FLOW.js URL`: runs a flow script (engine/script) against a WebSocket
// server and reports its assertions, for terminals and CI (--junit).
#include <QCommandLineOption>
#include <QList>
#include <QStringList>

// `arguments` are those after "run". Returns 0 when every assertion passed, 1 when one
// failed (or the script threw, or the connection failed), 2 for a usage error, a script
// that cannot be read or does not compile.
int runRunCommand(const QStringList &arguments);
// Every option run's parser takes, as it adds them (the shell completions read them too).
QList<QCommandLineOption> runOptions();
