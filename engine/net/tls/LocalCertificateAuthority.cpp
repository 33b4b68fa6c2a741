// SPDX-License-Identifier: MIT
#include "net/tls/LocalCertificateAuthority.h"

#include "net/tls/OpenSslPtr.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHostAddress>
#include <QMutexLocker>
#include <QStandardPaths>

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

namespace wsi::net {

namespace {

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

// A positive random 127-bit serial (RFC 5280 section 4.1.2.2): each leaf differs, so a
// browser that cached an older leaf for the host never sees two with one serial.
bool setRandomSerial(X509 *certificate)
{
    OpenSslPtr<BIGNUM> serial(BN_new());
    if (!serial || !BN_rand(serial.get(), 127, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY))
        return false;
    return BN_to_ASN1_INTEGER(serial.get(), X509_get_serialNumber(certificate)) != nullptr;
}

bool addNameEntry(X509_NAME *name, const char *field, const QByteArray &value)
{
    return X509_NAME_add_entry_by_txt(name, field, MBSTRING_UTF8, reinterpret_cast<const unsigned char *>(value.constData()),
                                      int(value.size()), -1, 0)
        == 1;
}

bool addExtension(X509 *certificate, X509 *issuer, int nid, const QByteArray &value)
{
    X509V3_CTX context;
    X509V3_set_ctx_nodb(&context);
    X509V3_set_ctx(&context, issuer, certificate, nullptr, nullptr, 0);
    OpenSslPtr<X509_EXTENSION> extension(X509V3_EXT_conf_nid(nullptr, &context, nid, value.constData()));
    return extension && X509_add_ext(certificate, extension.get(), -1) == 1;
}

QByteArray bioBytes(BIO *bio)
{
    char *data = nullptr;
    const long size = BIO_get_mem_data(bio, &data);
    return QByteArray(data, int(size));
}

QByteArray certificatePem(X509 *certificate)
{
    OpenSslPtr<BIO> bio(BIO_new(BIO_s_mem()));
    if (!bio || PEM_write_bio_X509(bio.get(), certificate) != 1)
        return {};
    return bioBytes(bio.get());
}

QByteArray keyPem(EVP_PKEY *key)
{
    OpenSslPtr<BIO> bio(BIO_new(BIO_s_mem()));
    if (!bio || PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr) != 1)
        return {};
    return bioBytes(bio.get());
}

OpenSslPtr<EVP_PKEY> readKey(const QByteArray &pem)
{
    OpenSslPtr<BIO> bio(BIO_new_mem_buf(pem.constData(), int(pem.size())));
    return OpenSslPtr<EVP_PKEY>(bio ? PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr) : nullptr);
}

// A certificate's frame: v3, a random serial, valid from an hour ago (a client whose
// clock is behind still accepts it) for `days`, the public key of `key`.
OpenSslPtr<X509> newCertificate(EVP_PKEY *key, int days)
{
    OpenSslPtr<X509> certificate(X509_new());
    if (!certificate || X509_set_version(certificate.get(), 2) != 1 || !setRandomSerial(certificate.get()))
        return {};
    X509_gmtime_adj(X509_getm_notBefore(certificate.get()), -3600);
    X509_gmtime_adj(X509_getm_notAfter(certificate.get()), long(days) * 24 * 3600);
    if (X509_set_pubkey(certificate.get(), key) != 1)
        return {};
    return certificate;
}

// Writes `bytes` to a new file that only its owner may read: the mode is set when the file
// is created, so the key is never readable by others, not even for a moment.
bool writePrivateFile(const QString &path, const QByteArray &bytes, QString &error)
{
    const QByteArray name = QFile::encodeName(path);
    const int fd = ::open(name.constData(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
        error = QStringLiteral("cannot create %1: %2").arg(path, QString::fromLocal8Bit(std::strerror(errno)));
        return false;
    }
    qsizetype written = 0;
    while (written < bytes.size()) {
        const ssize_t n = ::write(fd, bytes.constData() + written, std::size_t(bytes.size() - written));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            error = QStringLiteral("cannot write %1: %2").arg(path, QString::fromLocal8Bit(std::strerror(errno)));
            ::close(fd);
            return false;
        }
        written += n;
    }
    ::close(fd);
    return true;
}

} // namespace

LocalCertificateAuthority::LocalCertificateAuthority(QString directory)
    : m_directory(directory.isEmpty() ? defaultDirectory() : std::move(directory))
{
}

QString LocalCertificateAuthority::defaultDirectory()
{
    // The window's data folder (AppDataLocation of organization "wsinspect", application
    // "wsinspect": $XDG_DATA_HOME/wsinspect/wsinspect), named here rather than asked of Qt so
    // that wsinspect-cli, whose application name differs, uses the same CA: one ca.pem to trust.
    return QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) + QStringLiteral("/wsinspect/wsinspect/ca");
}

QString LocalCertificateAuthority::certificatePath() const
{
    return m_directory + QStringLiteral("/ca.pem");
}

QString LocalCertificateAuthority::keyPath() const
{
    return m_directory + QStringLiteral("/ca.key");
}

bool LocalCertificateAuthority::load()
{
    m_error.clear();
    m_created = false;
    const bool hasCertificate = QFileInfo::exists(certificatePath());
    const bool hasKey = QFileInfo::exists(keyPath());
    if (!hasCertificate && !hasKey)
        return create();
    if (hasCertificate != hasKey) {
        m_error = QStringLiteral("the CA in %1 is incomplete (%2 is missing): restore it, or delete the folder's ca.pem "
                                 "and ca.key to make a new CA (apps must then trust the new ca.pem)")
                      .arg(m_directory, hasKey ? certificatePath() : keyPath());
        return false;
    }
    return readFiles();
}

bool LocalCertificateAuthority::regenerate()
{
    QFile::remove(keyPath());
    QFile::remove(certificatePath());
    return create();
}

bool LocalCertificateAuthority::readFiles()
{
    QFile certificateFile(certificatePath());
    QFile keyFile(keyPath());
    if (!certificateFile.open(QIODevice::ReadOnly) || !keyFile.open(QIODevice::ReadOnly)) {
        m_error = QStringLiteral("cannot read the CA in %1: %2%3")
                      .arg(m_directory, certificateFile.errorString(), keyFile.isOpen() ? QString() : QLatin1String("; ") + keyFile.errorString());
        return false;
    }
    const QSslCertificate certificate(certificateFile.readAll(), QSsl::Pem);
    const QByteArray pem = keyFile.readAll();
    const QSslKey key(pem, QSsl::Ec, QSsl::Pem, QSsl::PrivateKey);
    if (certificate.isNull() || key.isNull()) {
        m_error = QStringLiteral("the CA in %1 does not load (%2 or %3 is not a PEM EC certificate and key): "
                                 "regenerate it (Regenerate CA, or delete both files)")
                      .arg(m_directory, certificatePath(), keyPath());
        return false;
    }
    QMutexLocker lock(&m_mutex);
    m_certificate = certificate;
    m_key = key;
    m_keyPem = pem;
    m_leaves.clear();
    return true;
}

bool LocalCertificateAuthority::create()
{
    m_error.clear();
    if (!QDir().mkpath(m_directory)) {
        m_error = QStringLiteral("cannot create the CA folder %1 (choose another with --ca-dir DIR)").arg(m_directory);
        return false;
    }
    QFile::setPermissions(m_directory, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    ERR_clear_error();
    OpenSslPtr<EVP_PKEY> key(EVP_EC_gen("P-256"));
    OpenSslPtr<X509> ca = key ? newCertificate(key.get(), CaValidityDays) : OpenSslPtr<X509>();
    if (!ca) {
        m_error = openSslError("the CA's key or certificate could not be made");
        return false;
    }
    X509_NAME *name = X509_get_subject_name(ca.get());
    if (!addNameEntry(name, "O", QByteArrayLiteral("wsinspect"))
        || !addNameEntry(name, "CN", QByteArrayLiteral("wsinspect interception CA (local)"))
        || X509_set_issuer_name(ca.get(), name) != 1
        || !addExtension(ca.get(), ca.get(), NID_basic_constraints, "critical,CA:TRUE,pathlen:0")
        || !addExtension(ca.get(), ca.get(), NID_key_usage, "critical,keyCertSign,cRLSign")
        || !addExtension(ca.get(), ca.get(), NID_subject_key_identifier, "hash")
        || X509_sign(ca.get(), key.get(), EVP_sha256()) <= 0) {
        m_error = openSslError("the CA certificate could not be signed");
        return false;
    }
    const QByteArray privatePem = keyPem(key.get());
    const QByteArray publicPem = certificatePem(ca.get());
    if (!writePrivateFile(keyPath(), privatePem, m_error))
        return false;
    QFile certificateFile(certificatePath());
    if (!certificateFile.open(QIODevice::WriteOnly | QIODevice::Truncate) || certificateFile.write(publicPem) != publicPem.size()) {
        m_error = QStringLiteral("cannot write %1: %2").arg(certificatePath(), certificateFile.errorString());
        return false;
    }
    certificateFile.close();
    m_created = true;
    return readFiles();
}

QByteArray LocalCertificateAuthority::spkiSha256Base64() const
{
    X509Ptr x509 = toX509(m_certificate);
    if (!x509)
        return {};
    const int size = i2d_X509_PUBKEY(X509_get_X509_PUBKEY(x509.get()), nullptr);
    if (size <= 0)
        return {};
    QByteArray der(size, Qt::Uninitialized);
    auto *out = reinterpret_cast<unsigned char *>(der.data());
    i2d_X509_PUBKEY(X509_get_X509_PUBKEY(x509.get()), &out);
    return QCryptographicHash::hash(der, QCryptographicHash::Sha256).toBase64();
}

int LocalCertificateAuthority::cachedLeaves() const
{
    QMutexLocker lock(&m_mutex);
    return int(m_leaves.size());
}

MintedLeaf LocalCertificateAuthority::leafFor(const QString &hostIn)
{
    QString host = hostIn.toLower();
    if (host.startsWith(QLatin1Char('[')) && host.endsWith(QLatin1Char(']')))
        host = host.mid(1, host.size() - 2);
    QMutexLocker lock(&m_mutex);
    if (const auto it = m_leaves.constFind(host); it != m_leaves.constEnd())
        return *it;
    MintedLeaf leaf;
    if (m_certificate.isNull()) {
        leaf.error = QStringLiteral("the CA is not loaded");
        return leaf;
    }
    ERR_clear_error();
    X509Ptr ca = toX509(m_certificate);
    OpenSslPtr<EVP_PKEY> caKey = readKey(m_keyPem);
    OpenSslPtr<EVP_PKEY> key(EVP_EC_gen("P-256"));
    OpenSslPtr<X509> certificate = key ? newCertificate(key.get(), LeafValidityDays) : OpenSslPtr<X509>();
    if (!ca || !caKey || !certificate) {
        leaf.error = openSslError("the leaf's key or certificate could not be made");
        return leaf;
    }
    const bool isAddress = !QHostAddress(host).isNull();
    const QByteArray san = (isAddress ? QByteArrayLiteral("IP:") : QByteArrayLiteral("DNS:")) + host.toUtf8();
    X509_NAME *name = X509_get_subject_name(certificate.get());
    if (!addNameEntry(name, "O", QByteArrayLiteral("wsinspect interception")) || !addNameEntry(name, "CN", host.left(64).toUtf8())
        || X509_set_issuer_name(certificate.get(), X509_get_subject_name(ca.get())) != 1
        || !addExtension(certificate.get(), ca.get(), NID_subject_alt_name, san)
        || !addExtension(certificate.get(), ca.get(), NID_basic_constraints, "critical,CA:FALSE")
        || !addExtension(certificate.get(), ca.get(), NID_key_usage, "critical,digitalSignature")
        || !addExtension(certificate.get(), ca.get(), NID_ext_key_usage, "serverAuth")
        || !addExtension(certificate.get(), ca.get(), NID_subject_key_identifier, "hash")
        || !addExtension(certificate.get(), ca.get(), NID_authority_key_identifier, "keyid:always")
        || X509_sign(certificate.get(), caKey.get(), EVP_sha256()) <= 0) {
        leaf.error = openSslError(qPrintable(QStringLiteral("the leaf for %1 could not be signed").arg(host)));
        return leaf;
    }
    leaf.chain = {toQSslCertificate(certificate.get()), m_certificate};
    leaf.key = QSslKey(keyPem(key.get()), QSsl::Ec, QSsl::Pem, QSsl::PrivateKey);
    if (leaf.chain.first().isNull() || leaf.key.isNull()) {
        leaf.error = QStringLiteral("Qt could not load the leaf minted for %1").arg(host);
        return leaf;
    }
    m_leaves.insert(host, leaf);
    return leaf;
}

} // namespace wsi::net
