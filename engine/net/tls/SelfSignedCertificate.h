// SPDX-License-Identifier: MIT
#pragma once
// A throwaway server certificate for the echo server's wss:// mode, made with OpenSSL's C
// API: X.509 v3, one year, SANs for localhost, 127.0.0.1 and ::1, CA:FALSE, serverAuth.
// Its SHA-256 fingerprint is shown so a user can decide to trust it.
#include <QSslCertificate>
#include <QSslKey>
#include <QString>

namespace wsi::net {

class SelfSignedCertificate
{
public:
    enum class KeyType : quint8 { EcP256, Rsa2048 };

    // Makes a fresh key pair and certificate. On failure the result is null and
    // errorString() says which OpenSSL step failed.
    static SelfSignedCertificate generate(KeyType keyType = KeyType::EcP256,
                                          const QString &commonName = QStringLiteral("localhost"),
                                          int validityDays = 365);

    // "AB:CD:..." (upper-case hex pairs), as browsers and `openssl x509 -fingerprint` show it.
    static QString sha256Fingerprint(const QSslCertificate &certificate);

    bool isNull() const { return m_certificate.isNull() || m_key.isNull(); }
    const QSslCertificate &certificate() const { return m_certificate; }
    const QSslKey &privateKey() const { return m_key; }
    QString fingerprint() const { return sha256Fingerprint(m_certificate); }
    const QString &errorString() const { return m_error; }
    QByteArray certificatePem() const { return m_certificate.toPem(); }
    QByteArray privateKeyPem() const { return m_key.toPem(); }

private:
    QSslCertificate m_certificate;
    QSslKey m_key;
    QString m_error;
};

} // namespace wsi::net
