// SPDX-License-Identifier: MIT
#include "PingRun.h"

#include "EventPrinter.h"

#include "net/Connection.h"

#include <algorithm>
#include <cstdio>

using namespace wsi::net;

PingRun::PingRun(ConnectionOptions options, Settings settings, QObject *parent)
    : QObject(parent), m_options(std::move(options)), m_settings(settings)
{
    const ConnectionTarget target = validateUrl(m_options.url).target;
    m_url = target.displayUrl;
    m_peer = (target.host.contains(QLatin1Char(':')) ? QLatin1Char('[') + target.host + QLatin1Char(']') : target.host)
             + QLatin1Char(':') + QString::number(target.port);
    // Pings are ours to send; a lost one is counted, not fatal.
    m_options.pingIntervalMs = 0;
    m_options.pingTimeoutCloses = false;
    m_options.eventDetail = EventDetail::CountersOnly;
    auto *connection = new Connection(m_options);
    connect(connection, &TrafficSource::reported, this, &PingRun::onReports);
    connect(&m_interrupts, &InterruptWatcher::interrupted, this, [this](int signalNumber, int count) {
        if (count > 1) {
            m_thread->abort();
            return;
        }
        interrupt(signalNumber);
    });
    m_timer.setInterval(m_settings.intervalMs);
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, &PingRun::sendNext);
    m_thread = std::make_unique<SourceThread>(connection);
}

PingRun::~PingRun() = default;

QByteArray PingRun::payloadFor(int sequence, int size)
{
    QByteArray payload = "wsinspect ping " + QByteArray::number(sequence);
    if (size < 0)
        return payload;
    if (size >= payload.size())
        return payload.append(QByteArray(std::min(size, 125) - payload.size(), '.')); // section 5.5: at most 125
    const QByteArray digits = QByteArray::number(sequence).rightJustified(size, '0');
    return digits.right(size);
}

void PingRun::start()
{
    m_thread->open();
}

void PingRun::onReports(const ReportBatch &batch)
{
    // Counters only: no log rows to print, just the updates in order.
    walkReports(batch, [](const EventBatch &) {},
                Overloaded{[this](const StateReport &report) { onState(report.state); },
                           [this](const PingReport &report) { onSample(report.sample, report.stats); },
                           [this](const ConnectionError &error) { m_errors.append(error); },
                           [this](const FinishedReport &) { onFinished(); }, [](const auto &) {}});
}

void PingRun::onState(ConnectionState state)
{
    if (state != ConnectionState::Open || m_stopping)
        return;
    m_opened = true;
    std::printf("PING %s: %d-byte payloads\n", m_url.toLocal8Bit().constData(),
                int(payloadFor(1, m_settings.payloadSize).size()));
    std::fflush(stdout);
    m_elapsed.start();
    sendNext();
    m_timer.start();
}

void PingRun::sendNext()
{
    if (m_stopping || (m_settings.count > 0 && m_sent >= m_settings.count)) {
        m_timer.stop();
        return;
    }
    ++m_sent;
    m_thread->sendPing(payloadFor(m_sent, m_settings.payloadSize));
    if (m_settings.count > 0 && m_sent >= m_settings.count)
        m_timer.stop();
}

void PingRun::onSample(const PingSample &sample, const PingStats &stats)
{
    if (m_stopping)
        return; // the summary is out and stays the last word; pings in flight count as lost
    m_stats = stats;
    if (sample.rttNs >= 0) {
        std::printf("pong from %s: seq=%llu size=%d time=%.3f ms\n", m_peer.toLocal8Bit().constData(),
                    static_cast<unsigned long long>(sample.pingId), sample.payloadSize, double(sample.rttNs) / 1e6);
    } else {
        std::printf("no pong for seq=%llu within %d ms\n", static_cast<unsigned long long>(sample.pingId), m_options.pingTimeoutMs);
    }
    std::fflush(stdout);
    const int settled = stats.received() + stats.lost();
    if (m_settings.count > 0 && m_sent >= m_settings.count && settled >= m_settings.count)
        finishPinging();
}

void PingRun::finishPinging()
{
    if (m_stopping)
        return;
    m_stopping = true;
    m_timer.stop();
    printSummary();
    m_thread->close(1000);
}

void PingRun::interrupt(int signalNumber)
{
    if (m_opened) {
        finishPinging(); // as ping(8): the summary now, then a prompt close
        return;
    }
    // During the upgrade: no pings went out, and the abort is ours, not a 1006 to report.
    m_stopping = true;
    m_timer.stop();
    m_interruptedBy = signalNumber;
    std::fprintf(stderr, "wsinspect-cli: interrupted before %s opened\n", m_url.toLocal8Bit().constData());
    std::fflush(stderr);
    m_thread->abort();
}

void PingRun::printSummary()
{
    if (m_summaryPrinted || m_sent == 0)
        return;
    m_summaryPrinted = true;
    const PingStats &s = m_stats;
    const double loss = m_sent ? 100.0 * double(m_sent - s.received()) / m_sent : 0.0;
    std::printf("\n--- %s ping statistics ---\n", m_url.toLocal8Bit().constData());
    std::printf("%d pings transmitted, %d pongs received, %.1f%% loss, time %lld ms\n", m_sent, s.received(), loss,
                static_cast<long long>(m_elapsed.isValid() ? m_elapsed.elapsed() : 0));
    if (s.received() > 0) {
        const auto ms = [](qint64 ns) { return double(ns) / 1e6; };
        std::printf("rtt min/avg/max/p99/mdev = %.3f/%.3f/%.3f/%.3f/%.3f ms, jitter %.3f ms\n", ms(s.minNs()), ms(s.avgNs()),
                    ms(s.maxNs()), ms(s.p99Ns()), ms(s.mdevNs()), ms(s.jitterNs()));
    }
    std::fflush(stdout);
}

void PingRun::onFinished()
{
    if (m_interruptedBy) {
        Q_EMIT done(128 + m_interruptedBy);
        return;
    }
    printSummary();
    // After the user stopped it, how the close went is not news: the summary stays last.
    if (!m_errors.isEmpty() && !m_stopping)
        EventPrinter::printFailure(m_errors.first().message, m_errors.first().hint);
    Q_EMIT done(m_stats.received() > 0 && (m_errors.isEmpty() || m_stopping) ? 0 : 1);
}
