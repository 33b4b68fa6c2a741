// SPDX-License-Identifier: MIT
#pragma once
// Whether a private key belongs to a certificate, asked of OpenSSL (X509_check_private_key)
// when the files are read: Qt checks it only when a handshake starts, so a server given
// mismatched files would listen and leave every client hanging.
#include <QByteArray>
#include <QSslCertificate>

namespace wsi::net {

// `keyPem` is an unencrypted PEM private key (or one `passphrase` opens); false when it does
// not parse or is not the key of `certificate`.
bool keyMatchesCertificate(const QSslCertificate &certificate, const QByteArray &keyPem,
                           const QByteArray &passphrase = QByteArray());

} // namespace wsi::net
