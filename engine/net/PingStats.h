// SPDX-License-Identifier: MIT
#pragma once
// Round-trip statistics of the keepalive (and manual) pings of one connection: the samples
// and their running min/avg/max/p99/jitter/loss, as the latency panel and `ping` show them.
#include <QMetaType>
#include <QVector>

namespace wsi::net {

struct PingSample {
    quint64 pingId = 0;
    qint64 sentNs = 0;  // since the connection started
    qint64 rttNs = -1;  // -1: lost (timed out or skipped by a later pong)
    int payloadSize = 0;
};

class PingStats
{
public:
    // At most this many samples are kept for the chart and the percentile.
    static constexpr int MaxSamples = 10000;

    void recordSent() { ++m_sent; }
    void recordReply(qint64 rttNs, const PingSample &sample);
    void recordLost(const PingSample &sample);

    int sent() const { return m_sent; }
    int received() const { return m_received; }
    int lost() const { return m_lost; }
    double lossPercent() const;
    qint64 minNs() const { return m_received ? m_minNs : 0; }
    qint64 maxNs() const { return m_maxNs; }
    qint64 avgNs() const;
    qint64 p99Ns() const;
    qint64 mdevNs() const;    // standard deviation, as ping(8) prints it
    qint64 jitterNs() const;  // mean absolute difference of consecutive round trips
    const QVector<PingSample> &samples() const { return m_samples; }

private:
    void keep(const PingSample &sample);

    QVector<PingSample> m_samples;
    int m_sent = 0;
    int m_received = 0;
    int m_lost = 0;
    qint64 m_minNs = 0;
    qint64 m_maxNs = 0;
    double m_sumNs = 0;
    double m_sumSquaresNs = 0;
    double m_jitterSumNs = 0;
    int m_jitterCount = 0;
    qint64 m_lastRttNs = -1;
};

} // namespace wsi::net
