// SPDX-License-Identifier: MIT
#pragma once
// Builders for the network layer's events, as the store sees them in a batch.
#include "net/LogEvent.h"

#include <QByteArray>
#include <QString>

namespace wsi::test {

using net::EventDirection;
using net::EventKind;
using net::LogEvent;

constexpr EventDirection In = EventDirection::Incoming;
constexpr EventDirection Out = EventDirection::Outgoing;

// A frame header as a client (masked) or a server (unmasked) would send it, written out
// here byte by byte so the store's own encoder is checked against an independent one.
inline QByteArray wireHeader(quint8 opcode, quint8 flags, quint64 length, quint32 maskKey)
{
    QByteArray header;
    header.append(char((flags & 0xf0) | opcode));
    const char mask = (flags & net::FrameFlag::Masked) ? char(0x80) : char(0);
    if (length <= 125) {
        header.append(char(mask | char(length)));
    } else if (length <= 0xffff) {
        header.append(char(mask | 126));
        header.append(char(length >> 8)).append(char(length));
    } else {
        header.append(char(mask | 127));
        for (int shift = 56; shift >= 0; shift -= 8)
            header.append(char(length >> shift));
    }
    if (flags & net::FrameFlag::Masked) {
        for (int shift = 24; shift >= 0; shift -= 8)
            header.append(char(maskKey >> shift));
    }
    return header;
}

inline LogEvent frame(EventDirection direction, quint8 opcode, bool fin, quint64 length, quint64 offset,
                      qint64 timeNs, const QByteArray &payload = {}, quint64 clientId = 0)
{
    LogEvent event;
    event.kind = EventKind::Frame;
    event.direction = direction;
    event.opcode = opcode;
    event.flags = fin ? net::FrameFlag::Fin : 0;
    if (direction == Out) {
        event.flags |= net::FrameFlag::Masked;
        event.maskKey = 0x11223344;
    }
    event.length = length;
    event.streamOffset = offset;
    event.timeNs = timeNs;
    event.payload = payload;
    event.clientId = clientId;
    event.header = wireHeader(opcode, event.flags, length, event.maskKey);
    return event;
}

inline LogEvent message(EventDirection direction, bool isText, const QByteArray &payload, quint64 offset,
                        qint64 timeNs, quint32 frameCount = 1, quint64 clientId = 0)
{
    LogEvent event;
    event.kind = EventKind::Message;
    event.direction = direction;
    event.isText = isText;
    event.payload = payload;
    event.length = quint64(payload.size());
    event.wireSize = quint64(payload.size());
    event.frameCount = frameCount;
    event.streamOffset = offset;
    event.timeNs = timeNs;
    event.clientId = clientId;
    return event;
}

inline LogEvent control(EventKind kind, EventDirection direction, const QByteArray &payload, qint64 timeNs,
                        quint64 clientId = 0)
{
    LogEvent event;
    event.kind = kind;
    event.direction = direction;
    event.payload = payload;
    event.timeNs = timeNs;
    event.clientId = clientId;
    return event;
}

inline LogEvent note(EventKind kind, const QString &text, qint64 timeNs, quint16 code = 0, quint64 clientId = 0)
{
    LogEvent event;
    event.kind = kind;
    event.direction = EventDirection::Local;
    event.text = text;
    event.timeNs = timeNs;
    event.code = code;
    event.clientId = clientId;
    return event;
}

inline LogEvent closeEvent(EventDirection initiator, quint16 code, const QString &reason, bool clean, qint64 timeNs,
                           quint64 clientId = 0)
{
    LogEvent event = note(EventKind::Close, reason, timeNs, code, clientId);
    event.direction = initiator;
    event.clean = clean;
    return event;
}

} // namespace wsi::test
