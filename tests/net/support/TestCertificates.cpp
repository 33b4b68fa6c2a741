// SPDX-License-Identifier: MIT
#include "TestCertificates.h"

#include <QFile>

#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <memory>
#include <string>

namespace wsi::test {

namespace {

struct PkeyFree {
    void operator()(EVP_PKEY *key) const { EVP_PKEY_free(key); }
};
struct X509Free {
    void operator()(X509 *x) const { X509_free(x); }
};
using KeyPtr = std::unique_ptr<EVP_PKEY, PkeyFree>;
using CertPtr = std::unique_ptr<X509, X509Free>;

struct Made {
    KeyPtr key;
    CertPtr certificate;
};

KeyPtr makeKey(bool rsa, int rsaBits)
{
    return KeyPtr(rsa ? EVP_RSA_gen(unsigned(rsaBits)) : EVP_EC_gen("P-256"));
}

bool addExtension(X509 *certificate, X509 *issuer, int nid, const char *value)
{
    X509V3_CTX context;
    X509V3_set_ctx_nodb(&context);
    X509V3_set_ctx(&context, issuer, certificate, nullptr, nullptr, 0);
    X509_EXTENSION *extension = X509V3_EXT_conf_nid(nullptr, &context, nid, value);
    if (!extension)
        return false;
    X509_add_ext(certificate, extension, -1);
    X509_EXTENSION_free(extension);
    return true;
}

struct Spec {
    const char *commonName;
    const char *organization = "wsinspect tests";
    long notBeforeDays = -1;
    long notAfterDays = 365;
    bool ca = false;
    int pathLength = -1;
    const char *subjectAltNames = nullptr;
    const char *extendedKeyUsage = "serverAuth";
    bool rsa = false;
    int rsaBits = 2048;
    const char *authorityInfoAccess = nullptr;
};

Made makeCertificate(const Spec &spec, const Made *issuer, long serial)
{
    Made made;
    made.key = makeKey(spec.rsa, spec.rsaBits);
    made.certificate.reset(X509_new());
    X509 *x = made.certificate.get();
    X509_set_version(x, 2);
    ASN1_INTEGER_set(X509_get_serialNumber(x), serial);
    X509_time_adj_ex(X509_getm_notBefore(x), int(spec.notBeforeDays), 0, nullptr);
    X509_time_adj_ex(X509_getm_notAfter(x), int(spec.notAfterDays), 0, nullptr);
    X509_set_pubkey(x, made.key.get());
    X509_NAME *name = X509_get_subject_name(x);
    X509_NAME_add_entry_by_txt(name, "O", MBSTRING_UTF8, reinterpret_cast<const unsigned char *>(spec.organization), -1, -1, 0);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8, reinterpret_cast<const unsigned char *>(spec.commonName), -1, -1, 0);
    X509 *issuerCert = issuer ? issuer->certificate.get() : x;
    X509_set_issuer_name(x, X509_get_subject_name(issuerCert));
    std::string constraints = spec.ca ? "critical,CA:TRUE" : "critical,CA:FALSE";
    if (spec.ca && spec.pathLength >= 0)
        constraints += ",pathlen:" + std::to_string(spec.pathLength);
    addExtension(x, issuerCert, NID_basic_constraints, constraints.c_str());
    addExtension(x, issuerCert, NID_key_usage,
                 spec.ca ? "critical,keyCertSign,cRLSign" : "critical,digitalSignature,keyEncipherment");
    if (!spec.ca && spec.extendedKeyUsage)
        addExtension(x, issuerCert, NID_ext_key_usage, spec.extendedKeyUsage);
    if (spec.subjectAltNames)
        addExtension(x, issuerCert, NID_subject_alt_name, spec.subjectAltNames);
    if (spec.authorityInfoAccess)
        addExtension(x, issuerCert, NID_info_access, spec.authorityInfoAccess);
    addExtension(x, issuerCert, NID_subject_key_identifier, "hash");
    if (issuer)
        addExtension(x, issuerCert, NID_authority_key_identifier, "keyid:always");
    EVP_PKEY *signingKey = issuer ? issuer->key.get() : made.key.get();
    if (X509_sign(x, signingKey, EVP_sha256()) == 0)
        made.certificate.reset();
    return made;
}

QByteArray certificatePem(X509 *x)
{
    BIO *bio = BIO_new(BIO_s_mem());
    PEM_write_bio_X509(bio, x);
    char *data = nullptr;
    const long size = BIO_get_mem_data(bio, &data);
    QByteArray pem(data, int(size));
    BIO_free(bio);
    return pem;
}

QByteArray keyPem(EVP_PKEY *key)
{
    BIO *bio = BIO_new(BIO_s_mem());
    PEM_write_bio_PrivateKey(bio, key, nullptr, nullptr, 0, nullptr, nullptr);
    char *data = nullptr;
    const long size = BIO_get_mem_data(bio, &data);
    QByteArray pem(data, int(size));
    BIO_free(bio);
    return pem;
}

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

const char *const LocalNames = "DNS:localhost,IP:127.0.0.1,IP:::1";

} // namespace

TestCertificates::TestCertificates()
{
    if (!m_dir.isValid()) {
        m_error = QStringLiteral("no temporary directory");
        return;
    }
    long serial = 1000;
    const auto store = [&](TestIdentity &identity, const Made &made, const QList<const Made *> &intermediates,
                           const char *name) {
        if (!made.certificate) {
            m_error = QStringLiteral("could not make the %1 certificate").arg(QLatin1String(name));
            return;
        }
        QByteArray chainPem = certificatePem(made.certificate.get());
        for (const Made *intermediateMade : intermediates)
            chainPem += certificatePem(intermediateMade->certificate.get());
        const QByteArray privatePem = keyPem(made.key.get());
        identity.certificate = QSslCertificate(certificatePem(made.certificate.get()), QSsl::Pem);
        identity.chain = QSslCertificate::fromData(chainPem, QSsl::Pem);
        const QSsl::KeyAlgorithm algorithm = EVP_PKEY_get_base_id(made.key.get()) == EVP_PKEY_RSA ? QSsl::Rsa : QSsl::Ec;
        identity.key = QSslKey(privatePem, algorithm, QSsl::Pem, QSsl::PrivateKey);
        identity.certificateFile = m_dir.filePath(QLatin1String(name) + QStringLiteral(".pem"));
        identity.keyFile = m_dir.filePath(QLatin1String(name) + QStringLiteral(".key"));
        if (!writeFile(identity.certificateFile, chainPem) || !writeFile(identity.keyFile, privatePem))
            m_error = QStringLiteral("could not write the %1 files").arg(QLatin1String(name));
        if (identity.key.isNull())
            m_error = QStringLiteral("Qt could not read the %1 key").arg(QLatin1String(name));
    };

    Spec rootSpec{"wsinspect test root CA"};
    rootSpec.ca = true;
    rootSpec.notAfterDays = 3650;
    const Made rootMade = makeCertificate(rootSpec, nullptr, ++serial);
    store(root, rootMade, {}, "root");
    rootFile = root.certificateFile;

    Spec intermediateSpec{"wsinspect test intermediate CA"};
    intermediateSpec.ca = true;
    intermediateSpec.pathLength = 0;
    intermediateSpec.notAfterDays = 1825;
    const Made intermediateMade = makeCertificate(intermediateSpec, &rootMade, ++serial);
    store(intermediate, intermediateMade, {}, "intermediate");

    Spec leafSpec{"localhost"};
    leafSpec.subjectAltNames = LocalNames;
    leafSpec.rsa = true;
    store(leaf, makeCertificate(leafSpec, &intermediateMade, ++serial), {&intermediateMade}, "leaf");

    Spec expiredSpec{"localhost"};
    expiredSpec.subjectAltNames = LocalNames;
    expiredSpec.notBeforeDays = -30;
    expiredSpec.notAfterDays = -1;
    store(expired, makeCertificate(expiredSpec, &intermediateMade, ++serial), {&intermediateMade}, "expired");

    Spec futureSpec{"localhost"};
    futureSpec.subjectAltNames = LocalNames;
    futureSpec.notBeforeDays = 10;
    futureSpec.notAfterDays = 40;
    store(notYetValid, makeCertificate(futureSpec, &intermediateMade, ++serial), {&intermediateMade}, "not-yet-valid");

    Spec wrongSpec{"wrong.example"};
    wrongSpec.subjectAltNames = "DNS:wrong.example";
    store(wrongHost, makeCertificate(wrongSpec, &intermediateMade, ++serial), {&intermediateMade}, "wrong-host");

    Spec selfSpec{"localhost"};
    selfSpec.subjectAltNames = LocalNames;
    store(selfSigned, makeCertificate(selfSpec, nullptr, ++serial), {}, "self-signed");

    Spec otherRootSpec{"unknown test root CA"};
    otherRootSpec.ca = true;
    const Made otherRoot = makeCertificate(otherRootSpec, nullptr, ++serial);
    Spec unknownSpec{"localhost"};
    unknownSpec.subjectAltNames = LocalNames;
    store(unknownCa, makeCertificate(unknownSpec, &otherRoot, ++serial), {}, "unknown-ca");

    Spec commonNameSpec{"localhost"};
    commonNameSpec.subjectAltNames = "DNS:wrong.example,DNS:*.other.test";
    store(commonNameOnly, makeCertificate(commonNameSpec, &intermediateMade, ++serial), {&intermediateMade},
          "common-name-only");

    Spec wildcardSpec{"wildcard test"};
    wildcardSpec.subjectAltNames = "DNS:*.other.test,IP:127.0.0.1";
    store(wildcard, makeCertificate(wildcardSpec, &intermediateMade, ++serial), {&intermediateMade}, "wildcard");

    Spec weakSpec{"localhost"};
    weakSpec.subjectAltNames = LocalNames;
    weakSpec.rsa = true;
    weakSpec.rsaBits = 1024;
    store(weakKey, makeCertificate(weakSpec, &intermediateMade, ++serial), {&intermediateMade}, "weak-key");

    Spec issuerUrlSpec{"localhost"};
    issuerUrlSpec.subjectAltNames = LocalNames;
    const std::string access = std::string("caIssuers;URI:") + IssuerUrl;
    issuerUrlSpec.authorityInfoAccess = access.c_str();
    store(withIssuerUrl, makeCertificate(issuerUrlSpec, &intermediateMade, ++serial), {}, "issuer-url");

    Spec clientSpec{"wsinspect test client"};
    clientSpec.extendedKeyUsage = "clientAuth";
    store(client, makeCertificate(clientSpec, &rootMade, ++serial), {}, "client");
}

} // namespace wsi::test
