// SPDX-License-Identifier: MIT
#pragma once
// The value type that carries what a traffic source saw from its worker thread to the UI
// thread (and to the CLI): one row of the log. Events travel in runs (EventBatch) inside
// the source's ReportBatches (net/source/SourceReport.h): one queued signal per ~16 ms or
// per few thousand events, never one per message. Payloads are implicitly shared
// QByteArrays, so a run is cheap to copy across threads.
#include <QByteArray>
#include <QMetaType>
#include <QString>
#include <QVector>

namespace wsi::net {

enum class EventKind : quint8 {
    Frame,    // one frame header either way (payload only for control frames)
    Message,  // one reassembled text/binary message
    Ping,
    Pong,     // rttNs set when it answered one of our pings
    Close,    // the close handshake finished (or the transport died)
    Error,    // protocol error, handshake failure, timeout, socket error
    Info,     // a line for the log: "auto-pong disabled", "server fault injected", ...
    Attempt,  // a connection attempt began: text is its URL; what follows belongs to it
    Handshake,// the upgrade's answer: payload is the request head then the response head
              // (wireSize: the request's length), code the HTTP status
    ServerEvent, // EventSource: one event; payload its data, text its type and id (see
                 // serverEventText), header the stream's bytes it came from, streamOffset and
                 // length their place in the stream
    EventComment,// EventSource: a comment line (": ..."), payload its text, header its bytes
};

enum class EventDirection : quint8 { Incoming, Outgoing, Local };

// Which side of a source's traffic an event belongs to. A client connection has one leg,
// between us and the server; a proxied flow has two: the app's side (Client) and the
// upstream's (Server). Direction is seen from the inspector: Incoming on the Client leg
// is what the app sent.
enum class TrafficLeg : quint8 { Server, Client };

// Frame flags, as on the wire.
namespace FrameFlag {
constexpr quint8 Fin = 0x80;
constexpr quint8 Rsv1 = 0x40;
constexpr quint8 Rsv2 = 0x20;
constexpr quint8 Rsv3 = 0x10;
constexpr quint8 Masked = 0x08;
// Not header bits: the hixie drafts' framing (protocol::FrameFormat::Hixie). The "header"
// is the type byte (and a binary frame's length bytes); a sentinel frame's payload is
// followed by one 0xFF byte, which HixieTrailer says is there.
constexpr quint8 Hixie = 0x04;
constexpr quint8 HixieTrailer = 0x02;
} // namespace FrameFlag

struct LogEvent {
    EventKind kind = EventKind::Info;
    EventDirection direction = EventDirection::Local;
    TrafficLeg leg = TrafficLeg::Server;
    bool isText = false;     // Message: text or binary
    bool compressed = false; // Message: permessage-deflate
    bool clean = false;      // Close: both close frames exchanged
    bool ownRow = false;     // Frame: a row of its own at once (a raw frame sent by hand),
                             // never held back to wait for a message it is not part of
    quint8 opcode = 0;       // Frame
    quint8 flags = 0;        // Frame: FrameFlag bits
    quint16 code = 0;        // Close / Error: close code (0: none); Handshake: HTTP status
    quint32 frameCount = 0;  // Message
    quint32 maskKey = 0;     // Frame, big-endian as on the wire
    qint64 timeNs = 0;       // since the connection started (worker's monotonic clock)
    quint64 length = 0;      // Frame: payload length; Message: inflated size
    quint64 wireSize = 0;    // Message: payload bytes on the wire; Handshake: the request's size
    quint64 streamOffset = 0;// Frame/Message: byte offset in its direction's stream
    quint64 pingId = 0;      // Ping (outgoing) / Pong (incoming, matched); ServerEvent: the
                             // retry field among its lines (ms), 0: none
    qint64 rttNs = -1;       // Pong: round trip of the matched ping
    QByteArray header;       // Frame: raw header bytes
    QByteArray payload;      // Message / Ping / Pong / control Frame payload
    QString text;            // Close: reason; Error/Info: message; Error: id prefix "id: "
    quint64 clientId = 0;    // echo server: which client (EchoServer's ids start at 1); 0 otherwise
};

using EventBatch = QVector<LogEvent>;

// A ServerEvent's text: its type, a line break, its last event ID. Neither can hold a line
// break (the event stream is made of lines), so the pair needs no escaping. (The Connection
// builds the same form from UTF-8 directly.)
inline QString serverEventText(const QString &type, const QString &lastEventId)
{
    return type + QLatin1Char('\n') + lastEventId;
}
inline QString serverEventType(const LogEvent &event)
{
    return event.text.section(QLatin1Char('\n'), 0, 0);
}
inline QString serverEventId(const LogEvent &event)
{
    return event.text.section(QLatin1Char('\n'), 1);
}

} // namespace wsi::net
