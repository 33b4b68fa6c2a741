// SPDX-License-Identifier: MIT
#include "Commands.h"

#include "CertCommand.h"
#include "ConnectCommand.h"
#include "PingCommand.h"
#include "ProxyCommand.h"
#include "ReplayCommand.h"
#include "RunCommand.h"
#include "ServeCommand.h"
#include "SocketIoCommand.h"
#include "SseCommand.h"

#include <algorithm>

namespace {
const char *const WebSocketUrl = "ws:// wss://";
} // namespace

const QList<Command> &commands()
{
    static const QList<Command> table{
        {"connect", WebSocketUrl, "exchange messages: stdin lines out, received messages to stdout", connectOptions, runConnectCommand, nullptr},
        {"cert", "wss://", "show a wss:// server's certificate chain, TLS details and verdict", certOptions, runCertCommand, nullptr},
        {"ping", WebSocketUrl, "measure WebSocket ping round trips, with a ping(8)-style summary", pingOptions, runPingCommand, nullptr},
        {"sse", "http:// https://", "read a server-sent event stream (EventSource), reconnecting as a browser does", sseOptions, runSseCommand, nullptr},
        {"socketio", "http:// https://", "a Socket.IO client: join namespaces, emit events with acks, print every packet", socketIoOptions, runSocketIoCommand, nullptr},
        {"run", WebSocketUrl, "run a flow script (JavaScript) and its assertions against a server", runOptions, runRunCommand, "FLOW.js"},
        {"replay", WebSocketUrl, "send a saved session's messages again and diff the answers with the recorded ones", replayCommandOptions, runReplayCommand, "SESSION"},
        {"serve", nullptr, "run the built-in echo server (ws or wss) until SIGINT/SIGTERM", serveOptions, runServeCommand, nullptr},
        {"proxy", nullptr, "a reverse proxy to --upstream that shows every message of every flow, both legs", proxyOptions, runProxyCommand, nullptr},
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
    QStringList synopses;
    int width = 0;
    for (const Command &command : commands()) {
        QString synopsis = QLatin1String(command.name);
        if (command.fileOperand)
            synopsis += QLatin1Char(' ') + QLatin1String(command.fileOperand);
        if (command.urlSchemes)
            synopsis += QStringLiteral(" URL");
        width = std::max(width, int(synopsis.size()) + 1);
        synopses << synopsis;
    }
    QString text;
    for (int i = 0; i < synopses.size(); ++i) // the summaries in one column
        text += QStringLiteral("  %1 %2\n").arg(synopses.at(i), -width).arg(QLatin1String(commands().at(i).summary));
    return text;
}
