// SPDX-License-Identifier: MIT
// Event rows' details (EventInfo): type, last event ID, retry, place in the stream and raw
// lines. They are kept as a 24-byte EventRecord whose strings are in the payload arena
// ("type\nid" in UTF-8, the id alone for the usual type "message", then a retry if there
// was one, then the raw lines unless the row rebuilds them: EventLines), and made into an
// EventInfo when asked: a flood of events costs no allocation per row, and the strings
// leave with their rows' arena chunks.
#include "store/MessageStore.h"

#include "store/EventLines.h"

#include <QVarLengthArray>

#include <algorithm>
#include <cstring>

namespace wsi::log {

namespace {

// UTF-16 to UTF-8 into `out`: most types and ids are ASCII, narrowed without an allocation.
void appendUtf8(QVarLengthArray<char, 256> &out, QStringView text)
{
    for (const QChar c : text) {
        if (c.unicode() >= 0x80) {
            const QByteArray utf8 = text.toUtf8();
            out.append(utf8.constData(), utf8.size());
            return;
        }
    }
    const qsizetype at = out.size();
    out.resize(at + text.size());
    for (qsizetype i = 0; i < text.size(); ++i)
        out[at + i] = char(text[i].unicode());
}

} // namespace

void MessageStore::appendEventRecord(quint64 retryMs, quint64 streamOffset, QByteArrayView data, QByteArrayView raw,
                                     QStringView type, QStringView lastEventId)
{
    const bool messageType = type == QLatin1String("message");
    // One arena append: the pieces must be contiguous to be read back as one.
    QVarLengthArray<char, 256> bytes;
    if (!messageType) {
        appendUtf8(bytes, type);
        bytes.append('\n');
    }
    const qsizetype idAt = bytes.size();
    appendUtf8(bytes, lastEventId);
    const qsizetype textSize = std::min<qsizetype>(bytes.size(), EventRecord::SizeMask);
    bytes.resize(textSize);
    EventRecord event;
    event.streamOffset = streamOffset;
    event.textSize = quint32(textSize) | (messageType ? EventRecord::MessageType : 0);
    const QByteArrayView typeUtf8 = messageType ? QByteArrayView("message") : QByteArrayView(bytes.constData(), idAt - 1);
    const QByteArrayView idUtf8(bytes.constData() + idAt, textSize - idAt);
    const EventLinesLayout layout = raw.isEmpty() ? EventLinesLayout::AsSent : impliedEventLines(raw, typeUtf8, idUtf8, data);
    if (retryMs != 0) {
        event.textSize |= EventRecord::HasRetry;
        bytes.append(reinterpret_cast<const char *>(&retryMs), sizeof retryMs);
    }
    if (layout != EventLinesLayout::AsSent) {
        event.rawSize = EventRecord::ImpliedLines | quint32(layout);
    } else {
        raw = raw.first(std::min<qsizetype>(raw.size(), EventRecord::SizeMask));
        event.rawSize = quint32(raw.size());
        bytes.append(raw.data(), raw.size());
    }
    event.bytes = m_arena.append(QByteArrayView(bytes.constData(), bytes.size()));
    m_eventInfos.push_back(event);
}

const MessageStore::EventRecord *MessageStore::eventRecord(int row) const
{
    const LogRecord &event = record(row);
    return event.hasEventInfo() ? &m_eventInfos[quint32(event.extra - m_eventBase)] : nullptr;
}

QByteArrayView MessageStore::eventText(const EventRecord &event) const
{
    return m_arena.view(event.bytes, event.textSize & EventRecord::SizeMask);
}

EventInfo MessageStore::eventInfo(int row) const
{
    const EventRecord *event = eventRecord(row);
    if (!event)
        return {};
    EventInfo info;
    info.streamOffset = event->streamOffset;
    const QByteArrayView text = eventText(*event);
    QByteArrayView type("message");
    QByteArrayView id = text;
    if (!(event->textSize & EventRecord::MessageType)) {
        const qsizetype lineBreak = text.indexOf('\n'); // always there: appendEventRecord put it
        type = text.first(std::max<qsizetype>(lineBreak, 0));
        id = text.sliced(lineBreak + 1);
    }
    info.type = QString::fromUtf8(type);
    info.lastEventId = QString::fromUtf8(id);
    quint64 rawAt = event->bytes + quint64(text.size());
    if (event->textSize & EventRecord::HasRetry) {
        std::memcpy(&info.retryMs, m_arena.view(rawAt, sizeof info.retryMs).data(), sizeof info.retryMs);
        rawAt += sizeof info.retryMs;
    }
    if (event->rawSize & EventRecord::ImpliedLines)
        info.raw = eventLines(EventLinesLayout(event->rawSize & 0xff), type, id, payload(row));
    else
        info.raw = m_arena.view(rawAt, event->rawSize).toByteArray();
    return info;
}

QString MessageStore::eventType(int row) const
{
    const EventRecord *event = eventRecord(row);
    if (!event || (event->textSize & EventRecord::MessageType))
        return EventInfo{}.type;
    const QByteArrayView text = eventText(*event);
    return QString::fromUtf8(text.first(std::max<qsizetype>(text.indexOf('\n'), 0)));
}

} // namespace wsi::log
