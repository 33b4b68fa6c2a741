// SPDX-License-Identifier: MIT
#pragma once
// OpenSSL's certificate verification results (X509_V_ERR_*, from X509_verify_cert) one by
// one in words a person can act on, each with the kind of failure it is. Qt folds many of
// them into "Unknown error"; a 1024-bit key, a missing intermediate or a name that only the
// common name matches each deserve their own sentence.
#include "net/tls/CertificateInfo.h"
#include "net/tls/TlsFailure.h"

#include <QString>

namespace wsi::net {

struct VerifyErrorContext {
    const CertificateInfo *certificate = nullptr; // the certificate it is about; null: none
    bool isLeaf = true;      // the server's own certificate (depth 0)
    QString host;            // the host the user asked for
    int securityLevel = 2;   // OpenSSL's security level the chain was checked at
};

struct VerifyErrorText {
    TlsFailure kind;
    QString message; // "certificate has expired (not after 2024-01-01 00:00:00 UTC)"
};

VerifyErrorText describeVerifyError(int code, const VerifyErrorContext &context);

// The smallest key OpenSSL's security level accepts: RSA, DSA and DH keys, or elliptic curve keys.
int minimumKeyBits(int securityLevel, bool ellipticCurve);

} // namespace wsi::net
