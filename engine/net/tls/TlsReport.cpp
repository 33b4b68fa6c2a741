// SPDX-License-Identifier: MIT
#include "net/tls/TlsReport.h"

#include <QSslCipher>
#include <QSslSocket>

#include <algorithm>

namespace wsi::net {

namespace {

// Trust problems first (they decide whether anything else matters), then dates, then the
// name: the order in which OpenSSL and kontena-websocket-client report them.
int priority(TlsFailure kind)
{
    switch (kind) {
    case TlsFailure::SelfSigned: return 0;
    case TlsFailure::UnknownCa: return 1;
    case TlsFailure::Expired: return 2;
    case TlsFailure::NotYetValid: return 3;
    case TlsFailure::HostnameMismatch: return 4;
    case TlsFailure::OtherVerification: return 5;
    case TlsFailure::Handshake: return 6;
    case TlsFailure::None: break;
    }
    return 7;
}

TlsFailure classify(QSslError::SslError code)
{
    switch (code) {
    case QSslError::SelfSignedCertificate:
        return TlsFailure::SelfSigned;
    case QSslError::SelfSignedCertificateInChain:
    case QSslError::UnableToGetIssuerCertificate:
    case QSslError::UnableToGetLocalIssuerCertificate:
    case QSslError::UnableToVerifyFirstCertificate:
    case QSslError::CertificateUntrusted:
        return TlsFailure::UnknownCa;
    case QSslError::CertificateExpired:
        return TlsFailure::Expired;
    case QSslError::CertificateNotYetValid:
        return TlsFailure::NotYetValid;
    case QSslError::HostNameMismatch:
        return TlsFailure::HostnameMismatch;
    default:
        return TlsFailure::OtherVerification;
    }
}

QString formatTime(const QDateTime &time)
{
    return time.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss 'UTC'"));
}

QString protocolName(QSsl::SslProtocol protocol)
{
    switch (protocol) {
    case QSsl::TlsV1_2: return QStringLiteral("TLS 1.2");
    case QSsl::TlsV1_3: return QStringLiteral("TLS 1.3");
    case QSsl::DtlsV1_2: return QStringLiteral("DTLS 1.2");
    default: return QStringLiteral("unknown");
    }
}

QString quoted(const QString &text)
{
    return QLatin1Char('"') + text + QLatin1Char('"');
}

} // namespace

const char *tlsFailureId(TlsFailure failure)
{
    switch (failure) {
    case TlsFailure::None: return "none";
    case TlsFailure::SelfSigned: return "self-signed";
    case TlsFailure::Expired: return "expired";
    case TlsFailure::NotYetValid: return "not-yet-valid";
    case TlsFailure::HostnameMismatch: return "hostname-mismatch";
    case TlsFailure::UnknownCa: return "unknown-ca";
    case TlsFailure::OtherVerification: return "verification-failed";
    case TlsFailure::Handshake: return "handshake-failed";
    }
    return "unknown";
}

void TlsReport::trustLeafByFingerprint()
{
    const QString overlooked = issues.isEmpty() ? QString() : QStringLiteral(" (despite: %1)").arg(issues.first().message);
    verdict = TlsVerdict::Verified;
    failure = TlsFailure::None;
    message = QStringLiteral("connected to %1: certificate %2 trusted for this tab by its SHA-256 fingerprint%3")
                  .arg(url, chain.isEmpty() ? QStringLiteral("(none)") : chain.first().subject, overlooked);
}

bool TlsReport::allowsConnection() const
{
    return verdict == TlsVerdict::Verified || verdict == TlsVerdict::NotVerified
           || verdict == TlsVerdict::ConnectedWithErrors;
}

void TlsReport::setChain(const QList<QSslCertificate> &sentChain, const QList<QSslCertificate> &trusted, const QDateTime &now)
{
    setChain(sentChain, [&](const QSslCertificate &certificate) {
        for (const QSslCertificate &candidate : trusted) {
            if (isIssuedBy(certificate, candidate))
                return candidate;
        }
        return QSslCertificate();
    }, now);
}

void TlsReport::setChain(const QList<QSslCertificate> &sentChain,
                         const std::function<QSslCertificate(const QSslCertificate &)> &findIssuer, const QDateTime &now)
{
    chain.clear();
    certificates = sentChain;
    for (const QSslCertificate &certificate : certificates)
        chain.append(CertificateInfo::describe(certificate, now));
    // Servers rarely send their root: complete the chain from the trusted CAs so the report
    // reaches it (and says where it came from).
    for (int depth = 0; depth < 10 && !certificates.isEmpty() && !chain.last().selfSigned; ++depth) {
        const QSslCertificate issuer = findIssuer(certificates.last());
        if (issuer.isNull() || certificates.contains(issuer))
            break;
        certificates.append(issuer);
        chain.append(CertificateInfo::describe(issuer, now));
        chain.last().fromTrustStore = true;
    }
}

void TlsReport::addErrors(const QList<QSslError> &errors)
{
    for (const QSslError &error : errors) {
        const int index = error.certificate().isNull() ? (chain.isEmpty() ? -1 : 0)
                                                       : int(certificates.indexOf(error.certificate()));
        const bool known = std::any_of(issues.cbegin(), issues.cend(), [&](const TlsIssue &issue) {
            return issue.code == error.error() && issue.certificateIndex == index;
        });
        if (known)
            continue;
        TlsIssue issue;
        issue.code = error.error();
        issue.kind = classify(error.error());
        issue.certificateIndex = index;
        issue.message = describeIssue(issue, error.errorString());
        issues.append(issue);
        if (index >= 0 && index < chain.size())
            chain[index].errors.append(issue.message);
    }
    // The most significant first, keeping the order of equals.
    std::stable_sort(issues.begin(), issues.end(),
                     [](const TlsIssue &a, const TlsIssue &b) { return priority(a.kind) < priority(b.kind); });
}

QString TlsReport::describeIssue(const TlsIssue &issue, const QString &fallback) const
{
    const CertificateInfo *certificate =
        issue.certificateIndex >= 0 && issue.certificateIndex < chain.size() ? &chain.at(issue.certificateIndex) : nullptr;
    switch (issue.code) {
    case QSslError::SelfSignedCertificate:
        return QStringLiteral("self-signed certificate");
    case QSslError::SelfSignedCertificateInChain:
        return QStringLiteral("unknown CA: self-signed certificate %1 in the chain is not trusted")
            .arg(quoted(certificate ? certificate->subject : QString()));
    case QSslError::UnableToGetIssuerCertificate:
    case QSslError::UnableToGetLocalIssuerCertificate:
    case QSslError::UnableToVerifyFirstCertificate:
        return QStringLiteral("unknown CA: issuer %1 is not trusted").arg(quoted(certificate ? certificate->issuer : QString()));
    case QSslError::CertificateExpired:
        return QStringLiteral("certificate has expired (not after %1)").arg(certificate ? formatTime(certificate->notAfter) : QString());
    case QSslError::CertificateNotYetValid:
        return QStringLiteral("certificate is not yet valid (not before %1)")
            .arg(certificate ? formatTime(certificate->notBefore) : QString());
    case QSslError::HostNameMismatch: {
        const QString names = certificate && !certificate->subjectAltNames.isEmpty()
                                  ? certificate->subjectAltNames.join(QStringLiteral(", "))
                                  : QStringLiteral("CN=") + (certificate ? certificate->commonName : QString());
        return QStringLiteral("hostname does not match: %1 is not among the certificate's names (%2)").arg(quoted(host), names);
    }
    default:
        return fallback;
    }
}

void TlsReport::setSession(const QSslSocket &socket)
{
    const QSslCipher session = socket.sessionCipher();
    protocol = protocolName(socket.sessionProtocol());
    if (!session.isNull()) {
        cipher = session.name();
        cipherBits = session.usedBits();
        keyExchange = session.keyExchangeMethod();
    }
}

QString TlsReport::failureReason() const
{
    if (!issues.isEmpty())
        return issues.first().message;
    return handshakeError;
}

void TlsReport::decide()
{
    const QString subject = chain.isEmpty() ? QStringLiteral("(no certificate)") : chain.first().subject;
    const QString issuer = chain.isEmpty() ? QStringLiteral("(no certificate)") : chain.first().issuer;
    // We never abort a handshake over verification (errors are judged after it), so an
    // unfinished handshake broke for another reason: that reason is the verdict.
    if (!handshakeCompleted) {
        verdict = TlsVerdict::Failed;
        failure = TlsFailure::Handshake;
        message = QStringLiteral("TLS handshake with %1:%2 failed: %3").arg(host).arg(port).arg(handshakeError);
        return;
    }
    if (issues.isEmpty()) {
        verdict = verifyEnabled ? TlsVerdict::Verified : TlsVerdict::NotVerified;
        failure = TlsFailure::None;
        message = QStringLiteral("connected to %1 %2: %3 (issuer %4)")
                      .arg(url, verifyEnabled ? QStringLiteral("with verify") : QStringLiteral("without verify"), subject, issuer);
        return;
    }
    failure = issues.first().kind;
    const QString details = QStringLiteral("%1 (subject %2, issuer %3)").arg(issues.first().message, subject, issuer);
    if (verifyEnabled) {
        verdict = TlsVerdict::Failed;
        message = QStringLiteral("certificate verify failed: ") + details;
    } else {
        verdict = TlsVerdict::ConnectedWithErrors;
        message = QStringLiteral("connected to %1 with errors: %2").arg(url, details);
    }
}

namespace {

void addField(QStringList &lines, const char *name, const QString &value)
{
    if (!value.isEmpty())
        lines << QStringLiteral("  %1 %2").arg(QString::fromLatin1(name).leftJustified(19), value);
}

QString validityText(const CertificateInfo &info)
{
    QString left;
    if (info.daysLeft < 0)
        left = QStringLiteral("expired %1 days ago").arg(-info.daysLeft);
    else
        left = QStringLiteral("%1 days left").arg(info.daysLeft);
    return QStringLiteral("%1 to %2 (%3)").arg(formatTime(info.notBefore), formatTime(info.notAfter), left);
}

QString certificateTitle(const TlsReport &report, int index)
{
    const CertificateInfo &info = report.chain.at(index);
    QString role = index == 0 ? QStringLiteral("leaf")
                   : info.selfSigned ? QStringLiteral("root")
                                     : QStringLiteral("intermediate");
    if (info.fromTrustStore)
        role += QStringLiteral(", from the trusted CAs");
    return QStringLiteral("Certificate %1 (%2)").arg(index).arg(role);
}

void describeCertificate(QStringList &lines, const TlsReport &report, int index)
{
    const CertificateInfo &info = report.chain.at(index);
    lines << QString() << certificateTitle(report, index);
    addField(lines, "subject:", info.subject);
    addField(lines, "issuer:", info.issuer);
    addField(lines, "serial:", info.serialNumber);
    addField(lines, "valid:", validityText(info));
    addField(lines, "names (SAN):", info.subjectAltNames.join(QStringLiteral(", ")));
    addField(lines, "public key:", QStringLiteral("%1, %2 bits").arg(info.publicKeyAlgorithm).arg(info.publicKeyBits));
    addField(lines, "signature:", info.signatureAlgorithm);
    addField(lines, "key usage:", info.keyUsage.join(QStringLiteral(", ")));
    addField(lines, "extended key usage:", info.extendedKeyUsage.join(QStringLiteral(", ")));
    addField(lines, "basic constraints:", info.basicConstraints);
    addField(lines, "SHA-256:", formatFingerprint(info.sha256));
    addField(lines, "SHA-1:", formatFingerprint(info.sha1));
    for (const QString &error : info.errors)
        addField(lines, "error:", error);
}

} // namespace

QString TlsReport::toText() const
{
    QStringList lines;
    lines << QStringLiteral("TLS report for %1").arg(url);
    addField(lines, "verdict:", message);
    addField(lines, "verification:", verifyEnabled ? QStringLiteral("on") : QStringLiteral("off (insecure)"));
    addField(lines, "SNI name sent:", sniName.isEmpty() ? QStringLiteral("(none: the host is an address)") : sniName);
    if (handshakeCompleted) {
        addField(lines, "protocol:", protocol);
        addField(lines, "cipher:", cipherBits ? QStringLiteral("%1 (%2 bits)").arg(cipher).arg(cipherBits) : cipher);
    } else {
        addField(lines, "handshake:", QStringLiteral("failed: ") + handshakeError);
    }
    for (const TlsIssue &issue : issues) {
        if (issue.certificateIndex < 0)
            addField(lines, "error:", issue.message);
    }
    for (int index = 0; index < chain.size(); ++index)
        describeCertificate(lines, *this, index);
    if (chain.isEmpty())
        lines << QString() << QStringLiteral("The server sent no certificate.");
    return lines.join(QLatin1Char('\n')) + QLatin1Char('\n');
}

} // namespace wsi::net
