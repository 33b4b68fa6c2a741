// SPDX-License-Identifier: MIT
#include "net/echo/EchoRawTransport.h"

#include <QHostAddress>

#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

namespace wsi::net {

namespace {

// Reads per wake-up of the read notifier: a client sending faster than we answer cannot
// keep the thread to itself (each read is up to the whole shared buffer, 256 KiB).
constexpr int MaxReadsPerWake = 16;
// Sent buffers are kept for the peer's next output, up to this many and this large:
// writing a 16 MiB echo into fresh memory costs more in page faults than the copy itself.
constexpr std::size_t MaxSpareBuffers = 2;
constexpr qsizetype RetainedBufferBytes = 32 * 1024 * 1024;

QString peerOf(int fd)
{
    sockaddr_storage storage{};
    socklen_t length = sizeof storage;
    if (::getpeername(fd, reinterpret_cast<sockaddr *>(&storage), &length) != 0)
        return {};
    const QHostAddress address(reinterpret_cast<const sockaddr *>(&storage));
    const quint16 port = storage.ss_family == AF_INET6
        ? ntohs(reinterpret_cast<const sockaddr_in6 *>(&storage)->sin6_port)
        : ntohs(reinterpret_cast<const sockaddr_in *>(&storage)->sin_port);
    return address.protocol() == QAbstractSocket::IPv6Protocol
        ? QStringLiteral("[%1]:%2").arg(address.toString()).arg(port)
        : QStringLiteral("%1:%2").arg(address.toString()).arg(port);
}

EchoTransportEnd endFor(int error)
{
    if (error == ECONNRESET)
        return {EchoTransportEnd::Kind::PeerReset, QStringLiteral("the peer reset the TCP connection")};
    if (error == EPIPE)
        return {EchoTransportEnd::Kind::PeerReset, QStringLiteral("the peer is gone (broken pipe)")};
    return {EchoTransportEnd::Kind::Error,
            QStringLiteral("socket error: %1").arg(QString::fromLocal8Bit(std::strerror(error)))};
}

} // namespace

EchoRawTransport::EchoRawTransport(qintptr descriptor, QByteArray &readBuffer, QObject *parent)
    : EchoTransport(parent)
    , m_fd(int(descriptor))
    , m_readBuffer(readBuffer)
    , m_readNotifier(QSocketNotifier::Read, this)
    , m_writeNotifier(QSocketNotifier::Write, this)
{
    m_peer = peerOf(m_fd);
    const int flags = ::fcntl(m_fd, F_GETFL);
    if (m_peer.isEmpty() || flags < 0 || ::fcntl(m_fd, F_SETFL, flags | O_NONBLOCK) != 0) {
        ::close(m_fd); // the peer left already, or this is no socket
        m_fd = -1;
        return;
    }
    // Small echoes must not wait for Nagle + delayed ACK (40 ms per round trip otherwise).
    const int one = 1;
    ::setsockopt(m_fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    m_readNotifier.setSocket(m_fd); // disabled until start()
    m_writeNotifier.setSocket(m_fd);
    connect(&m_readNotifier, &QSocketNotifier::activated, this, &EchoRawTransport::readReady);
    connect(&m_writeNotifier, &QSocketNotifier::activated, this, &EchoRawTransport::writeReady);
}

EchoRawTransport::~EchoRawTransport()
{
    if (m_fd >= 0)
        closeDescriptor();
}

void EchoRawTransport::start()
{
    m_started = true;
    if (m_fd >= 0)
        m_readNotifier.setEnabled(!m_readingPaused);
}

// ---- reading ---------------------------------------------------------------------------

void EchoRawTransport::readReady()
{
    for (int i = 0; i < MaxReadsPerWake; ++i) {
        if (m_fd < 0 || m_readingPaused || m_inputEnded)
            return; // the listener closed, paused or ended us meanwhile
        const ssize_t got = ::recv(m_fd, m_readBuffer.data(), std::size_t(m_readBuffer.size()), 0);
        if (got > 0) {
            m_listener->transportReceived(m_readBuffer.constData(), std::size_t(got));
            if (got < m_readBuffer.size())
                return; // the kernel had no more; the notifier says when it has
            continue;
        }
        if (got == 0) {
            endOfInput();
            return;
        }
        if (errno == EINTR)
            continue;
        if (errno != EAGAIN && errno != EWOULDBLOCK)
            failWith(errno);
        return;
    }
}

// The peer's FIN. As QTcpSocket does, what we still have queued goes out first (the peer
// may only have shut its sending side), and then the connection is closed.
void EchoRawTransport::endOfInput()
{
    m_inputEnded = true;
    m_readNotifier.setEnabled(false);
    if (bytesToWrite() == 0)
        finish({EchoTransportEnd::Kind::PeerClosed, QString()});
}

void EchoRawTransport::setReadingPaused(bool paused)
{
    m_readingPaused = paused;
    if (m_fd >= 0 && m_started && !m_inputEnded)
        m_readNotifier.setEnabled(!paused);
}

// ---- writing ---------------------------------------------------------------------------

void EchoRawTransport::write(QByteArray &out)
{
    if (out.isEmpty())
        return;
    if (m_fd < 0 || m_inputEnded || m_failing) {
        out.resize(0);
        return;
    }
    if (m_queuedBytes > 0) {
        queue(out, 0); // behind what already waits
        return;
    }
    ssize_t sent = 0;
    do
        sent = ::send(m_fd, out.constData(), std::size_t(out.size()), MSG_NOSIGNAL);
    while (sent < 0 && errno == EINTR);
    if (sent == out.size()) {
        out.resize(0); // keeps the capacity
        return;
    }
    if (sent < 0 && errno != EAGAIN && errno != EWOULDBLOCK) {
        out.resize(0);
        failLater(errno); // not from inside the caller's call
        return;
    }
    queue(out, sent < 0 ? 0 : qsizetype(sent));
}

// A 16 MiB echo copied whole into the output buffer costs a pass over memory that the
// kernel then makes again; here it copies straight from the Driver's message buffer. What
// it does not take at once (most of a 16 MiB echo: the socket buffer holds a few MiB) is
// queued in that buffer itself when the caller lets us take it (`takePayloadOwner`), else
// copied into a spare buffer. The caller is asked only then: a 1 MiB echo the kernel takes
// whole leaves the Driver's buffer where it is, warm in the cache for the next message.
bool EchoRawTransport::writeFrameDirect(const char *header, std::size_t headerSize, const char *payload,
                                        std::size_t payloadSize, const std::function<std::string *()> &takePayloadOwner)
{
    if (m_fd < 0 || m_inputEnded || m_failing)
        return true; // dropped, as write() drops
    const std::size_t taken = m_queuedBytes > 0 ? 0 : sendNow(header, headerSize, payload, payloadSize);
    if (m_failing || taken == headerSize + payloadSize)
        return true;
    std::string *payloadOwner = takePayloadOwner ? takePayloadOwner() : nullptr;
    const bool ownerIsPayload = payloadOwner && payloadOwner->data() == payload && payloadOwner->size() == payloadSize;
    if (ownerIsPayload) {
        if (taken < headerSize) {
            QByteArray headerRest(header + taken, qsizetype(headerSize - taken));
            queue(headerRest, 0);
            if (headerRest.capacity() > 0)
                recycle(std::move(headerRest));
        }
        queueTaken(*payloadOwner, qsizetype(taken > headerSize ? taken - headerSize : 0));
        return true;
    }
    QByteArray rest = takeSpare();
    rest.resize(qsizetype(headerSize + payloadSize - taken));
    char *to = rest.data();
    if (taken < headerSize) {
        std::memcpy(to, header + taken, headerSize - taken);
        to += headerSize - taken;
    }
    const std::size_t payloadTaken = taken > headerSize ? taken - headerSize : 0;
    std::memcpy(to, payload + payloadTaken, payloadSize - payloadTaken);
    queue(rest, 0); // behind what already waits, if anything did
    if (rest.capacity() > 0)
        recycle(std::move(rest)); // the spare queue() handed back
    return true;
}

// One sendmsg(2) of header and payload; what the kernel took (0 when it took nothing or the
// write failed, the failure then reported later).
std::size_t EchoRawTransport::sendNow(const char *header, std::size_t headerSize, const char *payload,
                                      std::size_t payloadSize)
{
    iovec parts[2] = {{const_cast<char *>(header), headerSize}, {const_cast<char *>(payload), payloadSize}};
    msghdr message{};
    message.msg_iov = parts;
    message.msg_iovlen = 2;
    ssize_t sent = 0;
    do
        sent = ::sendmsg(m_fd, &message, MSG_NOSIGNAL);
    while (sent < 0 && errno == EINTR);
    if (sent >= 0)
        return std::size_t(sent);
    if (errno != EAGAIN && errno != EWOULDBLOCK)
        failLater(errno); // not from inside the caller's call
    return 0;
}

QByteArray EchoRawTransport::takeSpare()
{
    if (m_spares.empty())
        return {};
    QByteArray spare = std::move(m_spares.back());
    m_spares.pop_back();
    return spare;
}

// Keeps out[taken..] for the write notifier: the buffer itself (a 16 MiB echo is not
// copied again), and gives the caller a spare one, whose capacity spares it fresh pages.
void EchoRawTransport::queue(QByteArray &out, qsizetype taken)
{
    if (m_queue.empty())
        m_queueOffset = taken;
    m_queuedBytes += out.size() - taken;
    m_queue.push_back({std::move(out), {}});
    out = QByteArray();
    if (!m_spares.empty()) {
        out = std::move(m_spares.back());
        m_spares.pop_back();
    }
    m_writeNotifier.setEnabled(true);
}

// Keeps `owner`[sent..] for the write notifier in the string itself (moved in: `owner` is
// left empty); once sent, it becomes the spare takeSpareMessageBuffer() hands back.
void EchoRawTransport::queueTaken(std::string &owner, qsizetype sent)
{
    if (m_queue.empty())
        m_queueOffset = sent;
    m_queuedBytes += qsizetype(owner.size()) - sent;
    m_queue.push_back({QByteArray(), std::move(owner)});
    owner = std::string();
    m_writeNotifier.setEnabled(true);
}

std::string EchoRawTransport::takeSpareMessageBuffer()
{
    std::string spare;
    spare.swap(m_spareMessage);
    return spare;
}

void EchoRawTransport::writeReady()
{
    if (m_fd < 0 || m_failing)
        return;
    sendQueued();
    if (m_fd < 0)
        return; // failed
    if (m_queuedBytes == 0) {
        m_writeNotifier.setEnabled(false);
        if (m_inputEnded) {
            finish({EchoTransportEnd::Kind::PeerClosed, QString()});
            return;
        }
    }
    m_listener->transportWritten();
}

// One sendmsg(2) for up to MaxBuffersPerSend queued buffers.
void EchoRawTransport::sendQueued()
{
    constexpr std::size_t MaxBuffersPerSend = 16;
    iovec parts[MaxBuffersPerSend];
    std::size_t count = 0;
    for (auto it = m_queue.begin(); it != m_queue.end() && count < MaxBuffersPerSend; ++it, ++count) {
        const qsizetype skip = count == 0 ? m_queueOffset : 0;
        parts[count].iov_base = const_cast<char *>(it->data()) + skip;
        parts[count].iov_len = std::size_t(it->size() - skip);
    }
    msghdr message{};
    message.msg_iov = parts;
    message.msg_iovlen = count;
    ssize_t sent = 0;
    do
        sent = ::sendmsg(m_fd, &message, MSG_NOSIGNAL);
    while (sent < 0 && errno == EINTR);
    if (sent < 0) {
        if (errno != EAGAIN && errno != EWOULDBLOCK)
            failWith(errno);
        return;
    }
    m_queuedBytes -= sent;
    qsizetype left = qsizetype(sent);
    while (left > 0) {
        const qsizetype rest = m_queue.front().size() - m_queueOffset;
        if (left < rest) {
            m_queueOffset += left;
            break;
        }
        left -= rest;
        recycle(std::move(m_queue.front()));
        m_queue.pop_front();
        m_queueOffset = 0;
    }
}

void EchoRawTransport::recycle(Queued &&buffer)
{
    if (buffer.taken.empty()) {
        recycle(std::move(buffer.bytes));
        return;
    }
    const std::size_t capacity = buffer.taken.capacity();
    if (capacity <= m_spareMessage.capacity() || capacity > std::size_t(RetainedBufferBytes))
        return; // the spare we have is as good, or this one is too large to keep
    buffer.taken.clear(); // keeps the capacity
    m_spareMessage = std::move(buffer.taken);
}

void EchoRawTransport::recycle(QByteArray &&buffer)
{
    if (m_spares.size() >= MaxSpareBuffers || buffer.capacity() > RetainedBufferBytes)
        return;
    buffer.resize(0); // keeps the capacity
    m_spares.push_back(std::move(buffer));
}

void EchoRawTransport::shutdownWrite()
{
    if (m_fd >= 0)
        ::shutdown(m_fd, SHUT_WR);
}

// ---- the end ---------------------------------------------------------------------------

void EchoRawTransport::abort(bool reset)
{
    if (m_fd < 0)
        return;
    if (reset) {
        // SO_LINGER 0: close() sends a reset instead of an orderly FIN, as a crash would.
        const linger hard{1, 0};
        ::setsockopt(m_fd, SOL_SOCKET, SO_LINGER, &hard, sizeof hard);
    }
    closeDescriptor();
}

void EchoRawTransport::failWith(int error)
{
    finish(endFor(error));
}

// A write fails inside the peer's own call: report it from the event loop, as a
// QTcpSocket would, so the peer never ends in the middle of its own work.
void EchoRawTransport::failLater(int error)
{
    m_failing = true;
    m_writeNotifier.setEnabled(false);
    QMetaObject::invokeMethod(this, [this, error] {
        if (m_fd >= 0)
            failWith(error);
    }, Qt::QueuedConnection);
}

void EchoRawTransport::closeDescriptor()
{
    // The notifiers let go of the descriptor before it is closed (and maybe reused).
    m_readNotifier.setEnabled(false);
    m_writeNotifier.setEnabled(false);
    ::close(m_fd);
    m_fd = -1;
    m_queue.clear();
    m_queueOffset = 0;
    m_queuedBytes = 0;
    m_spares.clear();
    m_spareMessage = std::string();
}

void EchoRawTransport::finish(const EchoTransportEnd &end)
{
    closeDescriptor();
    if (m_listener)
        m_listener->transportClosed(end);
}

} // namespace wsi::net
