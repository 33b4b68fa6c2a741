#include "EchoSession.h"

#include "protocol/CloseCode.h"
#include "protocol/ProtocolError.h"

#include <QHostAddress>
#include <QSslSocket>
#include <QTcpSocket>

#include <sys/socket.h>

namespace wsi::net {

namespace {

// Output queued in the socket beyond which we stop reading from a client that does not
// read its echoes, and the level at which we resume (kernel back-pressure does the rest).
constexpr qint64 HighWaterBytes = 64ll * 1024 * 1024;
constexpr qint64 LowWaterBytes = 16ll * 1024 * 1024;
// Output queued for a client beyond which it is dropped as a slow consumer.
constexpr qint64 SlowConsumerBytes = 256ll * 1024 * 1024;
// What Qt may buffer from the kernel per socket before it, too, stops reading.
constexpr qint64 SocketReadBufferBytes = 4ll * 1024 * 1024;
// Output buffers from this size on are kept for reuse, up to MaxSpareBuffers per session.
constexpr qsizetype RecycledBufferBytes = 64 * 1024;
constexpr std::size_t MaxSpareBuffers = 3;
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

} // namespace

class EchoSession::DriverCall
{
public:
    explicit DriverCall(EchoSession &session) : m_session(session) { ++m_session.m_callDepth; }
    ~DriverCall()
    {
        if (--m_session.m_callDepth == 0)
            m_session.leaveDriverCall();
    }
    DriverCall(const DriverCall &) = delete;
    DriverCall &operator=(const DriverCall &) = delete;

private:
    EchoSession &m_session;
};

EchoSession::EchoSession(quint64 id, QTcpSocket *socket, EchoSessionHost &host, QObject *parent)
    : QObject(parent)
    , m_id(id)
    , m_host(host)
    , m_socket(socket)
    , m_driver(new protocol::Driver(host.driverOptions(), *this, *this)) // private bases: no make_unique
{
    m_socket->setParent(this);
    m_isTls = qobject_cast<QSslSocket *>(m_socket) != nullptr;
    const QHostAddress address = m_socket->peerAddress();
    m_peer = address.protocol() == QAbstractSocket::IPv6Protocol
        ? QStringLiteral("[%1]:%2").arg(address.toString()).arg(m_socket->peerPort())
        : QStringLiteral("%1:%2").arg(address.toString()).arg(m_socket->peerPort());
    // Small echoes must not wait for Nagle + delayed ACK (40 ms per round trip otherwise).
    m_socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    m_socket->setReadBufferSize(SocketReadBufferBytes);

    connect(m_socket, &QTcpSocket::readyRead, this, &EchoSession::readFromSocket);
    connect(m_socket, &QTcpSocket::disconnected, this, &EchoSession::socketDisconnected);
    connect(m_socket, &QTcpSocket::errorOccurred, this, &EchoSession::socketError);
    // QSslSocket emits bytesWritten() while the ciphertext may still sit in OpenSSL's write
    // BIO, neither in bytesToWrite() nor in encryptedBytesToWrite(); only
    // encryptedBytesWritten() means the bytes reached the kernel.
    if (auto *ssl = qobject_cast<QSslSocket *>(m_socket))
        connect(ssl, &QSslSocket::encryptedBytesWritten, this, &EchoSession::outputWritten);
    else
        connect(m_socket, &QTcpSocket::bytesWritten, this, &EchoSession::outputWritten);

    m_handshakeTimer.setSingleShot(true);
    connect(&m_handshakeTimer, &QTimer::timeout, this, &EchoSession::handshakeTimedOut);
    m_handshakeTimer.start(m_host.handshakeTimeoutMs());
    m_closeTimer.setSingleShot(true);
    connect(&m_closeTimer, &QTimer::timeout, this, &EchoSession::closeTimedOut);
    m_lingerTimer.setSingleShot(true);
    connect(&m_lingerTimer, &QTimer::timeout, this, &EchoSession::lingerTimedOut);

    m_driver->start();
}

EchoSession::~EchoSession()
{
    // The socket goes with us; it must not call back into a half-destroyed session.
    m_socket->disconnect(this);
}

bool EchoSession::isOpen() const
{
    return !m_finished && m_driver->state() == protocol::DriverState::Open;
}

// ---- reading ---------------------------------------------------------------------------

void EchoSession::readFromSocket()
{
    if (m_finished)
        return;
    if (m_closeTransport) {
        discardInput();
        return;
    }
    if (m_socket->bytesToWrite() > HighWaterBytes) {
        m_readPaused = true;
        return;
    }
    DriverCall call(*this);
    QByteArray &buffer = m_host.readBuffer();
    for (;;) {
        const qint64 got = m_socket->read(buffer.data(), buffer.size());
        if (got <= 0)
            break;
        m_driver->parse(reinterpret_cast<const std::uint8_t *>(buffer.constData()), std::size_t(got));
        if (m_closeTransport) {
            discardInput();
            break;
        }
    }
}

// The conversation is over; what still comes is dropped, so that Qt keeps reading (its
// buffer never fills) and sees the peer's FIN that ends our lingering close.
void EchoSession::discardInput()
{
    m_socket->skip(m_socket->bytesAvailable());
}

void EchoSession::outputWritten()
{
    if (m_transportClosing) {
        shutDownWhenFlushed();
        return;
    }
    if (!m_readPaused || m_socket->bytesToWrite() > LowWaterBytes)
        return;
    m_readPaused = false;
    readFromSocket();
}

void EchoSession::write(const std::uint8_t *data, std::size_t size)
{
    m_out.append(reinterpret_cast<const char *>(data), qsizetype(size));
    if (m_callDepth == 0)
        flushOutput(); // written outside any call we wrapped (should not happen)
}

void EchoSession::leaveDriverCall()
{
    const bool wrote = !m_out.isEmpty();
    flushOutput();
    if (m_closeTransport && !m_transportClosing && !m_finished) {
        m_transportClosing = true;
        m_lingerTimer.start(LingerMs);
        shutDownWhenFlushed();
    }
    // Hand the echoes to the kernel now rather than on the next event loop pass: one
    // poll() less per read, measurably more small messages per second. (Not for TLS, whose
    // flush encrypts at once and may re-enter us through bytesWritten.)
    if (wrote && !m_transportClosing && !m_isTls)
        m_socket->flush();
}

// Closing the descriptor outright while the peer's bytes are unread (the rest of an
// oversized message, its answer to our close frame) makes the kernel send a reset, which
// can destroy our close frame in the peer's receive queue. So, as HTTP servers do with
// their "lingering close", we only shut our sending side once everything is out, read and
// discard until the peer closes too, and reset only after LingerMs.
void EchoSession::shutDownWhenFlushed()
{
    if (m_writeShutDown || m_finished)
        return;
    const auto *ssl = qobject_cast<const QSslSocket *>(m_socket);
    if (m_socket->bytesToWrite() > 0 || (ssl && ssl->encryptedBytesToWrite() > 0))
        return; // bytesWritten brings us back
    m_writeShutDown = true;
    const qintptr descriptor = m_socket->socketDescriptor();
    if (descriptor >= 0)
        ::shutdown(int(descriptor), SHUT_WR);
}

void EchoSession::lingerTimedOut()
{
    m_socket->abort();
    if (!m_finished)
        socketDisconnected();
}

void EchoSession::flushOutput()
{
    if (m_out.isEmpty())
        return;
    if (m_socket->state() == QAbstractSocket::ConnectedState)
        m_socket->write(m_out); // from 4 KiB on, Qt queues the array itself, without a copy
    if (m_out.capacity() < RecycledBufferBytes) {
        m_out.resize(0); // small: Qt copied it; keep our capacity
        return;
    }
    // Large: Qt holds it until the kernel took it. Keep a reference, and write into it again
    // once Qt has let go: fresh 16 MiB buffers cost more in page faults than the copy itself.
    m_spareBuffers.push_back(std::move(m_out));
    if (m_spareBuffers.size() > MaxSpareBuffers)
        m_spareBuffers.erase(m_spareBuffers.begin());
    m_out = QByteArray();
    for (auto it = m_spareBuffers.begin(); it != m_spareBuffers.end(); ++it) {
        if (it->isDetached()) {
            m_out = std::move(*it);
            m_out.resize(0); // keeps the capacity
            m_spareBuffers.erase(it);
            break;
        }
    }
}

// ---- sending ---------------------------------------------------------------------------

void EchoSession::sendMessage(bool isText, std::string_view payload, const QByteArray &copy)
{
    if (!isOpen())
        return;
    // Echo mode stops reading a client that does not read; in broadcast mode the others'
    // messages keep coming, so a client that lets this much pile up is let go.
    if (m_socket->bytesToWrite() > SlowConsumerBytes) {
        drop(QStringLiteral("not reading: %1 MiB waiting to be sent").arg(m_socket->bytesToWrite() >> 20));
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

void EchoSession::sendPing(std::string_view payload)
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

void EchoSession::closeWith(quint16 code, const QString &reason)
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

void EchoSession::drop(const QString &why)
{
    if (m_finished)
        return;
    m_failure = why;
    reportLocal(EventKind::Info, QStringLiteral("TCP connection dropped: %1").arg(why));
    // SO_LINGER 0: close() sends a reset instead of an orderly FIN, as a crash would.
    const qintptr descriptor = m_socket->socketDescriptor();
    if (descriptor >= 0) {
        const linger hard{1, 0};
        ::setsockopt(int(descriptor), SOL_SOCKET, SO_LINGER, &hard, sizeof hard);
    }
    m_socket->abort();
    if (!m_finished) // abort() emits disconnected() only from the connected state
        socketDisconnected();
}

void EchoSession::handshakeTimedOut()
{
    drop(QStringLiteral("no complete opening handshake within %1 ms").arg(m_host.handshakeTimeoutMs()));
}

void EchoSession::closeTimedOut()
{
    drop(QStringLiteral("no answer to our close frame within %1 ms").arg(m_host.closeTimeoutMs()));
}

void EchoSession::socketError()
{
    const QAbstractSocket::SocketError error = m_socket->error();
    if (error == QAbstractSocket::RemoteHostClosedError)
        return; // the ordinary end; disconnected() follows
    if (m_failure.isEmpty())
        m_failure = m_socket->errorString();
    if (error == QAbstractSocket::SslHandshakeFailedError)
        reportLocal(EventKind::Error, QStringLiteral("TLS handshake failed: %1").arg(m_socket->errorString()));
}

void EchoSession::socketDisconnected()
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

void EchoSession::finish(quint16 code, const QString &reason, bool clean)
{
    m_finished = true;
    m_handshakeTimer.stop();
    m_closeTimer.stop();
    m_lingerTimer.stop();
    m_host.sessionFinished(*this, code, reason, clean);
}

void EchoSession::submit(LogEvent &&event)
{
    event.clientId = m_id;
    m_host.report(std::move(event));
}

void EchoSession::reportLocal(EventKind kind, const QString &text, quint16 code)
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

void EchoSession::onOpen(const protocol::OpenEvent &event)
{
    m_handshakeTimer.stop();
    m_opened = true;
    m_host.sessionOpened(*this, event);
}

void EchoSession::onHandshakeFailed(const protocol::HandshakeFailureEvent &event)
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

void EchoSession::onMessage(const protocol::MessageEvent &event)
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
    if (incoming)
        m_host.messageReceived(*this, event.isText, event.payload, copy);
}

void EchoSession::onPing(const protocol::PingEvent &event)
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

void EchoSession::onPong(const protocol::PongEvent &event)
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

void EchoSession::onProtocolError(const protocol::ProtocolErrorEvent &event)
{
    reportLocal(EventKind::Error,
                QStringLiteral("%1: %2").arg(QLatin1String(protocol::protocolErrorId(event.error)),
                                             fromStd(event.message)),
                event.closeCode);
}

void EchoSession::onClosed(const protocol::CloseEvent &event)
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
    log.text = fromStd(event.reason);
    submit(std::move(log));
}

} // namespace wsi::net
