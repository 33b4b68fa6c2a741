// SPDX-License-Identifier: MIT
#pragma once
// One client connection: a client-role protocol::Driver (WebSocket) or an EventSource
// stream (protocol::sse::EventSourceClient, TrafficKind::EventSource) over a QTcpSocket or
// QSslSocket, with its timeline, TLS report, timeouts, keepalive pings, reconnects and
// counters. Both kinds share everything up to the request: TCP, proxies, TLS and its
// verdicts, timeouts.
//
// Threads: a Connection is a TrafficSource: it lives on a worker QThread (see SourceThread,
// which creates one and owns it). Every public slot is meant to be called from another
// thread with Qt::QueuedConnection (or QMetaObject::invokeMethod(..., Qt::QueuedConnection));
// none blocks the caller. Results come back only through TrafficSource::reported: one
// ordered stream of log events and updates (state, snapshot, handshake, TLS report, ping
// samples, errors, the close, reconnects), batched by the ReportBatcher.
#include "net/ConnectionOptions.h"
#include "net/ConnectionTypes.h"
#include "net/LogEvent.h"
#include "net/PingStats.h"
#include "net/ProxyConnector.h"
#include "net/tls/TlsConfiguration.h"
#include "net/tls/TlsReport.h"
#include "net/source/ByteSlab.h"
#include "net/source/TrafficSource.h"
#include "protocol/legacy/VersionedDriver.h"
#include "protocol/sse/EventSourceClient.h"

#include <QAbstractSocket>
#include <QElapsedTimer>
#include <QMap>
#include <QPointer>
#include <QSslConfiguration>
#include <QSslError>
#include <QVector>

#include <memory>

class QTcpSocket;
class QSslSocket;
class QTimer;

namespace wsi::net {

class ReconnectScheduler;

class Connection : public TrafficSource,
                   private protocol::DriverSink,
                   private protocol::ByteWriter,
                   private protocol::sse::EventSourceClientSink
{
    Q_OBJECT
public:
    explicit Connection(ConnectionOptions options, QObject *parent = nullptr);
    ~Connection() override;

    // Worker-thread side only (or after the worker stopped): the live state.
    ConnectionState state() const { return m_state; }
    const ConnectionOptions &options() const { return m_options; }
    const ConnectionSnapshot &snapshot();
    const PingStats &pingStats() const { return m_pingStats; }
    const TlsReport &tlsReport() const { return m_tlsReport; }
    const CloseInfo &closeInfo() const { return m_closeInfo; }

    SourceCapabilities capabilities() const override;

public Q_SLOTS:
    // Checks the options (no I/O when they are wrong) and starts connecting.
    void open() override;
    void sendText(const QByteArray &utf8, int fragments = 1) override;
    void sendBinary(const QByteArray &data, int fragments = 1) override;
    // A ping with this payload, timed and checked against the ping timeout.
    void sendPing(const QByteArray &payload) override;
    void sendPong(const QByteArray &payload) override;
    // Starts the close handshake; the connection ends when the peer answers or the close
    // timeout passes. (A snapshot goes out at most every ~200 ms while counters change.)
    void close(int code = 1000, const QString &reason = QString()) override;
    void sendRawFrame(const wsi::protocol::RawFrame &frame) override;
    // Drops the transport at once, without a close handshake. Cancels auto-reconnect.
    void abort() override;
    void setAutoPong(bool enabled) override;
    // Keepalive pings every `ms` from now on (0: none); the latency panel's interval box.
    void setPingInterval(int ms) override;
    void cancelReconnect() override;

protected:
    qint64 reportTimeNs() const override { return m_clock.isValid() ? nowNs() : 0; }
    int maxRowsInFlight() const override { return m_options.maxEventsInFlight; }
    void resumeReading() override;

private:
    // lifecycle, socket I/O, state, errors and the end (Connection.cpp)
    void startAttempt();
    void createSocket();
    void connectSocketSignals();
    void onSocketStateChanged(QAbstractSocket::SocketState socketState);
    void onSocketConnected();
    void onSocketError(QAbstractSocket::SocketError socketError);
    void onSocketDisconnected();
    void onReadyRead();
    void startProxyTunnel();
    void startUpgrade();
    void setState(ConnectionState state);
    void fail(ErrorPhase phase, const QString &id, const QString &message, const QString &hint = QString(),
              qint64 waitedMs = -1);
    void reportError(ConnectionError error);
    void finishTransport(const CloseInfo &info);
    void scheduleReconnectOrFinish();
    void teardownSocket();
    void dropSocket();
    qint64 nowNs() const { return m_clock.nsecsElapsed(); }
    QString peerName() const;
    void emitSnapshot();
    LogEvent &appendEvent(EventKind kind, EventDirection direction, qint64 timeNs)
    {
        return reports().appendEvent(kind, direction, timeNs);
    }
    void appendInfo(const QString &text);
    // protocol::ByteWriter: the Driver's bytes to the socket
    void write(const std::uint8_t *data, std::size_t size) override;

    // TLS set-up and verification (ConnectionTls.cpp)
    void startTls();
    void onSslErrors(const QList<QSslError> &errors);
    void judgeChain();
    void onEncrypted();
    void onSslAlert(QSsl::AlertLevel level, QSsl::AlertType type, const QString &description);
    void onTlsHandshakeFailed();
    QString plainUrl() const;
    static QString tlsHint(TlsFailure failure);

    // the six timeouts: connect, open, close, write, ping, and the refusal's body grace
    // (ConnectionTimeouts.cpp)
    void setUpTimers();
    void onConnectTimeout();
    void onOpenTimeout();
    void onCloseTimeout();
    void onWriteTimeout();
    void onPingTimeout();
    void onBytesWritten();
    void abortAfterTimeout(const QString &reason);
    void armWriteTimer();
    void armPingTimer();
    void stopAllTimers();

    // keepalive and timed pings (ConnectionPings.cpp)
    void onKeepalive();
    quint64 sendTimedPing(const QByteArray &payload);
    qint64 settlePing(quint64 pingId);

    // protocol::DriverSink (ConnectionDriverSink.cpp)
    protocol::DriverOptions driverOptions() const;
    void onOpen(const protocol::OpenEvent &event) override;
    void onHandshakeFailed(const protocol::HandshakeFailureEvent &event) override;
    void onFrame(const protocol::FrameEvent &event) override;
    void onMessage(const protocol::MessageEvent &event) override;
    void onPing(const protocol::PingEvent &event) override;
    void onPong(const protocol::PongEvent &event) override;
    void onProtocolError(const protocol::ProtocolErrorEvent &event) override;
    void onClosed(const protocol::CloseEvent &event) override;
    // the EventSource stream (ConnectionEventSource.cpp)
    bool isEventSource() const { return m_options.kind == TrafficKind::EventSource; }
    // An EventSource client that still waits for its answer or reads its stream.
    bool eventSourceWaits() const
    {
        using State = protocol::sse::EventSourceClient::State;
        return m_eventSource && (m_eventSource->state() == State::AwaitingResponse || m_eventSource->state() == State::Streaming);
    }
    void startEventSource();
    void closeEventSource();
    void onStreamOpen(const protocol::sse::EventSourceOpen &open) override;
    void onStreamRefused(const protocol::sse::EventSourceFailure &failure) override;
    void onStreamEnd(const protocol::sse::EventSourceEnd &end) override;
    void onEvent(const protocol::sse::ServerSentEvent &event) override;
    void onComment(const protocol::sse::EventStreamComment &comment) override;
    void onRetry(std::uint64_t ms) override;
    static ReconnectOptions eventSourceReconnect(const EventSourceOptions &options, int retryMs);

    // --echo: sends an incoming message straight back, inside the read (see echoMessages).
    void echoInPlace(const protocol::MessageEvent &event);
    // The close frames sent and received so far, as CloseInfo carries them.
    static CloseInfo closeFramesOf(const protocol::CloseEvent &event);
    qint64 eventTime(protocol::Direction direction) const;

    ConnectionOptions m_options;
    ConnectionTarget m_target;
    ProxyChoice m_proxy;
    QElapsedTimer m_clock;
    ConnectionState m_state = ConnectionState::Idle;
    ConnectionSnapshot m_snapshot;
    Timeline m_timeline;
    TrafficCounters m_counters;
    TrafficCounters m_lastEmittedCounters;
    CloseInfo m_closeInfo;
    TlsReport m_tlsReport;
    PingStats m_pingStats;
    QMap<quint64, PingSample> m_pendingPings; // by Driver ping id
    quint64 m_keepaliveCount = 0;

    QPointer<QTcpSocket> m_socket;
    QSslSocket *m_sslSocket = nullptr; // m_socket when the URL is wss://
    ProxyConnector *m_proxyConnector = nullptr;
    std::unique_ptr<protocol::VersionedDriver> m_driver; // any version: 13, 8, 7, hixie-76/75
    std::unique_ptr<protocol::sse::EventSourceClient> m_eventSource;
    std::string m_lastEventId;    // EventSource: carried from stream to stream (Last-Event-ID),
                                  // taken from the stream's parser when an attempt ends
    ByteSlab m_slab;              // EventSource: the strings of its rows, a block at a time
    int m_eventSourceRetryMs = 0; // EventSource: the reconnection time (the server's retry)
    bool m_streamRefused = false; // EventSource: refused (non-200, wrong type): no reconnect
    QByteArray m_readBuffer;
    qint64 m_readTimeNs = 0;
    int m_alertReceived = -1; // the fatal TLS alert the server sent, -1: none
    TlsSetup m_tlsSetup;
    HandshakeInfo m_handshake;
    bool m_handshakeReported = false;
    bool m_handshakeFailed = false;
    bool m_transportFinished = false;
    bool m_localAbort = false;
    bool m_userClosed = false;
    bool m_errorReported = false;
    bool m_optionsRefused = false;
    bool m_sendingRawFrame = false; // inside sendRawFrame: its frame is logged whole
    int m_attempt = 0;

    QTimer *m_snapshotTimer = nullptr;
    QTimer *m_connectTimer = nullptr;
    QTimer *m_openTimer = nullptr;
    QTimer *m_closeTimer = nullptr;
    QTimer *m_writeTimer = nullptr;
    QTimer *m_pingTimer = nullptr;
    QTimer *m_keepaliveTimer = nullptr;
    QTimer *m_rejectedBodyTimer = nullptr;
    qint64 m_writeProgressNs = 0;
    ReconnectScheduler *m_reconnect = nullptr;
};

} // namespace wsi::net
