// SPDX-License-Identifier: MIT
#include "net/tls/KeyMatch.h"

#include "net/tls/OpenSslPtr.h"

#include <openssl/err.h>
#include <openssl/pem.h>

namespace wsi::net {

bool keyMatchesCertificate(const QSslCertificate &certificate, const QByteArray &keyPem, const QByteArray &passphrase)
{
    const X509Ptr x509 = toX509(certificate);
    OpenSslPtr<BIO> bio(BIO_new_mem_buf(keyPem.constData(), int(keyPem.size())));
    if (!x509 || !bio)
        return false;
    // A null passphrase with no callback would make OpenSSL prompt on the terminal.
    QByteArray secret = passphrase;
    const OpenSslPtr<EVP_PKEY> key(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, secret.data()));
    const bool matches = key && X509_check_private_key(x509.get(), key.get()) == 1;
    ERR_clear_error(); // Qt reads this thread's error queue for its own messages
    return matches;
}

} // namespace wsi::net
