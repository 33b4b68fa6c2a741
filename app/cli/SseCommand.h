// SPDX-License-Identifier: MIT
#pragma once
// `wsinspect-cli sse URL`: an EventSource client for the terminal. Each event's data to
// stdout (one line), or one JSON object per event (--json); reconnects as a browser does.
#include <QCommandLineOption>
#include <QList>
#include <QStringList>

// `arguments` are those after "sse". Returns the exit status (see the --help text).
int runSseCommand(const QStringList &arguments);
// Every option sse's parser takes, as it adds them (the shell completions read them too).
QList<QCommandLineOption> sseOptions();
