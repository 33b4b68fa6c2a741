// SPDX-License-Identifier: MIT
// An echo server's peer: reading, writing and echoing, and the Driver's events. How its
// connection ends (faults, timeouts, the close) is in EchoPeerEnd.cpp.
#include "net/echo/EchoPeer.h"
#include "net/echo/EchoPeerDriverCall.h"

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

// The host's options, less what a peer never uses: frame events for data frames (it
// reports messages, and asks the Driver where the stream stands when it ends).
protocol::DriverOptions peerDriverOptions(const protocol::DriverOptions &hostOptions)
{
    protocol::DriverOptions options = hostOptions;
    options.reportDataFrames = false;
    return options;
}

} // namespace

EchoPeer::EchoPeer(quint64 id, std::unique_ptr<EchoTransport> transport, EchoPeerHost &host,
                         QObject *parent)
    : QObject(parent)
    , m_id(id)
    , m_host(host)
    , m_transport(std::move(transport))
    , m_driver(new protocol::VersionedDriver(peerDriverOptions(host.driverOptions()), *this, *this)) // private bases: no make_unique
{
    m_address = m_transport->peer();
    m_transport->setListener(this);

    m_handshakeTimer.setSingleShot(true);
    connect(&m_handshakeTimer, &QTimer::timeout, this, &EchoPeer::handshakeTimedOut);
    m_handshakeTimer.start(m_host.handshakeTimeoutMs());
    m_closeTimer.setSingleShot(true);
    connect(&m_closeTimer, &QTimer::timeout, this, &EchoPeer::closeTimedOut);
    m_lingerTimer.setSingleShot(true);
    connect(&m_lingerTimer, &QTimer::timeout, this, &EchoPeer::lingerTimedOut);
    m_pongTimer.setSingleShot(true);
    connect(&m_pongTimer, &QTimer::timeout, this, &EchoPeer::pongTimedOut);

    m_driver->start();
}

EchoPeer::~EchoPeer()
{
    // The transport goes first; it must not call back into a half-destroyed peer.
    m_transport->setListener(nullptr);
    m_transport.reset();
}

void EchoPeer::start()
{
    m_transport->start();
}

qint64 EchoPeer::queuedBytes() const
{
    return m_transport->bytesToWrite();
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
    if (m_http) {
        m_host.peerHttpData(*this, data, size);
        return;
    }
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
                                          reinterpret_cast<const char *>(payload), payloadSize,
                                          [this] { return takeEchoedMessageBuffer(); }))
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

void EchoPeer::sendRepeated(bool isText, const QByteArray &payload, qint64 count)
{
    if (!isOpen())
        return;
    DriverCall call(*this); // its end writes everything out at once
    m_sendingCopy = &payload;
    const std::string_view bytes(payload.constData(), std::size_t(payload.size()));
    for (qint64 i = 0; i < count; ++i) {
        if (!(isText ? m_driver->sendText(bytes) : m_driver->sendBinary(bytes)))
            break;
    }
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
    m_echoedPayload = payload; // the transport may take its buffer (takeEchoedMessageBuffer)
    if (isText)
        m_driver->sendText(payload);
    else
        m_driver->sendBinary(payload);
    m_echoedPayload = {};
}

// Asked by the transport when the kernel did not take all of a large echo: the Driver's
// message buffer, swapped out of it (still inside its onMessage()), for the transport to
// queue instead of copying. The Driver reassembles the next message in what it gets in
// exchange: a buffer whose pages are mapped already (an echo sent since) spares it a
// fresh 16 MiB allocation.
std::string *EchoPeer::takeEchoedMessageBuffer()
{
    if (m_echoedPayload.size() < DirectPayloadBytes)
        return nullptr;
    if (m_echoBuffer.capacity() < m_echoedPayload.size()) {
        std::string spare = m_transport->takeSpareMessageBuffer();
        if (spare.capacity() > m_echoBuffer.capacity())
            m_echoBuffer.swap(spare);
    }
    return m_driver->swapMessageBuffer(m_echoedPayload, m_echoBuffer) ? &m_echoBuffer : nullptr;
}

bool EchoPeer::sendPing(std::string_view payload, int answerWithinMs)
{
    if (!isOpen() || !m_driver->hasControlFrames())
        return false;
    DriverCall call(*this);
    const std::uint64_t pingId = m_driver->sendPing(payload);
    if (pingId == 0)
        return false;
    if (answerWithinMs > 0 && !m_pongTimer.isActive())
        m_pongTimer.start(answerWithinMs); // from the oldest ping still unanswered
    m_lastPingId = pingId;
    m_lastPingNs = m_host.elapsedNs();
    if (!m_host.isReportingTraffic())
        return true;
    LogEvent event;
    event.kind = EventKind::Ping;
    event.direction = EventDirection::Outgoing;
    event.timeNs = m_lastPingNs;
    event.pingId = pingId;
    event.payload = toBytes(payload);
    submit(std::move(event));
    return true;
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
    m_host.peerOpened(*this, event);
}

void EchoPeer::onHandshakeFailed(const protocol::HandshakeFailureEvent &event)
{
    m_handshakeTimer.stop();
    if (event.kind == protocol::HandshakeFailureKind::CallerHttpRequest && m_failure.isEmpty()) {
        m_http = true; // the Driver's part is over; the host answers on this connection
        m_host.peerRequestedHttp(*this, event.request, event.bodyStart);
        return;
    }
    m_closeTransport = true;
    if (!m_failure.isEmpty())
        return; // we dropped it ourselves (timeout, fault) and said why already
    if (event.kind == protocol::HandshakeFailureKind::PlainHttpRequest) {
        // The Driver has written the info page (DriverOptions::server.plainHttpResponse).
        m_failure = QStringLiteral("plain HTTP request for %1 answered with the info page")
                        .arg(fromStd(event.request.target));
        reportLocal(EventKind::Info, m_failure);
        m_host.peerAnsweredHttp(*this, fromStd(event.request.method), fromStd(event.request.target), event.status);
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
    if (event.direction == protocol::Direction::Incoming && event.pingId != 0)
        m_pongTimer.stop(); // it answers one of our pings: the client is alive
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
    if (m_http)
        return; // the Driver finished when it handed the request over: not a WebSocket close
    m_handshakeTimer.stop();
    m_closeTimer.stop();
    m_pongTimer.stop();
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
