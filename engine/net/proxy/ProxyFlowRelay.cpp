// SPDX-License-Identifier: MIT
// The flow's relay: what one side sends is read in chunks of up to ChunkBytes, written to
// the other side in one call (Qt sends it on the next pass of the event loop, so several
// reads of small frames leave in one send), and shown to that side's FrameTap. A side
// whose peer is slow is not read (its socket's read buffer is bounded, so the kernel's
// window pushes back on the sender) until the backlog drains; the same when the report's
// consumer is behind. When one side ends, what it sent is passed on and the other side is
// closed once written; the flow finishes when both have ended.
#include "net/proxy/ProxyFlow.h"

#include "net/proxy/FrameTap.h"

#include <QSslSocket>
#include <QTimer>

namespace wsi::net {

namespace {

// A side is not read while the other has more than this to write; it is read again when
// that falls under a quarter.
constexpr qint64 HighWaterBytes = 1024 * 1024;
constexpr qint64 LowWaterBytes = HighWaterBytes / 4;
// Reads per call before the event loop gets its turn back (then a queued call goes on).
constexpr int MaxReadsPerCall = 64;

qint64 backlogOf(QTcpSocket *socket)
{
    qint64 pending = socket->bytesToWrite();
    if (auto *ssl = qobject_cast<QSslSocket *>(socket))
        pending += ssl->encryptedBytesToWrite();
    return pending;
}

} // namespace

void ProxyFlow::relay(QTcpSocket *from, bool drain)
{
    if (!from || m_phase != Phase::Relaying)
        return;
    QTcpSocket *to = otherSide(from);
    FrameTap *tap = tapOf(from);
    bool &paused = from == m_app ? m_appPaused : m_upstreamPaused;
    const bool canWrite = to->state() == QAbstractSocket::ConnectedState;
    for (int round = 0; round < MaxReadsPerCall || drain; ++round) {
        if (!drain && backlogOf(to) > HighWaterBytes) {
            paused = true;
            return;
        }
        if (!drain && reports().isBehind(maxRowsInFlight())) {
            reports().markPaused();
            return;
        }
        const qint64 read = from->read(m_buffer.data(), m_buffer.size());
        if (read <= 0) {
            paused = false;
            return;
        }
        const qint64 timeNs = nowNs();
        if (canWrite)
            to->write(m_buffer.constData(), read);
        if (from == m_app)
            m_counters.bytesOut += quint64(read);
        else
            m_counters.bytesIn += quint64(read);
        if (tap) // none on a plain HTTP request's relay
            tap->feed(m_buffer.constData(), read, timeNs);
    }
    // More than a call's share is waiting: the rest after the event loop's turn.
    QMetaObject::invokeMethod(this, [this, from] { relay(from); }, Qt::QueuedConnection);
}

void ProxyFlow::onBytesWritten(QTcpSocket *to)
{
    if (m_phase != Phase::Relaying || !to)
        return;
    QTcpSocket *from = otherSide(to);
    const bool paused = from == m_app ? m_appPaused : m_upstreamPaused;
    if (paused && backlogOf(to) < LowWaterBytes)
        relay(from);
}

void ProxyFlow::onDisconnected(QTcpSocket *socket)
{
    const bool app = socket == m_app;
    bool &ended = app ? m_appEnded : m_upstreamEnded;
    if (ended)
        return;
    ended = true;
    if (!(app ? m_upstreamEnded : m_appEnded))
        m_appEndedFirst = app;
    switch (m_phase) {
    case Phase::Idle:
    case Phase::ReadingRequest:
    case Phase::Connecting:
    case Phase::AwaitingAnswer:
        if (app) {
            m_handshakeTimer->stop();
            m_upstreamTimer->stop();
            const QString why = m_phase == Phase::ReadingRequest || m_phase == Phase::Idle
                ? QStringLiteral("the app left before its upgrade request was complete")
                : QStringLiteral("the app left before the upstream answered");
            appendInfo(why, TrafficLeg::Client);
            m_endReason = abnormalClose(CloseInitiator::Local, why);
            m_hasEndReason = true;
            m_phase = Phase::Ending;
            if (m_upstream)
                m_upstream->abort();
            m_upstreamEnded = true;
        }
        // The upstream's end before its answer is reported by onUpstreamError.
        break;
    case Phase::Relaying: {
        // What it sent before it ended still goes to the other side, then that side closes.
        relay(socket, true);
        QTcpSocket *other = otherSide(socket);
        appendInfo(app ? QStringLiteral("the app closed its connection") : QStringLiteral("the upstream closed its connection"),
                   app ? TrafficLeg::Client : TrafficLeg::Server);
        if (other && other->state() != QAbstractSocket::UnconnectedState) {
            other->disconnectFromHost();
            m_lingerTimer->start(LingerMs);
        }
        break;
    }
    case Phase::RelayingRefusal:
        if (!app) {
            passRefusalBody(m_upstream->readAll());
            endBoth();
        } else if (m_upstream) {
            m_upstream->abort();
        }
        break;
    case Phase::Ending:
    case Phase::Finished:
        break;
    }
    maybeFinish();
}

void ProxyFlow::endBoth()
{
    if (m_phase == Phase::Finished)
        return;
    if (m_phase != Phase::Relaying)
        m_phase = Phase::Ending;
    for (QTcpSocket *socket : {m_app, m_upstream}) {
        if (socket && socket->state() != QAbstractSocket::UnconnectedState)
            socket->disconnectFromHost();
    }
    if (!m_upstream)
        m_upstreamEnded = true;
    m_lingerTimer->start(LingerMs);
    maybeFinish();
}

void ProxyFlow::maybeFinish()
{
    if (m_phase == Phase::Finished)
        return;
    if (!m_appEnded && m_app->state() == QAbstractSocket::UnconnectedState)
        m_appEnded = true;
    if (!m_upstreamEnded && (!m_upstream || m_upstream->state() == QAbstractSocket::UnconnectedState)
        && m_phase != Phase::Connecting && m_phase != Phase::AwaitingAnswer && m_phase != Phase::ReadingRequest)
        m_upstreamEnded = true;
    if (!m_appEnded || !m_upstreamEnded)
        return;
    m_phase = Phase::Finished;
    m_handshakeTimer->stop();
    m_upstreamTimer->stop();
    m_lingerTimer->stop();
    reports().post(closeInfo());
    setState(ConnectionState::Closed);
    reports().post(FinishedReport{});
    reports().flush();
    Q_EMIT finished(m_id);
}

// How the flow ended. Its code is the first close frame's (the close handshake's
// initiator's): "sent" is the app's frame (what went to the upstream), "received" the
// upstream's; clean when both passed.
CloseInfo ProxyFlow::closeInfo() const
{
    CloseInfo info;
    if (m_hasEndReason) {
        info = m_endReason;
    } else if (m_plainHttp) {
        // Not a WebSocket: no close frames; what passed is the flow's end.
        info.code = 1005;
        info.clean = true;
        info.initiator = m_appEndedFirst ? CloseInitiator::Local : CloseInitiator::Remote;
        info.reason = QStringLiteral("not a WebSocket: %1 relayed untouched, %2 byte(s) app->server, %3 server->app")
                          .arg(m_plainHttpRequest)
                          .arg(m_counters.bytesOut)
                          .arg(m_counters.bytesIn);
    } else {
        const CloseFrameInfo fromApp = m_appTap ? m_appTap->closeFrame() : CloseFrameInfo{};
        const CloseFrameInfo fromUpstream = m_upstreamTap ? m_upstreamTap->closeFrame() : CloseFrameInfo{};
        if (!fromApp.present && !fromUpstream.present) {
            info = abnormalClose(CloseInitiator::Transport,
                                 m_appEndedFirst ? QStringLiteral("the app closed its TCP connection without a close frame")
                                                 : QStringLiteral("the upstream closed its TCP connection without a close frame"));
        } else {
            const bool appFirst = fromApp.present
                && (!fromUpstream.present || m_appTap->closeTimeNs() <= m_upstreamTap->closeTimeNs());
            const CloseFrameInfo &first = appFirst ? fromApp : fromUpstream;
            info.code = first.code != 0 ? first.code : 1005;
            info.reason = first.reason;
            info.initiator = appFirst ? CloseInitiator::Local : CloseInitiator::Remote;
            info.clean = fromApp.present && fromUpstream.present;
        }
        info.sent = fromApp;
        info.received = fromUpstream;
    }
    info.timeNs = nowNs();
    return info;
}

} // namespace wsi::net
