// SPDX-License-Identifier: MIT
#pragma once
// `wsinspect-cli socketio URL`: a Socket.IO client for the terminal (engine/socketio over a
// client Connection): joins namespaces with an auth payload, emits events (with acks, their
// round trips timed), prints every packet, a line each or one JSON object each (--json).
#include <QCommandLineOption>
#include <QList>
#include <QStringList>

// `arguments` are those after "socketio". Returns the exit status (see the --help text).
int runSocketIoCommand(const QStringList &arguments);
// Every option socketio's parser takes, as it adds them (the shell completions read them too).
QList<QCommandLineOption> socketIoOptions();
