// SPDX-License-Identifier: MIT
#include "CompletionsCommand.h"

#include "CliSpec.h"
#include "CompletionScripts.h"
#include "cli/ConnectionArguments.h"

#include <QCommandLineParser>
#include <QTextStream>

namespace {

const char Explanation[] = R"(
The script completes commands, options (zsh and fish show their descriptions), file and
directory names where an option takes one, the words an option accepts (serve --mode,
connect --binary-as) and ws:// or wss:// for a URL. The .deb installs all three:
  bash  /usr/share/bash-completion/completions/wsinspect-cli
  zsh   /usr/share/zsh/vendor-completions/_wsinspect-cli
  fish  /usr/share/fish/vendor_completions.d/wsinspect-cli.fish

Examples:
  source <(wsinspect-cli completions bash)      # try it in this bash
  wsinspect-cli completions zsh > ~/.zfunc/_wsinspect-cli
)";

const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")}, QStringLiteral("Shows this help."));

int usageError(const QString &message)
{
    return ConnectionArguments::usageError(QStringLiteral("completions"), message);
}

} // namespace

const QList<ScriptWriter> &scriptWriters()
{
    static const QList<ScriptWriter> writers{{"bash", bashScript}, {"zsh", zshScript}, {"fish", fishScript}};
    return writers;
}

QList<QCommandLineOption> completionsOptions()
{
    return {help};
}

int runCompletionsCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Prints a shell's completion script for wsinspect-cli."));
    parser.addOptions(completionsOptions());
    parser.addPositionalArgument(QStringLiteral("shell"), QStringLiteral("bash, zsh or fish"));
    if (!parser.parse(QStringList{QStringLiteral("wsinspect-cli completions")} + arguments))
        return usageError(parser.errorText());
    if (parser.isSet(help)) {
        QTextStream(stdout) << ConnectionArguments::usageFor(QStringLiteral("completions"), parser, QStringLiteral("[options] shell"))
                            << Explanation;
        return 0;
    }
    const QStringList positional = parser.positionalArguments();
    if (positional.size() != 1)
        return usageError(QStringLiteral("name one shell: bash, zsh or fish"));
    for (const ScriptWriter &writer : scriptWriters()) {
        if (positional.first() == QLatin1String(writer.shell)) {
            QTextStream(stdout) << writer.write(wsinspectCliSpec());
            return 0;
        }
    }
    return usageError(QStringLiteral("no completions for \"%1\": bash, zsh or fish").arg(positional.first()));
}
