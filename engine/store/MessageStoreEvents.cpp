// SPDX-License-Identifier: MIT
// Event rows' details (EventInfo): type, last event ID, retry, place in the stream and raw
// lines. They are kept as a 32-byte EventRecord whose strings are in the payload arena
// (raw lines, then "type\nid" in UTF-8), and made into an EventInfo when asked: a flood of
// events costs no allocation per row, and the strings leave with their rows' arena chunks.
#include "store/MessageStore.h"

#include <QVarLengthArray>

#include <algorithm>
#include <limits>

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

constexpr quint64 MaxStored = std::numeric_limits<quint32>::max();

} // namespace

void MessageStore::appendEventRecord(quint64 retryMs, quint64 streamOffset, QByteArrayView raw, QStringView type,
                                     QStringView lastEventId)
{
    // One arena append: the raw lines and the text must be contiguous to be read back as one.
    raw = raw.first(qsizetype(std::min<quint64>(quint64(raw.size()), MaxStored)));
    QVarLengthArray<char, 256> bytes;
    bytes.append(raw.data(), raw.size());
    appendUtf8(bytes, type);
    bytes.append('\n');
    appendUtf8(bytes, lastEventId);
    EventRecord event;
    event.retryMs = retryMs;
    event.streamOffset = streamOffset;
    event.rawSize = quint32(raw.size());
    event.textSize = quint32(bytes.size() - raw.size());
    event.bytes = m_arena.append(QByteArrayView(bytes.constData(), event.rawSize + event.textSize));
    m_eventInfos.push_back(event);
}

const MessageStore::EventRecord *MessageStore::eventRecord(int row) const
{
    const LogRecord &event = record(row);
    return event.hasEventInfo() ? &m_eventInfos[quint32(event.extra - m_eventBase)] : nullptr;
}

QByteArrayView MessageStore::eventText(const EventRecord &event) const
{
    return m_arena.view(event.bytes, event.rawSize + event.textSize).sliced(event.rawSize);
}

EventInfo MessageStore::eventInfo(int row) const
{
    const EventRecord *event = eventRecord(row);
    if (!event)
        return {};
    EventInfo info;
    info.retryMs = event->retryMs;
    info.streamOffset = event->streamOffset;
    info.raw = m_arena.view(event->bytes, event->rawSize).toByteArray();
    const QByteArrayView text = eventText(*event);
    const qsizetype lineBreak = text.indexOf('\n'); // always there: appendEventRecord put it
    info.type = QString::fromUtf8(text.first(std::max<qsizetype>(lineBreak, 0)));
    info.lastEventId = QString::fromUtf8(text.sliced(lineBreak + 1));
    return info;
}

QString MessageStore::eventType(int row) const
{
    const EventRecord *event = eventRecord(row);
    if (!event)
        return EventInfo{}.type;
    const QByteArrayView text = eventText(*event);
    return QString::fromUtf8(text.first(std::max<qsizetype>(text.indexOf('\n'), 0)));
}

} // namespace wsi::log
