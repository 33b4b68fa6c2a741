// SPDX-License-Identifier: MIT
#pragma once
// The fields of one X.509 certificate that a person checks, read with OpenSSL from the
// certificate's DER form (Qt does not expose the signature algorithm, key usage or basic
// constraints).
#include <QByteArray>
#include <QDateTime>
#include <QSslCertificate>
#include <QString>
#include <QStringList>

namespace wsi::net {

struct CertificateInfo {
    QString subject;            // "CN=localhost, O=wsinspect"
    QString issuer;
    QString commonName;
    QString serialNumber;       // hex bytes, colon-separated
    QDateTime notBefore;        // UTC
    QDateTime notAfter;
    qint64 daysLeft = 0;        // negative once expired
    QStringList subjectAltNames;// "DNS:localhost", "IP Address:127.0.0.1"
    QString publicKeyAlgorithm; // "RSA", "EC (prime256v1)", "ED25519"
    int publicKeyBits = 0;
    QString signatureAlgorithm; // "sha256WithRSAEncryption"
    QByteArray sha256;          // raw digests of the DER form
    QByteArray sha1;
    QStringList keyUsage;       // "Digital Signature", "Certificate Sign", ...
    QStringList extendedKeyUsage; // "TLS Web Server Authentication", ...
    QString basicConstraints;   // "CA:TRUE, pathlen:0", "CA:FALSE"; empty when absent
    QStringList issuerUrls;     // where its issuer's certificate is published (AIA caIssuers)
    bool isCa = false;
    bool selfSigned = false;    // subject == issuer and its own key verifies it
    bool fromTrustStore = false;// not sent by the peer: completed from the trusted CAs
    QStringList errors;         // the verification errors about this certificate
    QByteArray pem;

    static CertificateInfo describe(const QSslCertificate &certificate,
                                    const QDateTime &now = QDateTime::currentDateTimeUtc());
};

// Whether `issuer`'s subject and key issued `subject` (OpenSSL's X509_check_issued).
bool isIssuedBy(const QSslCertificate &subject, const QSslCertificate &issuer);

// "2024-01-31 12:00:00 UTC", as reports show certificate dates.
QString formatUtcTime(const QDateTime &time);

// "AB:CD:EF:..." for a digest.
QString formatFingerprint(const QByteArray &digest);

} // namespace wsi::net
