// SPDX-License-Identifier: MIT
#include "net/tls/TlsReport.h"

#include "net/tls/VerifyErrorText.h"

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
    case TlsFailure::IncompleteChain: return 1;
    case TlsFailure::Expired: return 2;
    case TlsFailure::NotYetValid: return 3;
    case TlsFailure::HostnameMismatch: return 4;
    case TlsFailure::WeakCrypto: return 5;
    case TlsFailure::OtherVerification: return 6;
    case TlsFailure::Handshake: return 7;
    case TlsFailure::None: break;
    }
    return 8;
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
    case TlsFailure::IncompleteChain: return "incomplete-chain";
    case TlsFailure::WeakCrypto: return "weak-crypto";
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

void TlsReport::addFindings(const QVector<VerifyFinding> &findings)
{
    for (const VerifyFinding &finding : findings) {
        int index = finding.certificate.isNull() ? -1 : int(certificates.indexOf(finding.certificate));
        if (index < 0 && !finding.certificate.isNull()) {
            // OpenSSL built its path through a trusted certificate the report did not reach.
            certificates.append(finding.certificate);
            chain.append(CertificateInfo::describe(finding.certificate));
            chain.last().fromTrustStore = true;
            index = int(chain.size()) - 1;
        }
        VerifyErrorContext context;
        context.certificate = index >= 0 ? &chain.at(index) : nullptr;
        context.isLeaf = finding.isLeaf;
        context.host = host;
        context.securityLevel = securityLevel;
        const VerifyErrorText text = describeVerifyError(finding.code, context);
        const bool known = std::any_of(issues.cbegin(), issues.cend(), [&](const TlsIssue &issue) {
            return issue.certificateIndex == index && (issue.verifyCode == finding.code || issue.message == text.message);
        });
        if (known)
            continue;
        TlsIssue issue;
        issue.verifyCode = finding.code;
        issue.kind = text.kind;
        issue.certificateIndex = index;
        issue.message = text.message;
        issues.append(issue);
        if (index >= 0)
            chain[index].errors.append(issue.message);
    }
    // The most significant first, keeping the order of equals.
    std::stable_sort(issues.begin(), issues.end(),
                     [](const TlsIssue &a, const TlsIssue &b) { return priority(a.kind) < priority(b.kind); });
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
    if (chain.isEmpty() && issues.isEmpty()) {
        verdict = verifyEnabled ? TlsVerdict::Failed : TlsVerdict::ConnectedWithErrors;
        failure = TlsFailure::OtherVerification;
        message = verifyEnabled ? QStringLiteral("certificate verify failed: the server sent no certificate")
                                : QStringLiteral("connected to %1 with errors: the server sent no certificate").arg(url);
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
    return QStringLiteral("%1 to %2 (%3)").arg(formatUtcTime(info.notBefore), formatUtcTime(info.notAfter), left);
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
    addField(lines, "issuer's URL (AIA):", info.issuerUrls.join(QStringLiteral(", ")));
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
    if (securityLevel > 0)
        addField(lines, "security level:", QStringLiteral("%1 (OpenSSL's)").arg(securityLevel));
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
