// SPDX-License-Identifier: MIT
// The Connection's timeouts, those of kontena-websocket-client: connect, open (the
// upgrade), close, write (no progress while bytes wait) and ping, plus the keepalive and
// snapshot timers and the grace period for a refusal's body. Each one that fires says
// which limit was hit and which option changes it.
#include "net/Connection.h"

#include <QSslSocket>
#include <QTimer>

namespace wsi::net {

namespace {

constexpr int SnapshotIntervalMs = 200;
// How long a refusal without Content-Length may take to send its body.
constexpr int RejectedBodyGraceMs = 300;

QTimer *makeTimer(QObject *parent, int intervalMs, bool singleShot)
{
    auto *timer = new QTimer(parent);
    timer->setSingleShot(singleShot);
    timer->setTimerType(Qt::PreciseTimer);
    if (intervalMs > 0)
        timer->setInterval(intervalMs);
    return timer;
}

qint64 pendingBytes(QTcpSocket *socket)
{
    if (!socket)
        return 0;
    qint64 pending = socket->bytesToWrite();
    if (auto *ssl = qobject_cast<QSslSocket *>(socket))
        pending += ssl->encryptedBytesToWrite();
    return pending;
}

} // namespace

void Connection::setUpTimers()
{
    m_snapshotTimer = makeTimer(this, SnapshotIntervalMs, false);
    m_connectTimer = makeTimer(this, 0, true);
    m_openTimer = makeTimer(this, 0, true);
    m_closeTimer = makeTimer(this, 0, true);
    m_writeTimer = makeTimer(this, 0, true);
    m_pingTimer = makeTimer(this, 0, true);
    m_keepaliveTimer = makeTimer(this, 0, false);
    m_rejectedBodyTimer = makeTimer(this, RejectedBodyGraceMs, true);
    connect(m_snapshotTimer, &QTimer::timeout, this, &Connection::emitSnapshot);
    connect(m_connectTimer, &QTimer::timeout, this, &Connection::onConnectTimeout);
    connect(m_openTimer, &QTimer::timeout, this, &Connection::onOpenTimeout);
    connect(m_closeTimer, &QTimer::timeout, this, &Connection::onCloseTimeout);
    connect(m_writeTimer, &QTimer::timeout, this, &Connection::onWriteTimeout);
    connect(m_pingTimer, &QTimer::timeout, this, &Connection::onPingTimeout);
    connect(m_keepaliveTimer, &QTimer::timeout, this, &Connection::onKeepalive);
    connect(m_rejectedBodyTimer, &QTimer::timeout, this, [this] {
        if (m_driver && m_driver->isAwaitingRejectedBody())
            m_driver->endOfInput();
    });
}

void Connection::stopAllTimers()
{
    for (QTimer *timer : {m_connectTimer, m_openTimer, m_closeTimer, m_writeTimer, m_pingTimer, m_keepaliveTimer,
                          m_rejectedBodyTimer, m_snapshotTimer})
        timer->stop();
}

void Connection::abortAfterTimeout(const QString &reason)
{
    m_localAbort = true;
    // The close frame we sent (a close timeout) stays on the record.
    CloseInfo info = m_driver ? closeFramesOf(m_driver->closeInfo()) : CloseInfo{};
    dropSocket();
    info.code = 1006;
    info.reason = reason;
    info.initiator = CloseInitiator::Local;
    finishTransport(info);
}

void Connection::onConnectTimeout()
{
    const int waited = m_options.connectTimeoutMs;
    QString message;
    switch (m_state) {
    case ConnectionState::Resolving:
        message = QStringLiteral("could not resolve %1 within %2 ms (connect timeout)").arg(m_target.host).arg(waited);
        break;
    case ConnectionState::ProxyTunnel:
        message = QStringLiteral("no answer from the proxy %1:%2 to CONNECT within %3 ms (connect timeout)")
                      .arg(m_proxy.host).arg(m_proxy.port).arg(waited);
        break;
    case ConnectionState::TlsHandshake:
        message = QStringLiteral("no TLS handshake with %1 within %2 ms (connect timeout)").arg(peerName()).arg(waited);
        break;
    default:
        message = QStringLiteral("no TCP connection to %1 within %2 ms (connect timeout)").arg(peerName()).arg(waited);
        break;
    }
    const ErrorPhase phase = m_state == ConnectionState::TlsHandshake ? ErrorPhase::Tls
                             : m_state == ConnectionState::ProxyTunnel ? ErrorPhase::Proxy
                                                                       : ErrorPhase::Connect;
    // A plain WebSocket server reads a TLS ClientHello as the start of a request and waits
    // for the rest in silence.
    const QString hint = m_state == ConnectionState::TlsHandshake
                             ? QStringLiteral("a server that does not speak TLS may say nothing at all: try %1, or raise "
                                              "--connect-timeout for slow networks")
                                   .arg(plainUrl())
                             : QStringLiteral("is the host reachable? Raise --connect-timeout for slow networks");
    fail(phase, QStringLiteral("connect-timeout"), message, hint, waited);
    abortAfterTimeout(QStringLiteral("connect timeout"));
}

void Connection::onOpenTimeout()
{
    if (m_driver && m_driver->isAwaitingRejectedBody()) {
        m_driver->endOfInput(); // the refusal is the news, not the timeout
        return;
    }
    const int waited = m_options.openTimeoutMs;
    if (isEventSource()) {
        fail(ErrorPhase::Upgrade, QStringLiteral("open-timeout"),
             QStringLiteral("no answer to the request within %1 ms (open timeout)").arg(waited),
             m_target.secure ? QStringLiteral("the server accepted the connection but did not answer: is this the stream's URL?")
                             : QStringLiteral("the server accepted the connection but did not answer: does it want TLS (https://)?"),
             waited);
        abortAfterTimeout(QStringLiteral("open timeout"));
        return;
    }
    fail(ErrorPhase::Upgrade, QStringLiteral("open-timeout"),
         QStringLiteral("no answer to the upgrade request within %1 ms (open timeout)").arg(waited),
         m_target.secure ? QStringLiteral("the server accepted the connection but did not answer the upgrade: "
                                          "is this a WebSocket endpoint?")
                         : QStringLiteral("the server accepted the connection but did not answer the upgrade: "
                                          "is this a WebSocket endpoint? Does it want TLS (wss://)?"),
         waited);
    abortAfterTimeout(QStringLiteral("open timeout"));
}

void Connection::onCloseTimeout()
{
    const int waited = m_options.closeTimeoutMs;
    fail(ErrorPhase::Close, QStringLiteral("close-timeout"),
         QStringLiteral("no close frame answered ours within %1 ms (close timeout)").arg(waited),
         QStringLiteral("the server does not run the close handshake; the connection was dropped"), waited);
    abortAfterTimeout(QStringLiteral("close timeout"));
}

// A write times out when the socket makes no progress for writeTimeoutMs while bytes wait:
// the peer stopped reading (kontena-websocket-client's "write timeout").
void Connection::armWriteTimer()
{
    if (m_options.writeTimeoutMs <= 0 || m_writeTimer->isActive())
        return;
    m_writeTimer->start(m_options.writeTimeoutMs);
}

void Connection::onBytesWritten()
{
    if (pendingBytes(m_socket) == 0)
        m_writeTimer->stop();
    else if (m_options.writeTimeoutMs > 0)
        m_writeTimer->start(m_options.writeTimeoutMs); // progress: wait afresh
}

void Connection::onWriteTimeout()
{
    const qint64 pending = pendingBytes(m_socket);
    if (pending == 0)
        return;
    const int waited = m_options.writeTimeoutMs;
    fail(ErrorPhase::Write, QStringLiteral("write-timeout"),
         QStringLiteral("%1 bytes could not be written within %2 ms (write timeout)").arg(pending).arg(waited),
         QStringLiteral("the peer is not reading; raise --write-timeout if it is only slow"), waited);
    abortAfterTimeout(QStringLiteral("write timeout"));
}

void Connection::armPingTimer()
{
    if (m_pendingPings.isEmpty() || m_options.pingTimeoutMs <= 0) {
        m_pingTimer->stop();
        return;
    }
    const qint64 deadlineNs = m_pendingPings.first().sentNs + qint64(m_options.pingTimeoutMs) * 1000000;
    m_pingTimer->start(int(std::max<qint64>(0, (deadlineNs - nowNs() + 999999) / 1000000)));
}

void Connection::onPingTimeout()
{
    if (m_pendingPings.isEmpty())
        return;
    const PingSample oldest = m_pendingPings.first();
    if (nowNs() - oldest.sentNs < qint64(m_options.pingTimeoutMs) * 1000000) {
        armPingTimer();
        return;
    }
    m_pendingPings.remove(oldest.pingId);
    m_pingStats.recordLost(oldest);
    reports().post(PingReport{m_pingStats.samples().last(), m_pingStats});
    const int waited = m_options.pingTimeoutMs;
    const QString message = QStringLiteral("no pong for ping #%1 within %2 ms (ping timeout)").arg(oldest.pingId).arg(waited);
    if (!m_options.pingTimeoutCloses) {
        appendInfo(message);
        armPingTimer();
        return;
    }
    fail(ErrorPhase::Ping, QStringLiteral("ping-timeout"), message,
         QStringLiteral("the server (or the path to it) stopped answering; raise --ping-timeout if it is only slow"), waited);
    abortAfterTimeout(QStringLiteral("ping timeout"));
}

} // namespace wsi::net
