// SPDX-License-Identifier: MIT
#include "ui/panels/latency/TrafficRates.h"

namespace wsi::ui {

void TrafficRates::add(const net::EventBatch &batch)
{
    for (const net::LogEvent &event : batch)
        add(event);
}

void TrafficRates::add(const net::LogEvent &event)
{
    // Messages both ways, and an EventSource's events (incoming, wireSize their bytes in the stream).
    if ((event.kind != net::EventKind::Message && event.kind != net::EventKind::ServerEvent)
        || event.direction == net::EventDirection::Local)
        return;
    TrafficSecond *bucket = bucketFor(event.timeNs / 1000000000);
    m_lastEventNs = std::max(m_lastEventNs, event.timeNs);
    ++m_totalMessages;
    if (!bucket)
        return; // older than the window: counted in the total only
    // Uncompressed messages may leave wireSize at 0 in older captures: fall back to length.
    const quint64 bytes = event.wireSize ? event.wireSize : event.length;
    if (event.direction == net::EventDirection::Incoming) {
        ++bucket->inMessages;
        bucket->inBytes += bytes;
    } else {
        ++bucket->outMessages;
        bucket->outBytes += bytes;
    }
}

TrafficSecond *TrafficRates::bucketFor(qint64 second)
{
    if (m_seconds.isEmpty() || second > m_seconds.constLast().second)
        advanceTo(second);
    const qint64 offset = second - m_seconds.constFirst().second;
    if (offset < 0)
        return nullptr;
    return &m_seconds[qsizetype(offset)];
}

void TrafficRates::advanceTo(qint64 second)
{
    if (second < 0)
        return;
    if (m_seconds.isEmpty() || second - m_seconds.constLast().second > MaxSeconds)
        m_seconds.clear(); // a long silence: the old window holds nothing worth drawing
    qint64 next = m_seconds.isEmpty() ? second : m_seconds.constLast().second + 1;
    for (; next <= second; ++next) {
        TrafficSecond empty;
        empty.second = next;
        m_seconds.append(empty);
    }
    if (m_seconds.size() > MaxSeconds)
        m_seconds.remove(0, m_seconds.size() - MaxSeconds);
}

void TrafficRates::clear()
{
    m_seconds.clear();
    m_lastEventNs = -1;
    m_totalMessages = 0;
}

TrafficSecond TrafficRates::lastFullSecond() const
{
    if (m_seconds.isEmpty())
        return {};
    return m_seconds.size() >= 2 ? m_seconds.at(m_seconds.size() - 2) : m_seconds.constLast();
}

} // namespace wsi::ui
