// SPDX-License-Identifier: MIT
#pragma once
// Verifies a server's chain ourselves, after the handshake and before a byte of ours is sent:
// OpenSSL's X509_verify_cert over the certificates the server sent, with the CAs the user
// trusts, for a TLS server, at the connection's security level, recording every result
// (X509_V_ERR_*) and the certificate it is about; then the host name, by RFC 6125
// (HostnameCheck). Qt reports the same checks as QSslErrors, but folds the results it does
// not know into "Unknown error" and matches names by their common name too.
#include "net/tls/TlsConfiguration.h"
#include "net/tls/VerifyFinding.h"

#include <QList>
#include <QSslCertificate>
#include <QString>
#include <QVector>

namespace wsi::net {

// Every verification failure of `sentChain` (leaf first, as the server sent it) for `host`;
// empty when the chain is trusted and for `host`.
QVector<VerifyFinding> verifyServerChain(const QList<QSslCertificate> &sentChain, const TlsSetup &trust,
                                         const QString &host, int securityLevel);

// OpenSSL's security level for a new client context, from the system's openssl.cnf (Debian
// sets 2): the level Qt's own contexts get, since Qt does not change it and does not expose
// its SSL handle.
int defaultSecurityLevel();

} // namespace wsi::net
