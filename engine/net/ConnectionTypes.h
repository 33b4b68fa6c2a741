// SPDX-License-Identifier: MIT
#pragma once
// Value types a Connection sends from its worker thread to the UI thread (besides the
// LogEvent batches): its state and timeline, the handshake, errors, counters and the close.
#include <QByteArray>
#include <QList>
#include <QMetaType>
#include <QPair>
#include <QString>
#include <QVector>

namespace wsi::net {

enum class ConnectionState : quint8 {
    Idle,
    Resolving,    // DNS lookup
    Connecting,   // TCP connect (to the proxy when there is one)
    ProxyTunnel,  // HTTP CONNECT exchange
    TlsHandshake,
    Upgrading,    // the HTTP upgrade request is out, waiting for 101 (an EventSource: its request, for the 200)
    Open,
    Closing,      // close frame sent or received, waiting for the rest
    Closed,
};
const char *connectionStateName(ConnectionState state);
enum class TrafficKind : quint8; // ConnectionOptions.h
// The same, in the words of that kind of traffic: an EventSource's request is out
// ("requesting") where a WebSocket's upgrade is ("upgrading").
const char *connectionStateName(ConnectionState state, TrafficKind kind);

struct TimelineEntry {
    ConnectionState state = ConnectionState::Idle;
    qint64 startNs = 0;     // since the connection started
    qint64 durationNs = -1; // -1 while it is the current state
};
using Timeline = QVector<TimelineEntry>;

enum class ErrorPhase : quint8 {
    Options,   // refused before any I/O (URL, options)
    Resolve,
    Connect,
    Proxy,
    Tls,
    Upgrade,   // the server's answer to the upgrade request
    Protocol,  // a protocol violation after the upgrade
    Write,
    Ping,
    Close,
    Transport, // the socket failed or closed unexpectedly
};
const char *errorPhaseName(ErrorPhase phase);

struct ConnectionError {
    ErrorPhase phase = ErrorPhase::Transport;
    QString id;        // stable and short: "open-timeout", "connection-refused", ...
    QString message;   // one line: "no answer to the upgrade request within 5000 ms (open timeout)"
    QString hint;      // what to try next; may be empty
    qint64 timeNs = 0; // when it happened, since the connection started
    qint64 waitedMs = -1; // for timeouts: how long we waited
    int tlsAlert = -1;    // the TLS alert the server sent, when that is the error (tls/TlsAlerts.h)
};

// The opening handshake, whether it succeeded (101) or not.
struct HandshakeInfo {
    bool accepted = false;
    qint64 timeNs = 0;       // when the answer was complete, since the connection started
    QByteArray rawRequest;   // as sent
    QByteArray rawResponse;  // the response head as received
    QByteArray bodyPreview;  // the first bytes of a non-101 response body
    int status = 0;
    QString statusLine;
    QList<QPair<QByteArray, QByteArray>> responseHeaders;
    QString subprotocol;
    QString extensions;      // the accepted Sec-WebSocket-Extensions value
    bool deflate = false;
    QString deflateParams;   // "server_no_context_takeover; client_max_window_bits=15" ...
    // The WebSocket version spoken, as protocolVersionName() says it: "13", "8", "7",
    // "hixie-76", "hixie-75" (empty in sessions saved before versions were chosen: 13).
    QString protocolVersion;
    QString failure;         // precise reason when not accepted
    QString diagnosis;       // what it probably means (redirect, 401, proxy, ...)
};

struct TrafficCounters {
    quint64 bytesIn = 0;     // on the wire, handshake included
    quint64 bytesOut = 0;
    quint64 messagesIn = 0;
    quint64 messagesOut = 0;
    quint64 payloadBytesIn = 0;  // message payloads after inflate
    quint64 payloadBytesOut = 0;
    quint64 framesIn = 0;
    quint64 framesOut = 0;
};

enum class CloseInitiator : quint8 { Local, Remote, Transport };

// One close frame, either way.
struct CloseFrameInfo {
    bool present = false;    // it went on the wire
    quint16 code = 0;        // 0: the frame had no code
    QString reason;
};

// How a connection ended. Its code is the one in the close frame received (RFC 6455
// section 7.1.5): 1005 when that frame had none, 1006 when none came; `sent` and `received`
// are the two frames as they went, `initiator` who sent the first.
struct CloseInfo {
    quint16 code = 1006;     // 1005: no code in the close frame; 1006: no close frame
    QString reason;          // the received frame's; with 1006, what happened instead
    CloseInitiator initiator = CloseInitiator::Transport;
    bool clean = false;      // both close frames exchanged (and no error)
    qint64 timeNs = 0;
    CloseFrameInfo sent;
    CloseFrameInfo received;
};
const char *closeInitiatorName(CloseInitiator initiator);
// "1009 (message too big) \"limit 1000\"", "no status code", or "none" when absent.
QString describeCloseFrame(const CloseFrameInfo &frame);
// The end of a transport without a close handshake: 1006, not clean, with what happened.
CloseInfo abnormalClose(CloseInitiator initiator, QString reason);

// A consistent picture of one connection, sent along with each event batch.
struct ConnectionSnapshot {
    ConnectionState state = ConnectionState::Idle;
    Timeline timeline;
    TrafficCounters counters;
    qint64 elapsedNs = 0;
};

} // namespace wsi::net
