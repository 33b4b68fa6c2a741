// SPDX-License-Identifier: MIT
#include "PingCommand.h"

#include "ConnectionArguments.h"
#include "PingRun.h"

#include <QCommandLineParser>
#include <QEventLoop>
#include <QTextStream>

#include <cstdio>

namespace {

const char Examples[] = R"(
Sends WebSocket pings (each with a unique payload) and prints the round trip of each
pong, timed on the connection's thread, then a summary as ping(8) prints it: sent,
received, loss, and min/avg/max/p99/mdev and jitter. A ping without a pong within the
timeout (-W) counts as lost. SIGINT stops early and prints the summary. Exit status: 0 when
at least one pong came back, 1 otherwise, 2 for a usage error.

Examples:
  wsinspect-cli ping ws://127.0.0.1:9001/
  wsinspect-cli ping wss://example.com/socket -c 10 -i 0.2
  wsinspect-cli ping ws://127.0.0.1:9001/ -c 100 -i 0.01 -s 64 -W 1
)";

int usageError(const QString &message)
{
    return ConnectionArguments::usageError(QStringLiteral("ping"), message);
}

// Its own -i and -W replace the keepalive options.
constexpr unsigned SharedGroups = ConnectionArguments::Handshake | ConnectionArguments::Tls | ConnectionArguments::Proxy
    | ConnectionArguments::ConnectTimeout | ConnectionArguments::SessionTimeouts;
// The options, in a namespace of their own: no variable elsewhere in this file shadows
// them, and the functions that read them say `using namespace option`.
namespace option {
const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")}, QStringLiteral("Shows this help."));
const QCommandLineOption count({QStringLiteral("c"), QStringLiteral("count")}, QStringLiteral("Stops after N pings (default: until SIGINT)."),
                               QStringLiteral("N"));
const QCommandLineOption interval({QStringLiteral("i"), QStringLiteral("interval")},
                                  QStringLiteral("Seconds between pings (default 1)."), QStringLiteral("seconds"));
const QCommandLineOption wait({QStringLiteral("W"), QStringLiteral("wait")},
                              QStringLiteral("Seconds to wait for each pong (default 5)."), QStringLiteral("seconds"));
const QCommandLineOption size({QStringLiteral("s"), QStringLiteral("size")}, QStringLiteral("Payload size in bytes, 0 to 125, sent exactly (default: \"wsinspect ping N\")."),
                              QStringLiteral("bytes"));
} // namespace option

} // namespace

// The options in --help order, the shared ones last: the parser and `wsinspect-cli completions`
// read this list.
QList<QCommandLineOption> pingOptions()
{
    using namespace option;
    return QList<QCommandLineOption>{help, count, interval, wait, size} + ConnectionArguments(SharedGroups).options();
}

int runPingCommand(const QStringList &arguments)
{
    using namespace option;
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Measures WebSocket ping round trips."));
    parser.addOptions(pingOptions());
    const ConnectionArguments shared(SharedGroups);
    parser.addPositionalArgument(QStringLiteral("url"), QStringLiteral("ws:// or wss:// URL (host:port/path means ws://)"));
    if (const std::optional<int> status = ConnectionArguments::parseOrHelp(parser, QStringLiteral("ping"), arguments,
                                                                           QStringLiteral("[options] url"), Examples))
        return *status;
    wsi::net::ConnectionOptions options;
    options.pingTimeoutMs = 5000;
    QString error;
    if (!shared.read(parser, options, error))
        return ConnectionArguments::usageError(QStringLiteral("ping"), error);
    if (wsi::protocol::isHixie(options.protocolVersion))
        return usageError(QStringLiteral("--ws-version %1 has no ping frame: ping needs 13, 8 or 7")
                              .arg(QLatin1String(wsi::protocol::protocolVersionName(options.protocolVersion))));
    PingRun::Settings settings;
    bool ok = true;
    if (parser.isSet(count)) {
        settings.count = parser.value(count).toInt(&ok);
        if (!ok || settings.count <= 0)
            return usageError(QStringLiteral("-c wants a positive number, not \"%1\"").arg(parser.value(count)));
    }
    if (parser.isSet(interval) && (!ConnectionArguments::parseDuration(parser.value(interval), settings.intervalMs) || settings.intervalMs <= 0))
        return usageError(QStringLiteral("-i wants seconds, at least 0.001 (1 ms), not \"%1\"").arg(parser.value(interval)));
    if (parser.isSet(wait) && (!ConnectionArguments::parseDuration(parser.value(wait), options.pingTimeoutMs) || options.pingTimeoutMs <= 0))
        return usageError(QStringLiteral("-W wants seconds above 0, not \"%1\"").arg(parser.value(wait)));
    if (parser.isSet(size)) {
        settings.payloadSize = parser.value(size).toInt(&ok);
        if (!ok || settings.payloadSize < 0 || settings.payloadSize > 125)
            return usageError(QStringLiteral("-s wants 0 to 125 bytes (RFC 6455 section 5.5), not \"%1\"").arg(parser.value(size)));
    }
    PingRun run(options, settings);
    QEventLoop loop;
    QObject::connect(&run, &PingRun::done, &loop, &QEventLoop::exit);
    run.start();
    return loop.exec();
}
