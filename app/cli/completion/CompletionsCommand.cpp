// SPDX-License-Identifier: MIT
#include "CompletionsCommand.h"

#include "ProgramSpecs.h"
#include "CompletionScripts.h"
#include "cli/ConnectionArguments.h"

#include <QCommandLineParser>
#include <QTextStream>

namespace {

const char Explanation[] = R"(
The script completes commands, options (zsh and fish show their descriptions), file and
directory names where an option takes one, the words an option accepts (serve --mode,
connect --binary-as) and ws:// or wss:// for a URL. The program is wsinspect-cli unless
named: `wsinspect` completes the window's options. The .deb installs all of them:
  bash  /usr/share/bash-completion/completions/wsinspect-cli (and wsinspect)
  zsh   /usr/share/zsh/vendor-completions/_wsinspect-cli (and _wsinspect)
  fish  /usr/share/fish/vendor_completions.d/wsinspect-cli.fish (and wsinspect.fish)

Examples:
  source <(wsinspect-cli completions bash)      # try it in this bash
  wsinspect-cli completions zsh wsinspect > ~/.zfunc/_wsinspect
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
    parser.setApplicationDescription(QStringLiteral("Prints a shell's completion script for wsinspect-cli or wsinspect."));
    parser.addOptions(completionsOptions());
    parser.addPositionalArgument(QStringLiteral("shell"), QStringLiteral("bash, zsh or fish"));
    parser.addPositionalArgument(QStringLiteral("program"), QStringLiteral("wsinspect-cli (default) or wsinspect"), QStringLiteral("[program]"));
    if (const std::optional<int> status = ConnectionArguments::parseOrHelp(parser, QStringLiteral("completions"), arguments,
                                                                           QStringLiteral("[options] shell [program]"), Explanation))
        return *status;
    const QStringList positional = parser.positionalArguments();
    if (positional.isEmpty() || positional.size() > 2)
        return usageError(QStringLiteral("name one shell (bash, zsh or fish) and at most one program"));
    const QString program = positional.value(1, QStringLiteral("wsinspect-cli"));
    if (program != QLatin1String("wsinspect-cli") && program != QLatin1String("wsinspect"))
        return usageError(QStringLiteral("no completions for the program \"%1\": wsinspect-cli or wsinspect").arg(program));
    for (const ScriptWriter &writer : scriptWriters()) {
        if (positional.first() == QLatin1String(writer.shell)) {
            QTextStream(stdout) << writer.write(program == QLatin1String("wsinspect") ? windowSpec() : wsinspectCliSpec());
            return 0;
        }
    }
    return usageError(QStringLiteral("no completions for the shell \"%1\": bash, zsh or fish").arg(positional.first()));
}
