// SPDX-License-Identifier: MIT
#include "ui/panels/certificate/CertificateFormatting.h"

#include "ui/window/Theme.h"

#include <QPalette>

namespace wsi::ui::CertificateFormatting {

using net::CertificateInfo;
using net::TlsReport;
using net::TlsVerdict;

QColor toneColor(Tone tone, const QPalette &palette)
{
    switch (tone) {
    case Tone::Ok: return Theme::okColor(palette);
    case Tone::Warning: return Theme::warningColor(palette);
    case Tone::Error: return Theme::errorColor(palette);
    case Tone::Neutral: break;
    }
    return palette.color(QPalette::WindowText);
}

QString verdictTitle(const TlsReport &report)
{
    switch (report.verdict) {
    case TlsVerdict::NotTls: return QStringLiteral("Not a TLS connection");
    case TlsVerdict::Verified: return QStringLiteral("✔ Verified");
    case TlsVerdict::NotVerified: return QStringLiteral("⚠ Not verified (verification off)");
    case TlsVerdict::ConnectedWithErrors: return QStringLiteral("✖ Connected with errors (verification off)");
    case TlsVerdict::Failed:
        return report.failure == net::TlsFailure::Handshake ? QStringLiteral("✖ TLS handshake failed")
                                                             : QStringLiteral("✖ Verification failed");
    }
    return {};
}

Tone verdictTone(const TlsReport &report)
{
    switch (report.verdict) {
    case TlsVerdict::Verified: return Tone::Ok;
    case TlsVerdict::NotVerified: return Tone::Warning;
    case TlsVerdict::ConnectedWithErrors:
    case TlsVerdict::Failed: return Tone::Error;
    case TlsVerdict::NotTls: break;
    }
    return Tone::Neutral;
}

QString roleText(const TlsReport &report, int index)
{
    const CertificateInfo &info = report.chain.at(index);
    // A lone self-signed certificate is both leaf and root; what matters to the user is
    // that it is the server's own.
    QString role = index == 0 ? (info.selfSigned ? QStringLiteral("leaf, self-signed") : QStringLiteral("leaf"))
                   : info.selfSigned ? QStringLiteral("root")
                                     : QStringLiteral("intermediate");
    if (info.fromTrustStore)
        role += QStringLiteral(", from the trusted CAs");
    return role;
}

QString displayName(const CertificateInfo &info)
{
    if (!info.commonName.isEmpty())
        return info.commonName;
    return info.subject.isEmpty() ? QStringLiteral("(no subject)") : info.subject;
}

Validity validity(const CertificateInfo &info, const QDateTime &now)
{
    if (info.notBefore.isValid() && info.notBefore > now)
        return Validity::NotYetValid;
    if (info.daysLeft < 0)
        return Validity::Expired;
    if (info.daysLeft < WarnDaysLeft)
        return Validity::ExpiresSoon;
    return Validity::Valid;
}

Tone validityTone(Validity state)
{
    switch (state) {
    case Validity::Valid: return Tone::Neutral;
    case Validity::ExpiresSoon: return Tone::Warning;
    case Validity::Expired:
    case Validity::NotYetValid: return Tone::Error;
    }
    return Tone::Neutral;
}

QString timeText(const QDateTime &time)
{
    if (!time.isValid())
        return QStringLiteral("—");
    return time.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss 'UTC'"));
}

QString daysLeftText(const CertificateInfo &info, const QDateTime &now)
{
    switch (validity(info, now)) {
    case Validity::NotYetValid:
        return QStringLiteral("not valid until %1").arg(info.notBefore.toUTC().toString(QStringLiteral("yyyy-MM-dd")));
    case Validity::Expired:
        return info.daysLeft == -1 ? QStringLiteral("expired 1 day ago")
                                   : QStringLiteral("expired %1 days ago").arg(-info.daysLeft);
    case Validity::ExpiresSoon:
    case Validity::Valid:
        break;
    }
    if (info.daysLeft == 0)
        return QStringLiteral("expires today");
    return info.daysLeft == 1 ? QStringLiteral("1 day left") : QStringLiteral("%1 days left").arg(info.daysLeft);
}

QString publicKeyText(const CertificateInfo &info)
{
    if (info.publicKeyBits <= 0)
        return info.publicKeyAlgorithm;
    return QStringLiteral("%1, %2 bits").arg(info.publicKeyAlgorithm).arg(info.publicKeyBits);
}

QString cipherText(const TlsReport &report)
{
    if (report.cipher.isEmpty())
        return QStringLiteral("—");
    return report.cipherBits ? QStringLiteral("%1 (%2 bits)").arg(report.cipher).arg(report.cipherBits) : report.cipher;
}

QString sniText(const TlsReport &report)
{
    return report.sniName.isEmpty() ? QStringLiteral("(none: the host is an address)") : report.sniName;
}

QString wrapHex(const QString &colonHex, int pairsPerLine)
{
    const QStringList pairs = colonHex.split(QLatin1Char(':'));
    if (pairs.size() <= pairsPerLine || pairsPerLine <= 0)
        return colonHex;
    const int lines = int((pairs.size() + pairsPerLine - 1) / pairsPerLine);
    const int perLine = int((pairs.size() + lines - 1) / lines);
    QStringList out;
    for (int start = 0; start < pairs.size(); start += perLine)
        out << pairs.mid(start, perLine).join(QLatin1Char(':'));
    return out.join(QStringLiteral(":\n"));
}

QString listText(const QStringList &items)
{
    return items.isEmpty() ? QStringLiteral("—") : items.join(QLatin1Char('\n'));
}

QByteArray pem(const TlsReport &report, int index)
{
    if (index >= 0)
        return index < report.chain.size() ? report.chain.at(index).pem : QByteArray();
    QByteArray all;
    for (const CertificateInfo &info : report.chain)
        all += info.pem;
    return all;
}

QString suggestedFileName(const TlsReport &report, int index)
{
    QString base = index >= 0 && index < report.chain.size() ? displayName(report.chain.at(index))
                                                              : report.host + QStringLiteral("-chain");
    // Keep the name a plain file name whatever the certificate says.
    for (QChar &c : base) {
        if (!c.isLetterOrNumber() && c != QLatin1Char('.') && c != QLatin1Char('-') && c != QLatin1Char('_'))
            c = QLatin1Char('_');
    }
    if (base.isEmpty() || base == QStringLiteral("-chain"))
        base = QStringLiteral("certificate-chain");
    return base + QStringLiteral(".pem");
}

} // namespace wsi::ui::CertificateFormatting
