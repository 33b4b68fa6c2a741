// SPDX-License-Identifier: MIT
// bash: one function, registered with `complete -F`, that finds the command among the words
// typed so far, then offers what the word before the cursor asks for (an option's value) or
// else the command's options and operand. Without bash-completion's _filedir, files come
// from compgen.
#include "CompletionScripts.h"

namespace {

using Kind = ValueCompletion::Kind;

const char Helpers[] = R"(
# @_reply WORD CANDIDATE...: the candidates that start with WORD.
@_reply()
{
    local word=$1
    shift
    mapfile -t COMPREPLY < <(compgen -W "$*" -- "$word")
}

# @_files WORD [-d]: file names (directories with -d).
@_files()
{
    if declare -F _filedir >/dev/null; then
        local cur=$1
        _filedir ${2:+-d}
    else
        compopt -o filenames 2>/dev/null
        mapfile -t COMPREPLY < <(compgen "${2:--f}" -- "$1")
    fi
}
)";

QString wordList(const QStringList &words)
{
    QStringList quoted;
    for (const QString &word : words)
        quoted << shellQuoted(word);
    return quoted.join(QLatin1Char(' '));
}

// What to do once the word before the cursor is known to be an option that wants a value.
QString valueAction(const ValueCompletion &value, const QString &function)
{
    switch (value.kind) {
    case Kind::File: return function + QStringLiteral("_files \"$cur\"");
    case Kind::Directory: return function + QStringLiteral("_files \"$cur\" -d");
    case Kind::Choice: return function + QStringLiteral("_reply \"$cur\" ") + wordList(value.choices);
    case Kind::Url: return function + QStringLiteral("_reply \"$cur\" ") + wordList(value.choices) + QStringLiteral("; compopt -o nospace 2>/dev/null");
    case Kind::Text:
    case Kind::None: break;
    }
    return {}; // free text: nothing to offer
}

// One command's (or the program's) branch: option values first (options with the same
// kind of value share a pattern), then options or operands.
QString level(const CommandSpec &command, const QStringList &commandNames, const QString &function)
{
    QStringList optionWords;
    QStringList actions;  // in the order they first come
    QList<QStringList> labels; // the option names of each action
    for (const QCommandLineOption &option : command.options) {
        optionWords << dashedNames(option);
        const ValueCompletion value = valueCompletion(command.name, option);
        if (value.kind == Kind::None)
            continue;
        const QString action = valueAction(value, function);
        if (!actions.contains(action)) {
            actions << action;
            labels << QStringList();
        }
        for (const QString &name : dashedNames(option))
            labels[actions.indexOf(action)] << shellQuoted(name);
    }
    QString text;
    if (!actions.isEmpty()) {
        text += QStringLiteral("        case $prev in\n");
        for (qsizetype i = 0; i < actions.size(); ++i) {
            const QString action = actions.at(i).isEmpty() ? QString() : actions.at(i) + QStringLiteral("; ");
            text += QStringLiteral("        ") + labels.at(i).join(QLatin1Char('|')) + QStringLiteral(") ") + action
                + QStringLiteral("return ;;\n");
        }
        text += QStringLiteral("        esac\n");
    }
    QString operands;
    if (!commandNames.isEmpty())
        operands = function + QStringLiteral("_reply \"$cur\" ") + wordList(commandNames);
    else if (command.operand.kind != Kind::None)
        operands = valueAction(command.operand, function);
    if (optionWords.isEmpty())
        return text + QStringLiteral("        ") + operands + QLatin1Char('\n');
    if (operands.isEmpty()) {
        text += QStringLiteral("        %1_reply \"$cur\" %2\n").arg(function, wordList(optionWords));
        return text;
    }
    return text + QStringLiteral("        if [[ $cur == -* ]]; then\n"
                                 "            %1_reply \"$cur\" %2\n"
                                 "        else\n"
                                 "            %3\n"
                                 "        fi\n")
                      .arg(function, wordList(optionWords), operands);
}

} // namespace

QString bashScript(const ProgramSpec &spec)
{
    const QString function = functionName(spec, QLatin1Char('_'));
    QString text = scriptHeader(QStringLiteral("bash"), spec);
    text += QString::fromLatin1(Helpers).replace(QLatin1Char('@'), function);
    text += QStringLiteral("\n%1()\n{\n"
                           "    local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]} command= i\n"
                           "    # bash splits --name=value at the '='.\n"
                           "    if [[ $cur == = ]]; then\n"
                           "        cur=\n"
                           "    elif [[ $prev == = ]] && ((COMP_CWORD > 1)); then\n"
                           "        prev=${COMP_WORDS[COMP_CWORD-2]}\n"
                           "    fi\n"
                           "    COMPREPLY=()\n")
                .arg(function);
    QStringList listed;
    for (const CommandSpec &command : spec.commands) {
        if (command.listed)
            listed << command.name;
    }
    // A program without commands (wsinspect) has its own level only: $command stays empty.
    if (!spec.commands.isEmpty()) {
        text += QStringLiteral("    # The command is the first word that is not an option (none before it takes a value).\n"
                               "    for ((i = 1; i < COMP_CWORD; i++)); do\n"
                               "        if [[ ${COMP_WORDS[i]} != -* ]]; then\n"
                               "            command=${COMP_WORDS[i]}\n"
                               "            break\n"
                               "        fi\n"
                               "    done\n");
    }
    text += QStringLiteral("    case $command in\n"
                           "    '')\n");
    text += level(spec.program, listed, function) + QStringLiteral("        ;;\n");
    for (const CommandSpec &command : spec.commands)
        text += QStringLiteral("    %1)\n").arg(shellQuoted(command.name)) + level(command, {}, function) + QStringLiteral("        ;;\n");
    text += QStringLiteral("    esac\n}\n\ncomplete -F %1 %2\n").arg(function, spec.program.name);
    return text;
}
