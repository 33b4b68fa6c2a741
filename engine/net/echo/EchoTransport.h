// SPDX-License-Identifier: MIT
#pragma once
// The byte stream under one EchoPeer, so that the peer speaks WebSocket without
// knowing how bytes move: EchoRawTransport reads and writes a plain TCP descriptor itself
// (ws://), EchoSocketTransport goes through a QSslSocket (wss://, TLS stays OpenSSL through
// Qt). Both keep the same contract, written here.
//
// Thread: a transport lives on its peer's thread (the EchoServer's) and calls its
// listener there, from the event loop only: never from inside one of its own functions.
#include <QByteArray>
#include <QObject>
#include <QString>

#include <cstddef>
#include <functional>
#include <string>

namespace wsi::net {

// How a connection ended when the transport noticed it by itself (not after abort()).
struct EchoTransportEnd {
    enum class Kind : quint8 {
        PeerClosed,         // the peer's FIN, and everything we had queued went out
        PeerReset,          // ECONNRESET: the peer (or its kernel) sent a reset
        TlsHandshakeFailed, // wss: the TLS handshake did not complete
        Error,              // any other socket error
    };
    Kind kind = Kind::PeerClosed;
    QString message; // for everything but PeerClosed: what went wrong, in words
};

class EchoTransportListener
{
public:
    virtual ~EchoTransportListener() = default;
    // Bytes from the peer, valid during the call only. The listener may call the transport
    // from here (write, pause, abort...).
    virtual void transportReceived(const char *data, std::size_t size) = 0;
    // Queued output reached the kernel: bytesToWrite() went down.
    virtual void transportWritten() = 0;
    // The connection is over; exactly once, and never after abort().
    virtual void transportClosed(const EchoTransportEnd &end) = 0;
};

class EchoTransport : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;

    void setListener(EchoTransportListener *listener) { m_listener = listener; }

    // "127.0.0.1:5000" or "[::1]:5000".
    virtual QString peer() const = 0;
    virtual bool isEncrypted() const = 0;
    // Starts reading (and, for TLS, the server side of the handshake). Call once, after
    // setListener().
    virtual void start() = 0;

    // Sends all of `out` or queues what the kernel does not take at once, in order, and
    // leaves `out` empty (it may get another buffer's capacity in exchange). Dropped once the
    // connection is closing or closed.
    virtual void write(QByteArray &out) = 0;
    // A frame with a large payload (valid during the call only), sent as write() would send
    // the two in one buffer, but handed to the kernel from where they are: only what it does
    // not take at once is copied into the queue, or, when `takePayloadOwner` (asked only
    // then) gives the string that is exactly the payload, that string is moved into the
    // queue instead (no copy). False when this transport has no such path (TLS): the caller
    // then copies the frame into its buffer for write().
    virtual bool writeFrameDirect(const char * /*header*/, std::size_t /*headerSize*/, const char * /*payload*/,
                                  std::size_t /*payloadSize*/,
                                  const std::function<std::string *()> & /*takePayloadOwner*/ = {})
    {
        return false;
    }
    // A string moved in by writeFrameDirect() and sent since, emptied but with its capacity
    // (its pages already mapped), for the caller's next message; empty when there is none.
    virtual std::string takeSpareMessageBuffer() { return {}; }
    // Bytes queued by write() that the kernel has not taken yet (TLS: ciphertext included).
    virtual qint64 bytesToWrite() const = 0;
    // While paused nothing is read, so the kernel's window closes on the peer (back-pressure).
    virtual void setReadingPaused(bool paused) = 0;
    // Sends our FIN (shutdown(SHUT_WR)); reading goes on until the peer's.
    virtual void shutdownWrite() = 0;
    // Closes now, dropping queued output; `reset`: with SO_LINGER 0, so the peer gets a
    // reset instead of a FIN. No transportClosed() follows.
    virtual void abort(bool reset) = 0;

protected:
    EchoTransportListener *m_listener = nullptr;
};

} // namespace wsi::net
