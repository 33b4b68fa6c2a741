// SPDX-License-Identifier: MIT
// How an echo server's peer connection ends: closing with a code, dropping it, the
// handshake and close timeouts, the transport's end told in words (where in the stream it
// broke off), and the report of the close to the server.
#include "net/echo/EchoPeer.h"
#include "net/echo/EchoPeerDriverCall.h"

#include "protocol/CloseCode.h"

#include <cstring>

namespace wsi::net {

// ---- faults and timeouts ---------------------------------------------------------------

void EchoPeer::pongTimedOut()
{
    const QString why = QStringLiteral("no pong within %1 ms of a keepalive ping").arg(m_pongTimer.interval());
    reportLocal(EventKind::Error, QStringLiteral("ping-timeout: ") + why, protocol::CloseCode::InternalError);
    // Said again if the client does not answer the close either (it ends 1006 then).
    m_failure = why + QStringLiteral("; closed with 1011");
    closeWith(protocol::CloseCode::InternalError, why);
}

void EchoPeer::closeWith(quint16 code, const QString &reason)
{
    if (m_finished || m_closeTransport)
        return;
    if (m_http) {
        endHttp(QStringLiteral("closed by the server (%1%2)").arg(code).arg(reason.isEmpty() ? QString() : QStringLiteral(" ") + reason));
        return;
    }
    if (!m_opened) {
        drop(QStringLiteral("closed by the server before its handshake completed"));
        return;
    }
    if (m_driver->state() != protocol::DriverState::Open)
        return; // our close frame is already out
    // Section 5.5: a close reason fits in 123 bytes; cut it on a character boundary.
    QByteArray utf8 = reason.toUtf8();
    while (utf8.size() > 123)
        utf8 = QString::fromUtf8(utf8).chopped(1).toUtf8();
    DriverCall call(*this);
    reportLocal(EventKind::Info, QStringLiteral("closing with code %1").arg(code), code);
    if (!m_driver->close(code, std::string_view(utf8.constData(), std::size_t(utf8.size())))) {
        drop(QStringLiteral("close code %1 cannot be sent").arg(code));
        return;
    }
    m_closeTimer.start(m_host.closeTimeoutMs());
}

bool EchoPeer::writeHttp(const QByteArray &bytes)
{
    if (m_finished || m_closeTransport)
        return false;
    std::memcpy(outputRoom(std::size_t(bytes.size())), bytes.constData(), std::size_t(bytes.size()));
    if (m_callDepth == 0)
        flushOutput();
    return true;
}

void EchoPeer::endHttp(const QString &why)
{
    if (m_finished || m_closeTransport)
        return;
    m_failure = why;
    DriverCall call(*this); // leaving it flushes, then shuts our side down and lingers
    m_closeTransport = true;
}

void EchoPeer::drop(const QString &why)
{
    if (m_finished)
        return;
    m_failure = why;
    reportLocal(EventKind::Info, QStringLiteral("TCP connection dropped: %1").arg(why));
    m_transport->abort(true);
    connectionLost();
}

void EchoPeer::handshakeTimedOut()
{
    drop(QStringLiteral("no complete opening handshake within %1 ms").arg(m_host.handshakeTimeoutMs()));
}

void EchoPeer::closeTimedOut()
{
    drop(QStringLiteral("no answer to our close frame within %1 ms").arg(m_host.closeTimeoutMs()));
}

// ---- the end ---------------------------------------------------------------------------

void EchoPeer::transportClosed(const EchoTransportEnd &end)
{
    if (m_finished)
        return;
    if (m_failure.isEmpty())
        m_failure = describeEnd(end);
    // Worth an error row: a failed TLS handshake, and a connection that broke off (a reset,
    // a socket error, or a FIN in the middle of a frame or message). A FIN between messages
    // is told by the close row alone (1006, with this reason).
    const bool brokeOff = m_opened && !m_closeReported
        && (end.kind != EchoTransportEnd::Kind::PeerClosed || isInsideMessage());
    if (end.kind == EchoTransportEnd::Kind::TlsHandshakeFailed || brokeOff)
        reportLocal(EventKind::Error, m_failure);
    connectionLost();
}

bool EchoPeer::isInsideMessage() const
{
    const protocol::InputPosition position = m_driver->inputPosition();
    return position.partialHeaderBytes > 0 || position.inPayload || position.inFragmentedMessage;
}

// In words, how the transport ended: with an open WebSocket and no close frame yet, where
// in the incoming stream (RFC 6455 section 7.1.5: the close code is then 1006).
QString EchoPeer::describeEnd(const EchoTransportEnd &end) const
{
    if (!m_opened || m_closeReported)
        return end.message;
    const bool peerClosed = end.kind == EchoTransportEnd::Kind::PeerClosed;
    const QString who = peerClosed ? QStringLiteral("the peer closed the TCP connection") : end.message;
    const protocol::InputPosition position = m_driver->inputPosition();
    if (position.inPayload) {
        return QStringLiteral("%1 in the middle of a frame (%2 of its %3 payload bytes received)")
            .arg(who).arg(position.payloadReceived).arg(position.payloadLength);
    }
    if (position.partialHeaderBytes > 0) {
        const std::size_t part = position.partialHeaderBytes;
        return QStringLiteral("%1 in the middle of a frame (%2 %3 of it received)")
            .arg(who).arg(part).arg(part == 1 ? QLatin1String("byte") : QLatin1String("bytes"));
    }
    if (position.inFragmentedMessage)
        return QStringLiteral("%1 in the middle of a fragmented message").arg(who);
    return peerClosed ? QStringLiteral("%1 without a close frame").arg(who) : who;
}

// The transport is gone (closed by the peer, reset, dropped by us, or lingered out).
void EchoPeer::connectionLost()
{
    if (m_finished)
        return;
    if (!m_closeReported) {
        DriverCall call(*this);
        m_driver->endOfInput(); // reports the unclean close (1006) when it was open
    }
    if (m_opened && m_closeReported) {
        const QString reason = m_close.clean || !m_close.reason.empty() ? QString::fromStdString(m_close.reason) : m_failure;
        finish(m_close.code, reason, m_close.clean);
        return;
    }
    QString reason = m_failure;
    if (reason.isEmpty())
        reason = m_opened ? QStringLiteral("connection lost without a close frame")
                 : m_http ? QStringLiteral("the client closed the connection")
                          : QStringLiteral("connection closed before the handshake completed");
    finish(protocol::CloseCode::Abnormal, reason, false);
}

void EchoPeer::finish(quint16 code, const QString &reason, bool clean)
{
    m_finished = true;
    m_handshakeTimer.stop();
    m_closeTimer.stop();
    m_lingerTimer.stop();
    m_host.peerFinished(*this, code, reason, clean);
}

} // namespace wsi::net
