// SPDX-License-Identifier: MIT
#pragma once
// What the message details panel shows about one row of the log, as a plain value: the
// log view fills it from the MessageStore (record, payload, frames) and hands it over.
#include "store/LogRecord.h"
#include "net/LogEvent.h"
#include "decode/Decoder.h"

#include <QByteArray>
#include <QDateTime>
#include <QString>
#include <QVector>

namespace wsi::ui {

// One frame of the message, as its header said on the wire.
struct FrameDetails {
    bool fin = true;
    bool rsv1 = false;
    bool rsv2 = false;
    bool rsv3 = false;
    quint8 opcode = 0;
    bool masked = false;
    quint32 maskKey = 0;      // big-endian as on the wire; meaningful when masked
    quint64 length = 0;       // payload length from the header
    QByteArray headerBytes;   // the 2 to 14 header bytes (hixie: the type and length bytes)
    quint64 streamOffset = 0; // of the header's first byte in its direction's stream
    // The hixie drafts' framing: no flags or mask; a sentinel frame ends with 0xFF.
    bool hixie = false;
    bool hixieTrailer = false;
};

struct MessageDetails {
    net::EventDirection direction = net::EventDirection::Incoming;
    log::LogEntryKind kind = log::LogEntryKind::Text;
    quint8 opcode = 0;        // of the first frame (0x1 text, 0x2 binary, 0x9 ping, ...)
    qint64 timeNs = 0;        // since the connection started
    QDateTime wallTime;       // null when unknown
    QByteArray payload;       // inflated; Close: the reason; Error/Info: the text
    quint64 wireSize = 0;     // payload bytes on the wire (compressed when deflated)
    bool compressed = false;  // permessage-deflate
    bool truncated = false;   // the store kept only part of the payload
    quint16 closeCode = 0;    // Close / Error rows
    qint64 resentFrom = 0;    // the row this one sends again (the log's Resend), 0: none
    QVector<FrameDetails> frames;
    // Event rows (server-sent events): what the stream said besides the data, and the event's
    // lines as they came (the hex view shows them when they were kept).
    QString eventType;
    QString eventId;
    quint64 eventRetryMs = 0;
    quint64 eventOffset = 0;
    QByteArray eventRaw;
    // What the tab's decoder (ui/decode/RowDecoder) read in the payload, with its tree;
    // NotRecognised when decoding is off or no protocol fits.
    decode::DecodeResult decoded;
};

// "↓ incoming text · 1.2 KiB · wire 301 B, deflated · 3 frames · +2.113 s": the panel's
// heading line.
QString describeMessage(const MessageDetails &details);
// A mask key as its four bytes: "3a 7f 00 c2".
QString formatMaskKey(quint32 maskKey);

} // namespace wsi::ui
