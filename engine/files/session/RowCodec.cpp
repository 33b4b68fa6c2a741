// SPDX-License-Identifier: MIT
#include "files/session/RowCodec.h"

#include "files/session/LittleEndianCodec.h"

#include <QtEndian>

namespace wsi::log {

namespace {

enum PayloadForm : quint8 { NoPayload = 0, InlinePayload = 1, RowPayload = 2 };
// The row's "extras" byte: which optional parts follow its payload.
enum RowExtra : quint8 { HasPingInfo = 0x1, HasResentFrom = 0x2, HasEventInfo = 0x4 };

constexpr qsizetype MinFrameBytes = 33; // a frame without payload or raw header
constexpr quint8 RowBits =
    RecordBit::DirectionMask | RecordBit::Compressed | RecordBit::Clean | RecordBit::Truncated | RecordBit::ClientLeg;
constexpr quint8 FrameBits = RecordBit::DirectionMask | RecordBit::HasPayload | RecordBit::RawHeader;

bool hasPingInfo(LogEntryKind kind) { return kind == LogEntryKind::Ping || kind == LogEntryKind::Pong; }

QString rowError(int row, const QString &what)
{
    return QStringLiteral("row %1: %2").arg(row).arg(what);
}

} // namespace

int RowCodec::encode(const MessageStore &store, int first, int end, qsizetype targetBytes, QByteArray &out)
{
    const qsizetype countAt = out.size();
    LittleEndianWriter(out).u32(0); // patched below
    int row = first;
    while (row < end && (row == first || out.size() - countAt < targetBytes)) {
        encodeRow(store, row, out);
        ++row;
    }
    qToLittleEndian(quint32(row - first), out.data() + countAt);
    return row;
}

void RowCodec::encodeRow(const MessageStore &store, int row, QByteArray &out)
{
    const LogRecord &record = store.record(row);
    const int frames = store.frameCount(row);
    const bool ping = record.hasPingInfo();
    const bool event = record.hasEventInfo();
    const qint64 resentFrom = store.resentFrom(row);
    LittleEndianWriter w(out);
    w.i64(record.timeNs);
    w.u32(record.payloadSize);
    w.u32(record.wireSize);
    w.u32(record.wireFrames);
    w.u32(record.clientId);
    w.u32(quint32(frames));
    w.u16(record.code);
    w.u8(quint8(record.kind));
    w.u8(record.bits);
    w.u8((ping ? HasPingInfo : 0) | (resentFrom ? HasResentFrom : 0) | (event ? HasEventInfo : 0));
    w.bytes(store.payload(row));
    if (ping) {
        const PingInfo info = store.pingInfo(row);
        const QByteArray note = info.note.toUtf8();
        w.u64(info.pingId);
        w.i64(info.rttNs);
        w.u32(quint32(note.size()));
        w.bytes(note);
    }
    if (event) {
        const EventInfo info = store.eventInfo(row);
        const QByteArray type = info.type.toUtf8();
        const QByteArray id = info.lastEventId.toUtf8();
        w.u64(info.retryMs);
        w.u64(info.streamOffset);
        w.u32(quint32(type.size()));
        w.bytes(type);
        w.u32(quint32(id.size()));
        w.bytes(id);
        w.u32(quint32(info.raw.size()));
        w.bytes(info.raw);
    }
    if (resentFrom)
        w.i64(resentFrom);
    for (int i = 0; i < frames; ++i)
        encodeFrame(store, row, store.firstFrame(row) + i, out);
}

void RowCodec::encodeFrame(const MessageStore &store, int row, int index, QByteArray &out)
{
    const FrameRecord frame = store.frame(index);
    const QByteArrayView payload = store.framePayload(index);
    // A stray frame's row and a ping's frame carry the same bytes as their row: once is enough.
    const PayloadForm form = payload.isEmpty() ? NoPayload
        : payload == store.payload(row)        ? RowPayload
                                               : InlinePayload;
    LittleEndianWriter w(out);
    w.i64(frame.timeNs);
    w.u64(frame.streamOffset);
    w.u64(frame.length);
    w.u32(frame.maskKey);
    w.u8(frame.opcode);
    w.u8(frame.flags);
    w.u8(frame.headerSize);
    w.u8(frame.bits);
    w.u8(form);
    if (form == InlinePayload) {
        w.u32(quint32(payload.size()));
        w.bytes(payload);
    }
    if (frame.bits & RecordBit::RawHeader)
        w.bytes(store.frameHeader(index));
}

QString RowCodec::decode(QByteArrayView body, MessageStore &store)
{
    LittleEndianReader r(body);
    const quint32 rows = r.u32();
    for (quint32 i = 0; i < rows; ++i) {
        const int row = store.rowCount();
        LogRecord record;
        record.timeNs = r.i64();
        const quint32 payloadSize = r.u32();
        record.wireSize = r.u32();
        record.wireFrames = r.u32();
        record.clientId = r.u32();
        const quint32 frames = r.u32();
        record.code = r.u16();
        const quint8 kind = r.u8();
        record.bits = r.u8();
        const quint8 extras = r.u8();
        const bool ping = extras & HasPingInfo;
        const QByteArrayView payload = r.bytes(payloadSize);
        if (!r.ok())
            return rowError(row, QStringLiteral("the section ends inside the row"));
        if (kind >= LogEntryKindCount)
            return rowError(row, QStringLiteral("unknown row type %1").arg(kind));
        record.kind = LogEntryKind(kind);
        if ((record.bits & ~RowBits) || (record.bits & RecordBit::DirectionMask) > 2)
            return rowError(row, QStringLiteral("unknown row flags 0x%1").arg(record.bits, 2, 16, QLatin1Char('0')));
        if (extras & ~(HasPingInfo | HasResentFrom | HasEventInfo))
            return rowError(row, QStringLiteral("unknown row extras 0x%1").arg(extras, 2, 16, QLatin1Char('0')));
        if (ping && !hasPingInfo(record.kind))
            return rowError(row, QStringLiteral("ping details on a %1 row").arg(QLatin1String(kindName(record.kind))));
        const bool event = extras & HasEventInfo;
        if (event && record.kind != LogEntryKind::Event)
            return rowError(row, QStringLiteral("event details on a %1 row").arg(QLatin1String(kindName(record.kind))));
        PingInfo info;
        if (ping) {
            info.pingId = r.u64();
            info.rttNs = r.i64();
            const QByteArrayView note = r.bytes(r.u32());
            info.note = QString::fromUtf8(note);
        }
        EventInfo eventInfo;
        if (event) {
            eventInfo.retryMs = r.u64();
            eventInfo.streamOffset = r.u64();
            eventInfo.type = QString::fromUtf8(r.bytes(r.u32()));
            eventInfo.lastEventId = QString::fromUtf8(r.bytes(r.u32()));
            eventInfo.raw = r.bytes(r.u32()).toByteArray();
        }
        const qint64 resentFrom = (extras & HasResentFrom) ? r.i64() : 0;
        if (!r.ok())
            return rowError(row, QStringLiteral("the section ends inside the row's ping or event details or resend link"));
        if (frames > quint64(r.remaining()) / MinFrameBytes)
            return rowError(row, QStringLiteral("%1 frames do not fit in the section").arg(frames));
        store.restoreRow(record, payload, ping ? &info : nullptr, event ? &eventInfo : nullptr);
        if (resentFrom)
            store.setResentFrom(store.rowCount() - 1, resentFrom);
        for (quint32 f = 0; f < frames; ++f) {
            FrameRecord frame;
            frame.timeNs = r.i64();
            frame.streamOffset = r.u64();
            frame.length = r.u64();
            frame.maskKey = r.u32();
            frame.opcode = r.u8();
            frame.flags = r.u8();
            frame.headerSize = r.u8();
            frame.bits = r.u8();
            const quint8 form = r.u8();
            if (!r.ok())
                return rowError(row, QStringLiteral("the section ends inside frame %1").arg(f));
            if ((frame.bits & ~FrameBits) || (frame.bits & RecordBit::DirectionMask) > 2 || form > RowPayload
                || (form == RowPayload && payload.isEmpty()) || frame.headerSize > 14)
                return rowError(row, QStringLiteral("frame %1 has an impossible header").arg(f));
            QByteArrayView framePayload = form == RowPayload ? payload : QByteArrayView();
            if (form == InlinePayload)
                framePayload = r.bytes(r.u32());
            QByteArrayView rawHeader;
            if (frame.bits & RecordBit::RawHeader) {
                if (frame.headerSize < 2)
                    return rowError(row, QStringLiteral("frame %1 has a raw header of %2 bytes").arg(f).arg(frame.headerSize));
                rawHeader = r.bytes(frame.headerSize);
            }
            if (!r.ok())
                return rowError(row, QStringLiteral("the section ends inside frame %1").arg(f));
            store.restoreFrame(frame, framePayload, rawHeader);
        }
    }
    if (!r.atEnd())
        return QStringLiteral("%1 bytes after the last row").arg(r.remaining());
    return {};
}

} // namespace wsi::log
