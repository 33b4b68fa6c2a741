// SPDX-License-Identifier: MIT
// The Connection's TLS: the report's facts before the handshake, the verdict once the whole
// chain is known (before a byte of ours is sent), fatal alerts, a handshake that broke, and
// the hint that says what the user can do. The chain is judged by tls/ChainVerifier (OpenSSL's
// own verification and RFC 6125 host names), not by Qt's errors. The TLS configuration itself
// (CA file, client certificate, versions) is made by tls/TlsConfiguration.
#include "net/Connection.h"

#include "net/tls/ChainVerifier.h"
#include "net/tls/HandshakeFailure.h"
#include "net/tls/TlsAlerts.h"

#include <QSslSocket>
#include <QUrl>

namespace wsi::net {

void Connection::startTls()
{
    setState(ConnectionState::TlsHandshake);
    m_tlsReport.url = m_target.displayUrl;
    m_tlsReport.host = m_target.host;
    m_tlsReport.port = m_target.port;
    m_tlsReport.sniName = m_target.sniName;
    m_tlsReport.verifyEnabled = m_options.tls.verify;
    m_sslSocket->startClientEncryption();
}

void Connection::onSslErrors(const QList<QSslError> &)
{
    // Qt's verdict is not ours (judgeChain is): it matches a name by its common name even
    // when the certificate lists DNS names, and calls what it does not know "Unknown error".
    m_sslSocket->ignoreSslErrors();
}

// The chain the server sent, completed to its root, verified for the URL's host.
void Connection::judgeChain()
{
    const QList<QSslCertificate> sent = m_sslSocket->peerCertificateChain();
    m_tlsReport.setChain(sent, [this](const QSslCertificate &certificate) { return m_tlsSetup.findIssuer(certificate); });
    m_tlsReport.securityLevel = defaultSecurityLevel();
    m_tlsReport.addFindings(verifyServerChain(sent, m_tlsSetup, m_target.host, m_tlsReport.securityLevel));
}

void Connection::onEncrypted()
{
    m_tlsReport.handshakeCompleted = true;
    judgeChain();
    m_tlsReport.setSession(*m_sslSocket);
    m_tlsReport.decide();
    if (!m_tlsReport.allowsConnection() && !m_options.tls.trustedLeafSha256.isEmpty() && !m_tlsReport.chain.isEmpty()
        && m_tlsReport.chain.first().sha256 == m_options.tls.trustedLeafSha256)
        m_tlsReport.trustLeafByFingerprint();
    reports().post(m_tlsReport);
    if (!m_tlsReport.allowsConnection()) {
        fail(ErrorPhase::Tls, QStringLiteral("tls-") + QLatin1String(tlsFailureId(m_tlsReport.failure)),
             m_tlsReport.message, tlsHint(m_tlsReport.failure));
        m_localAbort = true;
        dropSocket();
        finishTransport(abnormalClose(CloseInitiator::Local, QStringLiteral("certificate not trusted")));
        return;
    }
    appendInfo(m_tlsReport.message);
    if (m_options.tlsReportOnly) {
        CloseInfo info;
        info.code = 1000;
        info.reason = QStringLiteral("TLS report taken");
        info.initiator = CloseInitiator::Local;
        info.clean = true;
        finishTransport(info);
        if (m_socket)
            m_socket->disconnectFromHost();
        return;
    }
    startUpgrade();
}

// A fatal alert from the server says more than the closed socket that follows it. With
// TLS 1.3 a refused client certificate arrives this way, after our handshake finished. Qt's
// AlertType is the alert's number; its description is OpenSSL's, which lacks TLS 1.3's.
void Connection::onSslAlert(QSsl::AlertLevel level, QSsl::AlertType type, const QString &)
{
    if (level != QSsl::AlertLevel::Fatal || m_transportFinished)
        return;
    const int number = int(type);
    m_alertReceived = number;
    ConnectionError error;
    error.phase = ErrorPhase::Tls;
    error.id = QStringLiteral("tls-alert");
    error.message = describeTlsAlert(number);
    error.hint = tlsAlertHintForCli(tlsAlertAdvice(number, !m_options.tls.clientCertificate.isEmpty()));
    error.tlsAlert = number;
    error.timeNs = nowNs();
    reportError(error);
}

// The handshake broke: the report says why (the chain too, if one came), and so does the
// error, unless the server's alert has said it already.
void Connection::onTlsHandshakeFailed()
{
    const HandshakeFailure why = classifyHandshakeFailure(m_socket->errorString());
    const int alert = why.kind == HandshakeFailure::Kind::Alert ? why.alert : m_alertReceived;
    if (alert >= 0)
        m_tlsReport.handshakeError = describeTlsAlert(alert);
    else if (why.kind == HandshakeFailure::Kind::NotTls)
        m_tlsReport.handshakeError =
            QStringLiteral("this port does not speak TLS: it answered the handshake with something else (OpenSSL: %1)")
                .arg(why.reason);
    else
        m_tlsReport.handshakeError = m_socket->errorString();
    judgeChain();
    m_tlsReport.decide();
    reports().post(m_tlsReport);
    if (m_errorReported)
        return;
    if (why.kind == HandshakeFailure::Kind::NotTls) {
        fail(ErrorPhase::Tls, QStringLiteral("not-tls"), m_tlsReport.message, QStringLiteral("try %1").arg(plainUrl()));
        return;
    }
    ConnectionError error;
    error.phase = ErrorPhase::Tls;
    error.id = alert >= 0 ? QStringLiteral("tls-alert") : QStringLiteral("tls-handshake-failed");
    error.message = m_tlsReport.message;
    error.hint = alert >= 0 ? tlsAlertHintForCli(tlsAlertAdvice(alert, !m_options.tls.clientCertificate.isEmpty()))
                            : QStringLiteral("the server may want a client certificate (--cert FILE --key FILE) or a "
                                             "TLS version this client does not offer (1.2 and 1.3)");
    error.tlsAlert = alert;
    error.timeNs = nowNs();
    reportError(error);
}

// The URL with ws:// for wss:// (http:// for https://): what to try when the port does not speak TLS.
QString Connection::plainUrl() const
{
    QUrl url(withDefaultScheme(m_options.url, m_options.kind));
    url.setScheme(m_options.kind == TrafficKind::EventSource ? QStringLiteral("http") : QStringLiteral("ws"));
    return url.toString();
}

QString Connection::tlsHint(TlsFailure failure)
{
    switch (failure) {
    case TlsFailure::SelfSigned:
    case TlsFailure::UnknownCa:
        return QStringLiteral("trust its CA with --ca-file FILE, or look anyway with --insecure");
    case TlsFailure::IncompleteChain:
        return QStringLiteral("the server must send its intermediate certificates with its own (a full chain file); "
                              "meanwhile --ca-file can name the intermediate and its root, or --insecure connects anyway");
    case TlsFailure::Expired:
    case TlsFailure::NotYetValid:
        return QStringLiteral("check the server's certificate dates and this machine's clock; --insecure connects anyway");
    case TlsFailure::HostnameMismatch:
        return QStringLiteral("connect with a name the certificate lists, or use --insecure");
    case TlsFailure::WeakCrypto:
        return QStringLiteral("the server needs a certificate with a stronger key or signature; --insecure connects anyway");
    default:
        return QStringLiteral("`wsinspect-cli cert URL` shows the whole chain");
    }
}

} // namespace wsi::net
