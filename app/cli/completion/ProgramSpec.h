// SPDX-License-Identifier: MIT
#pragma once
// A program's command line as the shells need to know it: its commands, each with the
// very options its parser adds, what each option's value is and what its operand is. Made
// from the option tables (CliSpec.cpp), read by the script writers (CompletionScripts.h).
#include <QCommandLineOption>
#include <QList>
#include <QString>
#include <QStringList>

// What a shell offers for an option's value or for an operand.
struct ValueCompletion {
    enum class Kind {
        None,      // nothing to complete: a flag, or a command without operands
        Text,      // free text: nothing is offered
        File,      // file names
        Directory, // directory names
        Choice,    // one of `choices`
        Url,       // a URL: its schemes (`choices`, "ws://" ...) are offered as a start
    };
    Kind kind = Kind::None;
    QStringList choices;
};

// The value an option takes, declared by its valueName ("file": a file, "dir": a directory,
// none: a flag, anything else: free text) or, where that does not tell (an enumeration, a
// file called "path"), in ValueCompletion.cpp's table by command and long name. `command`
// is the command's name, or the program's for options before any command.
ValueCompletion valueCompletion(const QString &command, const QCommandLineOption &option);

struct CommandSpec {
    QString name;
    QString summary; // one line
    QList<QCommandLineOption> options;
    ValueCompletion operand; // Kind::None: it takes no operand
    QString operandName;     // what the operand is, in a word: "url", "shell"
    bool listed = true;      // offered among the commands (`completions` is not: it is for packagers)
};

struct ProgramSpec {
    // The program's own level: its options and, when it has no commands, its operand.
    CommandSpec program;
    QList<CommandSpec> commands;
};

// "-H", "--header": an option's names as typed (Qt takes a one-letter name as short).
QStringList dashedNames(const QCommandLineOption &option);
