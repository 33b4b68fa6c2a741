// SPDX-License-Identifier: MIT
// zsh: an autoloadable #compdef function (or, when sourced, one registered with compdef)
// that hands the program's own level and then each command to _arguments: one spec an
// option name, with its description, its value's message and what completes the value.
#include "CompletionScripts.h"

namespace {

using Kind = ValueCompletion::Kind;

// A description inside an _arguments spec's brackets: backslash, brackets and colons are
// special there, and $ and ` when zsh expands it.
QString bracketed(const QString &description)
{
    QString text = description;
    for (const char special : {'\\', '[', ']', ':', '$', '`'})
        text.replace(QLatin1Char(special), QLatin1Char('\\') + QLatin1Char(special));
    return QLatin1Char('[') + text + QLatin1Char(']');
}

// ":message:action" for a value; colons in the message are escaped.
QString valueSpec(const QString &message, const ValueCompletion &value)
{
    QString escaped = message;
    escaped.replace(QLatin1Char(':'), QLatin1String("\\:"));
    QString action;
    switch (value.kind) {
    case Kind::File: action = QStringLiteral("_files"); break;
    case Kind::Directory: action = QStringLiteral("_files -/"); break;
    case Kind::Choice: action = QLatin1Char('(') + value.choices.join(QLatin1Char(' ')) + QLatin1Char(')'); break;
    case Kind::Url: action = QStringLiteral("{compadd -S \"\" - ") + value.choices.join(QLatin1Char(' ')) + QLatin1Char('}'); break; // no space after the scheme
    case Kind::Text:
    case Kind::None: break;
    }
    return QLatin1Char(':') + escaped + QLatin1Char(':') + action;
}

// One spec a name. An option whose description says it is repeatable may come again;
// the names of any other exclude each other once one is given.
QStringList optionSpecs(const QString &command, const QCommandLineOption &option)
{
    const QStringList names = dashedNames(option);
    const ValueCompletion value = valueCompletion(command, option);
    const bool repeatable = option.description().contains(QLatin1String("repeatable"));
    QStringList specs;
    for (const QString &name : names) {
        QString spec = repeatable ? QStringLiteral("*") : QLatin1Char('(') + names.join(QLatin1Char(' ')) + QLatin1Char(')');
        spec += name;
        if (value.kind != Kind::None && name.startsWith(QLatin1String("--")))
            spec += QLatin1Char('='); // --name=value as well as --name value
        spec += bracketed(option.description());
        if (value.kind != Kind::None)
            spec += valueSpec(option.valueName(), value);
        specs << shellQuoted(spec);
    }
    return specs;
}

QString argumentsCall(const CommandSpec &command, const QStringList &extra)
{
    QStringList specs;
    for (const QCommandLineOption &option : command.options)
        specs << optionSpecs(command.name, option);
    if (command.operand.kind != Kind::None)
        specs << shellQuoted(QLatin1Char('1') + valueSpec(command.operandName, command.operand));
    specs << extra;
    return QStringLiteral("    _arguments -s -S") + (specs.isEmpty() ? QString() : QStringLiteral(" \\\n        "))
        + specs.join(QStringLiteral(" \\\n        "));
}

QString commandDispatch(const ProgramSpec &spec, const QString &function)
{
    QString menu;
    QString cases;
    for (const CommandSpec &command : spec.commands) {
        if (command.listed)
            menu += QStringLiteral("            ") + shellQuoted(command.name + QLatin1Char(':') + command.summary) + QLatin1Char('\n');
        cases += QStringLiteral("        (%1) %2_%1 && ret=0 ;;\n").arg(command.name, function);
    }
    return QStringLiteral("    local curcontext=$curcontext state state_descr line ret=1\n"
                          "    typeset -A opt_args\n")
        + argumentsCall(spec.program, {shellQuoted(QStringLiteral("1:command:->command")),
                                       shellQuoted(QStringLiteral("*::argument:->argument"))})
        + QStringLiteral(" && ret=0\n"
                         "    case $state in\n"
                         "    (command)\n"
                         "        local -a commands=(\n")
        + menu
        + QStringLiteral("        )\n"
                         "        _describe -t commands command commands && ret=0\n"
                         "        ;;\n"
                         "    (argument)\n"
                         "        curcontext=${curcontext%:*:*}:") + spec.program.name + QStringLiteral("-$words[1]:\n"
                         "        case $words[1] in\n")
        + cases
        + QStringLiteral("        esac\n"
                         "        ;;\n"
                         "    esac\n"
                         "    return ret\n");
}

} // namespace

QString zshScript(const ProgramSpec &spec)
{
    const QString function = functionName(spec, QLatin1Char('-'));
    QString text = QStringLiteral("#compdef ") + spec.program.name + QLatin1Char('\n') + scriptHeader(QStringLiteral("zsh"), spec);
    for (const CommandSpec &command : spec.commands)
        text += QStringLiteral("\n%1_%2()\n{\n").arg(function, command.name) + argumentsCall(command, {}) + QStringLiteral("\n}\n");
    text += QStringLiteral("\n%1()\n{\n").arg(function);
    text += spec.commands.isEmpty() ? argumentsCall(spec.program, {}) + QLatin1Char('\n') : commandDispatch(spec, function);
    // Autoloaded from $fpath the file is the function's body; sourced, it registers it.
    text += QStringLiteral("}\n\n"
                           "if [[ $funcstack[1] == %1 ]]; then\n"
                           "    %1 \"$@\"\n"
                           "else\n"
                           "    compdef %1 %2\n"
                           "fi\n")
                .arg(function, spec.program.name);
    return text;
}
