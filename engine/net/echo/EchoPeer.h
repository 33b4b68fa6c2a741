// SPDX-License-Identifier: MIT
#pragma once
// One client of the echo server: a transport (EchoRawTransport for ws://,
// EchoSocketTransport over a QSslSocket for wss://), a server-role Driver, and an output
// buffer the Driver writes into. All the frames one read produces (the echoes of every
// message it brought) leave in one write once that read is processed.
//
// Thread: lives on the EchoServer's thread (a child of the server), like its transport.
#include "net/echo/EchoPeerHost.h"
#include "net/echo/EchoTransport.h"
#include "protocol/legacy/VersionedDriver.h"

#include <QByteArray>
#include <QElapsedTimer>
#include <QObject>
#include <QString>
#include <QTimer>

#include <memory>
#include <string>
#include <string_view>

namespace wsi::net {

class EchoPeer : public QObject,
                    private protocol::DriverSink,
                    private protocol::ByteWriter,
                    private EchoTransportListener
{
    Q_OBJECT
public:
    // Takes ownership of `transport`, whose connection must already be established.
    EchoPeer(quint64 id, std::unique_ptr<EchoTransport> transport, EchoPeerHost &host,
                QObject *parent = nullptr);
    ~EchoPeer() override;

    // Starts reading (and the TLS handshake for wss). Once the server has announced us.
    void start();

    quint64 id() const { return m_id; }
    QString address() const { return m_address; } // "host:port" of the client
    bool isOpen() const;
    // The client's version, once its request is read (13 before).
    protocol::ProtocolVersion version() const { return m_driver->version(); }
    bool isFinished() const { return m_finished; }
    // Output the kernel has not taken yet (a client that does not read lets it grow).
    qint64 queuedBytes() const;

    // Sends one data message (echo or broadcast). `copy`, when not null, is the same bytes
    // as an implicitly shared array, reused for the traffic report.
    void sendMessage(bool isText, std::string_view payload, const QByteArray &copy);
    // The same message `count` times in one write (the /flood path): one system call for
    // the lot, not one per message.
    void sendRepeated(bool isText, const QByteArray &payload, qint64 count);
    // answerWithinMs > 0: a pong must come within that long of the oldest unanswered ping,
    // or the client is closed with 1011 (a keepalive that nobody answers is a dead client).
    // False when nothing was sent: not open, or a hixie client (the drafts have no ping).
    bool sendPing(std::string_view payload, int answerWithinMs = 0);
    // Fault injection: starts the close handshake with this code (0: no code), or drops
    // the TCP connection with a reset.
    void closeWith(quint16 code, const QString &reason);
    void drop(const QString &why);

    // HTTP the host answers itself (ServerHandshakeOptions::callerHttpPaths, e.g. the
    // EventSource endpoint): after EchoPeerHost::peerRequestedHttp the Driver is done, and
    // the peer's connection is the host's to write to (a stream of events, an answer) and
    // to end; what the client sends then goes to EchoPeerHost::peerHttpData.
    bool isHttp() const { return m_http; }
    // False, and nothing queued, once the connection is ending (endHttp, a drop).
    bool writeHttp(const QByteArray &bytes);
    // Sends what is queued, then ends the connection (our FIN, a lingering read, then the end).
    void endHttp(const QString &why);
    // No pong came for a keepalive ping in time: closes with 1011.
    void pongTimedOut();

private:
    // DriverSink
    // (No onFrame(): data frames are not reported to us, DriverOptions::reportDataFrames,
    // and where the incoming stream stands is asked of the Driver when it ends.)
    void onOpen(const protocol::OpenEvent &event) override;
    void onHandshakeFailed(const protocol::HandshakeFailureEvent &event) override;
    void onMessage(const protocol::MessageEvent &event) override;
    void onPing(const protocol::PingEvent &event) override;
    void onPong(const protocol::PongEvent &event) override;
    void onProtocolError(const protocol::ProtocolErrorEvent &event) override;
    void onClosed(const protocol::CloseEvent &event) override;
    // ByteWriter: collects output until the current call into the Driver returns.
    void write(const std::uint8_t *data, std::size_t size) override;
    void writeFrame(const std::uint8_t *header, std::size_t headerSize, const std::uint8_t *payload,
                    std::size_t payloadSize) override;
    // EchoTransportListener
    void transportReceived(const char *data, std::size_t size) override;
    void transportWritten() override;
    void transportClosed(const EchoTransportEnd &end) override;

    // Every call into the Driver is wrapped in one of these; leaving the outermost one
    // writes the collected output and, once the Driver is done, closes the transport.
    class DriverCall;
    void leaveDriverCall();
    char *outputRoom(std::size_t size);
    void echoInPlace(bool isText, std::string_view payload);
    std::string *takeEchoedMessageBuffer();
    void flushOutput();

    void pauseReading(bool paused);
    void connectionLost();
    bool isInsideMessage() const;
    QString describeEnd(const EchoTransportEnd &end) const;
    void shutDownWhenFlushed();
    void lingerTimedOut();
    void handshakeTimedOut();
    void closeTimedOut();
    void finish(quint16 code, const QString &reason, bool clean);
    void submit(LogEvent &&event);
    void reportLocal(EventKind kind, const QString &text, quint16 code = 0);

    quint64 m_id;
    QString m_address;
    EchoPeerHost &m_host;
    std::unique_ptr<EchoTransport> m_transport;
    std::unique_ptr<protocol::VersionedDriver> m_driver; // chosen by the request's version
    QByteArray m_out;        // the Driver's output; bytes [0, m_outSize) are meant
    qsizetype m_outSize = 0;
    int m_callDepth = 0;
    bool m_closeTransport = false;  // the Driver is done (or the answer is final)
    bool m_transportClosing = false;
    bool m_writeShutDown = false;   // our FIN is out; waiting for the peer's
    bool m_readPaused = false;      // too much output queued: wait for the peer to read
    bool m_opened = false;          // the 101 went out
    bool m_finished = false;
    bool m_closeReported = false;
    bool m_http = false;            // taken over by the host (writeHttp)
    protocol::CloseEvent m_close;
    QString m_failure;              // why the connection ended, when no close frame says it
    QTimer m_handshakeTimer;        // accept -> 101
    QTimer m_closeTimer;            // our close frame -> the peer's
    QTimer m_lingerTimer;           // our last byte -> the peer's FIN
    QTimer m_pongTimer;             // the oldest unanswered keepalive ping -> its pong
    // Outgoing message being sent: its shared copy, so the report reuses it.
    const QByteArray *m_sendingCopy = nullptr;
    // A large echo's payload, taken from the Driver (swapMessageBuffer) when the kernel does
    // not take it all at once, so that the transport queues the rest without a copy (it then
    // moves the string away); otherwise, the buffer the Driver gets at the next swap.
    std::string m_echoBuffer;
    std::string_view m_echoedPayload; // during echoInPlace(): the payload being echoed
    quint64 m_lastPingId = 0;
    qint64 m_lastPingNs = 0;
};

} // namespace wsi::net
