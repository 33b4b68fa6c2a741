// SPDX-License-Identifier: MIT
#include "net/source/SourceReport.h"

namespace wsi::net {

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

int logRowCount(const ReportBatch &batch)
{
    int rows = 0;
    for (const SourceReport &report : batch) {
        if (const auto *events = std::get_if<EventBatch>(&report))
            rows += int(events->size());
        else if (std::holds_alternative<ConnectionError>(report) || std::holds_alternative<CloseInfo>(report))
            ++rows;
    }
    return rows;
}

} // namespace wsi::net
