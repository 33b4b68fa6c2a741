// SPDX-License-Identifier: MIT
// The Connection as the Driver's sink: the Driver's options for this connection, and its
// protocol events turned into counters, log events on the report stream, and the
// handshake, latency, error and close updates, in the order the bytes came.
#include "net/Connection.h"

#include "net/HandshakeDiagnosis.h"
#include "net/ReconnectScheduler.h"
#include "protocol/Opcode.h"
#include "protocol/handshake/HttpHeaders.h"

#include <QTcpSocket>
#include <QTimer>

namespace wsi::net {

namespace {

QByteArray bytesOf(std::string_view view)
{
    return QByteArray(view.data(), qsizetype(view.size()));
}

EventDirection directionOf(protocol::Direction direction)
{
    return direction == protocol::Direction::Incoming ? EventDirection::Incoming : EventDirection::Outgoing;
}

quint8 flagsOf(const protocol::FrameEvent &event)
{
    const protocol::FrameHeader &header = event.header;
    if (event.format == protocol::FrameFormat::Hixie)
        return quint8(FrameFlag::Fin | FrameFlag::Hixie | (event.rawTrailer.empty() ? 0 : FrameFlag::HixieTrailer));
    return quint8((header.fin ? FrameFlag::Fin : 0) | (header.rsv1 ? FrameFlag::Rsv1 : 0)
                  | (header.rsv2 ? FrameFlag::Rsv2 : 0) | (header.rsv3 ? FrameFlag::Rsv3 : 0)
                  | (header.masked ? FrameFlag::Masked : 0));
}


} // namespace

protocol::DriverOptions Connection::driverOptions() const
{
    protocol::DriverOptions options;
    options.role = protocol::Role::Client;
    options.maxMessageSize = m_options.maxMessageSize;
    // The message limit is the user's, and no data frame may exceed it: a frame over it is
    // refused by its header, before any of it is read, naming that limit (not a default).
    options.maxFrameSize = m_options.maxMessageSize;
    options.autoPong = m_options.autoPong;
    // Counting only, and not echoing: nobody reads a payload, so none is reassembled.
    options.deliverPayloads = m_options.eventDetail != EventDetail::CountersOnly || m_options.echoMessages;
    protocol::ClientHandshakeRequest &request = options.clientRequest;
    request.host = m_target.hostHeader.toStdString();
    request.resourceName = m_target.resourceName.toStdString();
    request.origin = m_options.origin.toStdString();
    request.version = m_options.protocolVersion;
    for (const QString &subprotocol : m_options.subprotocols)
        request.subprotocols.push_back(subprotocol.toStdString());
    bool hasAuthorization = false;
    for (const auto &header : m_options.headers) {
        request.extraHeaders.push_back({header.first.toStdString(), header.second.toStdString()});
        hasAuthorization = hasAuthorization || header.first.compare("Authorization", Qt::CaseInsensitive) == 0;
        // -H 'Sec-WebSocket-Protocol: a, b' replaces the offer (buildClientRequest): the
        // answer is checked against what was sent.
        if (header.first.compare("Sec-WebSocket-Protocol", Qt::CaseInsensitive) == 0)
            request.subprotocols = protocol::splitHeaderList(header.second.toStdString());
    }
    if (!hasAuthorization && !m_target.userInfoAuthorization.isEmpty())
        request.extraHeaders.push_back({"Authorization", m_target.userInfoAuthorization.toStdString()});
    options.offerDeflate = m_options.deflate;
    options.deflateOffer = m_options.deflateOffer;
    options.rawRequestOverride = m_options.rawRequestOverride.toStdString();
    return options;
}

qint64 Connection::eventTime(protocol::Direction direction) const
{
    return direction == protocol::Direction::Incoming ? m_readTimeNs : nowNs();
}

void Connection::onOpen(const protocol::OpenEvent &event)
{
    m_openTimer->stop();
    m_rejectedBodyTimer->stop();
    m_handshake = handshakeInfoOf(true, event.rawRequest, event.rawResponse, event.response);
    m_handshake.subprotocol = QString::fromStdString(event.subprotocol);
    m_handshake.extensions = QString::fromStdString(event.extensions);
    m_handshake.deflate = event.deflate;
    m_handshake.protocolVersion = QString::fromLatin1(protocol::protocolVersionName(event.version));
    if (event.deflate)
        m_handshake.deflateParams = QString::fromStdString(protocol::formatDeflateParams(event.deflateParams));
    m_handshake.timeNs = m_readTimeNs;
    m_handshakeReported = true;
    m_reconnect->reset();
    reports().post(m_handshake);
    setState(ConnectionState::Open);
    if (m_options.pingIntervalMs > 0)
        m_keepaliveTimer->start(m_options.pingIntervalMs);
}

void Connection::onHandshakeFailed(const protocol::HandshakeFailureEvent &event)
{
    m_openTimer->stop();
    m_rejectedBodyTimer->stop();
    m_handshake = handshakeInfoOf(false, event.rawRequest, event.rawResponse, event.response, event.bodyPreview);
    m_handshake.failure = QString::fromStdString(event.message);
    m_handshake.timeNs = nowNs();
    m_handshake.diagnosis = diagnoseHandshakeFailure(m_handshake, event.clientError, m_target.secure);
    m_handshakeReported = true;
    m_handshakeFailed = true;
    reports().post(m_handshake);
    if (m_alertReceived >= 0 && m_handshake.rawResponse.isEmpty())
        return; // no answer because the server's fatal alert ended it: that error (onSslAlert) says why
    QString message = m_handshake.failure;
    if (event.clientError == protocol::ClientHandshakeError::NotSwitchingProtocols)
        message = QStringLiteral("the server refused the upgrade: ") + m_handshake.statusLine;
    fail(ErrorPhase::Upgrade, QString::fromLatin1(protocol::clientHandshakeErrorId(event.clientError)), message,
         m_handshake.diagnosis);
}

void Connection::onFrame(const protocol::FrameEvent &event)
{
    const bool incoming = event.direction == protocol::Direction::Incoming;
    if (incoming)
        ++m_counters.framesIn;
    else
        ++m_counters.framesOut;
    const bool close = event.header.opcode == quint8(protocol::Opcode::Close);
    if (close && m_state == ConnectionState::Open)
        setState(ConnectionState::Closing);
    // A frame sent by hand is always logged, with its payload, where it went: it belongs to
    // no message the log could show it in.
    const bool raw = m_sendingRawFrame && !incoming;
    if (m_options.eventDetail != EventDetail::Frames && !raw)
        return;
    LogEvent &log = appendEvent(EventKind::Frame, directionOf(event.direction), eventTime(event.direction));
    log.ownRow = raw;
    log.opcode = event.header.opcode;
    log.flags = flagsOf(event);
    const protocol::MaskKey &key = event.header.maskKey;
    log.maskKey = event.header.masked ? (quint32(key[0]) << 24 | quint32(key[1]) << 16 | quint32(key[2]) << 8 | key[3]) : 0;
    log.length = event.header.payloadLength;
    log.streamOffset = event.streamOffset;
    log.header = QByteArray(reinterpret_cast<const char *>(event.rawHeader.bytes.data()), qsizetype(event.rawHeader.size));
    if (!event.payload.empty() && (raw || protocol::isControlOpcode(event.header.opcode)))
        log.payload = bytesOf(event.payload);
}

void Connection::echoInPlace(const protocol::MessageEvent &event)
{
    // Inside the Driver's read: its payload is the message buffer, which sending leaves
    // alone, and the frames are written before the rest of the read is parsed.
    if (!m_options.echoMessages || event.direction != protocol::Direction::Incoming || !m_driver)
        return;
    const bool sent = event.isText ? m_driver->sendText(event.payload) : m_driver->sendBinary(event.payload);
    if (!sent)
        appendInfo(QStringLiteral("message not echoed: the connection is closing"));
}

void Connection::onMessage(const protocol::MessageEvent &event)
{
    if (event.direction == protocol::Direction::Incoming) {
        ++m_counters.messagesIn;
        m_counters.payloadBytesIn += event.length;
    } else {
        ++m_counters.messagesOut;
        m_counters.payloadBytesOut += event.length;
    }
    // Counting only: the payload is not copied at all.
    if (m_options.eventDetail == EventDetail::CountersOnly) {
        echoInPlace(event);
        return;
    }
    // A sent message is complete when its last frame is written, in the same Driver call:
    // one time for both lets the log keep that frame as implied by the row (FrameTable).
    const LogEvent *last = reports().lastEvent();
    const bool afterItsFrame = event.direction == protocol::Direction::Outgoing && last
        && last->kind == EventKind::Frame && last->direction == EventDirection::Outgoing;
    const qint64 timeNs = afterItsFrame ? last->timeNs : eventTime(event.direction);
    LogEvent &log = appendEvent(EventKind::Message, directionOf(event.direction), timeNs);
    log.isText = event.isText;
    log.compressed = event.compressed;
    log.frameCount = event.frameCount;
    log.length = event.payload.size();
    log.wireSize = event.wireSize;
    log.streamOffset = event.streamOffset;
    log.payload = bytesOf(event.payload);
    echoInPlace(event); // after its row: the log shows the message, then the echo
}

void Connection::onPing(const protocol::PingEvent &event)
{
    if (m_options.eventDetail == EventDetail::CountersOnly)
        return;
    LogEvent &log = appendEvent(EventKind::Ping, directionOf(event.direction), eventTime(event.direction));
    log.payload = bytesOf(event.payload);
    if (event.direction == protocol::Direction::Incoming && !event.answered)
        log.text = QStringLiteral("not answered (auto-pong off)");
}

void Connection::onPong(const protocol::PongEvent &event)
{
    qint64 rttNs = -1;
    if (event.direction == protocol::Direction::Incoming && event.pingId != 0)
        rttNs = settlePing(event.pingId);
    if (m_options.eventDetail != EventDetail::CountersOnly) {
        LogEvent &log = appendEvent(EventKind::Pong, directionOf(event.direction), eventTime(event.direction));
        log.payload = bytesOf(event.payload);
        log.pingId = event.pingId;
        log.rttNs = rttNs;
    }
    if (rttNs >= 0)
        reports().post(PingReport{m_pingStats.samples().last(), m_pingStats});
}

CloseInfo Connection::closeFramesOf(const protocol::CloseEvent &event)
{
    const auto frameOf = [](const protocol::CloseFrame &frame) {
        return CloseFrameInfo{frame.present, frame.hasCode ? frame.code : quint16(0), QString::fromStdString(frame.reason)};
    };
    CloseInfo info;
    info.sent = frameOf(event.sent);
    info.received = frameOf(event.received);
    return info;
}

void Connection::onProtocolError(const protocol::ProtocolErrorEvent &event)
{
    fail(ErrorPhase::Protocol, QString::fromLatin1(protocol::protocolErrorId(event.error)),
         QStringLiteral("%1 (closing with %2)").arg(QString::fromStdString(event.message)).arg(event.closeCode),
         QStringLiteral("the server broke RFC 6455 at byte %1 of its stream").arg(event.streamOffset));
}

void Connection::onClosed(const protocol::CloseEvent &event)
{
    CloseInfo info = closeFramesOf(event);
    info.code = event.code;
    info.reason = QString::fromStdString(event.reason);
    info.clean = event.clean;
    info.initiator = event.initiator == protocol::Initiator::Local ? CloseInitiator::Local : CloseInitiator::Remote;
    if (m_handshakeFailed) {
        info.code = 1006;
        info.reason = QStringLiteral("opening handshake failed");
        info.initiator = CloseInitiator::Remote;
    } else if (!event.sent.present && !event.received.present) {
        info.initiator = CloseInitiator::Transport;
        info.reason = QStringLiteral("connection closed without a close frame");
    } else if (!event.received.present) {
        info.reason = QStringLiteral("we sent %1; no close frame came back").arg(describeCloseFrame(info.sent));
    }
    // The Driver has just written our close frame (or the answer to the peer's): push it
    // to the kernel before anyone hears "finished" and destroys the socket with it unsent.
    if (m_socket && m_socket->state() == QAbstractSocket::ConnectedState)
        m_socket->flush();
    finishTransport(info);
    // The close frames are exchanged (or the connection failed): close our side once the
    // last frame is written. RFC 6455 section 7.1.1 lets a client do so right away.
    // (Reported first: disconnectFromHost() may emit disconnected() synchronously.)
    if (m_socket && m_socket->state() == QAbstractSocket::ConnectedState)
        m_socket->disconnectFromHost();
}

} // namespace wsi::net
