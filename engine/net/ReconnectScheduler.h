// SPDX-License-Identifier: MIT
#pragma once
// Auto-reconnect timing: exponential backoff between attempts and a countdown the UI can
// show ("reconnecting in 3 s"). Off unless ReconnectOptions::enabled.
//
// Lives on the thread of the Connection that owns it.
#include "net/ConnectionOptions.h"

#include <QElapsedTimer>
#include <QObject>

class QTimer;

namespace wsi::net {

class ReconnectScheduler : public QObject
{
    Q_OBJECT
public:
    // How often countdown() is emitted while waiting.
    static constexpr int CountdownStepMs = 250;

    explicit ReconnectScheduler(ReconnectOptions options, QObject *parent = nullptr);

    // The wait before attempt `attempt` (1 for the first reconnect): initial * multiplier^(n-1),
    // capped at maxDelayMs.
    static int delayForAttempt(const ReconnectOptions &options, int attempt);

    // Schedules the next attempt. Returns false (and schedules nothing) when reconnecting is
    // off or the attempts are used up.
    bool schedule();
    void cancel();
    // New timing for the attempts to come (an EventSource server's retry field).
    void setOptions(const ReconnectOptions &options) { m_options = options; }
    // A connection opened: the next failure starts again from the initial delay.
    void reset() { m_attempt = 0; }
    bool isPending() const;
    int attempt() const { return m_attempt; }

Q_SIGNALS:
    void scheduled(int attempt, int delayMs);
    void countdown(int attempt, int msLeft);
    void due(int attempt);

private:
    void tick();

    ReconnectOptions m_options;
    int m_attempt = 0;
    int m_delayMs = 0;
    QElapsedTimer m_waited;
    QTimer *m_timer;
    QTimer *m_countdownTimer;
};

} // namespace wsi::net
