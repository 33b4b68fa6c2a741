// SPDX-License-Identifier: MIT
#pragma once
// A plain TCP connection (ws://) driven on its descriptor: read(2) straight into the
// server's shared read buffer and write(2) straight from the peer's output buffer, with
// a QSocketNotifier for reading and one for writing while output is queued. QTcpSocket
// would copy every byte through its two ring buffers on the way; for small messages those
// copies and their bookkeeping cost as much as the WebSocket work itself.
//
// Thread: lives on the EchoServer's thread, like its peer; the notifiers fire there.
#include "net/echo/EchoTransport.h"

#include <QSocketNotifier>

#include <deque>
#include <vector>

namespace wsi::net {

class EchoRawTransport : public EchoTransport
{
    Q_OBJECT
public:
    // Takes ownership of `descriptor` (a connected TCP socket, e.g. from
    // QTcpServer::incomingConnection), even when it fails: isValid() is then false.
    // `readBuffer` is shared by every peer of the thread and must not be empty.
    EchoRawTransport(qintptr descriptor, QByteArray &readBuffer, QObject *parent = nullptr);
    ~EchoRawTransport() override;

    bool isValid() const { return m_fd >= 0; }

    QString peer() const override { return m_peer; }
    bool isEncrypted() const override { return false; }
    void start() override;
    void write(QByteArray &out) override;
    bool writeFrameDirect(const char *header, std::size_t headerSize, const char *payload, std::size_t payloadSize,
                          const std::function<std::string *()> &takePayloadOwner = {}) override;
    std::string takeSpareMessageBuffer() override;
    qint64 bytesToWrite() const override { return m_queuedBytes; }
    void setReadingPaused(bool paused) override;
    void shutdownWrite() override;
    void abort(bool reset) override;

private:
    // A queued buffer: one the peer wrote, or a message buffer taken from the Driver.
    struct Queued {
        QByteArray bytes;
        std::string taken;
        const char *data() const { return taken.empty() ? bytes.constData() : taken.data(); }
        qsizetype size() const { return taken.empty() ? bytes.size() : qsizetype(taken.size()); }
    };

    void readReady();
    void writeReady();
    void queue(QByteArray &out, qsizetype taken);
    void queueTaken(std::string &owner, qsizetype sent);
    void sendQueued();
    std::size_t sendNow(const char *header, std::size_t headerSize, const char *payload, std::size_t payloadSize);
    QByteArray takeSpare();
    void recycle(QByteArray &&buffer);
    void recycle(Queued &&buffer);
    void endOfInput();
    void failWith(int error);
    void failLater(int error);
    void closeDescriptor();
    void finish(const EchoTransportEnd &end);

    int m_fd = -1;
    QString m_peer;
    QByteArray &m_readBuffer;
    QSocketNotifier m_readNotifier;
    QSocketNotifier m_writeNotifier;
    // What the kernel did not take yet: whole buffers, in order, the first one from
    // m_queueOffset on. Buffers are queued as they are, never copied into one another.
    std::deque<Queued> m_queue;
    qsizetype m_queueOffset = 0;
    qint64 m_queuedBytes = 0;
    std::vector<QByteArray> m_spares; // sent buffers, kept for their capacity
    std::string m_spareMessage;       // a sent message buffer, kept for its capacity
    bool m_started = false;
    bool m_readingPaused = false;
    bool m_inputEnded = false;       // the peer's FIN: no more reading; closed once flushed
    bool m_failing = false;          // a write failed; the failure is reported from the event loop
};

} // namespace wsi::net
