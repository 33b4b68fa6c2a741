// SPDX-License-Identifier: MIT
// The Connection's TLS: the report's facts before the handshake, collecting the
// verification errors, the verdict once the whole chain is known (before a byte of ours is
// sent), fatal alerts, and the hint that says what the user can do. The TLS configuration
// itself (CA file, client certificate, versions) is made by tls/TlsConfiguration.
#include "net/Connection.h"

#include <QSslSocket>

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

void Connection::onSslErrors(const QList<QSslError> &errors)
{
    // Judged after the handshake (onEncrypted), before a single byte of ours is sent, so
    // the report can show the whole chain even when it is not trusted.
    m_sslErrors += errors;
    m_sslSocket->ignoreSslErrors();
}

void Connection::onEncrypted()
{
    m_tlsReport.handshakeCompleted = true;
    m_tlsReport.setChain(m_sslSocket->peerCertificateChain(),
                             [this](const QSslCertificate &certificate) { return m_tlsSetup.findIssuer(certificate); });
    m_tlsReport.addErrors(m_sslErrors);
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
// TLS 1.3 a refused client certificate arrives this way, after our handshake finished.
void Connection::onSslAlert(QSsl::AlertLevel level, QSsl::AlertType type, const QString &description)
{
    if (level != QSsl::AlertLevel::Fatal || m_transportFinished)
        return;
    QString hint;
    switch (type) {
    case QSsl::AlertType::CertificateRequired:
    case QSsl::AlertType::BadCertificate:
    case QSsl::AlertType::UnknownCa:
    case QSsl::AlertType::CertificateUnknown:
    case QSsl::AlertType::CertificateExpired:
    case QSsl::AlertType::CertificateRevoked:
    case QSsl::AlertType::UnsupportedCertificate:
        hint = m_options.tls.clientCertificate.isEmpty()
                   ? QStringLiteral("the server wants a client certificate: give --cert FILE --key FILE")
                   : QStringLiteral("the server does not accept this client certificate");
        break;
    case QSsl::AlertType::ProtocolVersion:
    case QSsl::AlertType::HandshakeFailure:
    case QSsl::AlertType::InsufficientSecurity:
        hint = QStringLiteral("no TLS version or cipher suite in common with the server");
        break;
    default:
        break;
    }
    fail(ErrorPhase::Tls, QStringLiteral("tls-alert"),
         QStringLiteral("the server sent the fatal TLS alert \"%1\"").arg(description), hint);
}

QString Connection::tlsHint(TlsFailure failure)
{
    switch (failure) {
    case TlsFailure::SelfSigned:
    case TlsFailure::UnknownCa:
        return QStringLiteral("trust its CA with --ca-file FILE, or look anyway with --insecure");
    case TlsFailure::Expired:
    case TlsFailure::NotYetValid:
        return QStringLiteral("check the server's certificate dates and this machine's clock; --insecure connects anyway");
    case TlsFailure::HostnameMismatch:
        return QStringLiteral("connect with a name the certificate lists, or use --insecure");
    default:
        return QStringLiteral("`wsinspect-cli cert URL` shows the whole chain");
    }
}

} // namespace wsi::net
