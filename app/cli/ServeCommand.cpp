// SPDX-License-Identifier: MIT
#include "ServeCommand.h"
#include "common/InterruptWatcher.h"
#include "ConnectionArguments.h"

#include "net/echo/EchoServer.h"
#include "net/echo/EchoServerOptions.h"

#include <QCommandLineOption>
#include <QSet>
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QTextStream>
#include <QTime>
#include <QTimer>

#include <cstdio>
#include <memory>
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
    "\nThe URL is the first line on stdout; connections are logged on stderr (-q: quiet).\n"
    "A client that opens /flood?count=N&size=S&rate=R&type=text|binary gets N messages of S\n"
    "bytes (default 1000 x 64, binary), R a second (default: as fast as it reads), then a\n"
    "close 1000 \"flood done\": wsinspect-cli connect ws://127.0.0.1:PORT/flood --count\n"
    "SIGINT or SIGTERM closes every client with 1001 (going away) and exits.\n";

struct ServeSettings {
    wsi::net::EchoServerOptions options;
    bool quiet = false;
};

// Fills `settings` or returns an exit status (0 after --help, 2 for a usage error).
std::optional<int> parseArguments(const QStringList &arguments, ServeSettings &settings)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Runs wsinspect's WebSocket echo server (RFC 6455, permessage-deflate) until interrupted."));
    const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")}, QStringLiteral("Show this help."));
    const QCommandLineOption host(QStringLiteral("host"), QStringLiteral("Address to listen on (default 127.0.0.1; 0.0.0.0 or :: for every interface)."), QStringLiteral("address"), QStringLiteral("127.0.0.1"));
    const QCommandLineOption port(QStringLiteral("port"), QStringLiteral("TCP port (default 0: a free one)."), QStringLiteral("n"), QStringLiteral("0"));
    const QCommandLineOption tls(QStringLiteral("tls"), QStringLiteral("Serve wss:// (a self-signed certificate unless --cert/--key)."));
    const QCommandLineOption cert(QStringLiteral("cert"), QStringLiteral("PEM certificate (chain) file; implies --tls."), QStringLiteral("file"));
    const QCommandLineOption key(QStringLiteral("key"), QStringLiteral("PEM private key file (unencrypted); implies --tls."), QStringLiteral("file"));
    const QCommandLineOption mode(QStringLiteral("mode"), QStringLiteral("echo (default) or broadcast."), QStringLiteral("mode"), QStringLiteral("echo"));
    const QCommandLineOption deflate(QStringLiteral("deflate"), QStringLiteral("Accept permessage-deflate."));
    const QCommandLineOption maxLength(QStringLiteral("max-length"), QStringLiteral("Largest message in bytes (k/M/G suffixes); larger ones are closed with 1009. Default 64M."), QStringLiteral("n"));
    const QCommandLineOption protocol(QStringLiteral("protocol"), QStringLiteral("Accept this subprotocol (repeatable, in order of preference)."), QStringLiteral("name"));
    const QCommandLineOption pingInterval(QStringLiteral("ping-interval"), QStringLiteral("Send a keepalive ping to every client every S seconds."), QStringLiteral("s"));
    const QCommandLineOption pingTimeout(QStringLiteral("ping-timeout"), QStringLiteral("With --ping-interval: close a client that leaves a ping unanswered S seconds with 1011 (default: the interval)."), QStringLiteral("s"));
    const QCommandLineOption delay(QStringLiteral("delay"), QStringLiteral("Wait MS milliseconds before each answer."), QStringLiteral("ms"));
    const QCommandLineOption handshakeTimeout(QStringLiteral("handshake-timeout"), QStringLiteral("Drop a client that has not finished its handshake after S seconds (default 10)."), QStringLiteral("s"));
    const QCommandLineOption quiet({QStringLiteral("q"), QStringLiteral("quiet")}, QStringLiteral("Do not log connections on stderr."));
    parser.addOptions({help, host, port, tls, cert, key, mode, deflate, maxLength, protocol, pingInterval, pingTimeout,
                       delay, handshakeTimeout, quiet});

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
    return std::nullopt;
}

// ---- logging ---------------------------------------------------------------------------

QString stamp()
{
    return QTime::currentTime().toString(QStringLiteral("HH:mm:ss.zzz"));
}

void logConnections(wsi::net::EchoServer &server)
{
    using wsi::net::EchoServer;
    QObject::connect(&server, &EchoServer::clientConnected, &server, [](quint64 id, const QString &peer) {
        err() << stamp() << " #" << id << " connected from " << peer << '\n';
        err().flush();
    });
    QObject::connect(&server, &EchoServer::clientHandshake, &server,
                     [](quint64 id, const QString &path, const QString &query, const QString &origin,
                        const wsi::net::HttpHeaderList &, const QString &subprotocol, const QString &extensions) {
        err() << stamp() << " #" << id << " open " << path;
        if (!query.isEmpty())
            err() << '?' << query;
        if (!origin.isEmpty())
            err() << " origin " << origin;
        if (!subprotocol.isEmpty())
            err() << " subprotocol " << subprotocol;
        if (!extensions.isEmpty())
            err() << " extensions " << extensions;
        err() << '\n';
        err().flush();
    });
    // A plain HTTP hit is one line ("GET / answered 200"), not a WebSocket that "closed
    // 1006 not clean": it never was one.
    auto httpClients = std::make_shared<QSet<quint64>>();
    QObject::connect(&server, &EchoServer::clientHttpRequest, &server,
                     [httpClients](quint64 id, const QString &method, const QString &target, int status) {
        httpClients->insert(id);
        err() << stamp() << " #" << id << ' ' << method << ' ' << target << " answered " << status << " (plain HTTP: the info page)\n";
        err().flush();
    });
    QObject::connect(&server, &EchoServer::clientClosed, &server,
                     [httpClients](quint64 id, quint16 code, const QString &reason, bool clean) {
        if (httpClients->remove(id))
            return;
        err() << stamp() << " #" << id << " closed " << code;
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
            err() << stamp() << " shutting down: closing " << server.clientCount() << " client(s) with 1001\n";
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
