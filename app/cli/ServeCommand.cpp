// SPDX-License-Identifier: MIT
#include "ServeCommand.h"
#include "common/InterruptWatcher.h"
#include "ConnectionArguments.h"
#include "ServeEventStream.h"
#include "ServeExec.h"
#include "ServeFault.h"
#include "ServeListen.h"
#include "ServeLog.h"

#include "net/echo/EchoServer.h"
#include "net/echo/EchoServerOptions.h"

#include <QCommandLineOption>
#include <QSet>
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QUrl>
#include <QTextStream>
#include <QTimer>

#include <cstdio>
#include <memory>
#include <unistd.h>
#include <optional>

namespace {

constexpr int ShutdownGraceMs = 2000;

// ---- options ---------------------------------------------------------------------------

QTextStream &err()
{
    static QTextStream stream(stderr);
    return stream;
}

const char *const Examples =
    "\nExamples:\n"
    "  wsinspect-cli serve\n"
    "      ws://127.0.0.1:<free port>/ , every message echoed to its sender\n"
    "  wsinspect-cli serve --port 9001 --mode broadcast\n"
    "      a chat room: each message goes to every connected client\n"
    "  wsinspect-cli serve --tls --protocol graphql-ws --deflate\n"
    "      wss:// with a self-signed certificate (its SHA-256 fingerprint is printed)\n"
    "  wsinspect-cli serve --tls --cert server.pem --key server.key --host 0.0.0.0\n"
    "      your own certificate, reachable from other machines\n"
    "  wsinspect-cli serve --max-length 64k --delay 200 --ping-interval 5\n"
    "      small messages only (1009 beyond), slow answers, a keepalive ping every 5 s\n"
    "  wsinspect-cli serve --exec 'stdbuf -oL tr a-z A-Z'\n"
    "      each client's messages are lines of input to its own run of the program,\n"
    "      each line it prints is a message back (a program must not buffer its output)\n"
    "  wsinspect-cli serve --listen\n"
    "      what clients send on stdout (\"#ID message\"), lines you type to every client\n"
    "  wsinspect-cli serve --close-after 3 --close-code 4001 --close-reason 'go away'\n"
    "      each client is answered three times, then closed with 4001\n"
    "  wsinspect-cli serve --drop-after 2s\n"
    "      each client's TCP connection is reset 2 s after its handshake (no close frame)\n"
    "\nThe URL is the first line on stdout; connections are logged on stderr (-q: quiet).\n"
    "A client that opens /flood?count=N&size=S&rate=R&type=text|binary gets N messages of S\n"
    "bytes (default 1000 x 64, binary), R a second (default: as fast as it reads), then a\n"
    "close 1000 \"flood done\": wsinspect-cli connect ws://127.0.0.1:PORT/flood --count\n"
    "SIGINT or SIGTERM closes every client with 1001 (going away) and exits.\n";

// The options, in a namespace of their own: no variable elsewhere in this file shadows
// them, and the functions that read them say `using namespace option`.
namespace option {
const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")}, QStringLiteral("Show this help."));
const QCommandLineOption host(QStringLiteral("host"), QStringLiteral("Address to listen on (default 127.0.0.1; 0.0.0.0 or :: for every interface)."), QStringLiteral("address"), QStringLiteral("127.0.0.1"));
const QCommandLineOption port(QStringLiteral("port"), QStringLiteral("TCP port (default 0: a free one)."), QStringLiteral("n"), QStringLiteral("0"));
const QCommandLineOption tls(QStringLiteral("tls"), QStringLiteral("Serve wss:// (a self-signed certificate unless --cert/--key)."));
const QCommandLineOption cert(QStringLiteral("cert"), QStringLiteral("PEM certificate (chain) file; implies --tls."), QStringLiteral("file"));
const QCommandLineOption key(QStringLiteral("key"), QStringLiteral("PEM private key file (unencrypted); implies --tls."), QStringLiteral("file"));
const QCommandLineOption mode(QStringLiteral("mode"), QStringLiteral("echo (default) or broadcast."), QStringLiteral("mode"), QStringLiteral("echo"));
const QCommandLineOption deflate(QStringLiteral("deflate"), QStringLiteral("Accept permessage-deflate."));
const QCommandLineOption noLegacy(QStringLiteral("no-legacy"), QStringLiteral("Refuse clients of the old drafts (hybi-07/08, hixie-75/76) with 426 and \"Sec-WebSocket-Version: 13\"; by default each is answered in its own version."));
const QCommandLineOption maxLength(QStringLiteral("max-length"), QStringLiteral("Largest message in bytes (k/M/G suffixes); larger ones are closed with 1009. Default 64M."), QStringLiteral("n"));
const QCommandLineOption protocol(QStringLiteral("protocol"), QStringLiteral("Accept this subprotocol (repeatable, in order of preference)."), QStringLiteral("name"));
const QCommandLineOption pingInterval(QStringLiteral("ping-interval"), QStringLiteral("Send a keepalive ping to every client every S seconds."), QStringLiteral("s"));
const QCommandLineOption pingTimeout(QStringLiteral("ping-timeout"), QStringLiteral("With --ping-interval: close a client that leaves a ping unanswered S seconds with 1011 (default: the interval)."), QStringLiteral("s"));
const QCommandLineOption delay(QStringLiteral("delay"), QStringLiteral("Wait MS milliseconds before each answer."), QStringLiteral("ms"));
const QCommandLineOption handshakeTimeout(QStringLiteral("handshake-timeout"), QStringLiteral("Drop a client that has not finished its handshake after S seconds (default 10)."), QStringLiteral("s"));
const QCommandLineOption quiet({QStringLiteral("q"), QStringLiteral("quiet")}, QStringLiteral("Do not log connections on stderr."));
const QCommandLineOption exec(QStringLiteral("exec"), QStringLiteral("Instead of echoing: run CMD (with /bin/sh -c) for each client; its messages are lines of the program's stdin, each line the program prints is a message back; the client is closed when the program exits (1000 after status 0, else 1011)."), QStringLiteral("cmd"));
const QCommandLineOption listen(QStringLiteral("listen"), QStringLiteral("Instead of echoing: print what clients send on stdout (\"#ID message\") and send each line of stdin to every open client, like wscat -l."));
const QCommandLineOption slash(QStringLiteral("slash"), QStringLiteral("With --listen: lines starting with / are commands: /ping [text], /close [code [reason]] (to every client), /help."));
const QCommandLineOption closeAfter(QStringLiteral("close-after"), QStringLiteral("Fault injection: close each client after N of its messages (answered first) or a time after its handshake (2s, 300ms); once more for both, the first wins."), QStringLiteral("n|time"));
const QCommandLineOption dropAfter(QStringLiteral("drop-after"), QStringLiteral("Fault injection: reset each client's TCP connection, without a close frame, after N messages or a time (as --close-after)."), QStringLiteral("n|time"));
const QCommandLineOption closeCode(QStringLiteral("close-code"), QStringLiteral("The code --close-after sends (default 1000; 1000-1003, 1007-1014, 3000-4999)."), QStringLiteral("code"));
const QCommandLineOption closeReason(QStringLiteral("close-reason"), QStringLiteral("The reason --close-after sends (at most 123 bytes of UTF-8)."), QStringLiteral("text"));
const QCommandLineOption sse(QStringLiteral("sse"), QStringLiteral("Also serve EventSource (server-sent events) at PATH, e.g. /events: GET streams events, POST publishes one (?event=TYPE&id=ID), Last-Event-ID replays missed ones."), QStringLiteral("path"));
const QCommandLineOption sseRetry(QStringLiteral("sse-retry"), QStringLiteral("With --sse: send \"retry: MS\" when a stream starts (the client's reconnection delay)."), QStringLiteral("ms"));
const QCommandLineOption sseKeepalive(QStringLiteral("sse-keepalive"), QStringLiteral("With --sse: a comment line to every stream every S seconds (default 15; 0: none)."), QStringLiteral("s"));
const QCommandLineOption sseHistory(QStringLiteral("sse-history"), QStringLiteral("With --sse: events kept for Last-Event-ID replays (default 1000)."), QStringLiteral("n"));
const QCommandLineOption sseHeader(QStringLiteral("sse-header"), QStringLiteral("With --sse: add this header to the endpoint's answers (repeatable), e.g. 'Access-Control-Allow-Origin: *'."), QStringLiteral("header"));
const QCommandLineOption sseBridge(QStringLiteral("sse-bridge"), QStringLiteral("With --sse: each text message from a WebSocket client is also published as an event."));
const QCommandLineOption sseTick(QStringLiteral("sse-tick"), QStringLiteral("With --sse: publish a \"tick\" event (the time) every S seconds."), QStringLiteral("s"));
} // namespace option

} // namespace

// The options in --help order: parseArguments and `wsinspect-cli completions` read this list.
QList<QCommandLineOption> serveOptions()
{
    using namespace option;
    return {help, host, port, tls, cert, key, mode, exec, listen, slash, deflate, noLegacy, maxLength, protocol, pingInterval, pingTimeout,
            delay, handshakeTimeout, closeAfter, dropAfter, closeCode, closeReason, sse, sseRetry, sseKeepalive,
            sseHistory, sseHeader, sseBridge, sseTick, quiet};
}

namespace {

struct ServeSettings {
    wsi::net::EchoServerOptions options;
    bool quiet = false;
    QString execCommand;   // --exec
    bool listen = false;   // --listen
    bool slashCommands = false;
    int eventTickMs = 0;   // --sse-tick
};

// Fills `settings` or returns an exit status (0 after --help, 2 for a usage error).
std::optional<int> parseArguments(const QStringList &arguments, ServeSettings &settings)
{
    using namespace option;
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Runs wsinspect's WebSocket echo server (RFC 6455, permessage-deflate) until interrupted."));
    parser.addOptions(serveOptions());

    const auto usageError = [](const QString &message) {
        err() << "wsinspect-cli serve: " << message << "\n(see wsinspect-cli serve --help)\n";
        err().flush();
        return 2;
    };
    if (!parser.parse(QStringList{QStringLiteral("wsinspect-cli serve")} + arguments))
        return usageError(parser.errorText());
    if (parser.isSet(help)) {
        QString text = parser.helpText();
        text = text.mid(text.indexOf(QLatin1Char('\n')) + 1); // Qt's usage line lacks "serve"
        QTextStream out(stdout);
        out << "Usage: wsinspect-cli serve [options]\n" << text << Examples;
        return 0;
    }
    if (!parser.positionalArguments().isEmpty())
        return usageError(QStringLiteral("unexpected argument '%1'").arg(parser.positionalArguments().constFirst()));

    wsi::net::EchoServerOptions &o = settings.options;
    o.host = parser.value(host);
    bool ok = false;
    const uint portValue = parser.value(port).toUInt(&ok);
    if (!ok || portValue > 65535)
        return usageError(QStringLiteral("--port wants a number from 0 to 65535, not '%1'").arg(parser.value(port)));
    o.port = quint16(portValue);
    o.certificateFile = parser.value(cert);
    o.keyFile = parser.value(key);
    o.tls = parser.isSet(tls) || parser.isSet(cert) || parser.isSet(key);
    if (o.certificateFile.isEmpty() != o.keyFile.isEmpty())
        return usageError(QStringLiteral("--cert and --key go together"));
    const QString modeText = parser.value(mode).toLower();
    if (modeText == QLatin1String("echo"))
        o.mode = wsi::net::EchoMode::Echo;
    else if (modeText == QLatin1String("broadcast"))
        o.mode = wsi::net::EchoMode::Broadcast;
    else
        return usageError(QStringLiteral("--mode is echo or broadcast, not '%1'").arg(parser.value(mode)));
    o.deflate = parser.isSet(deflate);
    o.refuseOldDrafts = parser.isSet(noLegacy);
    if (parser.isSet(maxLength)) {
        const std::optional<quint64> size = ConnectionArguments::parseSize(parser.value(maxLength));
        if (!size)
            return usageError(QStringLiteral("--max-length wants a positive size such as 65536, 64k or 16M, not \"%1\"").arg(parser.value(maxLength)));
        o.maxMessageSize = *size;
    }
    o.subprotocols = parser.values(protocol);
    if (parser.isSet(pingInterval)) {
        const double seconds = parser.value(pingInterval).toDouble(&ok);
        if (!ok || seconds <= 0 || seconds > 86400)
            return usageError(QStringLiteral("--ping-interval wants seconds (> 0), not '%1'").arg(parser.value(pingInterval)));
        o.pingIntervalMs = std::max(1, int(seconds * 1000));
    }
    if (parser.isSet(pingTimeout)) {
        const double seconds = parser.value(pingTimeout).toDouble(&ok);
        if (!ok || seconds <= 0 || seconds > 86400)
            return usageError(QStringLiteral("--ping-timeout wants seconds (> 0), not '%1'").arg(parser.value(pingTimeout)));
        if (!parser.isSet(pingInterval))
            return usageError(QStringLiteral("--ping-timeout needs --ping-interval: without keepalive pings there is nothing to answer"));
        o.pingTimeoutMs = std::max(1, int(seconds * 1000));
    }
    if (parser.isSet(delay)) {
        const int ms = parser.value(delay).toInt(&ok);
        if (!ok || ms < 0)
            return usageError(QStringLiteral("--delay wants milliseconds (>= 0), not '%1'").arg(parser.value(delay)));
        o.replyDelayMs = ms;
    }
    if (parser.isSet(handshakeTimeout)) {
        const double seconds = parser.value(handshakeTimeout).toDouble(&ok);
        if (!ok || seconds <= 0 || seconds > 86400)
            return usageError(QStringLiteral("--handshake-timeout wants seconds (> 0), not '%1'").arg(parser.value(handshakeTimeout)));
        o.handshakeTimeoutMs = std::max(1, int(seconds * 1000));
    }
    settings.quiet = parser.isSet(quiet);

    settings.execCommand = parser.value(exec);
    settings.listen = parser.isSet(listen);
    settings.slashCommands = parser.isSet(slash);
    if (parser.isSet(exec) && settings.execCommand.trimmed().isEmpty())
        return usageError(QStringLiteral("--exec wants a command to run, such as --exec 'tr a-z A-Z'"));
    if (parser.isSet(exec) && settings.listen)
        return usageError(QStringLiteral("--exec and --listen exclude each other: clients are answered by a program or by you"));
    if (settings.slashCommands && !settings.listen)
        return usageError(QStringLiteral("--slash goes with --listen (commands typed on stdin)"));
    if (parser.isSet(exec) || settings.listen) {
        const QString which = settings.listen ? QStringLiteral("--listen") : QStringLiteral("--exec");
        if (parser.isSet(mode))
            return usageError(QStringLiteral("%1 replaces --mode: clients are answered by %2").arg(which, settings.listen ? QStringLiteral("you") : QStringLiteral("the program")));
        if (parser.isSet(delay))
            return usageError(QStringLiteral("--delay applies to echo and broadcast, not to %1").arg(which));
        o.mode = wsi::net::EchoMode::Handoff;
    }
    ServeFaultArguments fault;
    fault.closeAfter = parser.values(closeAfter);
    fault.dropAfter = parser.values(dropAfter);
    fault.closeCode = parser.value(closeCode);
    fault.closeCodeSet = parser.isSet(closeCode);
    fault.closeReason = parser.value(closeReason);
    fault.closeReasonSet = parser.isSet(closeReason);
    QString faultError;
    if (!fault.read(o.fault, faultError))
        return usageError(faultError);
    ServeEventStreamArguments eventStream;
    eventStream.path = parser.value(sse);
    eventStream.retry = parser.value(sseRetry);
    eventStream.keepalive = parser.value(sseKeepalive);
    eventStream.history = parser.value(sseHistory);
    eventStream.tick = parser.value(sseTick);
    eventStream.headers = parser.values(sseHeader);
    eventStream.bridge = parser.isSet(sseBridge);
    eventStream.anySet = parser.isSet(sseRetry) || parser.isSet(sseKeepalive) || parser.isSet(sseHistory) || parser.isSet(sseTick)
        || parser.isSet(sseHeader) || eventStream.bridge;
    QString eventStreamError;
    if (!eventStream.read(o.eventStream, settings.eventTickMs, eventStreamError))
        return usageError(eventStreamError);
    return std::nullopt;
}

// ---- logging ---------------------------------------------------------------------------

void logConnections(wsi::net::EchoServer &server)
{
    using wsi::net::EchoServer;
    QObject::connect(&server, &EchoServer::clientConnected, &server, [](quint64 id, const QString &peer) {
        err() << serveLogStamp() << " #" << id << " connected from " << peer << '\n';
        err().flush();
    });
    QObject::connect(&server, &EchoServer::clientHandshake, &server,
                     [](quint64 id, const QString &path, const QString &query, const QString &origin,
                        const wsi::net::HttpHeaderList &, const QString &subprotocol, const QString &extensions,
                        const QString &version) {
        err() << serveLogStamp() << " #" << id << " open " << path;
        if (!query.isEmpty())
            err() << '?' << query;
        if (!origin.isEmpty())
            err() << " origin " << origin;
        if (!subprotocol.isEmpty())
            err() << " subprotocol " << subprotocol;
        if (!extensions.isEmpty())
            err() << " extensions " << extensions;
        // 13 goes without saying; a client of an old draft is named, as it behaves differently.
        if (version != QLatin1String("13"))
            err() << " version " << version;
        err() << '\n';
        err().flush();
    });
    // A plain HTTP hit is one line ("GET / answered 200"), not a WebSocket that "closed
    // 1006 not clean": it never was one.
    auto httpClients = std::make_shared<QSet<quint64>>();
    QObject::connect(&server, &EchoServer::clientHttpRequest, &server,
                     [httpClients](quint64 id, const QString &method, const QString &target, int status) {
        httpClients->insert(id);
        err() << serveLogStamp() << " #" << id << ' ' << method << ' ' << target << " answered " << status << " (plain HTTP: the info page)\n";
        err().flush();
    });
    // The EventSource endpoint: a stream is a client until it ends, but has no close code.
    auto streams = std::make_shared<QSet<quint64>>();
    QObject::connect(&server, &EchoServer::eventStreamOpened, &server,
                     [streams](quint64 id, const QString &target, const QString &lastEventId, int replayed) {
        streams->insert(id);
        err() << serveLogStamp() << " #" << id << " event stream " << target;
        if (!lastEventId.isEmpty())
            err() << " (Last-Event-ID " << lastEventId << ": " << replayed << " replayed)";
        err() << '\n';
        err().flush();
    });
    QObject::connect(&server, &EchoServer::eventRequestAnswered, &server,
                     [httpClients](quint64 id, const QString &method, const QString &target, int status) {
        httpClients->insert(id);
        err() << serveLogStamp() << " #" << id << ' ' << method << ' ' << target << " answered " << status << '\n';
        err().flush();
    });
    QObject::connect(&server, &EchoServer::eventPublished, &server, [](const QString &id, const QString &type, int delivered) {
        err() << serveLogStamp() << " event " << id << " (" << type << ") to " << delivered << " stream(s)\n";
        err().flush();
    });
    QObject::connect(&server, &EchoServer::clientClosed, &server,
                     [httpClients, streams](quint64 id, quint16 code, const QString &reason, bool clean) {
        if (httpClients->remove(id))
            return;
        if (streams->remove(id)) {
            err() << serveLogStamp() << " #" << id << " event stream ended: " << reason << '\n';
            err().flush();
            return;
        }
        err() << serveLogStamp() << " #" << id << " closed " << code;
        if (!reason.isEmpty())
            err() << " \"" << reason << '"';
        err() << (clean ? " clean" : " not clean") << '\n';
        err().flush();
    });
}

// Prints the URL first (scripts read it), then, for wss, what a user needs to trust it.
void printBanner(const wsi::net::EchoServer &server)
{
    QTextStream out(stdout);
    out << server.url().toString() << '\n';
    if (server.options().tls) {
        out << "certificate SHA-256 " << server.certificateFingerprint()
            << (server.isSelfSigned() ? " (self-signed, made for this run)" : "") << '\n';
    }
    if (server.options().eventStream.isEnabled()) {
        QUrl events = server.url();
        events.setScheme(server.options().tls ? QStringLiteral("https") : QStringLiteral("http"));
        events.setPath(server.options().eventStream.path);
        out << "EventSource " << events.toString() << '\n';
    }
    out.flush();
    std::fflush(stdout);
}

} // namespace

int runServeCommand(const QStringList &arguments)
{
    std::unique_ptr<QCoreApplication> ownApplication;
    if (!QCoreApplication::instance()) {
        static int argc = 1;
        static char name[] = "wsinspect-cli";
        static char *argv[] = {name, nullptr};
        ownApplication = std::make_unique<QCoreApplication>(argc, argv);
    }
    ServeSettings settings;
    if (const std::optional<int> status = parseArguments(arguments, settings))
        return *status;

    // Thread: the server and its clients live on this (the main) thread.
    wsi::net::EchoServer server;
    server.setOptions(settings.options);
    server.setReportTraffic(false); // only connections are printed: no payload copies
    InterruptWatcher interrupts;
    if (!server.start()) {
        err() << "wsinspect-cli serve: " << server.lastError() << '\n';
        err().flush();
        return 1;
    }
    if (!settings.quiet)
        logConnections(server);
    printBanner(server);
    QTimer eventTick;
    if (settings.eventTickMs > 0) {
        QObject::connect(&eventTick, &QTimer::timeout, &server, [&server] {
            server.publishEvent(QStringLiteral("tick"), QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs).toUtf8());
        });
        eventTick.start(settings.eventTickMs);
    }
    std::unique_ptr<ServeExec> exec;
    std::unique_ptr<ServeListen> listen;
    if (!settings.execCommand.isEmpty()) {
        exec = std::make_unique<ServeExec>(server, settings.execCommand, settings.quiet);
    } else if (settings.listen) {
        ServeListen::Settings listening;
        listening.slashCommands = settings.slashCommands;
        listening.interactive = ::isatty(STDIN_FILENO) && ::isatty(STDOUT_FILENO);
        listen = std::make_unique<ServeListen>(server, listening);
        listen->start();
    }

    bool shuttingDown = false;
    int status = 0;
    QTimer graceTimer;
    graceTimer.setSingleShot(true);
    QObject::connect(&graceTimer, &QTimer::timeout, QCoreApplication::instance(), [] { QCoreApplication::exit(0); });
    const auto quitWhenIdle = [&server, &shuttingDown] {
        if (shuttingDown && server.clientCount() == 0)
            QCoreApplication::exit(0);
    };
    QObject::connect(&server, &wsi::net::EchoServer::clientClosed, &server, quitWhenIdle, Qt::QueuedConnection);
    QObject::connect(&interrupts, &InterruptWatcher::interrupted, &server, [&](int signalNumber, int count) {
        // A second request (a user's second Ctrl+C; the same one sent twice counts once,
        // InterruptWatcher::SameRequestMs): do not wait any longer.
        if (count > 1) {
            status = 128 + signalNumber;
            QCoreApplication::exit(status);
            return;
        }
        shuttingDown = true;
        if (!settings.quiet) {
            err() << serveLogStamp() << " shutting down: closing " << server.clientCount() << " client(s) with 1001\n";
            err().flush();
        }
        server.close(); // no new clients
        server.closeAll(1001, QStringLiteral("server shutting down"));
        graceTimer.start(ShutdownGraceMs);
        quitWhenIdle();
    });
    const int loopStatus = QCoreApplication::exec();
    return status != 0 ? status : loopStatus;
}
