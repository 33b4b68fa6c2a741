// SPDX-License-Identifier: MIT
#include "net/source/ReportBatcher.h"

#include <algorithm>

#include <QTimer>

namespace wsi::net {

ReportBatcher::ReportBatcher(QObject *owner, Sender send) : m_send(std::move(send)), m_timer(new QTimer(owner))
{
    m_timer->setSingleShot(true);
    m_timer->setTimerType(Qt::PreciseTimer);
    QObject::connect(m_timer, &QTimer::timeout, owner, [this] { flush(); });
}

LogEvent &ReportBatcher::appendEvent(EventKind kind, EventDirection direction, qint64 timeNs)
{
    // A full run goes out early, but never between a message's (or a control frame's)
    // frames and the event they belong to, because the log attaches frames to that event:
    // only when the run does not end with a frame.
    if (m_events.size() >= MaxEvents && m_events.last().kind != EventKind::Frame)
        flush();
    // Room for as many as the last run held: a flood's runs are full (MaxEvents), and
    // growing one from 64 would move every event five times; a trickle stays small.
    if (m_events.isEmpty()) {
        m_events.reserve(m_lastRunSize);
        // The run's first event starts its wait (an update may have started the timer
        // sooner; it is then left as it is).
        if (!m_timer->isActive())
            m_timer->start(IntervalMs);
    }
    LogEvent &event = m_events.emplaceBack();
    event.kind = kind;
    event.direction = direction;
    event.timeNs = timeNs;
    return event;
}

void ReportBatcher::closeEventRun()
{
    if (m_events.isEmpty())
        return;
    m_lastRunSize = std::clamp(int(m_events.size()), 64, MaxEvents + 64);
    EventBatch run;
    run.swap(m_events);
    m_pending.append(std::move(run));
}

void ReportBatcher::post(SourceReport update)
{
    closeEventRun();
    m_pending.append(std::move(update));
    // Updates are not held back for IntervalMs: they go at the end of this event-loop pass,
    // together with whatever else the same pass reports (a state change and its snapshot).
    if (!m_timer->isActive() || m_timer->remainingTime() > 0)
        m_timer->start(0);
}

void ReportBatcher::flush()
{
    m_timer->stop();
    closeEventRun();
    if (m_pending.isEmpty())
        return;
    ReportBatch out;
    out.swap(m_pending);
    m_inFlight.fetch_add(logRowCount(out), std::memory_order_relaxed);
    m_send(out);
}

bool ReportBatcher::consumed(int rows, int maxInFlight)
{
    const qint64 left = m_inFlight.fetch_sub(rows, std::memory_order_relaxed) - rows;
    return m_paused.load() && left <= maxInFlight / 2 && m_paused.exchange(false);
}

} // namespace wsi::net
