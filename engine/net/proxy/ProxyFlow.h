// SPDX-License-Identifier: MIT
#pragma once
// One proxied WebSocket: the app's connection to the proxy (the Client leg) and the
// proxy's connection to the upstream (the Server leg), as one TrafficSource with one
// ordered report stream: the app's upgrade request, the upstream's TLS report and
// handshake, each leg's frames and messages (FrameTap), errors and the close.
//
// The flow relays, it does not re-frame: the upgrade is forwarded with Host rewritten and
// the upstream's answer goes back verbatim (so the key and accept, the subprotocol and the
// extensions are negotiated end to end), and after the 101 the bytes pass unchanged both
// ways, read in large chunks and written in one call per chunk. permessage-deflate is
// therefore passed through, not terminated: the app and the upstream keep their own
// compression contexts, nothing is inflated and deflated again on the way (which would
// cost the relay most of its speed and change the frames the inspector is there to show),
// and each tap inflates a copy for the log only.
//
// Phases: ReadingRequest (bounded in time and size) -> Connecting (TCP, TLS) ->
// AwaitingAnswer -> Relaying; a non-101 answer is passed to the app verbatim
// (RelayingRefusal); a failure before the answer gives the app the gateway's own 4xx/5xx
// with the reason in its body. The flow ends when both transports have ended.
//
// Threads: lives on its ProxyServer's thread; its sockets too.
#include "net/ConnectionTypes.h"
#include "net/proxy/ReverseProxyOptions.h"
#include "net/source/ByteSlab.h"
#include "net/source/TrafficSource.h"
#include "net/tls/TlsConfiguration.h"
#include "net/tls/TlsReport.h"
#include "protocol/handshake/HttpMessage.h"

#include <QElapsedTimer>
#include <QHostAddress>
#include <QList>
#include <QSslCertificate>
#include <QSslKey>

#include <memory>

class QTcpSocket;
class QSslSocket;
class QTimer;

namespace wsi::net {

class FrameTap;

// What every flow of one ProxyServer shares, made once at the server's start.
struct ProxyFlowContext {
    ReverseProxyOptions options;
    ConnectionTarget upstream; // the upstream URL, checked
    TlsSetup upstreamTls;      // when the upstream is wss://
    QHostAddress listenAddress;
    quint16 listenPort = 0;
    bool listenTls = false;                // the app's side is wss://, with:
    QList<QSslCertificate> listenChain;
    QSslKey listenKey;
    // An intercepting forward proxy's flow (ForwardProxyServer): one context per flow, its
    // upstream the host the app asked for; the app's TLS (listenTls) is served with a leaf
    // of the local CA and offers only http/1.1 by ALPN; a request that is not an upgrade is
    // relayed as bytes, not inspected; a client that refuses the leaf is told to trust
    // caCertificateFile.
    bool forward = false;
    QString caCertificateFile;
};

class ProxyFlow : public TrafficSource
{
    Q_OBJECT
public:
    // What one read takes at most, and what each socket buffers before the kernel's window
    // pushes back on its sender.
    static constexpr int ChunkBytes = 256 * 1024;
    // How long a side asked to close may take before it is dropped.
    static constexpr int LingerMs = 5000;

    enum class Phase : quint8 { Idle, ReadingRequest, Connecting, AwaitingAnswer, Relaying, RelayingRefusal, Ending, Finished };

    // `descriptor` is the accepted connection of the app; it becomes a socket in open(), on
    // the thread the flow runs on (so a flow made on the listener's thread may be moved to
    // a thread of its own first: see ProxyServer::setHandOffFlows).
    ProxyFlow(quint64 id, qintptr descriptor, std::shared_ptr<const ProxyFlowContext> context,
              QObject *parent = nullptr);
    // A flow over a socket already connected (a forward proxy's CONNECT tunnel or its
    // absolute-form request): the flow takes it (it becomes its child, on this thread), and
    // `alreadyRead` is what was read of the app's request before the flow existed. The
    // socket's own signals must be disconnected from their previous receivers.
    ProxyFlow(quint64 id, QTcpSocket *app, QByteArray alreadyRead, std::shared_ptr<const ProxyFlowContext> context,
              QObject *parent = nullptr);
    ~ProxyFlow() override;

    quint64 id() const { return m_id; }
    Phase phase() const { return m_phase; }
    // The app's request target ("/chat?room=1"), once its request was read.
    QString target() const { return m_target; }
    // The app's address and port, once open.
    QString peer() const { return m_peer; }
    // The upstream's host ("api.example.com"), as the app asked for it in forward mode.
    QString upstreamHost() const { return m_context->upstream.host; }
    // The upstream's URL ("wss://api.example.com:443/"): where the flow goes.
    QString upstreamUrl() const { return m_context->upstream.displayUrl; }

    SourceCapabilities capabilities() const override { return {}; }

public Q_SLOTS:
    void open() override;
    // Ends both legs' transports (after what is queued is written).
    void close(int code = 1000, const QString &reason = QString()) override;
    void abort() override;

Q_SIGNALS:
    // Both transports have ended and the last report is out.
    void finished(quint64 id);

protected:
    qint64 reportTimeNs() const override { return m_clock.isValid() ? m_clock.nsecsElapsed() : 0; }
    int maxRowsInFlight() const override { return m_context->options.maxRowsInFlight; }
    void resumeReading() override;

private:
    void setUp();
    bool takeDescriptor();
    QString appTlsFailure(const QString &openSslError) const;

    // ProxyFlowHandshake.cpp: the app's request, the upstream's connection and answer.
    void readRequest();
    void handleRequest(const std::string &head);
    void connectUpstream();
    void onUpstreamConnected();
    void onUpstreamEncrypted();
    void onUpstreamError();
    void sendUpstreamRequest();
    void readAnswer();
    void startRelaying(const std::string &head, const protocol::HttpResponseHead &response, const QByteArray &rest);
    void relayRefusal(const std::string &head, const protocol::HttpResponseHead &response, const QByteArray &rest);
    void passRefusalBody(const QByteArray &bytes);
    void reportAppHandshake(int status, const QByteArray &answer);
    void judgeUpstreamChain();
    bool connectsToItself() const;
    // The app gets the gateway's answer `status` with `reason`; the flow reports `id`.
    void refuse(int status, const QString &id, const QString &reason, ErrorPhase phase, const QString &hint = QString());

    // ProxyFlowRelay.cpp: bytes both ways, flow control, the end.
    // Reads what `from` has and writes it to the other side; `drain`: all of it, whatever
    // the other side's backlog (the source has ended).
    void relay(QTcpSocket *from, bool drain = false);
    void onBytesWritten(QTcpSocket *to);
    void onDisconnected(QTcpSocket *socket);
    void endBoth();
    void maybeFinish();
    CloseInfo closeInfo() const;

    void setState(ConnectionState state);
    void appendInfo(const QString &text, TrafficLeg leg = TrafficLeg::Server);
    void reportError(ErrorPhase phase, const QString &id, const QString &message, const QString &hint = QString());
    QTcpSocket *otherSide(QTcpSocket *socket) const;
    FrameTap *tapOf(QTcpSocket *from) const;
    qint64 nowNs() const { return m_clock.nsecsElapsed(); }

    const quint64 m_id;
    const qintptr m_descriptor;
    std::shared_ptr<const ProxyFlowContext> m_context;
    QTcpSocket *m_app;
    QTcpSocket *m_upstream = nullptr;
    QSslSocket *m_upstreamSsl = nullptr;
    QTimer *m_handshakeTimer;
    QTimer *m_upstreamTimer;
    QTimer *m_lingerTimer;
    QElapsedTimer m_clock;
    Phase m_phase = Phase::Idle;
    ConnectionState m_state = ConnectionState::Idle;
    QString m_peer;
    QString m_target;

    protocol::HttpHeadReader m_requestReader;
    protocol::HttpHeadReader m_answerReader;
    std::string m_appRequest;      // the app's request head as it came
    std::string m_upstreamRequest; // the head sent upstream
    QByteArray m_appEarly;         // bytes the app sent behind its request, before the 101
    QByteArray m_preRead;          // the app's request bytes read before the flow existed
    // Forward mode: the app's request is plain HTTP, relayed as bytes (no taps) until the
    // upstream closes (ProxyFlowHandshake.cpp, handleRequest).
    bool m_plainHttp = false;
    QString m_plainHttpRequest;    // "GET /index.html", for the log
    TlsReport m_tlsReport;
    qint64 m_refusalBodyLeft = -1; // a refusal's Content-Length still to pass (-1: until the end)

    ByteSlab m_slab;
    std::unique_ptr<FrameTap> m_appTap;      // what the app sends (Client leg)
    std::unique_ptr<FrameTap> m_upstreamTap; // what the upstream sends (Server leg)
    QByteArray m_buffer;
    bool m_appPaused = false;      // not read: the upstream's write buffer is full
    bool m_upstreamPaused = false;
    bool m_appEnded = false;
    bool m_upstreamEnded = false;
    bool m_appEndedFirst = false;
    bool m_errorReported = false;
    CloseInfo m_endReason;         // set when the flow ends for a reason of its own
    bool m_hasEndReason = false;
    TrafficCounters m_counters;
};

} // namespace wsi::net
