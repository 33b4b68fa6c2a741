// SPDX-License-Identifier: MIT
#pragma once
// Certificates for TLS tests, made at test time with OpenSSL's API (no clock tricks: any
// validity window can be written): a root CA, an intermediate, and leaves that are valid,
// expired, not yet valid, for the wrong host, self-signed, or signed by an unknown CA; leaves
// whose common name is the host but whose SANs are not, with a wildcard, with a 1024-bit RSA
// key, or naming their issuer's URL (to be served without it); and a client certificate for
// mutual TLS. Everything is also written as PEM files (for the
// CLI's --ca-file, --cert and --key).
#include <QList>
#include <QSslCertificate>
#include <QSslKey>
#include <QString>
#include <QTemporaryDir>

namespace wsi::test {

struct TestIdentity {
    QSslCertificate certificate;
    QSslKey key;
    QList<QSslCertificate> chain; // certificate first, then its intermediates (no root)
    QString certificateFile;      // PEM: the chain
    QString keyFile;              // PEM: the private key
};

class TestCertificates
{
public:
    // Makes every certificate below; check isValid() (errorString() says what failed).
    TestCertificates();

    bool isValid() const { return m_error.isEmpty(); }
    const QString &errorString() const { return m_error; }
    QString directory() const { return m_dir.path(); }

    TestIdentity root;         // "wsinspect test root CA", self-signed, CA:TRUE
    TestIdentity intermediate; // signed by root, CA:TRUE, pathlen:0
    TestIdentity leaf;         // localhost, 127.0.0.1, ::1; signed by intermediate; RSA 2048
    TestIdentity expired;      // as leaf, valid from 30 days ago to 1 day ago
    TestIdentity notYetValid;  // as leaf, valid from 10 days ahead
    TestIdentity wrongHost;    // only for wrong.example
    TestIdentity selfSigned;   // localhost, 127.0.0.1, self-signed (not a CA)
    TestIdentity unknownCa;    // localhost, 127.0.0.1, signed by a root nobody trusts
    TestIdentity client;       // "wsinspect test client", clientAuth, signed by root
    TestIdentity commonNameOnly; // CN=localhost, SANs only wrong.example and *.other.test
    TestIdentity wildcard;     // *.other.test and 127.0.0.1; CN=wildcard test
    TestIdentity weakKey;      // as leaf, with a 1024-bit RSA key (below security level 2)
    TestIdentity withIssuerUrl;// as leaf, AIA caIssuers IssuerUrl; its files hold the leaf alone
    static constexpr const char *IssuerUrl = "http://ca.wsinspect.test/intermediate.der";
    QString rootFile;          // PEM of the root alone: the CA file to trust

private:
    QTemporaryDir m_dir;
    QString m_error;
};

} // namespace wsi::test
