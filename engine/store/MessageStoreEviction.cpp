// SPDX-License-Identifier: MIT
// MessageStore::dropOldestRows: the oldest rows leave memory (the Preferences' log limits).
// Kept apart from the append path: it is the only code that shrinks the store from the
// front, and the only one that knows how rows, frames, blobs, ping details and arena
// chunks line up in time.
#include "store/MessageStore.h"

#include <algorithm>

namespace wsi::log {

void MessageStore::dropOldestRows(int count)
{
    count = std::clamp(count, 0, rowCount());
    if (count == 0)
        return;
    const quint32 newFrameBase = count < rowCount() ? record(count).firstFrame : frameEnd();
    const quint32 framesDropped = quint32(newFrameBase - m_frameBase);
    quint32 newPingBase = m_pingBase;
    quint32 newEventBase = m_eventBase;
    for (int row = 0; row < count; ++row) {
        if (record(row).hasPingInfo())
            newPingBase = record(row).extra + 1; // ping details are appended in row order
        else if (record(row).hasEventInfo())
            newEventBase = record(row).extra + 1; // and so are event details
    }

    m_rows.dropFront(size_t(count));
    m_frames.dropFront(int(framesDropped));
    const quint32 oldFrameBase = m_frameBase;
    m_frameBase = newFrameBase;
    const auto firstKeptBlob = std::partition_point(m_blobs.begin(), m_blobs.end(), [&](const FrameBlob &b) {
        return quint32(b.frame - oldFrameBase) < framesDropped;
    });
    m_blobs.erase(m_blobs.begin(), firstKeptBlob);
    const quint32 pingsDropped = quint32(newPingBase - m_pingBase);
    m_pingInfos.erase(m_pingInfos.begin(), m_pingInfos.begin() + std::ptrdiff_t(pingsDropped));
    m_pingBase = newPingBase;
    const quint32 eventsDropped = quint32(newEventBase - m_eventBase);
    m_eventInfos.erase(m_eventInfos.begin(), m_eventInfos.begin() + std::ptrdiff_t(eventsDropped));
    m_eventBase = newEventBase;
    m_firstRowNumber += count;
    dropResendLinksBefore(m_firstRowNumber + 1);
    // Every arena byte is tagged with the row that appended it (setOwner in appendRow and
    // restoreRow): chunks whose last row left go.
    m_arena.releaseOwnedBefore(quint64(m_firstRowNumber));
    // The side tables shrink when most of them went (a burst of pings or raw frames), so
    // their capacity follows what is kept.
    if (m_blobs.capacity() > 2 * m_blobs.size() + 1024)
        m_blobs.shrink_to_fit();
    if (m_pingInfos.capacity() > 2 * m_pingInfos.size() + 1024)
        m_pingInfos.shrink_to_fit();
    if (m_eventInfos.capacity() > 2 * m_eventInfos.size() + 1024)
        m_eventInfos.shrink_to_fit();
}

} // namespace wsi::log
