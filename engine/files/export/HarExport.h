// SPDX-License-Identifier: MIT
#pragma once
// HAR 1.2 with the connection as one entry (the upgrade request and its 101 response) and
// its messages in the entry's "_webSocketMessages" array, the way Chromium's devtools
// export them, so HAR viewers and other tools read them:
//   {"type": "send" | "receive", "time": seconds since the epoch (microseconds),
//    "opcode": 1 (text) | 2 (binary), "data": the text, or base64 for binary}
// Only text and binary messages go into the array (as in Chromium); pings, pongs, closes,
// stray frames and local rows do not. Secret request and response headers are masked
// and the URL's password hidden unless the options include secrets. A text message that
// is not valid UTF-8 (a protocol error we logged) is written with replacement characters.
#include "files/export/ExportFormatter.h"

#include <QJsonObject>

namespace wsi::log {

class HarExport : public ExportFormatter
{
public:
    HarExport(const MessageStore &store, const SessionTabState &state, const ExportOptions &options);
    void begin(QByteArray &out) override;
    void row(int storeRow, QByteArray &out) override;
    void end(QByteArray &out) override;

    // "Name: value" lines of an HTTP head after its first line.
    static net::HeaderList headLines(const QByteArray &head);

private:
    QJsonObject entry() const;
    QJsonObject request() const;
    QJsonObject response() const;

    SessionTabState m_state; // a copy: small, and callers may pass a temporary
    ExportOptions m_options;
    qint64 m_startMs; // the epoch when the start is unknown
    bool m_first = true;
};

} // namespace wsi::log
