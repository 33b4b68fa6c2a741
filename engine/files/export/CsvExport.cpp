// SPDX-License-Identifier: MIT
#include "files/export/CsvExport.h"

#include "files/export/ExportText.h"

namespace wsi::log {

using namespace ExportText;

void CsvExport::appendField(QByteArray &out, QByteArrayView field)
{
    bool quote = false;
    for (char c : field) {
        if (c == ',' || c == '"' || c == '\r' || c == '\n') {
            quote = true;
            break;
        }
    }
    if (!quote) {
        out.append(field);
        return;
    }
    out.append('"');
    for (char c : field) {
        if (c == '"')
            out.append('"');
        out.append(c);
    }
    out.append('"');
}

CsvExport::CsvExport(const MessageStore &store) : ExportFormatter(store), m_startMs(startMs(store.startedAt())) {}

void CsvExport::begin(QByteArray &out)
{
    out.append("row,time,elapsed,direction,type,size,wire_size,frames,compressed,client,code,encoding,payload\r\n");
}

void CsvExport::row(int storeRow, QByteArray &out)
{
    const LogRecord &record = m_store->record(storeRow);
    const QByteArrayView payload = m_store->payload(storeRow);
    out.append(QByteArray::number(m_store->rowNumber(storeRow)));
    out.append(',');
    out.append(isoTime(m_startMs, record.timeNs));
    out.append(',');
    out.append(seconds(record.timeNs));
    out.append(',');
    out.append(directionName(record.direction()));
    out.append(',');
    out.append(kindName(record.kind));
    out.append(',');
    out.append(QByteArray::number(record.payloadSize));
    out.append(',');
    out.append(QByteArray::number(record.wireSize));
    out.append(',');
    out.append(QByteArray::number(record.wireFrames));
    out.append(record.isCompressed() ? ",true," : ",false,");
    if (record.clientId)
        out.append(QByteArray::number(record.clientId));
    out.append(',');
    if (record.code)
        out.append(QByteArray::number(record.code));
    out.append(',');
    if (payload.isEmpty()) {
        out.append(",\r\n");
        return;
    }
    if (writesAsText(record.kind, payload)) {
        out.append("text,");
        appendField(out, payload);
    } else {
        out.append("base64,");
        out.append(payload.toByteArray().toBase64());
    }
    out.append("\r\n");
}

} // namespace wsi::log
