// SPDX-License-Identifier: MIT
#pragma once
// What a TLS handshake showed: the peer's chain leaf to root with each certificate's fields,
// the protocol, cipher and SNI name, every verification error, and a verdict phrased as
// kontena-websocket-client phrases it. Captured always, also when verification fails or is
// off, so a user can see why a server is not trusted.
#include "net/tls/CertificateInfo.h"
#include "net/tls/TlsFailure.h"
#include "net/tls/VerifyFinding.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QMetaType>
#include <QSslCertificate>
#include <QString>
#include <QStringList>
#include <QVector>

#include <functional>

class QSslSocket;

namespace wsi::net {

enum class TlsVerdict : quint8 {
    NotTls,
    Verified,            // connected with verify
    NotVerified,         // connected without verify (insecure mode, no error found)
    ConnectedWithErrors, // connected without verify, and verification would have failed
    Failed,              // verification on and failed, or the handshake itself failed
};


struct TlsIssue {
    int verifyCode = 0;       // OpenSSL's X509_V_ERR_* (ChainVerifier)
    TlsFailure kind = TlsFailure::OtherVerification;
    QString message;          // specific: "certificate has expired (not after ...)"
    int certificateIndex = -1;// in TlsReport::chain; -1: not about one certificate
};

struct TlsReport {
    QString url;
    QString host;
    quint16 port = 0;
    QString sniName;          // empty: no SNI sent (an address literal)
    bool verifyEnabled = true;
    int securityLevel = 0;    // OpenSSL's, which the chain was verified at
    bool handshakeCompleted = false;
    QString protocol;         // "TLS 1.3"
    QString cipher;           // "TLS_AES_256_GCM_SHA384"
    int cipherBits = 0;
    QString keyExchange;
    QVector<CertificateInfo> chain; // leaf first
    QList<QSslCertificate> certificates; // the same chain, for PEM export
    QVector<TlsIssue> issues;
    QString handshakeError;   // when the handshake did not complete
    TlsVerdict verdict = TlsVerdict::NotTls;
    TlsFailure failure = TlsFailure::None;
    QString message;          // the verdict in one sentence

    bool isTrusted() const { return verdict == TlsVerdict::Verified; }
    // The connection may go on: verified, or verification off.
    bool allowsConnection() const;
    // The specific reason of the first (most significant) issue; empty when none.
    QString failureReason() const;

    // Fills chain, issues and the verdict. `sentChain` is what the peer sent (leaf first);
    // `trusted` completes it to a root when the root was not sent.
    void setChain(const QList<QSslCertificate> &sentChain, const QList<QSslCertificate> &trusted,
                  const QDateTime &now = QDateTime::currentDateTimeUtc());
    // The same, with a lookup that returns the trusted issuer of a certificate (or null).
    void setChain(const QList<QSslCertificate> &sentChain,
                  const std::function<QSslCertificate(const QSslCertificate &)> &findIssuer,
                  const QDateTime &now = QDateTime::currentDateTimeUtc());
    // Adds what verifying the chain found (ChainVerifier), each in its own words; one
    // sentence per certificate (OpenSSL reports a lone leaf's unknown issuer twice).
    void addFindings(const QVector<VerifyFinding> &findings);
    void setSession(const QSslSocket &socket);
    // Computes verdict, failure and message from the rest. Call last.
    void decide();
    // The user trusts this exact leaf (by fingerprint) for this connection: verified,
    // saying so and what was overlooked.
    void trustLeafByFingerprint();

    // The report as a person reads it (the `cert` command, the certificate panel's copy).
    QString toText() const;
};

} // namespace wsi::net
