// SPDX-License-Identifier: MIT
#include "Commands.h"

#include "CertCommand.h"
#include "ConnectCommand.h"
#include "PingCommand.h"
#include "ServeCommand.h"
#include "SseCommand.h"

namespace {
const char *const WebSocketUrl = "ws:// wss://";
} // namespace

const QList<Command> &commands()
{
    static const QList<Command> table{
        {"connect", WebSocketUrl, "exchange messages: stdin lines out, received messages to stdout", connectOptions, runConnectCommand},
        {"cert", "wss://", "show a wss:// server's certificate chain, TLS details and verdict", certOptions, runCertCommand},
        {"ping", WebSocketUrl, "measure WebSocket ping round trips, with a ping(8)-style summary", pingOptions, runPingCommand},
        {"sse", "http:// https://", "read a server-sent event stream (EventSource), reconnecting as a browser does", sseOptions, runSseCommand},
        {"serve", nullptr, "run the built-in echo server (ws or wss) until SIGINT/SIGTERM", serveOptions, runServeCommand},
    };
    return table;
}

const Command *findCommand(const QString &name)
{
    for (const Command &command : commands()) {
        if (name == QLatin1String(command.name))
            return &command;
    }
    return nullptr;
}

QString commandList()
{
    QString text;
    for (const Command &command : commands()) {
        const QString synopsis = QLatin1String(command.name) + (command.urlSchemes ? QStringLiteral(" URL") : QString());
        text += QStringLiteral("  %1 %2\n").arg(synopsis, -13).arg(QLatin1String(command.summary));
    }
    return text;
}
