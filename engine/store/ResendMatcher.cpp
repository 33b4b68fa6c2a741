// SPDX-License-Identifier: MIT
#include "store/ResendMatcher.h"

namespace wsi::log {

void ResendMatcher::expect(LogEntryKind kind, const QByteArray &payload, qint64 originNumber)
{
    if (m_waiting.size() == MaxWaiting)
        m_waiting.pop_front();
    m_waiting.push_back({kind, payload, originNumber});
}

void ResendMatcher::link(MessageStore &store, RowRange rows)
{
    for (int row = rows.first; row < rows.first + rows.count && !m_waiting.empty(); ++row) {
        const LogRecord &record = store.record(row);
        if (record.direction() != net::EventDirection::Outgoing)
            continue;
        for (auto it = m_waiting.begin(); it != m_waiting.end(); ++it) {
            if (it->kind != record.kind || (record.kind != LogEntryKind::Close && store.payload(row) != it->payload))
                continue;
            store.setResentFrom(row, it->originNumber);
            m_waiting.erase(it);
            break;
        }
    }
}

} // namespace wsi::log
