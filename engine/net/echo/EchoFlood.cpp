// SPDX-License-Identifier: MIT
#include "net/echo/EchoFlood.h"

#include "net/echo/EchoPeer.h"

#include <QUrlQuery>

#include <algorithm>
#include <cmath>

namespace wsi::net {

namespace {

constexpr int MaxFloodSize = 64 * 1024 * 1024;
constexpr int MessagesPerTurn = 4096; // then the event loop gets a turn (other clients, signals)

} // namespace

std::optional<FloodRequest> FloodRequest::fromTarget(const QString &path, const QString &query, QString &error)
{
    if (path != QLatin1String("/flood"))
        return std::nullopt;
    FloodRequest request;
    const QUrlQuery items(query);
    bool ok = true;
    if (items.hasQueryItem(QStringLiteral("count"))) {
        request.count = items.queryItemValue(QStringLiteral("count")).toLongLong(&ok);
        if (!ok || request.count < 0)
            error = QStringLiteral("count wants a number of messages, 0 or more");
    }
    if (error.isEmpty() && items.hasQueryItem(QStringLiteral("size"))) {
        request.size = items.queryItemValue(QStringLiteral("size")).toInt(&ok);
        if (!ok || request.size < 0 || request.size > MaxFloodSize)
            error = QStringLiteral("size wants bytes from 0 to %1").arg(MaxFloodSize);
    }
    if (error.isEmpty() && items.hasQueryItem(QStringLiteral("rate"))) {
        request.rate = items.queryItemValue(QStringLiteral("rate")).toDouble(&ok);
        if (!ok || request.rate < 0 || !std::isfinite(request.rate))
            error = QStringLiteral("rate wants messages a second (0: as fast as the client reads)");
    }
    if (error.isEmpty() && items.hasQueryItem(QStringLiteral("type"))) {
        const QString type = items.queryItemValue(QStringLiteral("type"));
        request.text = type == QLatin1String("text");
        if (!request.text && type != QLatin1String("binary"))
            error = QStringLiteral("type is text or binary");
    }
    return request;
}

EchoFlood::EchoFlood(EchoPeer &peer, FloodRequest request, QObject *parent)
    : QObject(parent), m_peer(&peer), m_request(request), m_payload(request.size, request.text ? 'x' : '\xa5')
{
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, &EchoFlood::sendSome);
    m_clock.start();
    m_timer.start(0);
}

void EchoFlood::sendSome()
{
    if (!m_peer || !m_peer->isOpen()) {
        m_timer.stop();
        deleteLater();
        return;
    }
    // How many are due: all that remain, or as many as the rate allows by now.
    qint64 due = m_request.count - m_sent;
    if (m_request.rate > 0)
        due = std::min(due, qint64(std::floor(double(m_clock.nsecsElapsed()) / 1e9 * m_request.rate)) + 1 - m_sent);
    due = std::min<qint64>(due, MessagesPerTurn);
    if (m_peer->queuedBytes() < HighWaterBytes && due > 0) {
        // No more than the room left below the high-water mark (at least one).
        const qint64 frame = m_payload.size() + 14;
        const qint64 fits = std::max<qint64>(1, (HighWaterBytes - m_peer->queuedBytes()) / frame);
        const qint64 batch = std::min(due, fits);
        m_peer->sendRepeated(m_request.text, m_payload, batch);
        m_sent += batch;
    }
    if (m_sent >= m_request.count) {
        m_timer.stop();
        m_peer->closeWith(1000, QStringLiteral("flood done"));
        deleteLater();
        return;
    }
    // At a rate: wake for the next one; a full queue: soon, once the client has read some;
    // otherwise at once.
    if (m_request.rate > 0)
        m_timer.setInterval(int(std::max(0.0, 1000.0 / m_request.rate - 1)));
    else
        m_timer.setInterval(m_peer->queuedBytes() >= HighWaterBytes ? 1 : 0);
}

} // namespace wsi::net
