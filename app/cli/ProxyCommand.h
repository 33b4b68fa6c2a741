// SPDX-License-Identifier: MIT
#pragma once
// `wsinspect-cli proxy`: a reverse proxy (gateway) in front of a WebSocket server; every
// message of every flow parsed and reported, both legs, until SIGINT/SIGTERM.
#include <QCommandLineOption>
#include <QList>
#include <QStringList>

// `arguments` are those after "proxy". Returns the process exit status: 0 after a clean
// shutdown, 1 when the proxy cannot start or --record cannot be saved, 2 for a usage error.
int runProxyCommand(const QStringList &arguments);
// Every option proxy's parser takes, as it adds them (the shell completions read them too).
QList<QCommandLineOption> proxyOptions();
