// SPDX-License-Identifier: MIT
// The Connection's commands: the slots the tab and the CLI call (queued, from their
// thread) to send, ping, close or abort. Each refuses with an Info row when the
// connection cannot do it now, so nothing the user asked for disappears silently.
#include "net/Connection.h"

#include <QTcpSocket>
#include <QTimer>

namespace wsi::net {

namespace {

std::string_view viewOf(const QByteArray &bytes)
{
    return std::string_view(bytes.constData(), std::size_t(bytes.size()));
}

// The hixie drafts frame messages as 0x00 ... 0xFF (or a length) and have nothing else.
QString noControlFrames(const QString &what, protocol::ProtocolVersion version)
{
    return QStringLiteral("%1 not sent: this connection speaks %2, whose framing has no control frames "
                          "(ping, pong, close codes) and no RFC 6455 frames")
        .arg(what, QString::fromLatin1(protocol::protocolVersionName(version)));
}

} // namespace

void Connection::sendText(const QByteArray &utf8, int fragments)
{
    if (isEventSource()) {
        appendInfo(QStringLiteral("not sent: an EventSource stream only receives"));
        return;
    }
    if (!m_driver || !m_driver->sendText(viewOf(utf8), std::uint32_t(std::max(1, fragments))))
        appendInfo(QStringLiteral("text message not sent: the connection is not open"));
}

void Connection::sendBinary(const QByteArray &data, int fragments)
{
    if (isEventSource()) {
        appendInfo(QStringLiteral("not sent: an EventSource stream only receives"));
        return;
    }
    if (!m_driver || !m_driver->sendBinary(viewOf(data), std::uint32_t(std::max(1, fragments))))
        appendInfo(QStringLiteral("binary message not sent: the connection is not open"));
}

void Connection::sendPing(const QByteArray &payload)
{
    if (payload.size() > 125) {
        appendInfo(QStringLiteral("ping not sent: a control frame carries at most 125 bytes (RFC 6455 section 5.5)"));
        return;
    }
    if (m_driver && !m_driver->hasControlFrames()) {
        appendInfo(noControlFrames(QStringLiteral("ping"), m_driver->version()));
        return;
    }
    if (sendTimedPing(payload) == 0)
        appendInfo(QStringLiteral("ping not sent: the connection is not open"));
}

void Connection::sendPong(const QByteArray &payload)
{
    if (m_driver && !m_driver->hasControlFrames()) {
        appendInfo(noControlFrames(QStringLiteral("pong"), m_driver->version()));
        return;
    }
    if (!m_driver || !m_driver->sendPong(viewOf(payload)))
        appendInfo(QStringLiteral("pong not sent: the connection is not open, or the payload is over 125 bytes"));
}

void Connection::close(int code, const QString &reason)
{
    m_userClosed = true;
    if (m_transportFinished) {
        cancelReconnect();
        return;
    }
    if (isEventSource()) {
        closeEventSource(); // no close handshake: the stream ends with the connection
        return;
    }
    if (!m_driver || m_driver->state() != protocol::DriverState::Open) {
        if (m_driver && m_driver->state() == protocol::DriverState::Closing)
            return; // already closing
        // Not open yet: there is no close handshake to run.
        m_localAbort = true;
        dropSocket();
        finishTransport(abnormalClose(CloseInitiator::Local, QStringLiteral("closed before the connection opened")));
        return;
    }
    const QByteArray reasonBytes = reason.toUtf8();
    if (!m_driver->close(quint16(code), viewOf(reasonBytes))) {
        appendInfo(QStringLiteral("close not sent: a reason needs a code and at most 123 bytes"));
        return;
    }
    setState(ConnectionState::Closing);
    if (m_options.closeTimeoutMs > 0)
        m_closeTimer->start(m_options.closeTimeoutMs);
}

void Connection::sendRawFrame(const protocol::RawFrame &frame)
{
    if (m_driver && !m_driver->hasControlFrames()) {
        appendInfo(noControlFrames(QStringLiteral("raw frame"), m_driver->version()));
        return;
    }
    m_sendingRawFrame = true;
    const bool sent = m_driver && m_driver->sendRawFrame(frame);
    m_sendingRawFrame = false;
    if (!sent) {
        appendInfo(QStringLiteral("raw frame not sent: the connection is not open"));
        return;
    }
    if (m_driver->state() == protocol::DriverState::Closing && m_state == ConnectionState::Open) {
        setState(ConnectionState::Closing);
        if (m_options.closeTimeoutMs > 0)
            m_closeTimer->start(m_options.closeTimeoutMs);
    }
}

void Connection::abort()
{
    m_userClosed = true;
    if (m_transportFinished) {
        cancelReconnect();
        return;
    }
    if (m_state == ConnectionState::Idle)
        return;
    m_localAbort = true;
    dropSocket();
    finishTransport(abnormalClose(CloseInitiator::Local, QStringLiteral("aborted")));
}

void Connection::setAutoPong(bool enabled)
{
    m_options.autoPong = enabled;
    if (m_driver)
        m_driver->setAutoPong(enabled);
}

} // namespace wsi::net
