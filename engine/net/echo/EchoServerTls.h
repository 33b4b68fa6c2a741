// SPDX-License-Identifier: MIT
#pragma once
// Small pieces the echo server needs at start: the open-file limit, the page a plain HTTP
// GET gets, and the TLS material (user files or a self-signed certificate).
#include "net/echo/EchoServerOptions.h"

#include <QByteArray>
#include <QList>
#include <QSslCertificate>
#include <QSslKey>
#include <QString>
#include <QUrl>

namespace wsi::net {

struct OpenFileLimit {
    quint64 before = 0;
    quint64 after = 0;
    bool raised = false;
    QString error; // set when raising was needed but failed
};
// Raises RLIMIT_NOFILE's soft limit towards `wanted` (capped by the hard limit) when it is
// lower: each client costs one descriptor, and 1,024 is a common default.
OpenFileLimit raiseOpenFileLimit(quint64 wanted);

// The whole HTTP/1.1 200 answer (text/html, Connection: close) to a GET without upgrade.
QByteArray buildEchoServerPage(const QUrl &url, const EchoServerOptions &options);

struct EchoServerTlsMaterial {
    QSslCertificate certificate;      // the leaf
    QList<QSslCertificate> chain;     // leaf first, then any intermediates from the file
    QSslKey key;
    bool selfSigned = false;
    QString error; // empty on success
};
// Loads the user's PEM certificate and key, or makes a self-signed pair when both are
// empty.
EchoServerTlsMaterial loadEchoServerTls(const EchoServerOptions &options);

} // namespace wsi::net
