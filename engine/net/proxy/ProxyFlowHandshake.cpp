// SPDX-License-Identifier: MIT
// The flow's opening: the app's upgrade request (bounded in time and size), the upstream's
// TCP and TLS (verified as a client Connection verifies, in the same words), the request
// sent upstream with Host rewritten, and the upstream's answer: a 101 goes back verbatim
// and the relay starts; any other answer goes back verbatim too; a failure before an
// answer gives the app the gateway's own answer with the reason in its body.
#include "net/proxy/ProxyFlow.h"

#include "net/HandshakeDiagnosis.h"
#include "net/SecretRedaction.h"
#include "net/proxy/FrameTap.h"
#include "net/proxy/ProxyHandshake.h"
#include "net/tls/ChainVerifier.h"
#include "net/tls/HandshakeFailure.h"
#include "protocol/handshake/Handshake.h"

#include <QNetworkInterface>
#include <QNetworkProxy>
#include <QSslSocket>
#include <QTimer>

#include <cstring>

namespace wsi::net {

namespace {

constexpr int BodyPreviewBytes = 1024;

bool isAnyAddress(const QHostAddress &address)
{
    return address == QHostAddress::Any || address == QHostAddress::AnyIPv4 || address == QHostAddress::AnyIPv6;
}

bool sameAddress(const QHostAddress &a, const QHostAddress &b)
{
    return a.isEqual(b, QHostAddress::ConvertV4MappedToIPv4) || (a.isLoopback() && b.isLoopback());
}

} // namespace

void ProxyFlow::readRequest()
{
    while (m_phase == Phase::ReadingRequest) {
        qint64 read = 0;
        if (!m_preRead.isEmpty()) {
            read = std::min<qint64>(m_preRead.size(), m_buffer.size());
            std::memcpy(m_buffer.data(), m_preRead.constData(), std::size_t(read));
            m_preRead.remove(0, qsizetype(read));
        } else {
            read = m_app->read(m_buffer.data(), m_buffer.size());
        }
        if (read <= 0)
            return;
        std::size_t consumed = 0;
        const auto status = m_requestReader.feed(reinterpret_cast<const std::uint8_t *>(m_buffer.constData()),
                                                 std::size_t(read), consumed);
        if (status == protocol::HttpHeadReader::Status::TooLarge) {
            m_appRequest = m_requestReader.head();
            refuse(431, QStringLiteral("request-too-large"),
                   QStringLiteral("the app's request head is over %1 bytes").arg(m_context->options.maxHeadSize),
                   ErrorPhase::Upgrade);
            return;
        }
        if (status == protocol::HttpHeadReader::Status::Complete) {
            // Frames sent before the 101 (allowed to a client that does not wait) follow it.
            m_appEarly.append(m_buffer.constData() + consumed, qsizetype(read) - qsizetype(consumed));
            m_handshakeTimer->stop();
            handleRequest(m_requestReader.head());
            return;
        }
    }
}

void ProxyFlow::handleRequest(const std::string &head)
{
    m_appRequest = head;
    protocol::HttpRequestHead request;
    std::string error;
    if (!protocol::parseRequestHead(head, request, error)) {
        refuse(400, QStringLiteral("bad-request"),
               QStringLiteral("the app's request is not HTTP: %1").arg(QString::fromStdString(error)), ErrorPhase::Upgrade);
        return;
    }
    m_target = QString::fromStdString(request.target);
    protocol::ServerHandshakeOptions options;
    options.maxHeadSize = m_context->options.maxHeadSize;
    const protocol::ServerHandshakeCheck check = protocol::checkClientRequest(request, options);
    if (check.outcome != protocol::ServerHandshakeOutcome::Upgrade && m_context->forward) {
        // An intercepted connection's ordinary HTTP (the page that opens the WebSocket, its
        // scripts): relayed untouched and counted, not inspected.
        m_plainHttp = true;
        m_plainHttpRequest = QString::fromStdString(request.method) + QLatin1Char(' ') + m_target;
        m_upstreamRequest = buildPlainHttpRequest(request, upstreamResource(m_context->upstream.resourceName, request),
                                                  m_context->upstream.hostHeader);
        appendInfo(QStringLiteral("app asks for %1 (not a WebSocket): relayed untouched, not inspected").arg(m_plainHttpRequest),
                   TrafficLeg::Client);
        connectUpstream();
        return;
    }
    if (check.outcome != protocol::ServerHandshakeOutcome::Upgrade) {
        const bool plain = check.outcome == protocol::ServerHandshakeOutcome::PlainHttp
            || check.outcome == protocol::ServerHandshakeOutcome::CallerHttp;
        refuse(plain ? 426 : check.status, QStringLiteral("not-an-upgrade"),
               QStringLiteral("the app's request for %1 is not a WebSocket upgrade this proxy relays: %2")
                   .arg(m_target, plain ? QStringLiteral("it has no Upgrade: websocket header")
                                        : QString::fromStdString(check.message)),
               ErrorPhase::Upgrade);
        return;
    }
    const std::string resource = upstreamResource(m_context->upstream.resourceName, request);
    m_upstreamRequest = buildUpstreamRequest(request, resource, m_context->upstream.hostHeader);
    appendInfo(QStringLiteral("app asks for %1: relayed to %2%3")
                   .arg(m_target, m_context->upstream.secure ? QStringLiteral("wss://") : QStringLiteral("ws://"),
                        QString::fromLatin1(m_context->upstream.hostHeader) + QString::fromStdString(resource)),
               TrafficLeg::Client);
    connectUpstream();
}

void ProxyFlow::connectUpstream()
{
    m_phase = Phase::Connecting;
    const ConnectionTarget &target = m_context->upstream;
    if (target.secure) {
        m_upstreamSsl = new QSslSocket(this);
        m_upstreamSsl->setSslConfiguration(m_context->upstreamTls.configuration);
        m_upstreamSsl->setPeerVerifyName(target.host);
        // Qt's verdict is not ours: the chain is judged by ChainVerifier once it is known.
        connect(m_upstreamSsl, &QSslSocket::sslErrors, m_upstreamSsl, [this] { m_upstreamSsl->ignoreSslErrors(); });
        connect(m_upstreamSsl, &QSslSocket::encrypted, this, &ProxyFlow::onUpstreamEncrypted);
        connect(m_upstreamSsl, &QSslSocket::encryptedBytesWritten, this, [this] { onBytesWritten(m_upstream); });
        m_upstream = m_upstreamSsl;
    } else {
        m_upstream = new QTcpSocket(this);
    }
    m_upstream->setProxy(QNetworkProxy::NoProxy);
    m_upstream->setReadBufferSize(ChunkBytes);
    connect(m_upstream, &QAbstractSocket::connected, this, &ProxyFlow::onUpstreamConnected);
    connect(m_upstream, &QAbstractSocket::errorOccurred, this, &ProxyFlow::onUpstreamError);
    connect(m_upstream, &QAbstractSocket::disconnected, this, [this] { onDisconnected(m_upstream); });
    connect(m_upstream, &QIODevice::bytesWritten, this, [this] { onBytesWritten(m_upstream); });
    connect(m_upstream, &QIODevice::readyRead, this, [this] {
        if (m_phase == Phase::AwaitingAnswer)
            readAnswer();
        else if (m_phase == Phase::Relaying)
            relay(m_upstream);
        else if (m_phase == Phase::RelayingRefusal)
            passRefusalBody(m_upstream->readAll());
    });
    setState(ConnectionState::Connecting);
    m_upstreamTimer->start(m_context->options.upstreamTimeoutMs);
    m_upstream->connectToHost(target.host, target.port);
}

// The upstream resolved to the proxy's own listening socket: every flow would open
// another flow until the file descriptors ran out.
bool ProxyFlow::connectsToItself() const
{
    const QHostAddress peer = m_upstream->peerAddress();
    if (m_upstream->peerPort() != m_context->listenPort)
        return false;
    const QHostAddress &listen = m_context->listenAddress;
    if (!isAnyAddress(listen))
        return sameAddress(peer, listen);
    if (peer.isLoopback())
        return true;
    const QList<QHostAddress> local = QNetworkInterface::allAddresses();
    return std::any_of(local.begin(), local.end(), [&peer](const QHostAddress &address) { return sameAddress(address, peer); });
}

void ProxyFlow::onUpstreamConnected()
{
    m_upstream->setSocketOption(QAbstractSocket::LowDelayOption, 1); // as the app's side (ProxyFlow.cpp)
    if (connectsToItself()) {
        refuse(508, QStringLiteral("proxy-loop"),
               QStringLiteral("the upstream %1 is this proxy's own address: the flow would connect to itself")
                   .arg(m_context->upstream.displayUrl),
               ErrorPhase::Connect, QStringLiteral("give --upstream the real server's URL"));
        return;
    }
    if (!m_upstreamSsl) {
        sendUpstreamRequest();
        return;
    }
    setState(ConnectionState::TlsHandshake);
    m_tlsReport.url = m_context->upstream.displayUrl;
    m_tlsReport.host = m_context->upstream.host;
    m_tlsReport.port = m_context->upstream.port;
    m_tlsReport.sniName = m_context->upstream.sniName;
    m_tlsReport.verifyEnabled = m_context->options.upstreamTls.verify;
    m_upstreamSsl->startClientEncryption();
}

// The chain the upstream sent, completed to its root, verified for the upstream's host,
// exactly as a client Connection does (ConnectionTls.cpp): the same report, the same words.
void ProxyFlow::judgeUpstreamChain()
{
    const QList<QSslCertificate> sent = m_upstreamSsl->peerCertificateChain();
    const TlsSetup &trust = m_context->upstreamTls;
    m_tlsReport.setChain(sent, [&trust](const QSslCertificate &certificate) { return trust.findIssuer(certificate); });
    m_tlsReport.securityLevel = defaultSecurityLevel();
    m_tlsReport.addFindings(verifyServerChain(sent, trust, m_context->upstream.host, m_tlsReport.securityLevel));
}

void ProxyFlow::onUpstreamEncrypted()
{
    m_tlsReport.handshakeCompleted = true;
    judgeUpstreamChain();
    m_tlsReport.setSession(*m_upstreamSsl);
    m_tlsReport.decide();
    reports().post(m_tlsReport);
    if (!m_tlsReport.allowsConnection()) {
        refuse(502, QStringLiteral("tls-") + QLatin1String(tlsFailureId(m_tlsReport.failure)), m_tlsReport.message,
               ErrorPhase::Tls, QStringLiteral("trust the upstream's CA with --ca-file FILE, or relay anyway with --insecure"));
        return;
    }
    appendInfo(m_tlsReport.message);
    sendUpstreamRequest();
}

void ProxyFlow::onUpstreamError()
{
    if (m_phase != Phase::Connecting && m_phase != Phase::AwaitingAnswer)
        return; // after the answer, the end of the transport says it (onDisconnected)
    const QAbstractSocket::SocketError error = m_upstream->error();
    if (error == QAbstractSocket::SslHandshakeFailedError && m_upstreamSsl) {
        const HandshakeFailure why = classifyHandshakeFailure(m_upstream->errorString());
        m_tlsReport.handshakeError = why.kind == HandshakeFailure::Kind::NotTls
            ? QStringLiteral("this port does not speak TLS: it answered the handshake with something else (OpenSSL: %1)").arg(why.reason)
            : m_upstream->errorString();
        judgeUpstreamChain();
        m_tlsReport.decide();
        reports().post(m_tlsReport);
        refuse(502, QStringLiteral("tls-handshake-failed"), m_tlsReport.message, ErrorPhase::Tls);
        return;
    }
    if (m_phase == Phase::AwaitingAnswer || error == QAbstractSocket::RemoteHostClosedError) {
        refuse(502, QStringLiteral("upstream-closed"),
               QStringLiteral("the upstream %1 closed the connection before answering the upgrade (%2)")
                   .arg(m_context->upstream.displayUrl, m_upstream->errorString()),
               ErrorPhase::Upgrade);
        return;
    }
    refuse(502, QStringLiteral("upstream-unreachable"),
           QStringLiteral("could not reach the upstream %1: %2").arg(m_context->upstream.displayUrl, m_upstream->errorString()),
           ErrorPhase::Connect);
}

void ProxyFlow::sendUpstreamRequest()
{
    if (m_plainHttp) {
        // No answer to read: the request and what follows go up, the response comes back,
        // as bytes, until the upstream closes (it was asked to).
        m_upstreamTimer->stop();
        m_phase = Phase::Relaying;
        setState(ConnectionState::Open);
        m_upstream->write(m_upstreamRequest.data(), qint64(m_upstreamRequest.size()));
        m_counters.bytesOut += quint64(m_upstreamRequest.size());
        if (!m_appEarly.isEmpty()) {
            m_upstream->write(m_appEarly);
            m_counters.bytesOut += quint64(m_appEarly.size());
            m_appEarly.clear();
        }
        relay(m_app);
        relay(m_upstream);
        return;
    }
    m_phase = Phase::AwaitingAnswer;
    setState(ConnectionState::Upgrading);
    m_upstream->write(m_upstreamRequest.data(), qint64(m_upstreamRequest.size()));
    if (m_upstream->bytesAvailable() > 0)
        readAnswer();
}

void ProxyFlow::readAnswer()
{
    while (m_phase == Phase::AwaitingAnswer) {
        const qint64 read = m_upstream->read(m_buffer.data(), m_buffer.size());
        if (read <= 0)
            return;
        std::size_t consumed = 0;
        const auto status = m_answerReader.feed(reinterpret_cast<const std::uint8_t *>(m_buffer.constData()),
                                                std::size_t(read), consumed);
        if (status == protocol::HttpHeadReader::Status::TooLarge) {
            refuse(502, QStringLiteral("answer-too-large"),
                   QStringLiteral("the upstream's answer head is over %1 bytes").arg(m_context->options.maxHeadSize),
                   ErrorPhase::Upgrade);
            return;
        }
        if (status != protocol::HttpHeadReader::Status::Complete)
            continue;
        const QByteArray rest(m_buffer.constData() + consumed, qsizetype(read) - qsizetype(consumed));
        const std::string head = m_answerReader.head();
        protocol::HttpResponseHead response;
        std::string error;
        if (!protocol::parseResponseHead(head, response, error)) {
            refuse(502, QStringLiteral("bad-answer"),
                   QStringLiteral("the upstream's answer is not HTTP: %1").arg(QString::fromStdString(error)),
                   ErrorPhase::Upgrade);
            return;
        }
        m_upstreamTimer->stop();
        if (response.status == 101)
            startRelaying(head, response, rest);
        else
            relayRefusal(head, response, rest);
        return;
    }
}

// The app's side of the opening: its request as it came, and the answer it was given.
void ProxyFlow::reportAppHandshake(int status, const QByteArray &answer)
{
    LogEvent &event = reports().appendEvent(EventKind::Handshake, EventDirection::Local, nowNs());
    event.leg = TrafficLeg::Client;
    event.code = quint16(status);
    const QByteArray request = redactHeaders(QByteArray::fromStdString(m_appRequest));
    event.payload = request + redactHeaders(answer);
    event.wireSize = quint64(request.size());
}

void ProxyFlow::startRelaying(const std::string &head, const protocol::HttpResponseHead &response, const QByteArray &rest)
{
    const RelayedExtensions extensions = relayedExtensionsOf(response);
    HandshakeInfo info = handshakeInfoOf(true, m_upstreamRequest, head, response);
    if (const std::string *subprotocol = response.headers.find("Sec-WebSocket-Protocol"))
        info.subprotocol = QString::fromStdString(*subprotocol);
    info.extensions = QString::fromStdString(response.headers.joined("Sec-WebSocket-Extensions"));
    info.deflate = extensions.deflate;
    if (extensions.deflate)
        info.deflateParams = QString::fromStdString(protocol::formatDeflateParams(extensions.deflateParams));
    info.protocolVersion = QStringLiteral("13");
    info.timeNs = nowNs();
    reports().post(info);
    const QByteArray answer = QByteArray::fromStdString(head);
    reportAppHandshake(101, answer);
    if (!extensions.error.isEmpty())
        appendInfo(QStringLiteral("the upstream's Sec-WebSocket-Extensions does not parse (%1): frames are shown as they are")
                       .arg(extensions.error));
    else if (extensions.unknownExtension)
        appendInfo(QStringLiteral("the upstream accepted the extension %1, which the proxy passes without decoding")
                       .arg(extensions.unknownName));

    FrameTapSettings settings;
    settings.deflate = extensions.deflate;
    settings.unknownExtension = extensions.unknownExtension;
    settings.reportFrames = m_context->options.reportFrames;
    settings.maxReportedMessageSize = m_context->options.maxReportedMessageSize;
    settings.leg = TrafficLeg::Client;
    settings.noContextTakeover = extensions.deflateParams.clientNoContextTakeover;
    m_appTap = std::make_unique<FrameTap>(reports(), m_slab, settings);
    settings.leg = TrafficLeg::Server;
    settings.noContextTakeover = extensions.deflateParams.serverNoContextTakeover;
    m_upstreamTap = std::make_unique<FrameTap>(reports(), m_slab, settings);

    m_phase = Phase::Relaying;
    setState(ConnectionState::Open);
    m_counters.bytesOut += quint64(m_upstreamRequest.size());
    m_counters.bytesIn += quint64(head.size());
    m_app->write(answer);
    const qint64 now = nowNs();
    if (!rest.isEmpty()) {
        m_app->write(rest);
        m_upstreamTap->feed(rest.constData(), rest.size(), now);
    }
    if (!m_appEarly.isEmpty()) {
        m_upstream->write(m_appEarly);
        m_appTap->feed(m_appEarly.constData(), m_appEarly.size(), now);
        m_appEarly.clear();
    }
    relay(m_app);
    relay(m_upstream);
}

void ProxyFlow::relayRefusal(const std::string &head, const protocol::HttpResponseHead &response, const QByteArray &rest)
{
    HandshakeInfo info = handshakeInfoOf(false, m_upstreamRequest, head, response, rest.left(BodyPreviewBytes).toStdString());
    info.failure = QStringLiteral("the upstream refused the upgrade: %1").arg(QString::fromStdString(response.statusLine));
    info.diagnosis = diagnoseHandshakeFailure(info, protocol::ClientHandshakeError::NotSwitchingProtocols, m_context->upstream.secure);
    info.timeNs = nowNs();
    reports().post(info);
    reportAppHandshake(response.status, QByteArray::fromStdString(head));
    reportError(ErrorPhase::Upgrade, QStringLiteral("upstream-refused"),
                info.failure + QStringLiteral("; the answer went to the app as it came"), info.diagnosis);
    m_endReason = abnormalClose(CloseInitiator::Remote, info.failure);
    m_hasEndReason = true;
    bool ok = false;
    const std::string *length = response.headers.find("Content-Length");
    m_refusalBodyLeft = length ? QByteArray::fromStdString(*length).trimmed().toLongLong(&ok) : -1;
    if (!ok)
        m_refusalBodyLeft = -1;
    m_phase = Phase::RelayingRefusal;
    setState(ConnectionState::Closing);
    m_app->write(head.data(), qint64(head.size()));
    passRefusalBody(rest);
    if (m_upstream->bytesAvailable() > 0)
        passRefusalBody(m_upstream->readAll());
}

// A refusal's body passes to the app until its Content-Length (or the upstream's end).
void ProxyFlow::passRefusalBody(const QByteArray &bytes)
{
    if (!bytes.isEmpty())
        m_app->write(bytes);
    if (m_refusalBodyLeft >= 0) {
        m_refusalBodyLeft = std::max<qint64>(0, m_refusalBodyLeft - bytes.size());
        if (m_refusalBodyLeft == 0)
            endBoth();
    }
}

void ProxyFlow::refuse(int status, const QString &id, const QString &reason, ErrorPhase phase, const QString &hint)
{
    if (m_phase == Phase::Ending || m_phase == Phase::Finished)
        return;
    m_handshakeTimer->stop();
    m_upstreamTimer->stop();
    reportError(phase, id, reason, hint);
    const QByteArray answer = gatewayErrorResponse(status, reason);
    reportAppHandshake(status, answer.left(answer.indexOf("\r\n\r\n") + 4));
    m_endReason = abnormalClose(CloseInitiator::Local, reason);
    m_hasEndReason = true;
    m_phase = Phase::Ending;
    setState(ConnectionState::Closing);
    if (m_upstream)
        m_upstream->abort();
    m_upstreamEnded = true;
    if (m_app->state() == QAbstractSocket::ConnectedState) {
        m_app->write(answer);
        m_app->disconnectFromHost();
        m_lingerTimer->start(LingerMs);
    } else {
        m_appEnded = true;
    }
    maybeFinish();
}

} // namespace wsi::net
