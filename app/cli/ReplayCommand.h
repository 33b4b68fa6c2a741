// SPDX-License-Identifier: MIT
#pragma once
// `wsinspect-cli replay SESSION [URL]`: sends a saved session's messages to a server again
// (engine/replay), with their original timing or as fast as possible, and prints how the
// answers differ from the recorded ones, JSON-aware; for terminals and CI.
#include <QCommandLineOption>
#include <QList>
#include <QStringList>

// `arguments` are those after "replay". Returns 0 when the answers match the recording,
// 1 when they differ (or the connection failed), 2 for a usage error or a session that
// cannot be read.
int runReplayCommand(const QStringList &arguments);
// Every option replay's parser takes, as it adds them (the shell completions read them too).
QList<QCommandLineOption> replayCommandOptions();
