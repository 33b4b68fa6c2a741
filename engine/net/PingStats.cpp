// SPDX-License-Identifier: MIT
#include "net/PingStats.h"

#include <algorithm>
#include <cmath>

namespace wsi::net {

void PingStats::recordReply(qint64 rttNs, const PingSample &sample)
{
    if (m_received == 0 || rttNs < m_minNs)
        m_minNs = rttNs;
    m_maxNs = std::max(m_maxNs, rttNs);
    ++m_received;
    m_sumNs += double(rttNs);
    m_sumSquaresNs += double(rttNs) * double(rttNs);
    if (m_lastRttNs >= 0) {
        m_jitterSumNs += std::abs(double(rttNs - m_lastRttNs));
        ++m_jitterCount;
    }
    m_lastRttNs = rttNs;
    PingSample kept = sample;
    kept.rttNs = rttNs;
    keep(kept);
}

void PingStats::recordLost(const PingSample &sample)
{
    ++m_lost;
    PingSample kept = sample;
    kept.rttNs = -1;
    keep(kept);
}

void PingStats::keep(const PingSample &sample)
{
    if (m_samples.size() >= MaxSamples)
        m_samples.remove(0, MaxSamples / 10);
    m_samples.append(sample);
}

double PingStats::lossPercent() const
{
    const int settled = m_received + m_lost;
    return settled ? 100.0 * m_lost / settled : 0.0;
}

qint64 PingStats::avgNs() const
{
    return m_received ? qint64(m_sumNs / m_received) : 0;
}

qint64 PingStats::mdevNs() const
{
    if (!m_received)
        return 0;
    const double mean = m_sumNs / m_received;
    const double variance = std::max(0.0, m_sumSquaresNs / m_received - mean * mean);
    return qint64(std::sqrt(variance));
}

qint64 PingStats::jitterNs() const
{
    return m_jitterCount ? qint64(m_jitterSumNs / m_jitterCount) : 0;
}

// Nearest-rank percentile over the kept samples.
qint64 PingStats::p99Ns() const
{
    QVector<qint64> rtts;
    rtts.reserve(m_samples.size());
    for (const PingSample &sample : m_samples) {
        if (sample.rttNs >= 0)
            rtts.append(sample.rttNs);
    }
    if (rtts.isEmpty())
        return 0;
    const auto rank = std::size_t(std::ceil(0.99 * double(rtts.size()))) - 1;
    std::nth_element(rtts.begin(), rtts.begin() + qsizetype(rank), rtts.end());
    return rtts.at(qsizetype(rank));
}

} // namespace wsi::net
