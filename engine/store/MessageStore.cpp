// SPDX-License-Identifier: MIT
#include "store/MessageStore.h"

#include "store/FrameHeaderBytes.h"
#include "protocol/Opcode.h"

#include <algorithm>
#include <cstring>
#include <limits>

namespace wsi::log {

using net::EventKind;
using net::LogEvent;
using protocol::Opcode;

namespace {
constexpr quint64 MaxStored = std::numeric_limits<quint32>::max();

quint32 saturated(quint64 value) { return quint32(std::min(value, MaxStored)); }

// A data frame that starts a message (FrameCollector::addFrame then takeMessageFrames
// would give it to that message and nothing else).
bool isOnlyFrameOf(const LogEvent &frame, const LogEvent &message)
{
    return frame.kind == EventKind::Frame && message.kind == EventKind::Message
        && !protocol::isControlOpcode(frame.opcode) && frame.opcode != quint8(Opcode::Continuation)
        && frame.clientId == message.clientId && frame.direction == message.direction
        && frame.streamOffset >= message.streamOffset;
}

} // namespace

RowRange MessageStore::append(const net::EventBatch &batch)
{
    const int before = rowCount();
    for (qsizetype i = 0; i < batch.size(); ++i) {
        // The usual pair, a message's only frame and then the message, goes straight to
        // one row when nothing waits in the collector: what the collector would do,
        // without copying the frame in and out of it.
        if (i + 1 < batch.size() && m_collector.isEmpty() && isOnlyFrameOf(batch[i], batch[i + 1])) {
            appendRow(batch[i + 1], batch[i + 1].isText ? LogEntryKind::Text : LogEntryKind::Binary,
                      batch[i + 1].payload, &batch[i], 1);
            ++i;
            continue;
        }
        appendEvent(batch[i]);
    }
    FrameCollector::Frames orphans;
    m_collector.endOfBatch(orphans);
    appendOrphans(orphans);
    return {before, rowCount() - before};
}

void MessageStore::clear()
{
    m_rows.clear();
    m_frames.clear();
    m_blobs = {};
    m_pingInfos = {};
    m_eventInfos = {};
    m_arena.clear();
    m_collector.clear();
    m_firstRowNumber = 0;
    m_frameBase = 0;
    m_pingBase = 0;
    m_eventBase = 0;
    m_openAttempt = -1;
    m_attemptCount = 0;
    m_resentFrom = {};
}

void MessageStore::appendEvent(const LogEvent &event)
{
    FrameCollector::Frames orphans;
    switch (event.kind) {
    case EventKind::Frame:
        if (event.ownRow)
            orphans.append(event);
        else
            m_collector.addFrame(event, orphans);
        appendOrphans(orphans);
        return;
    case EventKind::Message: {
        const FrameCollector::Frames frames = m_collector.takeMessageFrames(event, orphans);
        appendOrphans(orphans);
        appendRow(event, event.isText ? LogEntryKind::Text : LogEntryKind::Binary, event.payload, frames);
        return;
    }
    case EventKind::Ping:
    case EventKind::Pong:
        appendRow(event, event.kind == EventKind::Ping ? LogEntryKind::Ping : LogEntryKind::Pong, event.payload,
                  m_collector.takeControlFrame(event));
        return;
    case EventKind::Close: {
        const FrameCollector::Frames frames = m_collector.takeCloseFrames(event, orphans);
        appendOrphans(orphans);
        appendRow(event, LogEntryKind::Close, event.text.toUtf8(), frames);
        return;
    }
    case EventKind::Error:
        appendRow(event, LogEntryKind::Error, event.text.toUtf8(), m_collector.takeAll(event.clientId));
        return;
    case EventKind::Info:
        appendRow(event, LogEntryKind::Info, event.text.toUtf8(), {});
        return;
    case EventKind::Attempt:
        appendRow(event, LogEntryKind::Attempt, event.text.toUtf8(), {});
        return;
    case EventKind::Handshake:
        appendRow(event, LogEntryKind::Handshake, event.payload, {});
        return;
    case EventKind::ServerEvent:
        appendRow(event, LogEntryKind::Event, event.payload, {});
        return;
    case EventKind::EventComment:
        appendRow(event, LogEntryKind::Comment, event.payload, {});
        return;
    }
}

void MessageStore::appendRow(const LogEvent &event, LogEntryKind kind, QByteArrayView payload,
                             const FrameCollector::Frames &frames)
{
    appendRow(event, kind, payload, frames.constData(), int(frames.size()));
}

void MessageStore::appendRow(const LogEvent &event, LogEntryKind kind, QByteArrayView payload,
                             const LogEvent *frames, int frameCount)
{
    // Arena bytes appended from here (the row's payload, its frames') belong to this row.
    m_arena.setOwner(quint64(m_firstRowNumber + rowCount()));
    LogRecord row;
    row.timeNs = event.timeNs;
    row.payloadSize = saturated(quint64(payload.size()));
    row.payload = m_arena.append(payload.first(row.payloadSize));
    row.wireSize = saturated(event.wireSize);
    row.firstFrame = frameEnd();
    row.wireFrames = event.frameCount;
    row.clientId = quint32(event.clientId);
    row.code = event.code;
    row.kind = kind;
    row.bits = quint8(event.direction) & RecordBit::DirectionMask;
    if (event.leg == net::TrafficLeg::Client)
        row.bits |= RecordBit::ClientLeg;
    if (event.compressed)
        row.bits |= RecordBit::Compressed;
    if (event.clean)
        row.bits |= RecordBit::Clean;
    if (quint64(payload.size()) > MaxStored)
        row.bits |= RecordBit::Truncated;
    if (kind == LogEntryKind::Ping || kind == LogEntryKind::Pong) {
        row.extra = pingEnd();
        m_pingInfos.push_back({event.pingId, event.rttNs, event.text});
    } else if (kind == LogEntryKind::Event) {
        row.extra = eventEnd();
        // The row's text is serverEventText()'s "type\nid".
        const QStringView text = event.text;
        const qsizetype lineBreak = text.indexOf(QLatin1Char('\n'));
        appendEventRecord(event.pingId, event.streamOffset, payload.first(row.payloadSize), event.header,
                          text.first(lineBreak < 0 ? text.size() : lineBreak),
                          lineBreak < 0 ? QStringView() : text.sliced(lineBreak + 1));
    }
    m_rows.append(row);
    trackAttempts();
    for (int i = 0; i < frameCount; ++i)
        appendFrame(frames[i], frameCount == 1);
}

// A frame nothing claimed becomes a row of its own, sharing its payload bytes.
void MessageStore::appendOrphans(const FrameCollector::Frames &orphans)
{
    for (const LogEvent &frame : orphans) {
        LogEvent event = frame;
        event.wireSize = frame.length;
        event.frameCount = 1;
        appendRow(event, rowKindOfLoneFrame(frame.opcode), {}, {});
        LogRecord &row = m_rows[m_rows.size() - 1];
        row.payloadSize = saturated(quint64(frame.payload.size()));
        row.payload = m_arena.append(QByteArrayView(frame.payload).first(row.payloadSize));
        appendFrame(frame, true, &row.payload);
    }
}

void MessageStore::appendFrame(const LogEvent &event, bool onlyFrame, const quint64 *sharedPayload)
{
    FrameRecord frame;
    frame.timeNs = event.timeNs;
    frame.streamOffset = event.streamOffset;
    frame.length = event.length;
    frame.maskKey = event.maskKey;
    frame.opcode = event.opcode;
    frame.flags = event.flags;
    frame.headerSize = quint8(std::min<qsizetype>(event.header.size(), 14));
    frame.bits = quint8(event.direction) & RecordBit::DirectionMask;

    FrameBlob blob;
    blob.frame = frameEnd();
    if (!event.payload.isEmpty()) {
        frame.bits |= RecordBit::HasPayload;
        blob.payloadSize = saturated(quint64(event.payload.size()));
        blob.payload = sharedPayload ? *sharedPayload
                                     : m_arena.append(QByteArrayView(event.payload).first(blob.payloadSize));
    }
    // Headers are rebuilt from the fields on demand; keep the bytes only when that would
    // not reproduce what was seen.
    const FrameHeaderBytes rebuilt = encodeFrameHeader(frame);
    if (!event.header.isEmpty()
        && QByteArrayView(rebuilt.bytes.data(), rebuilt.size) != QByteArrayView(event.header)) {
        frame.bits |= RecordBit::RawHeader;
        blob.header = m_arena.append(event.header);
    }
    if (frame.bits & (RecordBit::HasPayload | RecordBit::RawHeader))
        m_blobs.push_back(blob);
    storeFrame(frame, onlyFrame);
}

// Compact when the last row implies the frame exactly (FrameTable); a payload or a raw
// header are never implied, so blobs always belong to full frames.
void MessageStore::storeFrame(const FrameRecord &frame, bool onlyFrameOfLastRow)
{
    const LogRecord &row = m_rows[m_rows.size() - 1];
    if (onlyFrameOfLastRow && FrameTable::isImplied(row, frame))
        m_frames.appendCompact(row, frame);
    else
        m_frames.appendFull(frame);
}

void MessageStore::restoreRow(const LogRecord &record, QByteArrayView payload, const PingInfo *ping,
                              const EventInfo *event)
{
    m_arena.setOwner(quint64(m_firstRowNumber + rowCount()));
    LogRecord row = record;
    row.payloadSize = saturated(quint64(payload.size()));
    row.payload = m_arena.append(payload.first(row.payloadSize));
    row.firstFrame = frameEnd();
    row.extra = LogRecord::NoExtra;
    if (ping) {
        row.extra = pingEnd();
        m_pingInfos.push_back(*ping);
    } else if (event) {
        row.extra = eventEnd();
        appendEventRecord(event->retryMs, event->streamOffset, payload.first(row.payloadSize), event->raw, event->type,
                          event->lastEventId);
    }
    m_rows.append(row);
    trackAttempts();
}

void MessageStore::restoreFrame(const FrameRecord &frame, QByteArrayView payload, QByteArrayView rawHeader)
{
    FrameRecord restored = frame;
    restored.bits &= quint8(~(RecordBit::HasPayload | RecordBit::RawHeader));
    FrameBlob blob;
    blob.frame = frameEnd();
    if (!payload.isEmpty()) {
        restored.bits |= RecordBit::HasPayload;
        blob.payloadSize = saturated(quint64(payload.size()));
        const bool sameAsRow = m_rows.size() > 0 && payload == this->payload(rowCount() - 1);
        blob.payload = sameAsRow ? record(rowCount() - 1).payload : m_arena.append(payload.first(blob.payloadSize));
    }
    if (!rawHeader.isEmpty()) {
        // frameHeader() reads headerSize bytes back: they must all be here.
        const qsizetype size = std::min<qsizetype>(rawHeader.size(), 14);
        restored.bits |= RecordBit::RawHeader;
        restored.headerSize = quint8(size);
        blob.header = m_arena.append(rawHeader.first(size));
    }
    if (restored.bits & (RecordBit::HasPayload | RecordBit::RawHeader))
        m_blobs.push_back(blob);
    if (m_rows.isEmpty()) {
        m_frames.appendFull(restored);
        return;
    }
    // Frames arrive one by one: a row's first frame may be compact until a second one comes.
    const int row = rowCount() - 1;
    const int earlier = frameCount(row);
    if (earlier == 1 && m_frames.isCompact(firstFrame(row)))
        m_frames.makeFull(firstFrame(row), record(row));
    storeFrame(restored, earlier == 0);
}

PingInfo MessageStore::pingInfo(int row) const
{
    const LogRecord &ping = record(row);
    return ping.hasPingInfo() ? m_pingInfos[quint32(ping.extra - m_pingBase)] : PingInfo{};
}

FrameRecord MessageStore::frame(int index) const
{
    if (!m_frames.isCompact(index))
        return m_frames.full(index);
    return m_frames.compact(index, record(rowOfFrame(index)));
}

// The row whose frames include frameIndex: readers walk rows in order, so the row of the
// previous lookup or the next one is almost always it.
int MessageStore::rowOfFrame(int frameIndex) const
{
    const quint32 index = quint32(frameIndex);
    const auto holds = [&](int row) {
        return row < rowCount() && quint32(firstFrame(row)) <= index
            && index < (row + 1 < rowCount() ? quint32(firstFrame(row + 1)) : quint32(m_frames.size()));
    };
    const int hint = m_frameRowHint.load(std::memory_order_relaxed);
    if (holds(hint))
        return hint;
    if (holds(hint + 1)) {
        m_frameRowHint.store(hint + 1, std::memory_order_relaxed);
        return hint + 1;
    }
    // The last row starting at or before frameIndex (rows without frames share its start).
    int low = 0;
    int high = rowCount();
    while (low < high) {
        const int middle = low + (high - low) / 2;
        if (quint32(firstFrame(middle)) <= index)
            low = middle + 1;
        else
            high = middle;
    }
    const int row = low - 1;
    m_frameRowHint.store(row, std::memory_order_relaxed);
    return row;
}

int MessageStore::frameCount(int row) const
{
    const quint32 end = row + 1 < rowCount() ? record(row + 1).firstFrame : frameEnd();
    return int(quint32(end - record(row).firstFrame));
}

const MessageStore::FrameBlob *MessageStore::blob(int frameIndex) const
{
    const quint32 base = m_frameBase;
    const auto it = std::lower_bound(m_blobs.begin(), m_blobs.end(), quint32(frameIndex),
                                     [base](const FrameBlob &b, quint32 index) { return quint32(b.frame - base) < index; });
    return it != m_blobs.end() && quint32(it->frame - base) == quint32(frameIndex) ? &*it : nullptr;
}

QByteArrayView MessageStore::framePayload(int index) const
{
    if (m_frames.isCompact(index) || !(m_frames.full(index).bits & RecordBit::HasPayload))
        return {};
    const FrameBlob *found = blob(index);
    return m_arena.view(found->payload, found->payloadSize);
}

QByteArray MessageStore::frameHeader(int index) const
{
    const FrameRecord record = frame(index);
    if (record.bits & RecordBit::RawHeader)
        return m_arena.view(blob(index)->header, record.headerSize).toByteArray();
    const FrameHeaderBytes rebuilt = encodeFrameHeader(record);
    return QByteArray(rebuilt.bytes.data(), rebuilt.size);
}

qint64 MessageStore::reservedBytes() const
{
    return qint64(m_rows.capacityBytes() + m_frames.capacityBytes() + m_blobs.capacity() * sizeof(FrameBlob)
                  + m_pingInfos.capacity() * sizeof(PingInfo) + m_eventInfos.capacity() * sizeof(EventRecord))
        + m_arena.bytesReserved();
}

} // namespace wsi::log
