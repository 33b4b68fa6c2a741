// SPDX-License-Identifier: MIT
// wsinspect-cli: the headless twin of wsinspect, for terminals, scripts and tests. Each
// subcommand parses its own options (QCommandLineParser) and runs on this main thread;
// connections run on their own worker threads.
#include "net/MetaTypes.h"
#include "Commands.h"
#include "completion/CompletionsCommand.h"

#include "net/Connection.h"

#include <QCoreApplication>
#include <QStringList>

#include <cstdio>
#include <cstring>

namespace {

#ifndef WSI_VERSION
#define WSI_VERSION "0.0.0"
#endif

const char UsageHead[] = R"(Usage: wsinspect-cli <command> [options]

A WebSocket inspector for the terminal.

Commands:
)";

// The commands' lines come from their table (Commands.cpp), between these two.
const char UsageTail[] = R"(
Options:
  -h, --help     show this help; `wsinspect-cli <command> --help` for a command's options
  --version      show the version

For packagers:
  completions bash|zsh|fish [wsinspect]
                print that shell's completion script for wsinspect-cli (or the window)

Examples:
  echo hello | wsinspect-cli connect ws://127.0.0.1:9001/
  wsinspect-cli connect wss://example.com/feed -H 'Authorization: Bearer TOKEN' --json
  wsinspect-cli cert wss://example.com/
  wsinspect-cli ping ws://127.0.0.1:9001/ -c 5 -i 0.2
  wsinspect-cli run flow.js ws://127.0.0.1:9001/ --junit report.xml
  wsinspect-cli serve --port 9001 --tls
)";

QByteArray usage()
{
    return UsageHead + commandList().toUtf8() + UsageTail;
}

int dispatch(const QString &name, const QStringList &arguments)
{
    if (const Command *command = findCommand(name))
        return command->run(arguments);
    if (name == QLatin1String("completions"))
        return runCompletionsCommand(arguments);
    std::fprintf(stderr, "wsinspect-cli: unknown command \"%s\"\n\n%s", name.toLocal8Bit().constData(), usage().constData());
    return 2;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("wsinspect-cli"));
    QCoreApplication::setApplicationVersion(QStringLiteral(WSI_VERSION));
    wsi::net::registerMetaTypes();

    QStringList arguments = QCoreApplication::arguments().mid(1);
    if (arguments.isEmpty()) {
        std::fputs(usage().constData(), stderr);
        return 2;
    }
    const QString command = arguments.takeFirst();
    if (command == QLatin1String("--version") || command == QLatin1String("-V")) {
        std::printf("wsinspect-cli %s\n", WSI_VERSION);
        return 0;
    }
    if (command == QLatin1String("help") && !arguments.isEmpty()) // "help connect"
        return dispatch(arguments.first(), {QStringLiteral("--help")});
    if (command == QLatin1String("--help") || command == QLatin1String("-h") || command == QLatin1String("help")) {
        std::fputs(usage().constData(), stdout);
        return 0;
    }
    return dispatch(command, arguments);
}
