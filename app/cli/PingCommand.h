// SPDX-License-Identifier: MIT
#pragma once
// `wsinspect-cli ping URL [-c N] [-i SECONDS]`: WebSocket pings with their round trips and a
// ping(8)-style summary.
#include <QCommandLineOption>
#include <QList>
#include <QStringList>

// Returns 0 when at least one pong came back, 1 when none did or the connection failed,
// 2 for a usage error.
int runPingCommand(const QStringList &arguments);
// Every option ping's parser takes, as it adds them (the shell completions read them too).
QList<QCommandLineOption> pingOptions();
