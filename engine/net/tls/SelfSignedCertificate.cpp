// SPDX-License-Identifier: MIT
#include "net/tls/SelfSignedCertificate.h"

#include "net/tls/OpenSslPtr.h"

#include <QCryptographicHash>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <memory>

namespace wsi::net {

namespace {

// The step that failed and OpenSSL's own reason, for the user.
QString openSslError(const char *step)
{
    QString message = QLatin1String(step);
    const unsigned long code = ERR_get_error();
    if (code != 0) {
        char buffer[256];
        ERR_error_string_n(code, buffer, sizeof buffer);
        message += QLatin1String(": ") + QLatin1String(buffer);
    }
    ERR_clear_error();
    return message;
}

OpenSslPtr<EVP_PKEY> makeKey(SelfSignedCertificate::KeyType type)
{
    if (type == SelfSignedCertificate::KeyType::Rsa2048)
        return OpenSslPtr<EVP_PKEY>(EVP_RSA_gen(2048));
    return OpenSslPtr<EVP_PKEY>(EVP_EC_gen("P-256"));
}

// A positive random 127-bit serial (RFC 5280 section 4.1.2.2: at most 20 octets, positive).
bool setRandomSerial(X509 *certificate)
{
    OpenSslPtr<BIGNUM> serial(BN_new());
    if (!serial || !BN_rand(serial.get(), 127, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY))
        return false;
    return BN_to_ASN1_INTEGER(serial.get(), X509_get_serialNumber(certificate)) != nullptr;
}

bool setName(X509 *certificate, const QString &commonName)
{
    X509_NAME *name = X509_get_subject_name(certificate);
    const QByteArray cn = commonName.toUtf8();
    const auto add = [name](const char *field, const QByteArray &value) {
        return X509_NAME_add_entry_by_txt(name, field, MBSTRING_UTF8,
                                          reinterpret_cast<const unsigned char *>(value.constData()),
                                          int(value.size()), -1, 0) == 1;
    };
    if (!add("O", QByteArrayLiteral("wsinspect echo server")) || !add("CN", cn))
        return false;
    return X509_set_issuer_name(certificate, name) == 1; // self-signed: issuer = subject
}

bool addExtension(X509 *certificate, int nid, const char *value)
{
    X509V3_CTX context;
    X509V3_set_ctx_nodb(&context);
    X509V3_set_ctx(&context, certificate, certificate, nullptr, nullptr, 0);
    OpenSslPtr<X509_EXTENSION> extension(X509V3_EXT_conf_nid(nullptr, &context, nid, value));
    return extension && X509_add_ext(certificate, extension.get(), -1) == 1;
}

// RFC 5280 extensions of a TLS server leaf that may be trusted as is.
bool addExtensions(X509 *certificate, SelfSignedCertificate::KeyType type)
{
    const char *keyUsage = type == SelfSignedCertificate::KeyType::Rsa2048
        ? "critical,digitalSignature,keyEncipherment"
        : "critical,digitalSignature";
    return addExtension(certificate, NID_subject_alt_name, "DNS:localhost,IP:127.0.0.1,IP:::1")
        && addExtension(certificate, NID_basic_constraints, "critical,CA:FALSE")
        && addExtension(certificate, NID_key_usage, keyUsage)
        && addExtension(certificate, NID_ext_key_usage, "serverAuth")
        && addExtension(certificate, NID_subject_key_identifier, "hash");
}

QByteArray toPem(X509 *certificate)
{
    OpenSslPtr<BIO> bio(BIO_new(BIO_s_mem()));
    if (!bio || PEM_write_bio_X509(bio.get(), certificate) != 1)
        return {};
    char *data = nullptr;
    const long size = BIO_get_mem_data(bio.get(), &data);
    return QByteArray(data, int(size));
}

QByteArray toPem(EVP_PKEY *key)
{
    OpenSslPtr<BIO> bio(BIO_new(BIO_s_mem()));
    if (!bio || PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr) != 1)
        return {};
    char *data = nullptr;
    const long size = BIO_get_mem_data(bio.get(), &data);
    return QByteArray(data, int(size));
}

} // namespace

SelfSignedCertificate SelfSignedCertificate::generate(KeyType keyType, const QString &commonName,
                                                      int validityDays)
{
    SelfSignedCertificate result;
    ERR_clear_error();
    OpenSslPtr<EVP_PKEY> key = makeKey(keyType);
    if (!key) {
        result.m_error = openSslError("key generation failed");
        return result;
    }
    OpenSslPtr<X509> certificate(X509_new());
    if (!certificate || X509_set_version(certificate.get(), 2) != 1 // 2 means v3
        || !setRandomSerial(certificate.get())) {
        result.m_error = openSslError("certificate set-up failed");
        return result;
    }
    // Valid from a minute ago, so a client whose clock is slightly behind still accepts it.
    X509_gmtime_adj(X509_getm_notBefore(certificate.get()), -60);
    X509_gmtime_adj(X509_getm_notAfter(certificate.get()), long(validityDays) * 24 * 3600);
    if (X509_set_pubkey(certificate.get(), key.get()) != 1 || !setName(certificate.get(), commonName)
        || !addExtensions(certificate.get(), keyType)) {
        result.m_error = openSslError("certificate fields failed");
        return result;
    }
    if (X509_sign(certificate.get(), key.get(), EVP_sha256()) <= 0) {
        result.m_error = openSslError("certificate signature failed");
        return result;
    }
    const QSsl::KeyAlgorithm algorithm = keyType == KeyType::Rsa2048 ? QSsl::Rsa : QSsl::Ec;
    result.m_certificate = QSslCertificate(toPem(certificate.get()), QSsl::Pem);
    result.m_key = QSslKey(toPem(key.get()), algorithm, QSsl::Pem, QSsl::PrivateKey);
    if (result.isNull())
        result.m_error = QStringLiteral("Qt could not load the generated certificate or key "
                                        "(is a TLS backend available?)");
    return result;
}

QString SelfSignedCertificate::sha256Fingerprint(const QSslCertificate &certificate)
{
    if (certificate.isNull())
        return {};
    return QString::fromLatin1(certificate.digest(QCryptographicHash::Sha256).toHex(':').toUpper());
}

} // namespace wsi::net
