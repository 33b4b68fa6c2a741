// SPDX-License-Identifier: MIT
#pragma once
// One export format: what goes before the rows, each row, and what goes after. The
// LogExporter picks the rows and writes the bytes; a formatter only appends text.
#include "store/query/DecodedFields.h"
#include "store/query/LogFilterCriteria.h"
#include "files/session/SessionTab.h"

#include <QByteArray>

#include <memory>

namespace wsi::log {

enum class ExportFormat : quint8 {
    JsonLines, // one JSON object per row
    Csv,       // RFC 4180, a header line, CRLF line ends
    Har,       // HAR 1.2, one entry with "_webSocketMessages" as Chromium's devtools write it
};

struct ExportOptions {
    ExportFormat format = ExportFormat::JsonLines;
    LogFilterCriteria filter;    // which rows (all by default)
    // Where a "Decoded fields" filter reads each row (the tab's decoder; not owned, used on
    // the caller's thread); without it such a filter exports nothing.
    DecodedFields *decodedFields = nullptr;
    bool includeFrames = true;   // JSON Lines: each row's frames
    // Authorization / Cookie headers and URL passwords are masked unless this is set.
    bool includeSecrets = false;
    QString applicationVersion;  // HAR's creator
};

class ExportFormatter
{
public:
    explicit ExportFormatter(const MessageStore &store) : m_store(&store) {}
    virtual ~ExportFormatter() = default;
    virtual void begin(QByteArray &) {}
    virtual void row(int storeRow, QByteArray &out) = 0;
    virtual void end(QByteArray &) {}
    // The rows that follow come from another store: a slice of the rows on disk (log
    // limits), then the tab's own. Its firstRowNumber() numbers them.
    void setStore(const MessageStore &store) { m_store = &store; }

    // The formatter reads the store while it runs: it must outlive the formatter.
    static std::unique_ptr<ExportFormatter> create(const MessageStore &store, const SessionTabState &state,
                                                   const ExportOptions &options);

protected:
    const MessageStore *m_store;
};

} // namespace wsi::log
