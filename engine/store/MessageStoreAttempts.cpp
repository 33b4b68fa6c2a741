// SPDX-License-Identifier: MIT
// Connection attempts in a log: each Attempt row starts the rows of one attempt (a manual
// connect, a reconnect); the store numbers them and links each to the row that says how it
// ended, so the boundary can tell its result without scanning the rows after it.
#include "store/MessageStore.h"

#include <algorithm>

namespace wsi::log {

void MessageStore::trackAttempts()
{
    LogRecord &row = m_rows[m_rows.size() - 1];
    const qint64 number = m_firstRowNumber + rowCount() - 1;
    switch (row.kind) {
    case LogEntryKind::Attempt:
        // A restored row keeps its number; a new one takes the next.
        if (row.code == 0)
            row.code = quint16(std::min(m_attemptCount + 1, 0xffff));
        m_attemptCount = std::max(m_attemptCount, int(row.code));
        row.extra = LogRecord::NoExtra;
        m_openAttempt = number;
        return;
    case LogEntryKind::Error:
    case LogEntryKind::Close: {
        if (m_openAttempt < m_firstRowNumber)
            return; // no attempt open, or its row left memory
        // The first error says why an attempt failed better than the 1006 close after it.
        LogRecord &attempt = m_rows[size_t(m_openAttempt - m_firstRowNumber)];
        if (attempt.extra == LogRecord::NoExtra)
            attempt.extra = quint32(number - m_openAttempt);
        if (row.kind == LogEntryKind::Close)
            m_openAttempt = -1;
        return;
    }
    default:
        return;
    }
}

int MessageStore::attemptResultRow(int row) const
{
    const LogRecord &attempt = record(row);
    if (attempt.kind != LogEntryKind::Attempt || attempt.extra == LogRecord::NoExtra)
        return -1;
    const qint64 result = qint64(row) + attempt.extra;
    return result < rowCount() ? int(result) : -1;
}

} // namespace wsi::log
