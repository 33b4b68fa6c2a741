// SPDX-License-Identifier: MIT
#include "ProgramSpecs.h"

#include "CompletionScripts.h"
#include "CompletionsCommand.h"
#include "cli/Commands.h"
#include "common/WindowOptions.h"

namespace {

ValueCompletion choice(const QStringList &words)
{
    return {ValueCompletion::Kind::Choice, words};
}

} // namespace

ProgramSpec wsinspectCliSpec()
{
    ProgramSpec spec;
    spec.program.name = QStringLiteral("wsinspect-cli");
    // main() reads these two itself (and -V), before any command.
    spec.program.options = {
        QCommandLineOption({QStringLiteral("h"), QStringLiteral("help")}, QStringLiteral("Shows this help.")),
        QCommandLineOption({QStringLiteral("V"), QStringLiteral("version")}, QStringLiteral("Shows the version.")),
    };
    QStringList names;
    for (const Command &command : commands()) {
        CommandSpec entry;
        entry.name = QLatin1String(command.name);
        entry.summary = QLatin1String(command.summary);
        entry.options = command.options();
        if (command.urlSchemes) {
            entry.operand = {ValueCompletion::Kind::Url, QString::fromLatin1(command.urlSchemes).split(QLatin1Char(' '))};
            entry.operandName = QStringLiteral("url");
        }
        if (command.fileOperand) { // its first operand: a file (the URL after it is typed)
            entry.operand = {ValueCompletion::Kind::File, {}};
            entry.operandName = QStringLiteral("file");
        }
        spec.commands << entry;
        names << entry.name;
    }
    spec.commands << CommandSpec{QStringLiteral("help"), QStringLiteral("show a command's options"), {}, choice(names),
                                 QStringLiteral("command"), true};
    QStringList shells;
    for (const ScriptWriter &writer : scriptWriters())
        shells << QLatin1String(writer.shell);
    spec.commands << CommandSpec{QStringLiteral("completions"), QStringLiteral("print a shell's completion script"),
                                 completionsOptions(), choice(shells), QStringLiteral("shell"), false};
    return spec;
}

ProgramSpec windowSpec()
{
    ProgramSpec spec;
    spec.program.name = QStringLiteral("wsinspect");
    // As QCommandLineParser::addHelpOption() and addVersionOption() add them, in Qt's words.
    spec.program.options = {
        QCommandLineOption({QStringLiteral("h"), QStringLiteral("help")}, QStringLiteral("Displays help on commandline options.")),
        QCommandLineOption(QStringLiteral("help-all"), QStringLiteral("Displays help including Qt specific options.")),
        QCommandLineOption({QStringLiteral("v"), QStringLiteral("version")}, QStringLiteral("Displays version information.")),
    };
    spec.program.options += WindowOptions().all();
    spec.program.operand = {ValueCompletion::Kind::Url, {QStringLiteral("ws://"), QStringLiteral("wss://")}};
    spec.program.operandName = QStringLiteral("url");
    return spec;
}
