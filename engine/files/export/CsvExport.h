// SPDX-License-Identifier: MIT
#pragma once
// CSV (RFC 4180): a header line, then one line per row, CRLF line ends; a field holding a
// comma, a double quote, CR or LF is quoted, its quotes doubled. Columns:
//   row,time,elapsed,direction,type,size,wire_size,frames,compressed,client,code,encoding,payload
// "encoding" says how "payload" is written: text, base64, or empty for no payload.
#include "files/export/ExportFormatter.h"

namespace wsi::log {

class CsvExport : public ExportFormatter
{
public:
    explicit CsvExport(const MessageStore &store);
    void begin(QByteArray &out) override;
    void row(int storeRow, QByteArray &out) override;

    // One field as RFC 4180 wants it.
    static void appendField(QByteArray &out, QByteArrayView field);

private:
    qint64 m_startMs;
};

} // namespace wsi::log
