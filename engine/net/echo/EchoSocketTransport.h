// SPDX-License-Identifier: MIT
#pragma once
// A connection through a QTcpSocket or, for wss://, a QSslSocket (TLS by OpenSSL through
// Qt). Qt buffers both ways; this class keeps its buffers bounded and tells the peer
// when queued output has really reached the kernel.
//
// Thread: lives on the EchoServer's thread, like its peer and its socket (a child).
#include "net/echo/EchoTransport.h"

#include <vector>

QT_BEGIN_NAMESPACE
class QTcpSocket;
QT_END_NAMESPACE

namespace wsi::net {

class EchoSocketTransport : public EchoTransport
{
    Q_OBJECT
public:
    // Takes ownership of `socket`, which must already be connected. `readBuffer` is shared
    // by every peer of the thread and must not be empty.
    EchoSocketTransport(QTcpSocket *socket, QByteArray &readBuffer, QObject *parent = nullptr);
    ~EchoSocketTransport() override;

    QString peer() const override { return m_peer; }
    bool isEncrypted() const override { return m_isTls; }
    void start() override;
    void write(QByteArray &out) override;
    qint64 bytesToWrite() const override;
    void setReadingPaused(bool paused) override;
    void shutdownWrite() override;
    void abort(bool reset) override;

private:
    void readAvailable();
    void socketError();
    void socketDisconnected();

    QTcpSocket *m_socket; // child of this transport
    QByteArray &m_readBuffer;
    QString m_peer;
    bool m_isTls = false;
    bool m_readingPaused = false;
    bool m_reading = false; // inside readAvailable()
    bool m_closed = false;  // disconnected or aborted: nothing more is reported
    EchoTransportEnd m_end;
    std::vector<QByteArray> m_spareBuffers; // large outputs Qt may still be sending
};

} // namespace wsi::net
