// SPDX-License-Identifier: MIT
#pragma once
// wsinspect-cli's commands as one table: main() dispatches through it and prints its list
// of commands from it, and `completions` writes the shells' scripts from it, so no list of
// commands or of options is kept twice. A command's options are the very list its parser
// adds (connectOptions(), ...).
#include <QCommandLineOption>
#include <QList>
#include <QString>
#include <QStringList>

struct Command {
    const char *name;
    // Its one operand is a URL with one of these schemes ("ws:// wss://"); nullptr: none.
    const char *urlSchemes;
    const char *summary; // one line, as the main usage and the shells' menus show it
    QList<QCommandLineOption> (*options)();
    int (*run)(const QStringList &arguments);
    // An operand before the URL that names a file ("FLOW.js"): the usage shows it and the
    // shells complete file names there. nullptr: none.
    const char *fileOperand;
};

// connect, cert, ping, sse, socketio, run, replay, serve, proxy: in the main usage's order.
const QList<Command> &commands();
// The command of that name, or nullptr.
const Command *findCommand(const QString &name);
// "  connect URL   exchange messages: ..." one a line, for the main usage.
QString commandList();
