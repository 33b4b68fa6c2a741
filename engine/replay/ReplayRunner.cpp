// SPDX-License-Identifier: MIT
#include "replay/ReplayRunner.h"

#include "net/Connection.h"

#include <algorithm>
#include <cmath>

namespace wsi::replay {

using namespace net;

namespace {
constexpr int CloseLimitMs = 5000;
} // namespace

ReplayRunner::ReplayRunner(ReplayPlan plan, Settings settings, QObject *parent)
    : QObject(parent), m_plan(std::move(plan)), m_settings(settings)
{
    if (!(m_settings.speed > 0))
        m_settings.speed = 1.0;
    for (QTimer *timer : {&m_sendTimer, &m_settleTimer, &m_runLimit, &m_closeLimit})
        timer->setSingleShot(true);
    m_sendTimer.setTimerType(Qt::PreciseTimer);
    connect(&m_sendTimer, &QTimer::timeout, this, &ReplayRunner::sendDue);
    connect(&m_settleTimer, &QTimer::timeout, this, [this] {
        endRun(QStringLiteral("quiet for %1 ms after the last message").arg(m_settings.settleMs));
    });
    connect(&m_runLimit, &QTimer::timeout, this, [this] {
        m_limitReached = true;
        endRun(QStringLiteral("the run's time limit (%1 ms) was reached").arg(m_settings.runLimitMs));
    });
    connect(&m_closeLimit, &QTimer::timeout, this, [this] {
        if (m_thread) {
            m_thread->abort();
        } else { // a shown source: the replay is over, whatever the source does next
            m_connectionFinished = true;
            finish();
        }
    });
}

ReplayRunner::~ReplayRunner() = default;

void ReplayRunner::start(ConnectionOptions options)
{
    options.reconnect.enabled = false; // one connection: its answers are the replay's
    auto *connection = new Connection(options);
    connect(connection, &TrafficSource::reported, this, &ReplayRunner::onReports);
    m_thread = std::make_unique<SourceThread>(connection);
    SourceThread *thread = m_thread.get();
    attach(SourceCalls{[thread](const ReplayMessage &message) {
                           if (message.binary)
                               thread->sendBinary(message.payload);
                           else
                               thread->sendText(message.payload);
                       },
                       [thread] { thread->close(1000); }});
    m_thread->open();
}

void ReplayRunner::attach(SourceCalls calls)
{
    m_calls = std::move(calls);
    if (m_settings.runLimitMs > 0)
        m_runLimit.start(m_settings.runLimitMs);
}

void ReplayRunner::stop()
{
    endRun(QStringLiteral("stopped"));
}

void ReplayRunner::onReports(const ReportBatch &batch)
{
    Q_EMIT reported(batch);
    forEachReport(batch, [this](const EventBatch &rows) { showRows(rows); }, [this](const SourceReport &update) { showUpdate(update); });
    if (m_thread)
        m_thread->source()->reportsConsumed(batch);
}

void ReplayRunner::showRows(const EventBatch &rows)
{
    for (const LogEvent &event : rows) {
        if (event.kind == EventKind::Message)
            onMessage(event);
    }
}

void ReplayRunner::showUpdate(const SourceReport &update)
{
    std::visit(Overloaded{[this](const StateReport &report) {
                              if (report.state == ConnectionState::Open)
                                  onOpen(report.timeNs);
                          },
                          [this](const ConnectionError &error) {
                              if (!m_error)
                                  m_error = error;
                          },
                          [this](const CloseInfo &close) {
                              m_close = close;
                              if (!m_ending)
                                  endRun(QStringLiteral("the server closed the connection (%1)").arg(close.code));
                          },
                          [this](const FinishedReport &) { connectionEnded(); },
                          [](const auto &) {}},
               update);
}

void ReplayRunner::connectionEnded()
{
    m_connectionFinished = true;
    endRun(m_error ? QStringLiteral("the connection failed") : QStringLiteral("the connection ended"));
}

void ReplayRunner::onOpen(qint64 openNs)
{
    if (m_openNs >= 0 || m_ending)
        return;
    m_openNs = openNs;
    m_openClock.start();
    scheduleNextSend();
    if (m_plan.sends.isEmpty())
        armSettle();
}

qint64 ReplayRunner::sinceOpenMs() const
{
    return m_openClock.isValid() ? m_openClock.elapsed() : 0;
}

void ReplayRunner::scheduleNextSend()
{
    if (m_ending || m_nextSend >= m_plan.sends.size())
        return;
    if (m_settings.pace == Pace::AsFastAsPossible) {
        sendDue();
        return;
    }
    m_sendTimer.start(int(std::clamp<qint64>(dueMs(m_nextSend) - sinceOpenMs(), 0, 24 * 3600 * 1000)));
}

qint64 ReplayRunner::dueMs(qsizetype send) const
{
    // The recorded gap after the previous send, not the offset from the open: when one send
    // goes out late (a busy machine, a slow worker), the ones after it keep their spacing,
    // which is what a rate-limited or time-sensitive server sees.
    const qint64 atMs = m_plan.sends.at(send).atMs;
    if (send == 0 || m_lastSentSinceOpenMs < 0)
        return qint64(std::llround(double(atMs) / m_settings.speed));
    const qint64 gapMs = atMs - m_plan.sends.at(send - 1).atMs;
    return m_lastSentSinceOpenMs + qint64(std::llround(double(gapMs) / m_settings.speed));
}

void ReplayRunner::sendDue()
{
    // Everything due by now goes out in order; with no pacing, everything.
    while (!m_ending && m_nextSend < m_plan.sends.size()) {
        const ReplayMessage &message = m_plan.sends.at(m_nextSend);
        if (m_settings.pace == Pace::Original && dueMs(m_nextSend) > sinceOpenMs())
            break;
        m_calls.send(message);
        m_lastSentSinceOpenMs = sinceOpenMs();
        ++m_nextSend;
    }
    scheduleNextSend();
}

void ReplayRunner::onMessage(const LogEvent &event)
{
    if (m_openNs < 0)
        return;
    ReplayMessage message{std::max<qint64>(0, (event.timeNs - m_openNs) / 1000000), !event.isText, event.payload, 0};
    if (event.direction == EventDirection::Outgoing)
        m_sent << message;
    else if (event.direction == EventDirection::Incoming && !m_ending)
        m_answers << message;
    else
        return;
    Q_EMIT progress(int(m_sent.size()), int(m_answers.size()));
    armSettle();
}

void ReplayRunner::armSettle()
{
    // Quiet time counts once everything was sent (each send is on the wire).
    if (m_ending || m_sent.size() < m_plan.sends.size())
        return;
    qint64 waitMs = m_settings.settleMs;
    if (m_settings.pace == Pace::Original && !m_plan.recorded.isEmpty() && !m_plan.sends.isEmpty()) {
        // The recording's last answer came this long after its last send: wait for it.
        const qint64 tailMs = m_plan.recorded.last().atMs - m_plan.sends.last().atMs;
        const qint64 sinceLastSendMs = sinceOpenMs() - std::max<qint64>(0, m_lastSentSinceOpenMs);
        waitMs = std::max(waitMs, qint64(std::llround(double(tailMs) / m_settings.speed)) - sinceLastSendMs + m_settings.settleMs / 4);
    }
    m_settleTimer.start(int(std::clamp<qint64>(waitMs, 0, 24 * 3600 * 1000)));
}

void ReplayRunner::endRun(const QString &reason)
{
    if (!m_ending) {
        m_ending = true;
        m_endReason = reason;
        m_sendTimer.stop();
        m_settleTimer.stop();
        m_runLimit.stop();
        if (!m_connectionFinished && m_calls.close) {
            m_calls.close();
            m_closeLimit.start(CloseLimitMs);
        }
    }
    if (m_connectionFinished || !m_calls.close)
        finish();
}

void ReplayRunner::finish()
{
    if (m_finished)
        return;
    m_finished = true;
    m_closeLimit.stop();
    Q_EMIT finished();
}

} // namespace wsi::replay
