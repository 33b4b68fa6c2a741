// SPDX-License-Identifier: MIT
#pragma once
// How the certificate panel words and colours a TLS report: the verdict line, each
// certificate's role in the chain, validity with days left, key and session lines. Free
// functions, so tests check the wording without a widget.
#include "net/tls/TlsReport.h"

#include <QByteArray>
#include <QColor>
#include <QDateTime>
#include <QString>

class QPalette;

namespace wsi::ui {

// Neutral: no judgement (the palette's text colour).
enum class Tone : quint8 { Neutral, Ok, Warning, Error };

enum class Validity : quint8 { Valid, ExpiresSoon, Expired, NotYetValid };

namespace CertificateFormatting {

// Days left below which a certificate's validity is shown as a warning.
constexpr qint64 WarnDaysLeft = 30;

QColor toneColor(Tone tone, const QPalette &palette);

// "Verified", "Not verified", "Connected with errors", "Verification failed", ...
QString verdictTitle(const net::TlsReport &report);
Tone verdictTone(const net::TlsReport &report);

// "leaf", "intermediate", "root"; "root, from the trusted CAs" when not sent by the peer.
QString roleText(const net::TlsReport &report, int index);
// What the chain tree shows: the common name, else the subject.
QString displayName(const net::CertificateInfo &info);

// Expired from the report's own count (daysLeft < 0, computed when the report was made);
// not yet valid when notBefore lies after `now`.
Validity validity(const net::CertificateInfo &info, const QDateTime &now = QDateTime::currentDateTimeUtc());
Tone validityTone(Validity validity);
// "287 days left", "expires today", "1 day left", "expired 3 days ago", "not valid until 2030-01-02".
QString daysLeftText(const net::CertificateInfo &info, const QDateTime &now = QDateTime::currentDateTimeUtc());
// "2024-05-01 12:00:00 UTC".
QString timeText(const QDateTime &time);

// "RSA, 2048 bits"; "EC (prime256v1), 256 bits".
QString publicKeyText(const net::CertificateInfo &info);
// "TLS_AES_256_GCM_SHA384 (256 bits)".
QString cipherText(const net::TlsReport &report);
// "localhost"; "(none: the host is an address)".
QString sniText(const net::TlsReport &report);
// Colon-separated hex ("AB:CD:...") broken into lines of at most `pairsPerLine` bytes, in
// halves of equal length when it needs two lines (SHA-1: 10 + 10, SHA-256: 16 + 16).
QString wrapHex(const QString &colonHex, int pairsPerLine = 16);
// A list field, one entry per line; "—" when empty.
QString listText(const QStringList &items);

// PEM of one certificate of the chain (index) or of the whole chain (index -1), leaf first.
QByteArray pem(const net::TlsReport &report, int index);
// "localhost.pem", "wsinspect-chain.pem": a file name for the export dialog.
QString suggestedFileName(const net::TlsReport &report, int index);

} // namespace CertificateFormatting
} // namespace wsi::ui
