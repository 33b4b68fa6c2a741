// SPDX-License-Identifier: MIT
#include "decode/DecodeContext.h"

namespace wsi::decode {

namespace {
// Remembered results are few (only messages that ended a reassembly); the bound keeps a
// pathological stream from growing the table without end.
constexpr qsizetype kMaxRemembered = 65536;
} // namespace

bool DecodeContext::isFirstVisit(PayloadDirection direction, qint64 sequence)
{
    qint64 &last = m_lastSequence[index(direction)];
    if (sequence < 0 || sequence <= last)
        return false;
    last = sequence;
    return true;
}

void DecodeContext::remember(qint64 sequence, const DecodeResult &result)
{
    if (sequence < 0)
        return;
    if (m_remembered.size() >= kMaxRemembered)
        m_remembered.clear();
    m_remembered.insert(sequence, result);
}

const DecodeResult *DecodeContext::remembered(qint64 sequence) const
{
    const auto it = m_remembered.constFind(sequence);
    return it == m_remembered.constEnd() ? nullptr : &it.value();
}

SocketIoPending &DecodeContext::socketIoPending(PayloadDirection direction)
{
    return m_socketIoPending[index(direction)];
}

QByteArray &DecodeContext::mqttCarry(PayloadDirection direction)
{
    return m_mqttCarry[index(direction)];
}

void DecodeContext::reset()
{
    engineIoVersion = 0;
    mqttVersion = 0;
    m_lastSequence[0] = m_lastSequence[1] = -1;
    m_socketIoPending[0] = m_socketIoPending[1] = {};
    m_mqttCarry[0].clear();
    m_mqttCarry[1].clear();
    m_remembered.clear();
}

} // namespace wsi::decode
