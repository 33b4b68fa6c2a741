// SPDX-License-Identifier: MIT
#include "ui/log/LogRowExpansion.h"

#include <algorithm>

namespace wsi::ui {

LogRowExpansion::Position LogRowExpansion::at(int viewRow) const
{
    // The last expanded message whose own row comes before viewRow.
    const auto after = std::partition_point(m_entries.begin(), m_entries.end(), [viewRow](const Entry &entry) {
        return entry.message + entry.framesBefore < viewRow;
    });
    if (after == m_entries.begin())
        return {viewRow, -1};
    const Entry &entry = *(after - 1);
    const int messageRow = entry.message + entry.framesBefore;
    if (viewRow <= messageRow + entry.frames)
        return {entry.message, viewRow - messageRow - 1};
    return {viewRow - entry.framesBefore - entry.frames, -1};
}

int LogRowExpansion::viewRow(int message) const
{
    const auto next = std::partition_point(m_entries.begin(), m_entries.end(),
                                           [message](const Entry &entry) { return entry.message < message; });
    if (next == m_entries.begin())
        return message;
    const Entry &before = *(next - 1);
    return message + before.framesBefore + before.frames;
}

std::vector<LogRowExpansion::Entry>::const_iterator LogRowExpansion::find(int message) const
{
    const auto it = std::lower_bound(m_entries.begin(), m_entries.end(), message,
                                     [](const Entry &entry, int value) { return entry.message < value; });
    return it != m_entries.end() && it->message == message ? it : m_entries.end();
}

bool LogRowExpansion::isExpanded(int message) const
{
    return find(message) != m_entries.end();
}

int LogRowExpansion::framesShown(int message) const
{
    const auto it = find(message);
    return it == m_entries.end() ? 0 : it->frames;
}

void LogRowExpansion::expand(int message, int frames)
{
    if (frames <= 0 || isExpanded(message))
        return;
    const auto at = std::lower_bound(m_entries.begin(), m_entries.end(), message,
                                     [](const Entry &entry, int value) { return entry.message < value; });
    m_entries.insert(at, Entry{message, frames, 0});
    recount();
}

void LogRowExpansion::collapse(int message)
{
    const auto it = find(message);
    if (it == m_entries.end())
        return;
    m_entries.erase(it);
    recount();
}

void LogRowExpansion::clear()
{
    m_entries.clear();
    m_extraRows = 0;
}

void LogRowExpansion::dropFront(int messages)
{
    if (messages <= 0)
        return;
    const auto kept = std::partition_point(m_entries.begin(), m_entries.end(),
                                           [messages](const Entry &entry) { return entry.message < messages; });
    m_entries.erase(m_entries.begin(), kept);
    for (Entry &entry : m_entries)
        entry.message -= messages;
    recount();
}

std::vector<int> LogRowExpansion::expandedMessages() const
{
    std::vector<int> messages;
    messages.reserve(m_entries.size());
    for (const Entry &entry : m_entries)
        messages.push_back(entry.message);
    return messages;
}

void LogRowExpansion::recount()
{
    m_extraRows = 0;
    for (Entry &entry : m_entries) {
        entry.framesBefore = m_extraRows;
        m_extraRows += entry.frames;
    }
}

} // namespace wsi::ui
