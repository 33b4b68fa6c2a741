// SPDX-License-Identifier: MIT
#pragma once
// One failed check of a server's chain, as ChainVerifier found it and TlsReport words it.
#include <QSslCertificate>

namespace wsi::net {

struct VerifyFinding {
    int code = 0;                // OpenSSL's X509_V_ERR_*
    QSslCertificate certificate; // the certificate it is about; null when none
    bool isLeaf = true;          // about the server's own certificate (depth 0)
};

} // namespace wsi::net
