// SPDX-License-Identifier: MIT
// wsinspect-cli: the headless twin of wsinspect, for terminals, scripts and tests. Each
// subcommand parses its own options (QCommandLineParser) and runs on this main thread;
// connections run on their own worker threads.
#include "net/MetaTypes.h"
#include "CertCommand.h"
#include "ConnectCommand.h"
#include "PingCommand.h"
#include "ServeCommand.h"

#include "net/Connection.h"

#include <QCoreApplication>
#include <QStringList>

#include <cstdio>
#include <cstring>

namespace {

#ifndef WSI_VERSION
#define WSI_VERSION "0.0.0"
#endif

const char Usage[] = R"(Usage: wsinspect-cli <command> [options]

A WebSocket inspector for the terminal.

Commands:
  connect URL   exchange messages: stdin lines out, received messages to stdout
  cert URL      show a wss:// server's certificate chain, TLS details and verdict
  ping URL      measure WebSocket ping round trips, with a ping(8)-style summary
  serve         run the built-in echo server (ws or wss) until SIGINT/SIGTERM

Options:
  -h, --help     show this help; `wsinspect-cli <command> --help` for a command's options
  --version      show the version

Examples:
  echo hello | wsinspect-cli connect ws://127.0.0.1:9001/
  wsinspect-cli connect wss://example.com/feed -H 'Authorization: Bearer TOKEN' --json
  wsinspect-cli cert wss://example.com/
  wsinspect-cli ping ws://127.0.0.1:9001/ -c 5 -i 0.2
  wsinspect-cli serve --port 9001 --tls
)";

int dispatch(const QString &command, const QStringList &arguments)
{
    if (command == QLatin1String("connect"))
        return runConnectCommand(arguments);
    if (command == QLatin1String("cert"))
        return runCertCommand(arguments);
    if (command == QLatin1String("ping"))
        return runPingCommand(arguments);
    if (command == QLatin1String("serve"))
        return runServeCommand(arguments);
    std::fprintf(stderr, "wsinspect-cli: unknown command \"%s\"\n\n%s", command.toLocal8Bit().constData(), Usage);
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
        std::fputs(Usage, stderr);
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
        std::fputs(Usage, stdout);
        return 0;
    }
    return dispatch(command, arguments);
}
