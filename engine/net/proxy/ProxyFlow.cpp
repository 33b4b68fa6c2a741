// SPDX-License-Identifier: MIT
// The flow's set-up, its commands, and the small reporting helpers the handshake
// (ProxyFlowHandshake.cpp) and the relay (ProxyFlowRelay.cpp) share.
#include "net/proxy/ProxyFlow.h"

#include "net/proxy/FrameTap.h"

#include <QSslConfiguration>
#include <QSslSocket>
#include <QTimer>

#include <chrono>

namespace wsi::net {

namespace {

QString endpointText(const QHostAddress &address, quint16 port)
{
    return address.protocol() == QAbstractSocket::IPv6Protocol ? QStringLiteral("[%1]:%2").arg(address.toString()).arg(port)
                                                              : QStringLiteral("%1:%2").arg(address.toString()).arg(port);
}

} // namespace

ProxyFlow::ProxyFlow(quint64 id, qintptr descriptor, std::shared_ptr<const ProxyFlowContext> context, QObject *parent)
    : TrafficSource(parent),
      m_id(id),
      m_descriptor(descriptor),
      m_context(std::move(context)),
      // No descriptor yet: an unconnected socket has no notifiers, so the flow may still
      // move to another thread with it; open() gives it the connection there.
      m_app(m_context->listenTls ? new QSslSocket(this) : new QTcpSocket(this)),
      m_handshakeTimer(new QTimer(this)),
      m_upstreamTimer(new QTimer(this)),
      m_lingerTimer(new QTimer(this)),
      m_requestReader(m_context->options.maxHeadSize),
      m_answerReader(m_context->options.maxHeadSize)
{
    setUp();
}

ProxyFlow::ProxyFlow(quint64 id, QTcpSocket *app, QByteArray alreadyRead, std::shared_ptr<const ProxyFlowContext> context,
                     QObject *parent)
    : TrafficSource(parent),
      m_id(id),
      m_descriptor(-1),
      m_context(std::move(context)),
      m_app(app),
      m_handshakeTimer(new QTimer(this)),
      m_upstreamTimer(new QTimer(this)),
      m_lingerTimer(new QTimer(this)),
      m_requestReader(m_context->options.maxHeadSize),
      m_answerReader(m_context->options.maxHeadSize),
      m_preRead(std::move(alreadyRead))
{
    m_app->setParent(this);
    setUp();
}

void ProxyFlow::setUp()
{
    m_buffer.resize(ChunkBytes);
    for (QTimer *timer : {m_handshakeTimer, m_upstreamTimer, m_lingerTimer})
        timer->setSingleShot(true);
    connect(m_handshakeTimer, &QTimer::timeout, this, [this] {
        // Nothing is answered: a client this slow (or this idle) is dropped, not served.
        reportError(ErrorPhase::Upgrade, QStringLiteral("request-timeout"),
                    QStringLiteral("the app did not finish its upgrade request within %1 ms; dropped")
                        .arg(m_context->options.handshakeTimeoutMs));
        m_app->abort();
        m_appEnded = true;
        m_upstreamEnded = true;
        maybeFinish();
    });
    connect(m_upstreamTimer, &QTimer::timeout, this, [this] {
        refuse(504, QStringLiteral("upstream-timeout"),
               QStringLiteral("the upstream %1 did not answer the upgrade within %2 ms")
                   .arg(m_context->upstream.displayUrl)
                   .arg(m_context->options.upstreamTimeoutMs),
               ErrorPhase::Upgrade);
    });
    // Both ends were asked to close and one does not: it is dropped after a while.
    connect(m_lingerTimer, &QTimer::timeout, this, [this] {
        if (m_app)
            m_app->abort();
        if (m_upstream)
            m_upstream->abort();
        m_appEnded = m_upstreamEnded = true;
        maybeFinish();
    });
}

ProxyFlow::~ProxyFlow()
{
    // The taps report into the batcher: they go first, and what is pending still goes out.
    m_appTap.reset();
    m_upstreamTap.reset();
    reports().flush();
}

void ProxyFlow::open()
{
    if (m_phase != Phase::Idle)
        return;
    m_clock.start();
    if (!takeDescriptor())
        return;
    reports().post(AttemptReport{1, m_context->upstream.displayUrl,
                                 std::chrono::duration_cast<std::chrono::nanoseconds>(
                                     std::chrono::steady_clock::now().time_since_epoch())
                                     .count()});
    appendInfo(QStringLiteral("app connected from %1").arg(m_peer), TrafficLeg::Client);
    setState(ConnectionState::Upgrading);
    m_phase = Phase::ReadingRequest;
    connect(m_app, &QIODevice::readyRead, this, [this] {
        if (m_phase == Phase::ReadingRequest)
            readRequest();
        else if (m_phase == Phase::Relaying)
            relay(m_app);
        else if (m_phase == Phase::RelayingRefusal || m_phase == Phase::Ending)
            m_app->readAll(); // the app has nothing to say to a refusal
    });
    connect(m_app, &QIODevice::bytesWritten, this, [this] { onBytesWritten(m_app); });
    connect(m_app, &QAbstractSocket::disconnected, this, [this] { onDisconnected(m_app); });
    if (auto *ssl = qobject_cast<QSslSocket *>(m_app)) {
        connect(ssl, &QSslSocket::encryptedBytesWritten, this, [this] { onBytesWritten(m_app); });
        connect(ssl, &QAbstractSocket::errorOccurred, this, [this, ssl](QAbstractSocket::SocketError error) {
            if (error == QAbstractSocket::SslHandshakeFailedError)
                reportError(ErrorPhase::Tls, QStringLiteral("app-tls-failed"), appTlsFailure(ssl->errorString()));
        });
    }
    m_handshakeTimer->start(m_context->options.handshakeTimeoutMs);
    if (m_app->state() != QAbstractSocket::ConnectedState) {
        onDisconnected(m_app);
        return;
    }
    if (m_app->bytesAvailable() > 0 || !m_preRead.isEmpty())
        readRequest();
}

// What the app's refused TLS handshake means. A client that does not trust the forward
// proxy's leaf ends the handshake with an alert naming the certificate (unknown_ca,
// bad_certificate, certificate_unknown): the usual cause is a CA that is not installed, or
// an app that pins its server's certificates, and either has one remedy or the other.
QString ProxyFlow::appTlsFailure(const QString &openSslError) const
{
    const QString lower = openSslError.toLower();
    const bool refusedCertificate = lower.contains(QLatin1String("alert unknown ca"))
        || lower.contains(QLatin1String("alert bad certificate")) || lower.contains(QLatin1String("alert certificate unknown"));
    if (m_context->forward && refusedCertificate)
        return QStringLiteral("this app does not trust the wsinspect CA (or pins its certificates): trust %1, or add the "
                              "host %2 to --pass-through (TLS: %3)")
            .arg(m_context->caCertificateFile, m_context->upstream.host, openSslError);
    return QStringLiteral("the app's TLS handshake with the proxy failed: %1 (an app that does not trust the proxy's "
                          "certificate refuses it)")
        .arg(openSslError);
}

// The accepted connection becomes the app's socket (for wss://, the server's side of the
// TLS handshake starts), on this thread.
bool ProxyFlow::takeDescriptor()
{
    auto *ssl = m_context->listenTls ? qobject_cast<QSslSocket *>(m_app) : nullptr;
    if (ssl) {
        QSslConfiguration configuration = ssl->sslConfiguration();
        configuration.setLocalCertificateChain(m_context->listenChain);
        configuration.setPrivateKey(m_context->listenKey);
        configuration.setPeerVerifyMode(QSslSocket::VerifyNone);
        // A browser offered h2 would speak HTTP/2, where a WebSocket is an extended CONNECT
        // (RFC 8441) this relay does not read: only HTTP/1.1 is offered.
        if (m_context->forward)
            configuration.setAllowedNextProtocols({QByteArrayLiteral("http/1.1")});
        ssl->setSslConfiguration(configuration);
    }
    if (m_descriptor >= 0 && !m_app->setSocketDescriptor(m_descriptor)) {
        reportError(ErrorPhase::Connect, QStringLiteral("accept-failed"),
                    QStringLiteral("the app's connection could not be taken: %1").arg(m_app->errorString()));
        m_phase = Phase::Ending;
        m_appEnded = m_upstreamEnded = true;
        maybeFinish();
        return false;
    }
    if (ssl)
        ssl->startServerEncryption();
    m_app->setReadBufferSize(ChunkBytes);
    // What arrives leaves at once: Nagle's delay would hold a small frame back while the
    // previous one is unacknowledged, and a relay must not add latency of its own.
    m_app->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    m_peer = endpointText(m_app->peerAddress(), m_app->peerPort());
    return true;
}

void ProxyFlow::close(int, const QString &)
{
    if (m_phase == Phase::Finished)
        return;
    appendInfo(QStringLiteral("flow closed by the inspector"));
    endBoth();
}

void ProxyFlow::abort()
{
    if (m_phase == Phase::Finished)
        return;
    if (!m_hasEndReason) {
        m_endReason = abnormalClose(CloseInitiator::Local, QStringLiteral("dropped by the inspector"));
        m_hasEndReason = true;
    }
    m_app->abort();
    if (m_upstream)
        m_upstream->abort();
    m_appEnded = m_upstreamEnded = true;
    maybeFinish();
}

void ProxyFlow::setState(ConnectionState state)
{
    if (m_state == state)
        return;
    m_state = state;
    reports().post(StateReport{state, nowNs()});
}

void ProxyFlow::appendInfo(const QString &text, TrafficLeg leg)
{
    LogEvent &event = reports().appendEvent(EventKind::Info, EventDirection::Local, nowNs());
    event.leg = leg;
    event.text = text;
}

void ProxyFlow::reportError(ErrorPhase phase, const QString &id, const QString &message, const QString &hint)
{
    ConnectionError error;
    error.phase = phase;
    error.id = id;
    error.message = message;
    error.hint = hint;
    error.timeNs = nowNs();
    m_errorReported = true;
    reports().post(error);
}

QTcpSocket *ProxyFlow::otherSide(QTcpSocket *socket) const
{
    return socket == m_app ? m_upstream : m_app;
}

FrameTap *ProxyFlow::tapOf(QTcpSocket *from) const
{
    return from == m_app ? m_appTap.get() : m_upstreamTap.get();
}

void ProxyFlow::resumeReading()
{
    if (m_phase != Phase::Relaying)
        return;
    reports().clearPaused();
    relay(m_app);
    relay(m_upstream);
}

} // namespace wsi::net
