// SPDX-License-Identifier: MIT
#include "net/source/SourceReport.h"

#include "net/SecretRedaction.h"

#include <algorithm>

namespace wsi::net {

LogEvent logRowOf(const AttemptReport &attempt)
{
    LogEvent row;
    row.kind = EventKind::Attempt;
    row.direction = EventDirection::Local;
    row.timeNs = 0; // the attempt's clock starts here
    row.text = redactUrl(attempt.url);
    return row;
}

LogEvent logRowOf(const HandshakeInfo &handshake)
{
    LogEvent row;
    row.kind = EventKind::Handshake;
    row.direction = EventDirection::Local; // both ways; kept by any direction filter, as errors are
    row.timeNs = handshake.timeNs;
    row.code = quint16(std::clamp(handshake.status, 0, 0xffff));
    // The log (and what is saved or exported from it) never holds a credential: secret
    // header values are masked as the handshake panel masks them.
    const QByteArray request = redactHeaders(handshake.rawRequest);
    row.payload = request + redactHeaders(handshake.rawResponse) + handshake.bodyPreview;
    row.wireSize = quint64(request.size());
    return row;
}

LogEvent logRowOf(const ConnectionError &error)
{
    LogEvent row;
    row.kind = EventKind::Error;
    row.direction = EventDirection::Local;
    row.timeNs = error.timeNs;
    row.text = error.id + QStringLiteral(": ") + error.message;
    return row;
}

LogEvent logRowOf(const CloseInfo &close)
{
    LogEvent row;
    row.kind = EventKind::Close;
    row.direction = EventDirection::Local;
    row.timeNs = close.timeNs;
    row.code = close.code;
    row.clean = close.clean;
    row.text = close.reason;
    return row;
}

std::optional<LogEvent> logRowOf(const SourceReport &report)
{
    if (const auto *attempt = std::get_if<AttemptReport>(&report))
        return logRowOf(*attempt);
    if (const auto *handshake = std::get_if<HandshakeInfo>(&report))
        return logRowOf(*handshake);
    if (const auto *error = std::get_if<ConnectionError>(&report))
        return logRowOf(*error);
    if (const auto *close = std::get_if<CloseInfo>(&report))
        return logRowOf(*close);
    return std::nullopt;
}

int logRowCount(const ReportBatch &batch)
{
    int rows = 0;
    for (const SourceReport &report : batch) {
        if (const auto *events = std::get_if<EventBatch>(&report))
            rows += int(events->size());
        else if (std::holds_alternative<AttemptReport>(report) || std::holds_alternative<HandshakeInfo>(report)
                 || std::holds_alternative<ConnectionError>(report) || std::holds_alternative<CloseInfo>(report))
            ++rows;
    }
    return rows;
}

} // namespace wsi::net
