#pragma once
// Turns TlsOptions into a QSslConfiguration: trusted CAs (a file, a directory, or the
// system's), the client certificate and key. Verification is always requested from Qt so
// every error is seen; the Connection decides afterwards whether they are fatal.
#include "ConnectionOptions.h"

#include <QList>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QString>

namespace wsi::net {

struct TlsSetup {
    QSslConfiguration configuration;
    QList<QSslCertificate> trusted; // the CAs verification uses
    QString error;                  // why the options cannot be used; empty when fine
};

TlsSetup makeTlsSetup(const TlsOptions &options);

} // namespace wsi::net
