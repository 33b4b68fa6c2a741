// SPDX-License-Identifier: MIT
// fish: `complete` lines, one an option, each under a condition that says which command
// it belongs to (__fish_use_subcommand before any, __fish_seen_subcommand_from after). File
// names are offered only where an option's value is a file.
#include "CompletionScripts.h"

namespace {

using Kind = ValueCompletion::Kind;

// `text` in fish's single quotes, where backslash and quote are escaped.
QString fishQuoted(const QString &text)
{
    QString quoted = text;
    quoted.replace(QLatin1Char('\\'), QLatin1String("\\\\"));
    quoted.replace(QLatin1Char('\''), QLatin1String("\\'"));
    return QLatin1Char('\'') + quoted + QLatin1Char('\'');
}

// The flags that say what completes a value or an operand.
QString valueFlags(const ValueCompletion &value)
{
    switch (value.kind) {
    case Kind::File: return QStringLiteral(" -r -F");
    case Kind::Directory: return QStringLiteral(" -x -a '(__fish_complete_directories (commandline -ct))'");
    case Kind::Choice: return QStringLiteral(" -x -a ") + fishQuoted(value.choices.join(QLatin1Char(' ')));
    case Kind::Url: return QStringLiteral(" -a ") + fishQuoted(value.choices.join(QLatin1Char(' ')));
    case Kind::Text: return QStringLiteral(" -x");
    case Kind::None: break;
    }
    return {};
}

QString optionLine(const QString &start, const QString &command, const QCommandLineOption &option)
{
    QString line = start;
    for (const QString &name : option.names())
        line += (name.size() == 1 ? QStringLiteral(" -s ") : QStringLiteral(" -l ")) + name;
    return line + valueFlags(valueCompletion(command, option)) + QStringLiteral(" -d ") + fishQuoted(option.description())
        + QLatin1Char('\n');
}

// A command's (or the program's) options and operand, each line starting with `start`.
QString levelLines(const QString &start, const CommandSpec &command)
{
    QString lines;
    for (const QCommandLineOption &option : command.options)
        lines += optionLine(start, command.name, option);
    if (command.operand.kind != Kind::None)
        lines += start + valueFlags(command.operand) + QLatin1Char('\n');
    return lines;
}

} // namespace

QString fishScript(const ProgramSpec &spec)
{
    const QString start = QStringLiteral("complete -c ") + spec.program.name;
    QString text = scriptHeader(QStringLiteral("fish"), spec);
    text += QStringLiteral("\n# No file names unless an option's value is a file.\n") + start + QStringLiteral(" -f\n");
    if (spec.commands.isEmpty())
        return text + QLatin1Char('\n') + levelLines(start, spec.program);

    const QString before = start + QStringLiteral(" -n __fish_use_subcommand");
    text += QStringLiteral("\n# Before a command.\n") + levelLines(before, spec.program);
    for (const CommandSpec &command : spec.commands) {
        if (command.listed)
            text += before + QStringLiteral(" -a ") + command.name + QStringLiteral(" -d ") + fishQuoted(command.summary) + QLatin1Char('\n');
    }
    for (const CommandSpec &command : spec.commands) {
        text += QStringLiteral("\n# ") + command.name + QLatin1Char('\n');
        text += levelLines(start + QStringLiteral(" -n '__fish_seen_subcommand_from ") + command.name + QLatin1Char('\''), command);
    }
    return text;
}
