// SPDX-License-Identifier: MIT
#pragma once
// The wss:// echo server's certificate, chain and key: read from the user's PEM files, or a
// self-signed pair made on the fly when none are given. Loaded at start, on the server's
// thread, so a bad file is refused before anything listens.
#include "net/echo/EchoServerOptions.h"

#include <QList>
#include <QSslCertificate>
#include <QSslKey>
#include <QString>

namespace wsi::net {

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
