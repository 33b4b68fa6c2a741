// SPDX-License-Identifier: MIT
#pragma once
// Turns TlsOptions into a QSslConfiguration: trusted CAs (a file, a directory, or the
// system's), the client certificate and key. Qt is asked to verify the peer so the handshake
// asks for its chain, but its errors are ignored: the Connection judges the chain itself
// (ChainVerifier) once the handshake is done, and decides whether that is fatal.
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

// The directory of the system's CAs by subject hash: SSL_CERT_DIR, or OpenSSL's default.
QString systemCaDirectory();

TlsSetup makeTlsSetup(const TlsOptions &options);

} // namespace wsi::net
