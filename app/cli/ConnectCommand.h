// SPDX-License-Identifier: MIT
#pragma once
// `wsinspect-cli connect URL`: stdin lines out as text messages, received messages to
// stdout; --echo, --count, --json, -v.
#include <QCommandLineOption>
#include <QList>
#include <QStringList>

// `arguments` are those after "connect". Returns the exit status: 0 after a clean close,
// 1 when the connection failed or ended without a close handshake, 2 for a usage error.
int runConnectCommand(const QStringList &arguments);
// Every option connect's parser takes, as it adds them (the shell completions read them too).
QList<QCommandLineOption> connectOptions();
