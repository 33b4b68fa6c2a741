// SPDX-License-Identifier: MIT
#pragma once
// What the built-in echo server is asked to do: a plain value struct (as Beast's options
// are), filled by the GUI's echo server panel or by `wsinspect-cli serve`.
#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>
#include <QtGlobal>

namespace wsi::net {

enum class EchoMode : quint8 {
    Echo,      // each message back to its sender, same opcode
    Broadcast, // each message to every open client, sender included (em-websocket's multicast)
    // Nothing is answered: each message is handed to the application (clientMessage), which
    // answers with sendToClient() (`serve --listen`, `serve --exec`).
    Handoff,
};

// A fault every client meets, planned before start: the close handshake with a chosen code,
// or a TCP reset without one, once the client has sent `afterMessages` messages (the last
// one answered first) or `afterMs` after its 101, whichever comes first. Tests of how a
// client copes with a server that goes away, as em-websocket's and faye's users write them.
struct ClientFault {
    enum class Action : quint8 { None, Close, Drop };
    Action action = Action::None;
    quint64 afterMessages = 0; // 0: not by count
    int afterMs = 0;           // 0: not by time
    quint16 closeCode = 1000;  // Close
    QString closeReason;

    bool isPlanned() const { return action != Action::None && (afterMessages > 0 || afterMs > 0); }
};

// An EventSource endpoint beside the WebSocket one, as faye's Faye::EventSource serves:
// GET PATH streams server-sent events (text/event-stream), POST PATH publishes its body as
// one (?event=TYPE&id=ID), and a reconnecting client's Last-Event-ID gets the events it
// missed from a bounded history.
struct EventStreamOptions {
    QString path;                // "/events"; empty: no endpoint
    int retryMs = 0;             // sent as "retry:" when a stream starts; 0: not sent
    int keepaliveMs = 15000;     // a comment line to every stream this often; 0: none
    int historySize = 1000;      // events kept for Last-Event-ID; 0: none
    QList<QPair<QByteArray, QByteArray>> headers; // added to every answer (CORS, ...)
    bool bridge = false;         // each text message from a WebSocket client is also published
    bool acceptPosts = true;     // POST PATH publishes

    bool isEnabled() const { return !path.isEmpty(); }
};

struct EchoServerOptions {
    // Secure by default: loopback only. "0.0.0.0", "::" or "*" listen everywhere, and only
    // when the user asks for it.
    QString host = QStringLiteral("127.0.0.1");
    quint16 port = 0; // 0: a free port, read back with EchoServer::serverPort() / url()

    bool tls = false;
    // PEM files; both empty: a self-signed certificate is made on the fly.
    QString certificateFile;
    QString keyFile;

    EchoMode mode = EchoMode::Echo;
    QStringList subprotocols; // accepted, in our order of preference
    bool deflate = false;     // accept permessage-deflate offers (RFC 7692)
    // Largest message (and frame) accepted; beyond it the Driver closes with 1009.
    quint64 maxMessageSize = 64ull * 1024 * 1024;
    // Clients of the hybi drafts 8 and 7 and the hixie drafts 76 and 75 are answered in
    // their own version, as em-websocket does; true refuses them with 426 (version 13 only).
    bool refuseOldDrafts = false;

    int pingIntervalMs = 0;     // keepalive pings to every open client; 0: none
    // With keepalive pings: a client that leaves one unanswered this long is closed with
    // 1011 (and dropped if it does not answer that either); 0: as long as the interval.
    int pingTimeoutMs = 0;
    int replyDelayMs = 0;       // artificial delay before each echo/broadcast; 0: none
    int handshakeTimeoutMs = 10000; // TCP accept -> 101 (TLS included); then dropped
    int closeTimeoutMs = 5000;  // our close frame -> the peer's answer; then dropped
    int listenBacklog = 1024;   // pending connections the kernel queues (somaxconn caps it)
    ClientFault fault;
    EventStreamOptions eventStream;
};

} // namespace wsi::net
