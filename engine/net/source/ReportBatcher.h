// SPDX-License-Identifier: MIT
#pragma once
// The one channel out of a traffic source: log events are collected into runs and sent at
// most every IntervalMs (or per MaxEvents), and every update is queued behind the events
// that came before it and sent at the end of the current event-loop pass. One emit per
// batch, in order, so no consumer needs a flush-before-emit habit to keep the log and the
// panels in step.
//
// It also counts the rows in flight (sent, not yet consumed) for back-pressure: a source
// stops reading its socket while the consumer is behind (ConnectionOptions::
// maxEventsInFlight) and resumes when the count falls to half.
//
// Threads: lives on the source's worker thread; consumed() is thread-safe.
#include "net/source/SourceReport.h"

#include <QObject>

#include <atomic>
#include <functional>

class QTimer;

namespace wsi::net {

class ReportBatcher
{
public:
    // How many events a run holds at most before it is sent early, and how long an event
    // waits at most for company.
    static constexpr int MaxEvents = 2048;
    static constexpr int IntervalMs = 16;

    using Sender = std::function<void(const ReportBatch &batch)>;
    // `owner` parents the timer (so it lives on the owner's thread); `send` emits a batch.
    ReportBatcher(QObject *owner, Sender send);
    ReportBatcher(const ReportBatcher &) = delete;
    ReportBatcher &operator=(const ReportBatcher &) = delete;

    // A new log event at the end of the stream, to be filled in by the caller.
    LogEvent &appendEvent(EventKind kind, EventDirection direction, qint64 timeNs);
    // An update, after every event appended so far.
    void post(SourceReport update);
    // Sends what is pending now (the timer does it otherwise).
    void flush();
    bool hasPending() const { return !m_events.isEmpty() || !m_pending.isEmpty(); }
    // The last event of the run being collected (nullptr when an update or a flush came
    // after it): a message takes its frame's time, a ping its id.
    LogEvent *lastEvent() { return m_events.isEmpty() ? nullptr : &m_events.last(); }

    // Back-pressure. rowsInFlight counts the log rows sent and not yet consumed.
    qint64 rowsInFlight() const { return m_inFlight.load(std::memory_order_relaxed); }
    // Thread-safe. Returns true when reading had been paused (markPaused) and the consumer
    // has caught up to half of `maxInFlight`: the caller resumes reading (once).
    bool consumed(int rows, int maxInFlight);
    bool isBehind(int maxInFlight) const { return maxInFlight > 0 && rowsInFlight() >= maxInFlight; }
    void markPaused() { m_paused.store(true); }
    bool isPaused() const { return m_paused.load(); }
    void clearPaused() { m_paused.store(false); }

private:
    void closeEventRun();

    Sender m_send;
    QTimer *m_timer;
    EventBatch m_events;  // the run being collected
    int m_lastRunSize = 64;
    ReportBatch m_pending; // closed runs and updates, in order
    std::atomic<qint64> m_inFlight{0};
    std::atomic<bool> m_paused{false};
};

} // namespace wsi::net
