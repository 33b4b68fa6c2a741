// SPDX-License-Identifier: MIT
#include "files/export/JsonLinesExport.h"

#include "files/export/ExportText.h"

namespace wsi::log {

using namespace ExportText;

namespace {
void number(QByteArray &out, const char *key, qint64 value)
{
    out.append(key);
    out.append(QByteArray::number(value));
}

void flag(QByteArray &out, const char *key, bool value)
{
    out.append(key);
    out.append(value ? "true" : "false");
}
} // namespace

JsonLinesExport::JsonLinesExport(const MessageStore &store, bool includeFrames)
    : ExportFormatter(store), m_includeFrames(includeFrames), m_startMs(startMs(store.startedAt()))
{
}

void JsonLinesExport::row(int storeRow, QByteArray &out)
{
    const LogRecord &record = m_store->record(storeRow);
    const QByteArrayView payload = m_store->payload(storeRow);
    number(out, "{\"row\":", m_store->rowNumber(storeRow));
    const QByteArray time = isoTime(m_startMs, record.timeNs);
    out.append(",\"time\":");
    out.append(time.isEmpty() ? QByteArray("null") : '"' + time + '"');
    out.append(",\"elapsed\":");
    out.append(seconds(record.timeNs));
    out.append(",\"direction\":\"");
    out.append(directionName(record.direction()));
    if (record.leg() == net::TrafficLeg::Client)
        out.append("\",\"leg\":\"app"); // a proxied flow's app side; the server's leg goes unsaid
    out.append("\",\"type\":\"");
    out.append(kindName(record.kind));
    out.append('"');
    number(out, ",\"size\":", record.payloadSize);
    number(out, ",\"wireSize\":", record.wireSize);
    number(out, ",\"frameCount\":", record.wireFrames);
    flag(out, ",\"compressed\":", record.isCompressed());
    if (record.clientId)
        number(out, ",\"client\":", record.clientId);
    if (record.code)
        number(out, ",\"code\":", record.code);
    if (record.hasPingInfo()) {
        const PingInfo ping = m_store->pingInfo(storeRow);
        if (ping.pingId)
            number(out, ",\"pingId\":", qint64(ping.pingId));
        if (ping.rttNs >= 0)
            number(out, ",\"rttNs\":", ping.rttNs);
        if (!ping.note.isEmpty()) {
            out.append(",\"note\":");
            appendJsonString(out, ping.note);
        }
    }
    if (record.hasEventInfo()) {
        // As a browser's MessageEvent names them: the type, the last event ID.
        const EventInfo event = m_store->eventInfo(storeRow);
        out.append(",\"event\":");
        appendJsonString(out, event.type);
        out.append(",\"id\":");
        appendJsonString(out, event.lastEventId);
        if (event.retryMs)
            number(out, ",\"retry\":", qint64(event.retryMs));
    }
    if (const qint64 original = m_store->resentFrom(storeRow))
        number(out, ",\"resentFrom\":", original);
    if (record.isTruncated())
        out.append(",\"truncated\":true");
    if (writesAsText(record.kind, payload)) {
        out.append(",\"text\":");
        appendJsonString(out, payload);
    } else {
        out.append(",\"base64\":\"");
        out.append(payload.toByteArray().toBase64());
        out.append('"');
    }
    if (m_includeFrames)
        frames(storeRow, out);
    out.append("}\n");
}

void JsonLinesExport::frames(int storeRow, QByteArray &out) const
{
    out.append(",\"frames\":[");
    const int first = m_store->firstFrame(storeRow);
    const int count = m_store->frameCount(storeRow);
    for (int i = first; i < first + count; ++i) {
        const FrameRecord frame = m_store->frame(i);
        out.append(i == first ? "{" : ",{");
        out.append("\"elapsed\":");
        out.append(seconds(frame.timeNs));
        out.append(",\"direction\":\"");
        out.append(directionName(frame.direction()));
        out.append('"');
        flag(out, ",\"fin\":", frame.isFinal());
        flag(out, ",\"rsv1\":", frame.flags & net::FrameFlag::Rsv1);
        flag(out, ",\"rsv2\":", frame.flags & net::FrameFlag::Rsv2);
        flag(out, ",\"rsv3\":", frame.flags & net::FrameFlag::Rsv3);
        number(out, ",\"opcode\":", frame.opcode);
        flag(out, ",\"masked\":", frame.isMasked());
        if (frame.isMasked()) {
            out.append(",\"maskKey\":\"");
            out.append(QByteArray::number(frame.maskKey, 16).rightJustified(8, '0'));
            out.append('"');
        }
        out.append(",\"length\":");
        out.append(QByteArray::number(frame.length));
        number(out, ",\"streamOffset\":", qint64(frame.streamOffset));
        out.append(",\"header\":\"");
        out.append(m_store->frameHeader(i).toHex());
        out.append('"');
        const QByteArrayView payload = m_store->framePayload(i);
        if (!payload.isEmpty()) {
            out.append(",\"base64\":\"");
            out.append(payload.toByteArray().toBase64());
            out.append('"');
        }
        out.append('}');
    }
    out.append(']');
}

} // namespace wsi::log
