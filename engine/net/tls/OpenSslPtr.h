// SPDX-License-Identifier: MIT
#pragma once
// OpenSSL objects owned by std::unique_ptr, and the way from Qt's certificates to OpenSSL's:
// through their DER form, which works whatever TLS backend Qt was built with.
#include <QByteArray>
#include <QSslCertificate>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/evp.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>

#include <memory>

namespace wsi::net {

struct OpenSslFree {
    void operator()(EVP_PKEY *p) const { EVP_PKEY_free(p); }
    void operator()(X509 *p) const { X509_free(p); }
    void operator()(X509_EXTENSION *p) const { X509_EXTENSION_free(p); }
    void operator()(X509_STORE *p) const { X509_STORE_free(p); }
    void operator()(X509_STORE_CTX *p) const { X509_STORE_CTX_free(p); }
    void operator()(STACK_OF(X509) *p) const { sk_X509_pop_free(p, X509_free); }
    void operator()(BIO *p) const { BIO_free(p); }
    void operator()(BIGNUM *p) const { BN_free(p); }
    void operator()(SSL_CTX *p) const { SSL_CTX_free(p); }
};
template<typename T>
using OpenSslPtr = std::unique_ptr<T, OpenSslFree>;
using X509Ptr = OpenSslPtr<X509>;

// The certificate as OpenSSL's X509; null when it does not parse.
inline X509Ptr toX509(const QSslCertificate &certificate)
{
    const QByteArray der = certificate.toDer();
    const auto *data = reinterpret_cast<const unsigned char *>(der.constData());
    return X509Ptr(d2i_X509(nullptr, &data, der.size()));
}

// OpenSSL's X509 as Qt's certificate.
inline QSslCertificate toQSslCertificate(X509 *x509)
{
    const int size = i2d_X509(x509, nullptr);
    if (size <= 0)
        return QSslCertificate();
    QByteArray der(size, Qt::Uninitialized);
    auto *out = reinterpret_cast<unsigned char *>(der.data());
    i2d_X509(x509, &out);
    return QSslCertificate(der, QSsl::Der);
}

} // namespace wsi::net
