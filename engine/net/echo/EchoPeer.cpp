// SPDX-License-Identifier: MIT
#include "net/echo/EchoPeer.h"

#include "protocol/CloseCode.h"
#include "protocol/ProtocolError.h"

#include <algorithm>
#include <cstring>

namespace wsi::net {

namespace {

// Output queued for a client beyond which we stop reading from it, when it does not read
// its echoes, and the level at which we resume (kernel back-pressure does the rest).
constexpr qint64 HighWaterBytes = 64ll * 1024 * 1024;
constexpr qint64 LowWaterBytes = 16ll * 1024 * 1024;
// Output queued for a client beyond which it is dropped as a slow consumer.
constexpr qint64 SlowConsumerBytes = 256ll * 1024 * 1024;
// Payloads from this size on are handed to the transport where they are (writeFrame).
constexpr std::size_t DirectPayloadBytes = 64 * 1024;
// After our last byte: how long we wait for the peer to close its side before a reset.
constexpr int LingerMs = 2000;

QString fromStd(const std::string &text)
{
    return QString::fromUtf8(text.data(), qsizetype(text.size()));
}

QByteArray toBytes(std::string_view view)
{
    return QByteArray(view.data(), qsizetype(view.size()));
}

// memcpy for the few bytes of a small echo (a 2-byte header, a 32-byte payload): fixed-size
// moves, overlapping when the size is not a power of two, instead of a call into the C
// library that costs more than such a copy.
void copyBytes(char *to, const std::uint8_t *from, std::size_t size)
{
    const auto move = [to, from](std::size_t at, auto word) {
        std::memcpy(&word, from + at, sizeof word);
        std::memcpy(to + at, &word, sizeof word);
    };
    struct Bytes16 {
        std::uint64_t low, high;
    };
    if (size > 32) {
        std::memcpy(to, from, size);
    } else if (size >= 16) {
        move(0, Bytes16{});
        move(size - 16, Bytes16{});
    } else if (size >= 8) {
        move(0, std::uint64_t{});
        move(size - 8, std::uint64_t{});
    } else if (size >= 4) {
        move(0, std::uint32_t{});
        move(size - 4, std::uint32_t{});
    } else if (size >= 2) {
        move(0, std::uint16_t{});
        move(size - 2, std::uint16_t{});
    } else if (size == 1) {
        *to = char(*from);
    }
}

// The host's options, less what a session never uses: frame events for data frames (it
// reports messages, and asks the Driver where the stream stands when it ends).
protocol::DriverOptions sessionDriverOptions(const protocol::DriverOptions &hostOptions)
{
    protocol::DriverOptions options = hostOptions;
    options.reportDataFrames = false;
    return options;
}

} // namespace

class EchoPeer::DriverCall
{
public:
    explicit DriverCall(EchoPeer &session) : m_session(session) { ++m_session.m_callDepth; }
    ~DriverCall()
    {
        if (--m_session.m_callDepth == 0)
            m_session.leaveDriverCall();
    }
    DriverCall(const DriverCall &) = delete;
    DriverCall &operator=(const DriverCall &) = delete;

private:
    EchoPeer &m_session;
};

EchoPeer::EchoPeer(quint64 id, std::unique_ptr<EchoTransport> transport, EchoPeerHost &host,
                         QObject *parent)
    : QObject(parent)
    , m_id(id)
    , m_host(host)
    , m_transport(std::move(transport))
    , m_driver(new protocol::Driver(sessionDriverOptions(host.driverOptions()), *this, *this)) // private bases: no make_unique
{
    m_peer = m_transport->peer();
    m_transport->setListener(this);

    m_handshakeTimer.setSingleShot(true);
    connect(&m_handshakeTimer, &QTimer::timeout, this, &EchoPeer::handshakeTimedOut);
    m_handshakeTimer.start(m_host.handshakeTimeoutMs());
    m_closeTimer.setSingleShot(true);
    connect(&m_closeTimer, &QTimer::timeout, this, &EchoPeer::closeTimedOut);
    m_lingerTimer.setSingleShot(true);
    connect(&m_lingerTimer, &QTimer::timeout, this, &EchoPeer::lingerTimedOut);

    m_driver->start();
}

EchoPeer::~EchoPeer()
{
    // The transport goes first; it must not call back into a half-destroyed session.
    m_transport->setListener(nullptr);
    m_transport.reset();
}

void EchoPeer::start()
{
    m_transport->start();
}

bool EchoPeer::isOpen() const
{
    return !m_finished && m_driver->state() == protocol::DriverState::Open;
}

// ---- reading ---------------------------------------------------------------------------

void EchoPeer::transportReceived(const char *data, std::size_t size)
{
    // The conversation is over: what still comes is dropped, but read, so that the peer's
    // FIN that ends our lingering close is seen.
    if (m_finished || m_closeTransport)
        return;
    {
        DriverCall call(*this);
        m_driver->parse(reinterpret_cast<const std::uint8_t *>(data), size);
    }
    // A client that does not read its echoes is not read either until it catches up, so
    // what we hold for it stays bounded.
    if (!m_readPaused && !m_closeTransport && m_transport->bytesToWrite() > HighWaterBytes)
        pauseReading(true);
}

void EchoPeer::pauseReading(bool paused)
{
    m_readPaused = paused;
    m_transport->setReadingPaused(paused);
}

void EchoPeer::transportWritten()
{
    if (m_transportClosing) {
        shutDownWhenFlushed();
        return;
    }
    if (m_readPaused && m_transport->bytesToWrite() <= LowWaterBytes)
        pauseReading(false);
}

// Output is copied into room made in advance (QByteArray::append costs more than the copy
// for a 34-byte echo), a frame's header and payload at once.
char *EchoPeer::outputRoom(std::size_t size)
{
    const qsizetype needed = m_outSize + qsizetype(size);
    if (needed > m_out.size())
        m_out.resize(std::max(needed, m_out.capacity())); // all the room there is: this stays rare
    char *room = m_out.data() + m_outSize;
    m_outSize = needed;
    return room;
}

void EchoPeer::write(const std::uint8_t *data, std::size_t size)
{
    std::memcpy(outputRoom(size), data, size);
    if (m_callDepth == 0)
        flushOutput(); // written outside any call we wrapped (should not happen)
}

void EchoPeer::writeFrame(const std::uint8_t *header, std::size_t headerSize, const std::uint8_t *payload,
                             std::size_t payloadSize)
{
    // A large payload goes from the Driver's buffer to the kernel without a copy into m_out;
    // what m_out holds goes first, so frames keep their order.
    if (payloadSize >= DirectPayloadBytes) {
        flushOutput();
        if (m_transport->writeFrameDirect(reinterpret_cast<const char *>(header), headerSize,
                                          reinterpret_cast<const char *>(payload), payloadSize))
            return;
    }
    char *room = outputRoom(headerSize + payloadSize);
    copyBytes(room, header, headerSize);
    copyBytes(room + headerSize, payload, payloadSize);
    if (m_callDepth == 0)
        flushOutput(); // written outside any call we wrapped (should not happen)
}

void EchoPeer::leaveDriverCall()
{
    flushOutput();
    if (m_closeTransport && !m_transportClosing && !m_finished) {
        m_transportClosing = true;
        m_lingerTimer.start(LingerMs);
        if (m_readPaused)
            pauseReading(false); // read (and drop) until the peer's FIN
        shutDownWhenFlushed();
    }
}

// Closing the descriptor outright while the peer's bytes are unread (the rest of an
// oversized message, its answer to our close frame) makes the kernel send a reset, which
// can destroy our close frame in the peer's receive queue. So, as HTTP servers do with
// their "lingering close", we only shut our sending side once everything is out, read and
// discard until the peer closes too, and reset only after LingerMs.
void EchoPeer::shutDownWhenFlushed()
{
    if (m_writeShutDown || m_finished)
        return;
    if (m_transport->bytesToWrite() > 0)
        return; // transportWritten() brings us back
    m_writeShutDown = true;
    m_transport->shutdownWrite();
}

void EchoPeer::lingerTimedOut()
{
    m_transport->abort(false);
    connectionLost();
}

void EchoPeer::flushOutput()
{
    if (m_outSize == 0)
        return;
    m_out.resize(m_outSize);
    m_outSize = 0;
    m_transport->write(m_out); // leaves m_out empty, its capacity kept for the next read
}

// ---- sending ---------------------------------------------------------------------------

void EchoPeer::sendMessage(bool isText, std::string_view payload, const QByteArray &copy)
{
    if (!isOpen())
        return;
    // Echo mode stops reading a client that does not read; in broadcast mode the others'
    // messages keep coming, so a client that lets this much pile up is let go.
    if (m_transport->bytesToWrite() > SlowConsumerBytes) {
        drop(QStringLiteral("not reading: %1 MiB waiting to be sent").arg(m_transport->bytesToWrite() >> 20));
        return;
    }
    DriverCall call(*this);
    m_sendingCopy = &copy; // onMessage(Outgoing) reports it without copying again
    if (isText)
        m_driver->sendText(payload);
    else
        m_driver->sendBinary(payload);
    m_sendingCopy = nullptr;
}

// sendMessage() for an echo from onMessage(): already inside the Driver's parse() call,
// with nothing to report.
void EchoPeer::echoInPlace(bool isText, std::string_view payload)
{
    if (!isOpen())
        return;
    if (m_transport->bytesToWrite() > SlowConsumerBytes) {
        drop(QStringLiteral("not reading: %1 MiB waiting to be sent").arg(m_transport->bytesToWrite() >> 20));
        return;
    }
    if (isText)
        m_driver->sendText(payload);
    else
        m_driver->sendBinary(payload);
}

void EchoPeer::sendPing(std::string_view payload)
{
    if (!isOpen())
        return;
    DriverCall call(*this);
    const std::uint64_t pingId = m_driver->sendPing(payload);
    if (pingId == 0)
        return;
    m_lastPingId = pingId;
    m_lastPingNs = m_host.elapsedNs();
    if (!m_host.isReportingTraffic())
        return;
    LogEvent event;
    event.kind = EventKind::Ping;
    event.direction = EventDirection::Outgoing;
    event.timeNs = m_lastPingNs;
    event.pingId = pingId;
    event.payload = toBytes(payload);
    submit(std::move(event));
}

// ---- faults and timeouts ---------------------------------------------------------------

void EchoPeer::closeWith(quint16 code, const QString &reason)
{
    if (m_finished || m_closeTransport)
        return;
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
        const QString reason = m_close.clean || !m_close.reason.empty() ? fromStd(m_close.reason) : m_failure;
        finish(m_close.code, reason, m_close.clean);
        return;
    }
    QString reason = m_failure;
    if (reason.isEmpty())
        reason = m_opened ? QStringLiteral("connection lost without a close frame")
                          : QStringLiteral("connection closed before the handshake completed");
    finish(protocol::CloseCode::Abnormal, reason, false);
}

void EchoPeer::finish(quint16 code, const QString &reason, bool clean)
{
    m_finished = true;
    m_handshakeTimer.stop();
    m_closeTimer.stop();
    m_lingerTimer.stop();
    m_host.sessionFinished(*this, code, reason, clean);
}

void EchoPeer::submit(LogEvent &&event)
{
    event.clientId = m_id;
    m_host.report(std::move(event));
}

void EchoPeer::reportLocal(EventKind kind, const QString &text, quint16 code)
{
    if (!m_host.isReportingTraffic())
        return;
    LogEvent event;
    event.kind = kind;
    event.direction = EventDirection::Local;
    event.timeNs = m_host.elapsedNs();
    event.code = code;
    event.text = text;
    submit(std::move(event));
}

// ---- Driver events ---------------------------------------------------------------------

void EchoPeer::onOpen(const protocol::OpenEvent &event)
{
    m_handshakeTimer.stop();
    m_opened = true;
    m_host.sessionOpened(*this, event);
}

void EchoPeer::onHandshakeFailed(const protocol::HandshakeFailureEvent &event)
{
    m_handshakeTimer.stop();
    m_closeTransport = true;
    if (!m_failure.isEmpty())
        return; // we dropped it ourselves (timeout, fault) and said why already
    if (event.kind == protocol::HandshakeFailureKind::PlainHttpRequest) {
        // The Driver has written the info page (DriverOptions::server.plainHttpResponse).
        m_failure = QStringLiteral("plain HTTP request for %1 answered with the info page")
                        .arg(fromStd(event.request.target));
        reportLocal(EventKind::Info, m_failure);
        return;
    }
    m_failure = event.status != 0
        ? QStringLiteral("handshake refused with %1: %2").arg(event.status).arg(fromStd(event.message))
        : fromStd(event.message);
    reportLocal(EventKind::Error, m_failure);
}

void EchoPeer::onMessage(const protocol::MessageEvent &event)
{
    const bool incoming = event.direction == protocol::Direction::Incoming;
    QByteArray copy;
    if (m_host.isReportingTraffic()) {
        copy = !incoming && m_sendingCopy && !m_sendingCopy->isNull() ? *m_sendingCopy : toBytes(event.payload);
        LogEvent log;
        log.kind = EventKind::Message;
        log.direction = incoming ? EventDirection::Incoming : EventDirection::Outgoing;
        log.isText = event.isText;
        log.compressed = event.compressed;
        log.frameCount = event.frameCount;
        log.timeNs = m_host.elapsedNs();
        log.length = event.payload.size();
        log.wireSize = event.wireSize;
        log.streamOffset = event.streamOffset;
        log.payload = copy;
        submit(std::move(log));
    }
    // Answering inside the Driver's callback is fine: the payload is its message buffer,
    // untouched by sending, and the frames go to m_out until the read is processed.
    if (!incoming)
        return;
    if (!m_host.isReportingTraffic() && m_host.isEchoingInPlace())
        echoInPlace(event.isText, event.payload); // what messageReceived() would do, minus two calls
    else
        m_host.messageReceived(*this, event.isText, event.payload, copy);
}

void EchoPeer::onPing(const protocol::PingEvent &event)
{
    if (event.direction != protocol::Direction::Incoming || !m_host.isReportingTraffic())
        return;
    LogEvent log;
    log.kind = EventKind::Ping;
    log.direction = EventDirection::Incoming;
    log.timeNs = m_host.elapsedNs();
    log.payload = toBytes(event.payload);
    submit(std::move(log));
}

void EchoPeer::onPong(const protocol::PongEvent &event)
{
    if (!m_host.isReportingTraffic())
        return;
    LogEvent log;
    log.kind = EventKind::Pong;
    log.timeNs = m_host.elapsedNs();
    log.payload = toBytes(event.payload);
    if (event.direction == protocol::Direction::Outgoing) {
        log.direction = EventDirection::Outgoing; // the Driver's automatic answer to a ping
    } else {
        log.direction = EventDirection::Incoming;
        log.pingId = event.pingId;
        if (event.pingId != 0 && event.pingId == m_lastPingId)
            log.rttNs = log.timeNs - m_lastPingNs;
    }
    submit(std::move(log));
}

void EchoPeer::onProtocolError(const protocol::ProtocolErrorEvent &event)
{
    reportLocal(EventKind::Error,
                QStringLiteral("%1: %2").arg(QLatin1String(protocol::protocolErrorId(event.error)),
                                             fromStd(event.message)),
                event.closeCode);
}

void EchoPeer::onClosed(const protocol::CloseEvent &event)
{
    m_handshakeTimer.stop();
    m_closeTimer.stop();
    m_closeTransport = true;
    if (m_closeReported)
        return;
    m_closeReported = true;
    m_close = event;
    if (!m_opened || !m_host.isReportingTraffic())
        return; // a refused handshake was reported as such
    LogEvent log;
    log.kind = EventKind::Close;
    log.direction = event.initiator == protocol::Initiator::Remote ? EventDirection::Incoming
                                                                   : EventDirection::Outgoing;
    log.timeNs = m_host.elapsedNs();
    log.code = event.code;
    log.clean = event.clean;
    // Without a close frame (1006) the reason is ours: how the connection ended.
    log.text = event.reason.empty() && !event.clean ? m_failure : fromStd(event.reason);
    submit(std::move(log));
}

} // namespace wsi::net
