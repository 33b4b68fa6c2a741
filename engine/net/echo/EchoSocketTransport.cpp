// SPDX-License-Identifier: MIT
#include "net/echo/EchoSocketTransport.h"

#include <QHostAddress>
#include <QSslSocket>
#include <QTcpSocket>

#include <sys/socket.h>

namespace wsi::net {

namespace {

// What Qt may buffer from the kernel per socket before it, too, stops reading.
constexpr qint64 SocketReadBufferBytes = 4ll * 1024 * 1024;
// Output buffers from this size on are kept for reuse, up to MaxSpareBuffers.
constexpr qsizetype RecycledBufferBytes = 64 * 1024;
constexpr std::size_t MaxSpareBuffers = 3;

} // namespace

EchoSocketTransport::EchoSocketTransport(QTcpSocket *socket, QByteArray &readBuffer, QObject *parent)
    : EchoTransport(parent)
    , m_socket(socket)
    , m_readBuffer(readBuffer)
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

    connect(m_socket, &QTcpSocket::readyRead, this, &EchoSocketTransport::readAvailable);
    connect(m_socket, &QTcpSocket::disconnected, this, &EchoSocketTransport::socketDisconnected);
    connect(m_socket, &QTcpSocket::errorOccurred, this, &EchoSocketTransport::socketError);
    // QSslSocket emits bytesWritten() while the ciphertext may still sit in OpenSSL's write
    // BIO, neither in bytesToWrite() nor in encryptedBytesToWrite(); only
    // encryptedBytesWritten() means the bytes reached the kernel.
    const auto written = [this] {
        if (!m_closed && m_listener)
            m_listener->transportWritten();
    };
    if (auto *ssl = qobject_cast<QSslSocket *>(m_socket))
        connect(ssl, &QSslSocket::encryptedBytesWritten, this, written);
    else
        connect(m_socket, &QTcpSocket::bytesWritten, this, written);
}

EchoSocketTransport::~EchoSocketTransport()
{
    // The socket goes with us; it must not call back into a half-destroyed transport.
    m_socket->disconnect(this);
}

void EchoSocketTransport::start()
{
    if (auto *ssl = qobject_cast<QSslSocket *>(m_socket))
        ssl->startServerEncryption();
}

void EchoSocketTransport::readAvailable()
{
    if (m_closed || m_readingPaused || m_reading)
        return;
    m_reading = true; // the shared buffer is in use until the listener returns
    for (;;) {
        const qint64 got = m_socket->read(m_readBuffer.data(), m_readBuffer.size());
        if (got <= 0)
            break;
        m_listener->transportReceived(m_readBuffer.constData(), std::size_t(got));
        if (m_closed || m_readingPaused)
            break;
    }
    m_reading = false;
}

void EchoSocketTransport::setReadingPaused(bool paused)
{
    m_readingPaused = paused;
    // What Qt buffered while we were paused brings no new readyRead(): read it from the
    // event loop (never from inside the listener's call, which may be reading).
    if (!paused && !m_closed)
        QMetaObject::invokeMethod(this, &EchoSocketTransport::readAvailable, Qt::QueuedConnection);
}

void EchoSocketTransport::write(QByteArray &out)
{
    if (out.isEmpty())
        return;
    // Qt writes on the next event loop pass (TLS: after encrypting), never from in here.
    if (!m_closed && m_socket->state() == QAbstractSocket::ConnectedState)
        m_socket->write(out); // from 4 KiB on, Qt queues the array itself, without a copy
    if (out.capacity() < RecycledBufferBytes) {
        out.resize(0); // small: Qt copied it; keep our capacity
        return;
    }
    // Large: Qt holds it until the kernel took it. Keep a reference, and write into it again
    // once Qt has let go: fresh 16 MiB buffers cost more in page faults than the copy itself.
    m_spareBuffers.push_back(std::move(out));
    if (m_spareBuffers.size() > MaxSpareBuffers)
        m_spareBuffers.erase(m_spareBuffers.begin());
    out = QByteArray();
    for (auto it = m_spareBuffers.begin(); it != m_spareBuffers.end(); ++it) {
        if (it->isDetached()) {
            out = std::move(*it);
            out.resize(0); // keeps the capacity
            m_spareBuffers.erase(it);
            break;
        }
    }
}

qint64 EchoSocketTransport::bytesToWrite() const
{
    const auto *ssl = qobject_cast<const QSslSocket *>(m_socket);
    return m_socket->bytesToWrite() + (ssl ? ssl->encryptedBytesToWrite() : 0);
}

void EchoSocketTransport::shutdownWrite()
{
    const qintptr descriptor = m_socket->socketDescriptor();
    if (!m_closed && descriptor >= 0)
        ::shutdown(int(descriptor), SHUT_WR);
}

void EchoSocketTransport::abort(bool reset)
{
    if (m_closed)
        return;
    m_closed = true; // the disconnected() that abort() emits is ours, not news
    const qintptr descriptor = m_socket->socketDescriptor();
    if (reset && descriptor >= 0) {
        // SO_LINGER 0: close() sends a reset instead of an orderly FIN, as a crash would.
        const linger hard{1, 0};
        ::setsockopt(int(descriptor), SOL_SOCKET, SO_LINGER, &hard, sizeof hard);
    }
    m_socket->abort();
}

void EchoSocketTransport::socketError()
{
    const QAbstractSocket::SocketError error = m_socket->error();
    if (error == QAbstractSocket::RemoteHostClosedError || !m_end.message.isEmpty())
        return; // the ordinary end (Qt says the same for a reset); disconnected() follows
    if (error == QAbstractSocket::SslHandshakeFailedError) {
        m_end.kind = EchoTransportEnd::Kind::TlsHandshakeFailed;
        m_end.message = QStringLiteral("TLS handshake failed: %1").arg(m_socket->errorString());
    } else {
        m_end.kind = EchoTransportEnd::Kind::Error;
        m_end.message = m_socket->errorString();
    }
}

void EchoSocketTransport::socketDisconnected()
{
    if (m_closed)
        return;
    m_closed = true;
    if (m_listener)
        m_listener->transportClosed(m_end);
}

} // namespace wsi::net
