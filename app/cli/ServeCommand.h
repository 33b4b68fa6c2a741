// SPDX-License-Identifier: MIT
#pragma once
// `wsinspect-cli serve`: runs the built-in echo server until SIGINT/SIGTERM.
#include <QCommandLineOption>
#include <QList>
#include <QStringList>

// `arguments` are those after "serve". Returns the process exit status: 0 after a clean
// shutdown, 1 when the server cannot start, 2 for a usage error.
int runServeCommand(const QStringList &arguments);
// Every option serve's parser takes, as it adds them (the shell completions read them too).
QList<QCommandLineOption> serveOptions();
