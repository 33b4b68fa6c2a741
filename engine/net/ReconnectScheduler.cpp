// SPDX-License-Identifier: MIT
#include "net/ReconnectScheduler.h"

#include <QTimer>

#include <algorithm>
#include <cmath>

namespace wsi::net {

ReconnectScheduler::ReconnectScheduler(ReconnectOptions options, QObject *parent)
    : QObject(parent), m_options(options), m_timer(new QTimer(this)), m_countdownTimer(new QTimer(this))
{
    m_timer->setSingleShot(true);
    m_timer->setTimerType(Qt::PreciseTimer);
    m_countdownTimer->setInterval(CountdownStepMs);
    connect(m_timer, &QTimer::timeout, this, [this] {
        m_countdownTimer->stop();
        Q_EMIT countdown(m_attempt, 0);
        Q_EMIT due(m_attempt);
    });
    connect(m_countdownTimer, &QTimer::timeout, this, &ReconnectScheduler::tick);
}

int ReconnectScheduler::delayForAttempt(const ReconnectOptions &options, int attempt)
{
    const double factor = std::pow(std::max(1.0, options.multiplier), std::max(0, attempt - 1));
    const double delay = double(std::max(0, options.initialDelayMs)) * factor;
    return int(std::min<double>(delay, std::max(options.initialDelayMs, options.maxDelayMs)));
}

bool ReconnectScheduler::schedule()
{
    if (!m_options.enabled || (m_options.maxAttempts > 0 && m_attempt >= m_options.maxAttempts))
        return false;
    ++m_attempt;
    m_delayMs = delayForAttempt(m_options, m_attempt);
    m_waited.start();
    m_timer->start(m_delayMs);
    m_countdownTimer->start();
    Q_EMIT scheduled(m_attempt, m_delayMs);
    Q_EMIT countdown(m_attempt, m_delayMs);
    return true;
}

void ReconnectScheduler::cancel()
{
    m_timer->stop();
    m_countdownTimer->stop();
}

bool ReconnectScheduler::isPending() const
{
    return m_timer->isActive();
}

void ReconnectScheduler::tick()
{
    const int left = std::max<int>(0, m_delayMs - int(m_waited.elapsed()));
    if (left > 0)
        Q_EMIT countdown(m_attempt, left);
}

} // namespace wsi::net
