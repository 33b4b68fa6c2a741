// SPDX-License-Identifier: MIT
#pragma once
// Messages and bytes per second each way, from a connection's events: one bucket per
// second of the connection's clock (LogEvent::timeNs), the last MaxSeconds kept. Adding a
// batch costs a few operations per event, so a flood of 100k messages/s stays cheap; the
// charts read the buckets at their own pace.
#include "net/LogEvent.h"

#include <QVector>

namespace wsi::ui {

struct TrafficSecond {
    qint64 second = 0; // since the connection started
    quint64 inMessages = 0;
    quint64 outMessages = 0;
    quint64 inBytes = 0; // payload bytes on the wire (compressed size when deflated)
    quint64 outBytes = 0;
};

class TrafficRates
{
public:
    static constexpr int MaxSeconds = 120;

    // Counts the batch's messages (EventKind::Message, incoming or outgoing) and server-sent
    // events (EventKind::ServerEvent).
    void add(const net::EventBatch &batch);
    void add(const net::LogEvent &event);
    // Appends empty seconds up to `second` (the connection's clock went on without traffic).
    void advanceTo(qint64 second);
    void clear();

    bool isEmpty() const { return m_seconds.isEmpty(); }
    // Oldest first; consecutive seconds, the last one possibly still filling.
    const QVector<TrafficSecond> &seconds() const { return m_seconds; }
    // The last full second (the one before the newest); the newest when it is the only one.
    TrafficSecond lastFullSecond() const;
    qint64 lastEventNs() const { return m_lastEventNs; }
    quint64 totalMessages() const { return m_totalMessages; }

private:
    TrafficSecond *bucketFor(qint64 second);

    QVector<TrafficSecond> m_seconds;
    qint64 m_lastEventNs = -1;
    quint64 m_totalMessages = 0;
};

} // namespace wsi::ui
