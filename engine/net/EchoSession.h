#pragma once
// One client of the echo server: a socket (QTcpSocket, or QSslSocket already in server
// encryption), a server-role Driver, and an output buffer the Driver writes into. All the
// frames one read produces (the echoes of every message it brought) leave in one socket
// write once that read is processed.
//
// Thread: lives on the EchoServer's thread (a child of the server), like its socket.
#include "EchoSessionHost.h"
#include "protocol/Driver.h"

#include <QByteArray>
#include <QElapsedTimer>
#include <QObject>
#include <QString>
#include <QTimer>

#include <memory>
#include <string_view>
#include <vector>

QT_BEGIN_NAMESPACE
class QTcpSocket;
QT_END_NAMESPACE

namespace wsi::net {

class EchoSession : public QObject, private protocol::DriverSink, private protocol::ByteWriter
{
    Q_OBJECT
public:
    // Takes ownership of `socket`, which must already be connected.
    EchoSession(quint64 id, QTcpSocket *socket, EchoSessionHost &host, QObject *parent = nullptr);
    ~EchoSession() override;

    quint64 id() const { return m_id; }
    QString peer() const { return m_peer; }
    bool isOpen() const;
    bool isFinished() const { return m_finished; }

    // Sends one data message (echo or broadcast). `copy`, when not null, is the same bytes
    // as an implicitly shared array, reused for the traffic report.
    void sendMessage(bool isText, std::string_view payload, const QByteArray &copy);
    void sendPing(std::string_view payload);
    // Fault injection: starts the close handshake with this code (0: no code), or drops
    // the TCP connection with a reset.
    void closeWith(quint16 code, const QString &reason);
    void drop(const QString &why);

private:
    // DriverSink
    void onOpen(const protocol::OpenEvent &event) override;
    void onHandshakeFailed(const protocol::HandshakeFailureEvent &event) override;
    void onMessage(const protocol::MessageEvent &event) override;
    void onPing(const protocol::PingEvent &event) override;
    void onPong(const protocol::PongEvent &event) override;
    void onProtocolError(const protocol::ProtocolErrorEvent &event) override;
    void onClosed(const protocol::CloseEvent &event) override;
    // ByteWriter: collects output until the current call into the Driver returns.
    void write(const std::uint8_t *data, std::size_t size) override;

    // Every call into the Driver is wrapped in one of these; leaving the outermost one
    // writes the collected output and, once the Driver is done, closes the transport.
    class DriverCall;
    void leaveDriverCall();
    void flushOutput();

    void readFromSocket();
    void discardInput();
    void socketDisconnected();
    void socketError();
    void outputWritten();
    void shutDownWhenFlushed();
    void lingerTimedOut();
    void handshakeTimedOut();
    void closeTimedOut();
    void finish(quint16 code, const QString &reason, bool clean);
    void submit(LogEvent &&event);
    void reportLocal(EventKind kind, const QString &text, quint16 code = 0);

    quint64 m_id;
    QString m_peer;
    EchoSessionHost &m_host;
    QTcpSocket *m_socket; // child of this session
    bool m_isTls = false;
    std::unique_ptr<protocol::Driver> m_driver;
    QByteArray m_out;
    std::vector<QByteArray> m_spareBuffers; // large outputs Qt may still be sending
    int m_callDepth = 0;
    bool m_closeTransport = false;  // the Driver is done (or the answer is final)
    bool m_transportClosing = false;
    bool m_writeShutDown = false;   // our FIN is out; waiting for the peer's
    bool m_readPaused = false;      // too much output queued: wait for the peer to read
    bool m_opened = false;          // the 101 went out
    bool m_finished = false;
    bool m_closeReported = false;
    protocol::CloseEvent m_close;
    QString m_failure;              // why the connection ended before opening, if it did
    QTimer m_handshakeTimer;        // accept -> 101
    QTimer m_closeTimer;            // our close frame -> the peer's
    QTimer m_lingerTimer;           // our last byte -> the peer's FIN
    // Outgoing message being sent: its shared copy, so the report reuses it.
    const QByteArray *m_sendingCopy = nullptr;
    quint64 m_lastPingId = 0;
    qint64 m_lastPingNs = 0;
};

} // namespace wsi::net
