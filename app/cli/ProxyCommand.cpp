// SPDX-License-Identifier: MIT
#include "ProxyCommand.h"

#include "ConnectionArguments.h"
#include "ProxyPrinter.h"
#include "common/InterruptWatcher.h"

#include "files/session/SessionRecorder.h"
#include "net/proxy/ForwardProxyServer.h"
#include "net/proxy/ProxyServer.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTimer>

#include <cstdio>
#include <map>
#include <memory>

namespace {

constexpr int ShutdownGraceMs = 2000;

const char Examples[] = R"(
The app points at the proxy's URL (the first line on stdout) instead of the server's; each
connection it opens is relayed to the upstream URL with its path and query appended and
Host rewritten; Origin, Cookie, Authorization, Sec-WebSocket-Protocol and any other header
pass unchanged, and so do the upstream's answer and every frame both ways
(permessage-deflate included: the proxy inflates a copy for its log only). The upstream's
certificate is verified as `connect` verifies it; a flow it fails gets 502 Bad Gateway with
the reason. SIGINT or SIGTERM ends every flow and exits (after writing --record).

Examples:
  wsinspect-cli proxy --upstream wss://api.example.com/
      ws://127.0.0.1:<free port>; ws://127.0.0.1:PORT/feed?x=1 reaches wss://api.example.com/feed?x=1
  wsinspect-cli proxy --listen 127.0.0.1:9000 --upstream ws://127.0.0.1:9001/v2 --json
      one JSON line per event: {"flow":1,"leg":"app","direction":"app->server","type":"text","data":...}
  wsinspect-cli proxy --listen-tls --upstream wss://staging.local:8443 --ca-file ca.pem --record flows.wsis
      wss:// for the app (a self-signed certificate), every flow a tab of flows.wsis

Intercepting forward proxy (--forward): apps use http://127.0.0.1:PORT as their HTTP proxy
(https_proxy=..., chromium --proxy-server=...). A CONNECT is intercepted with a certificate
minted for the host by a local CA (made on first use: DIR/ca.pem and DIR/ca.key, mode 0600);
the app must trust DIR/ca.pem (see the man page), or pinned hosts go in --pass-through.
Plain ws:// works through absolute-form requests and CONNECT to port 80. Requests that are
not WebSocket upgrades (the page, its scripts) are relayed untouched, counted, not inspected.
  wsinspect-cli proxy --forward --listen 127.0.0.1:8080 --json
  wsinspect-cli proxy --forward --ca-dir ./ca --pass-through accounts.example.com
)";

namespace option {
const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")}, QStringLiteral("Shows this help."));
const QCommandLineOption listen(QStringLiteral("listen"), QStringLiteral("Where to listen, HOST:PORT (default 127.0.0.1:0, a free port; another address than loopback is warned about)."), QStringLiteral("host:port"));
const QCommandLineOption upstream(QStringLiteral("upstream"), QStringLiteral("The server, ws(s)://host[:port][/base]: each flow goes to it with the app's path and query appended."), QStringLiteral("url"));
const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("One JSON object per event on stdout: flow, leg, direction, type, data."));
const QCommandLineOption record(QStringLiteral("record"), QStringLiteral("Save every flow as a tab of this session file at the end (both legs, their frames, handshakes, TLS report)."), QStringLiteral("file"));
const QCommandLineOption listenTls(QStringLiteral("listen-tls"), QStringLiteral("Serve wss:// to the app (a self-signed certificate unless --listen-cert/--listen-key)."));
const QCommandLineOption listenCert(QStringLiteral("listen-cert"), QStringLiteral("PEM certificate (chain) the app is shown; implies --listen-tls."), QStringLiteral("file"));
const QCommandLineOption listenKey(QStringLiteral("listen-key"), QStringLiteral("PEM private key of --listen-cert (unencrypted)."), QStringLiteral("file"));
const QCommandLineOption handshakeTimeout(QStringLiteral("handshake-timeout"), QStringLiteral("Drop an app that has not sent its whole upgrade request after S seconds (default 10); also the upstream's time to answer."), QStringLiteral("s"));
const QCommandLineOption forward(QStringLiteral("forward"), QStringLiteral("An intercepting forward proxy (apps set it as their HTTP proxy) instead of a gateway to --upstream."));
const QCommandLineOption caDir(QStringLiteral("ca-dir"), QStringLiteral("--forward: the folder of the interception CA, ca.pem and ca.key, made on first use (default: the app's data folder + /ca)."), QStringLiteral("dir"));
const QCommandLineOption passThrough(QStringLiteral("pass-through"), QStringLiteral("--forward: tunnel CONNECTs to HOST untouched (apps that pin certificates); *.example.com for subdomains; repeatable."), QStringLiteral("host"));
const QCommandLineOption quiet({QStringLiteral("q"), QStringLiteral("quiet")}, QStringLiteral("No line per flow on stderr (errors still)."));
} // namespace option

int usageError(const QString &message)
{
    return ConnectionArguments::usageError(QStringLiteral("proxy"), message);
}

bool parseListen(const QString &text, wsi::net::ReverseProxyOptions &options, QString &error)
{
    const int colon = text.lastIndexOf(QLatin1Char(':'));
    if (colon <= 0) {
        error = QStringLiteral("--listen wants HOST:PORT, such as 127.0.0.1:9000, not \"%1\"").arg(text);
        return false;
    }
    QString host = text.left(colon);
    if (host.startsWith(QLatin1Char('[')) && host.endsWith(QLatin1Char(']')))
        host = host.mid(1, host.size() - 2);
    if (host.compare(QLatin1String("localhost"), Qt::CaseInsensitive) == 0)
        host = QStringLiteral("127.0.0.1");
    const QHostAddress address(host);
    if (address.isNull()) {
        error = QStringLiteral("--listen wants an IP address before the port (127.0.0.1, 0.0.0.0, ::1), not \"%1\"").arg(host);
        return false;
    }
    bool ok = false;
    const uint port = text.mid(colon + 1).toUInt(&ok);
    if (!ok || port > 65535) {
        error = QStringLiteral("--listen wants a port from 0 to 65535 after the colon, not \"%1\"").arg(text.mid(colon + 1));
        return false;
    }
    options.listenAddress = address;
    options.listenPort = quint16(port);
    return true;
}

struct ProxySettings {
    wsi::net::ReverseProxyOptions options;
    bool forward = false;
    QString caDirectory;
    QStringList passThrough;
    ProxyPrinter::Settings printing;
    QString recordPath;
};

std::optional<int> parseArguments(const QStringList &arguments, ProxySettings &settings)
{
    using namespace option;
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("A reverse proxy that shows every WebSocket message it relays."));
    parser.addOptions(proxyOptions());
    if (const std::optional<int> status = ConnectionArguments::parseOrHelp(parser, QStringLiteral("proxy"), arguments,
                                                                           QStringLiteral("--upstream URL [options]"), Examples))
        return *status;
    if (!parser.positionalArguments().isEmpty())
        return usageError(QStringLiteral("unexpected argument '%1' (the server goes in --upstream)").arg(parser.positionalArguments().constFirst()));
    settings.forward = parser.isSet(forward);
    if (settings.forward && parser.isSet(upstream))
        return usageError(QStringLiteral("--forward and --upstream exclude each other: a forward proxy goes where each app asks"));
    if (!settings.forward && !parser.isSet(upstream))
        return usageError(QStringLiteral("--upstream URL is needed: the server the app's connections go to (or --forward, "
                                         "an intercepting proxy apps set as their HTTP proxy)"));
    if (!settings.forward && (parser.isSet(caDir) || parser.isSet(passThrough)))
        return usageError(QStringLiteral("--ca-dir and --pass-through belong to --forward"));
    if (settings.forward && (parser.isSet(listenTls) || parser.isSet(listenCert)))
        return usageError(QStringLiteral("--listen-tls and --listen-cert are for --upstream: --forward serves each host a certificate of its CA"));
    settings.caDirectory = parser.value(caDir);
    settings.passThrough = parser.values(passThrough);
    wsi::net::ReverseProxyOptions &o = settings.options;
    QString error;
    if (parser.isSet(listen) && !parseListen(parser.value(listen), o, error))
        return usageError(error);
    // The upstream leg takes connect's TLS options, checked the same way (a forward proxy's
    // upstreams are known per flow: a stand-in URL carries the TLS options through).
    wsi::net::ConnectionOptions upstreamOptions;
    const QString upstreamText = settings.forward ? QStringLiteral("wss://forward.invalid/") : parser.value(upstream);
    if (!ConnectionArguments(ConnectionArguments::Tls).read(parser, upstreamText, upstreamOptions, error))
        return usageError(error);
    o.upstreamUrl = upstreamOptions.url;
    o.upstreamTls = upstreamOptions.tls;
    o.listenCertificateFile = parser.value(listenCert);
    o.listenKeyFile = parser.value(listenKey);
    if (o.listenCertificateFile.isEmpty() != o.listenKeyFile.isEmpty())
        return usageError(QStringLiteral("--listen-cert and --listen-key go together"));
    o.listenTls = parser.isSet(listenTls) || !o.listenCertificateFile.isEmpty();
    if (parser.isSet(handshakeTimeout)) {
        int ms = 0;
        if (!ConnectionArguments::parseDuration(parser.value(handshakeTimeout), ms) || ms <= 0)
            return usageError(QStringLiteral("--handshake-timeout wants seconds (> 0), not '%1'").arg(parser.value(handshakeTimeout)));
        o.handshakeTimeoutMs = ms;
        o.upstreamTimeoutMs = ms;
    }
    settings.printing.json = parser.isSet(json);
    settings.printing.quiet = parser.isSet(quiet);
    settings.recordPath = parser.value(record);
    // Frames go to the session's frame table; nobody else reads them, so without a
    // session the relay does not make them.
    o.reportFrames = !settings.recordPath.isEmpty();
    return std::nullopt;
}

void printBanner(const wsi::net::ProxyServer &server, bool json)
{
    if (json) {
        const QJsonObject object{{QStringLiteral("listening"), server.listenUrl()}, {QStringLiteral("upstream"), server.upstreamUrl()}};
        std::fputs(QJsonDocument(object).toJson(QJsonDocument::Compact).append('\n').constData(), stdout);
    } else {
        std::fprintf(stdout, "%s\n", server.listenUrl().toUtf8().constData());
        std::fprintf(stderr, "relaying to %s\n", server.upstreamUrl().toUtf8().constData());
    }
    std::fflush(stdout);
}

} // namespace

QList<QCommandLineOption> proxyOptions()
{
    using namespace option;
    return QList<QCommandLineOption>{help, listen, upstream, forward, caDir, passThrough, json, record, listenTls, listenCert, listenKey, handshakeTimeout, quiet}
        + ConnectionArguments(ConnectionArguments::Tls).options();
}

namespace {

void printBanner(wsi::net::ForwardProxyServer &server, bool json)
{
    wsi::net::LocalCertificateAuthority &ca = server.certificateAuthority();
    if (json) {
        const QJsonObject object{{QStringLiteral("listening"), server.proxyUrl()},
                                 {QStringLiteral("forward"), true},
                                 {QStringLiteral("ca"), ca.certificatePath()},
                                 {QStringLiteral("caCreated"), ca.created()},
                                 {QStringLiteral("caSpkiSha256"), QString::fromLatin1(ca.spkiSha256Base64())}};
        std::fputs(QJsonDocument(object).toJson(QJsonDocument::Compact).append('\n').constData(), stdout);
    } else {
        std::fprintf(stdout, "%s\n", server.proxyUrl().toUtf8().constData());
        std::fprintf(stderr, "intercepting forward proxy; %s CA %s (apps must trust it; see `man wsinspect-cli`)\n",
                     ca.created() ? "made the" : "using the", ca.certificatePath().toUtf8().constData());
    }
    std::fflush(stdout);
}

QString recordedUrl(const wsi::net::ProxyServer &server, const wsi::net::ProxyFlow *)
{
    return server.upstreamUrl();
}

QString recordedUrl(const wsi::net::ForwardProxyServer &, const wsi::net::ProxyFlow *flow)
{
    return flow->upstreamUrl();
}

void announceFlow(const wsi::net::ProxyServer &, ProxyPrinter &, const wsi::net::ProxyFlow *) {}

void announceFlow(const wsi::net::ForwardProxyServer &, ProxyPrinter &printer, const wsi::net::ProxyFlow *flow)
{
    printer.setHost(flow->id(), flow->upstreamHost());
}

void connectNotices(wsi::net::ProxyServer &, ProxyPrinter &) {}

void connectNotices(wsi::net::ForwardProxyServer &server, ProxyPrinter &printer)
{
    QObject::connect(&server, &wsi::net::ForwardProxyServer::notice, &server,
                     [&printer](quint64 id, const QString &host, const QString &text, bool error) { printer.printNotice(id, host, text, error); });
}

// The reverse and the forward proxy run alike: their flows are printed and recorded,
// SIGINT/SIGTERM ends them.
template<typename Server>
int runServer(Server &server, const ProxySettings &settings)
{
    InterruptWatcher interrupts;
    if (!server.start()) {
        std::fprintf(stderr, "wsinspect-cli proxy: %s\n", server.errorString().toUtf8().constData());
        return 1;
    }
    if (!server.warning().isEmpty())
        std::fprintf(stderr, "wsinspect-cli proxy: warning: %s\n", server.warning().toUtf8().constData());
    printBanner(server, settings.printing.json);

    ProxyPrinter printer(settings.printing);
    connectNotices(server, printer);
    std::map<quint64, std::unique_ptr<wsi::log::SessionRecorder>> recorders;
    const bool recording = !settings.recordPath.isEmpty();
    QObject::connect(&server, &Server::flowStarted, &server, [&](wsi::net::ProxyFlow *flow) {
        const quint64 id = flow->id();
        announceFlow(server, printer, flow);
        wsi::log::SessionRecorder *recorder = nullptr;
        if (recording) {
            wsi::net::ConnectionOptions tabOptions;
            tabOptions.url = recordedUrl(server, flow);
            tabOptions.tls = settings.options.upstreamTls;
            auto made = std::make_unique<wsi::log::SessionRecorder>(QStringLiteral("flow #%1").arg(id), tabOptions);
            recorder = made.get();
            recorders.emplace(id, std::move(made));
        }
        QObject::connect(flow, &wsi::net::TrafficSource::reported, &server, [&printer, recorder, id](const wsi::net::ReportBatch &batch) {
            printer.print(id, batch);
            if (recorder)
                recorder->record(batch);
        });
    });
    QObject::connect(&server, &Server::flowFinished, &server, [&printer](quint64 id) { printer.forget(id); });

    bool shuttingDown = false;
    int status = 0;
    QTimer graceTimer;
    graceTimer.setSingleShot(true);
    QObject::connect(&graceTimer, &QTimer::timeout, QCoreApplication::instance(), [] { QCoreApplication::exit(0); });
    const auto quitWhenIdle = [&server, &shuttingDown] {
        if (shuttingDown && server.openFlows() == 0)
            QCoreApplication::exit(0);
    };
    QObject::connect(&server, &Server::flowFinished, &server, quitWhenIdle, Qt::QueuedConnection);
    QObject::connect(&interrupts, &InterruptWatcher::interrupted, &server, [&](int signalNumber, int count) {
        if (count > 1) {
            status = 128 + signalNumber;
            QCoreApplication::exit(status);
            return;
        }
        shuttingDown = true;
        server.stop();
        server.closeAll();
        graceTimer.start(ShutdownGraceMs);
        quitWhenIdle();
    });
    const int loopStatus = QCoreApplication::exec();
    if (recording) {
        QVector<const wsi::log::SessionRecorder *> tabs;
        for (const auto &entry : recorders)
            tabs.append(entry.second.get());
        QString error;
        if (!wsi::log::SessionRecorder::saveAll(settings.recordPath, tabs, false, &error)) {
            std::fprintf(stderr, "wsinspect-cli proxy: --record: %s\n", error.toUtf8().constData());
            return 1;
        }
        std::fprintf(stderr, "wsinspect-cli proxy: %zu flow(s) saved to %s\n", recorders.size(), settings.recordPath.toUtf8().constData());
    }
    return status != 0 ? status : loopStatus;
}

} // namespace

int runProxyCommand(const QStringList &arguments)
{
    std::unique_ptr<QCoreApplication> ownApplication;
    if (!QCoreApplication::instance()) {
        static int argc = 1;
        static char name[] = "wsinspect-cli";
        static char *argv[] = {name, nullptr};
        ownApplication = std::make_unique<QCoreApplication>(argc, argv);
    }
    ProxySettings settings;
    if (const std::optional<int> status = parseArguments(arguments, settings))
        return *status;

    // Threads: the proxy, its flows and their sockets live on this (the main) thread, and
    // so does the printing: a flow's reports arrive here at most every 16 ms, and one thread
    // keeps each flow's lifetime simple.
    if (settings.forward) {
        wsi::net::ForwardProxyOptions forwardOptions;
        forwardOptions.flows = settings.options;
        forwardOptions.caDirectory = settings.caDirectory;
        forwardOptions.passThroughHosts = settings.passThrough;
        wsi::net::ForwardProxyServer server(forwardOptions);
        return runServer(server, settings);
    }
    wsi::net::ProxyServer server(settings.options);
    return runServer(server, settings);
}
