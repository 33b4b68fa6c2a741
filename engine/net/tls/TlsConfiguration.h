// SPDX-License-Identifier: MIT
#pragma once
// Turns TlsOptions into a QSslConfiguration: trusted CAs (a file, a directory, or the
// system's), the client certificate and key. Verification is always requested from Qt so
// every error is seen; the Connection decides afterwards whether they are fatal.
#include "net/ConnectionOptions.h"

#include <QList>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QString>

namespace wsi::net {

struct TlsSetup {
    QSslConfiguration configuration;
    QList<QSslCertificate> trusted; // CAs loaded from the given file/directory
    // The system store, used through Qt's on-demand loading (loading it whole costs half a
    // second); issuers are looked up in its hashed directory by subject hash instead.
    bool systemStore = false;
    QString error;                  // why the options cannot be used; empty when fine

    // The trusted certificate that issued `certificate`, or a null one: how the TLS report
    // completes a chain the server sent without its root.
    QSslCertificate findIssuer(const QSslCertificate &certificate) const;
};

// A CA file or directory that is OpenSSL's default location (as Debian's SSL_CERT_FILE and
// SSL_CERT_DIR usually are) means the system store.
bool isSystemCaLocation(const QString &path, bool directory);

TlsSetup makeTlsSetup(const TlsOptions &options);

} // namespace wsi::net
