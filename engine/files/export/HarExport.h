// SPDX-License-Identifier: MIT
#pragma once
// HAR 1.2 with one entry per connection attempt (the upgrade request and its response, a
// refused or failed attempt included, as Chromium lists them) and each attempt's messages
// in its entry's "_webSocketMessages" array, the way Chromium's devtools export them, so
// HAR viewers and other tools read them:
//   {"type": "send" | "receive", "time": seconds since the epoch (microseconds),
//    "opcode": 1 (text) | 2 (binary), "data": the text, or base64 for binary}
// Only text and binary messages go into the array (as in Chromium); pings, pongs, closes,
// stray frames and local rows do not. An attempt's entry is made from its boundary row and
// its handshake row (whose heads the log keeps masked); a log without attempt rows (older
// sessions, HAR imports) gives one entry from the tab's state, where secret headers are
// masked and the URL's password hidden unless the options include secrets. A text message
// that is not valid UTF-8 (a protocol error we logged) is written with replacement
// characters.
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
    // What one entry says before its messages.
    struct Exchange {
        qint64 startNs = 0;       // on the log's time line
        qint64 handshakeNs = -1;  // when the answer was complete (-1: no answer)
        qint64 endNs = 0;         // when the attempt ended, as far as is known
        QString url;
        QByteArray rawRequest;    // empty: headers from requestHeaders
        net::HeaderList requestHeaders;
        QByteArray rawResponse;   // the head only
    };

    Exchange exchangeOfState() const;
    Exchange exchangeOfAttempt(int attemptRow) const;
    void openEntry(const Exchange &exchange, QByteArray &out);
    void closeEntry(QByteArray &out);
    QJsonObject entry(const Exchange &exchange) const;
    QJsonObject request(const Exchange &exchange) const;
    QJsonObject response(const Exchange &exchange) const;

    SessionTabState m_state; // a copy: small, and callers may pass a temporary
    ExportOptions m_options;
    qint64 m_startMs; // the epoch when the start is unknown
    bool m_entryOpen = false;
    bool m_firstEntry = true;
    bool m_firstMessage = true;
    int m_attemptRow = -1;    // an attempt whose entry waits for its handshake row
};

} // namespace wsi::log
