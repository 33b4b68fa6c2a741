// SPDX-License-Identifier: MIT
#pragma once
// The compact records a MessageStore keeps per row and per frame. They are plain data of
// fixed size (48 and 32 bytes) so a million rows fit in tens of megabytes; payloads live
// in the PayloadArena and rarely used fields (ping ids, round trips, raw headers that
// cannot be rebuilt) in side tables. A FrameRecord is only kept whole for frames their row
// does not imply: the one frame of a text or binary message costs 8 bytes and its record
// is rebuilt on demand (FrameTable), so MessageStore::frame() returns records by value.
#include "net/LogEvent.h"

#include <QByteArray>
#include <QString>
#include <QtGlobal>

namespace wsi::log {

// What a row of the log is. Text and Binary are kept apart (unlike net::EventKind) so a
// type filter is one bit test.
enum class LogEntryKind : quint8 {
    Text,
    Binary,
    Ping,
    Pong,
    Close,
    Error,
    Info,
    Frame, // a data frame that belongs to no message (a raw frame, an aborted message)
    Attempt,   // a connection attempt's boundary: payload the URL, code its number in the log
    Handshake, // the upgrade: payload the request head then the response head (wireSize:
               // the request's length), code the HTTP status
    Event,     // a server-sent event: payload its data, wireSize its bytes in the stream,
               // extra its EventInfo (type, id, retry, raw bytes)
    Comment,   // an event stream comment line: payload its text, wireSize its bytes
};
constexpr int LogEntryKindCount = 12;

constexpr quint32 kindBit(LogEntryKind kind) { return 1u << unsigned(kind); }
constexpr quint32 directionBit(net::EventDirection direction) { return 1u << unsigned(direction); }

// "text", "binary", "ping", ...: stable words for the CLI, exports and tests.
const char *kindName(LogEntryKind kind);
// The row a frame gets when it belongs to no message (a raw frame sent by hand, a stray
// frame): a ping or pong row for those opcodes, a frame row for any other.
LogEntryKind rowKindOfLoneFrame(quint8 opcode);

namespace RecordBit {
constexpr quint8 DirectionMask = 0x03; // net::EventDirection
constexpr quint8 Compressed = 0x04;    // Message: permessage-deflate
constexpr quint8 Clean = 0x08;         // Close: both close frames exchanged
constexpr quint8 Truncated = 0x10;     // the payload was longer than 4 GiB; the rest is lost
constexpr quint8 HasPayload = 0x20;    // FrameRecord: a payload was stored (see MessageStore)
constexpr quint8 RawHeader = 0x40;     // FrameRecord: header bytes stored as seen
constexpr quint8 ClientLeg = 0x80;     // LogRecord: a proxied flow's app side (net::TrafficLeg::Client)
} // namespace RecordBit

struct LogRecord {
    static constexpr quint32 NoExtra = 0xffffffffu;

    qint64 timeNs = 0;       // since the connection (or server) started
    quint64 payload = 0;     // PayloadArena position; Close: the reason; Error/Info: the text
    quint32 payloadSize = 0;
    quint32 wireSize = 0;    // Message: payload bytes on the wire (saturated at 4 GiB)
    quint32 firstFrame = 0;  // this row's frames run up to the next row's firstFrame
    quint32 wireFrames = 0;  // Message: its frames on the wire (known even when frames are not logged)
    quint32 clientId = 0;    // echo server: which client; 0 otherwise
    quint32 extra = NoExtra; // Ping/Pong: index of its PingInfo; Event: of its EventInfo;
                             // Attempt: rows to its result
    quint16 code = 0;        // Close / Error: close code
    LogEntryKind kind = LogEntryKind::Info;
    quint8 bits = 0;         // RecordBit

    net::EventDirection direction() const { return net::EventDirection(bits & RecordBit::DirectionMask); }
    bool isCompressed() const { return bits & RecordBit::Compressed; }
    bool isClean() const { return bits & RecordBit::Clean; }
    net::TrafficLeg leg() const { return bits & RecordBit::ClientLeg ? net::TrafficLeg::Client : net::TrafficLeg::Server; }
    bool isTruncated() const { return bits & RecordBit::Truncated; }
    bool hasPingInfo() const
    {
        return extra != NoExtra && (kind == LogEntryKind::Ping || kind == LogEntryKind::Pong);
    }
    bool hasEventInfo() const { return extra != NoExtra && kind == LogEntryKind::Event; }
};
static_assert(sizeof(LogRecord) == 48, "keep the per-row cost small");

struct FrameRecord {
    qint64 timeNs = 0;
    quint64 streamOffset = 0; // of the header's first byte in its direction's stream
    quint64 length = 0;       // payload length from the header
    quint32 maskKey = 0;      // big-endian as on the wire
    quint8 opcode = 0;
    quint8 flags = 0;         // net::FrameFlag bits
    quint8 headerSize = 0;    // 2 to 14 bytes
    quint8 bits = 0;          // RecordBit (direction, HasPayload, RawHeader)

    net::EventDirection direction() const { return net::EventDirection(bits & RecordBit::DirectionMask); }
    bool isFinal() const { return flags & net::FrameFlag::Fin; }
    bool isMasked() const { return flags & net::FrameFlag::Masked; }
};
static_assert(sizeof(FrameRecord) == 32, "keep the per-frame cost small");

// Ping / Pong details, kept aside because few rows need them.
struct PingInfo {
    quint64 pingId = 0;
    qint64 rttNs = -1;
    QString note; // "not answered (auto-pong off)", ...
};

// A server-sent event's details, kept aside because only event rows need them.
struct EventInfo {
    QString type = QStringLiteral("message");
    QString lastEventId;
    quint64 retryMs = 0;      // the retry field among its lines; 0: none
    quint64 streamOffset = 0; // where its lines begin in the stream
    QByteArray raw;           // its lines as they came (empty unless frames were logged)
};

} // namespace wsi::log
