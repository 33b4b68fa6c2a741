// SPDX-License-Identifier: MIT
// The Connection's pings: keepalive pings on an interval, timed pings (manual or
// keepalive) and their round trips when the pong comes back (the latency panel's samples).
#include "net/Connection.h"

#include <QTcpSocket>
#include <QTimer>

namespace wsi::net {

void Connection::setPingInterval(int ms)
{
    m_options.pingIntervalMs = std::max(0, ms);
    if (m_options.pingIntervalMs == 0)
        m_keepaliveTimer->stop();
    else if (m_state == ConnectionState::Open)
        m_keepaliveTimer->start(m_options.pingIntervalMs);
}

void Connection::onKeepalive()
{
    const QByteArray payload = QByteArrayLiteral("wsinspect keepalive ") + QByteArray::number(++m_keepaliveCount);
    sendTimedPing(payload);
}

quint64 Connection::sendTimedPing(const QByteArray &payload)
{
    if (!m_driver)
        return 0;
    // The round trip starts when the ping's bytes are handed to the socket: the time its
    // log row gets (taken in the Driver's call), so the log's rows are a round trip apart.
    const qint64 handedNs = nowNs();
    const quint64 id = m_driver->sendPing(std::string_view(payload.constData(), std::size_t(payload.size())));
    if (id == 0)
        return 0;
    LogEvent *last = reports().lastEvent();
    const bool logged = last && last->kind == EventKind::Ping && last->direction == EventDirection::Outgoing;
    if (logged)
        last->pingId = id;
    PingSample sample;
    sample.pingId = id;
    sample.sentNs = logged ? last->timeNs : handedNs;
    sample.payloadSize = int(payload.size());
    m_pendingPings.insert(id, sample);
    m_pingStats.recordSent();
    // Out now, so the round trip does not include a turn of the event loop.
    m_socket->flush();
    armPingTimer();
    return id;
}

// Times the answered ping; pings sent before it and never answered are lost (a pong
// answers the latest ping only, RFC 6455 section 5.5.3).
qint64 Connection::settlePing(quint64 pingId)
{
    const auto found = m_pendingPings.constFind(pingId);
    if (found == m_pendingPings.constEnd())
        return -1;
    const PingSample sample = *found;
    while (!m_pendingPings.isEmpty() && m_pendingPings.firstKey() < pingId)
        m_pingStats.recordLost(m_pendingPings.take(m_pendingPings.firstKey()));
    m_pendingPings.remove(pingId);
    const qint64 rttNs = std::max<qint64>(0, m_readTimeNs - sample.sentNs);
    m_pingStats.recordReply(rttNs, sample);
    armPingTimer();
    return rttNs;
}

} // namespace wsi::net
