// SPDX-License-Identifier: MIT
#pragma once
// Everything a client connection needs to know before it starts, as a plain value type
// (copied to the worker thread), and the checks that refuse a bad URL or option before
// any I/O happens.
#include "protocol/PermessageDeflate.h"
#include "protocol/ProtocolVersion.h"

#include <QByteArray>
#include <QList>
#include <QMetaType>
#include <QPair>
#include <QString>
#include <QStringList>
#include <QUrl>

namespace wsi::net {

using HeaderList = QList<QPair<QByteArray, QByteArray>>;

// How much a connection reports per event. Fewer details cost less: a flood of small
// messages is only counted in CountersOnly mode (no payload is copied).
enum class EventDetail : quint8 {
    Frames,       // every frame header, every message with its payload, control frames
    Messages,     // messages with their payloads, pings, pongs; no frame headers
    CountersOnly, // no per-message events: counters, close and errors only
};

enum class ProxyMode : quint8 {
    None,        // connect directly, whatever the environment says
    Environment, // http_proxy / https_proxy / no_proxy (and their upper-case forms)
    HttpConnect, // an HTTP proxy, tunnelled through with CONNECT
    Socks5,      // a SOCKS5 proxy, through Qt's QNetworkProxy
};

struct ProxyOptions {
    ProxyMode mode = ProxyMode::Environment;
    // HttpConnect / Socks5: "http://user:password@host:3128", "socks5://host:1080". The
    // user and password (percent-decoded) become Basic auth / the SOCKS5 login.
    QString url;
    HeaderList headers; // extra headers for the CONNECT request (as websocket-driver allows)
};

struct TlsOptions {
    bool verify = true;       // chain and hostname (off: the explicit insecure mode)
    QString caFile;           // PEM bundle; both empty: the system store
    QString caDirectory;      // PEM files (any names, or OpenSSL's hashed layout)
    QString clientCertificate;// PEM, for mutual TLS
    QString clientKey;        // PEM (RSA or EC), unencrypted
    QByteArray clientKeyPassphrase;
    // A leaf certificate trusted by its SHA-256 whatever its chain and names say: the
    // window's one-click "Trust this certificate" for one tab (never saved in a profile).
    QByteArray trustedLeafSha256;
};

struct ReconnectOptions {
    bool enabled = false;
    int initialDelayMs = 1000;
    int maxDelayMs = 30000;
    double multiplier = 2.0;
    int maxAttempts = 0;      // 0: no limit
};

// What a client connection speaks once its transport is up.
enum class TrafficKind : quint8 {
    WebSocket,   // ws:// and wss://: the upgrade, then frames
    EventSource, // http:// and https://: a request answered with text/event-stream
};

// An EventSource stream's own settings (TrafficKind::EventSource).
struct EventSourceOptions {
    QString method = QStringLiteral("GET"); // POST streams too (LLM APIs do)
    QByteArray body;                        // sent with the request (and each reconnect)
    QString lastEventId;                    // the first attempt's Last-Event-ID: resume a stream
    // Reconnect after the stream ends or the connection fails, as a browser does, after the
    // server's retry or this default; never after a refusal (non-200, wrong type, 204).
    bool reconnect = true;
    int retryMs = 3000;
    int maxAttempts = 0;                    // consecutive failed reconnects; 0: no limit
};

struct ConnectionOptions {
    QString url;
    TrafficKind kind = TrafficKind::WebSocket;
    EventSourceOptions eventSource;
    HeaderList headers;       // extra handshake headers, sent as given
    QStringList subprotocols;
    QString origin;           // empty: no Origin header
    // 13 (RFC 6455), the hybi drafts 8 and 7, or the hixie drafts 76 and 75 (no
    // extensions, no ping, no close codes) for servers of 2010-2011.
    protocol::ProtocolVersion protocolVersion = protocol::ProtocolVersion::Rfc6455_13;

    bool deflate = false;     // offer permessage-deflate (RFC 7692)
    protocol::DeflateOffer deflateOffer;

    quint64 maxMessageSize = 64ull * 1024 * 1024; // 1009 beyond it
    bool autoPong = true;
    // Send every incoming message back with its type, from inside the read that brought it
    // (the CLI's --echo, a test client's role). Answered in place, a message that precedes a
    // protocol violation in the same read is still echoed before the connection fails, as
    // Autobahn's strict outcome wants; a round trip through another thread would come after.
    bool echoMessages = false;

    // Timeouts in milliseconds, as kontena-websocket-client has them; 0 disables one.
    int connectTimeoutMs = 10000; // TCP connect, proxy tunnel and TLS handshake
    int openTimeoutMs = 10000;    // the answer to the upgrade request
    int writeTimeoutMs = 10000;   // a socket write that makes no progress
    int pingTimeoutMs = 10000;    // the pong for each ping we send
    int closeTimeoutMs = 5000;    // the close frame answering ours, then the TCP close
    int pingIntervalMs = 0;       // keepalive pings; 0: none
    // A ping without a pong in time fails the connection (kontena's behaviour); when
    // false it only counts as lost (the `ping` command).
    bool pingTimeoutCloses = true;

    TlsOptions tls;
    ProxyOptions proxy;
    ReconnectOptions reconnect;

    // The handshake lab: sent verbatim instead of the built request when not empty.
    QByteArray rawRequestOverride;
    // Stop after the TLS handshake (the `cert` command): the report is all we want.
    bool tlsReportOnly = false;
    EventDetail eventDetail = EventDetail::Frames;
    // Flow control for slow consumers: when this many reported events are not yet
    // acknowledged with Connection::eventsConsumed(), reading pauses (and TCP pushes back on
    // the server) until half of them are. 0: no limit (the consumer keeps up, or counts).
    int maxEventsInFlight = 0;

    // TLS CA locations from SSL_CERT_FILE / SSL_CERT_DIR / SSL_CERT_PATH when neither a CA
    // file nor a CA directory is given.
    void applyEnvironmentDefaults();
};

// The parts of a checked ws:// or wss:// URL that the connection uses.
struct ConnectionTarget {
    bool secure = false;
    QString host;          // ASCII (IDNs in their ACE form), without IPv6 brackets
    bool hostIsAddress = false;
    quint16 port = 0;
    QByteArray hostHeader;   // "example.com", "[::1]:9001", "xn--bcher-kva.example"
    QByteArray resourceName; // path and query, percent-encoded; "/" at least
    QByteArray userInfoAuthorization; // "Basic ..." from user:password@ in the URL
    QString sniName;       // empty for address literals (no SNI is sent for them)
    QString displayUrl;    // the URL without a password
};

struct ValidationResult {
    bool ok = false;
    QString message;       // why it was refused, one sentence
    ConnectionTarget target;
    QString note;          // accepted, with an assumption to tell the user (no scheme: ws://)
};

// What a URL typed into the window's bar asks for: http:// and https:// an EventSource,
// anything else a WebSocket.
TrafficKind trafficKindOfUrl(const QString &url);

// The URL as it will be used: trimmed, "ws://" (for an EventSource "http://") in front when
// it names no scheme ("localhost:9000/chat"), as wscat takes it.
QString withDefaultScheme(const QString &url, TrafficKind kind = TrafficKind::WebSocket);

// RFC 6455 section 3: checks a ws/wss URL (scheme, host, port, no fragment) and works out
// the Host header and resource name; for an EventSource, an http/https URL (a fragment is
// dropped, as it never goes on the wire). No I/O.
ValidationResult validateUrl(const QString &url, TrafficKind kind = TrafficKind::WebSocket);
// Checks the URL and the options that can be wrong before connecting (header syntax,
// timeouts, the proxy URL, the TLS files' presence).
ValidationResult validateOptions(const ConnectionOptions &options);

// RFC 7230 section 3.2.6 token, for header names.
bool isHttpToken(const QByteArray &text);

} // namespace wsi::net
