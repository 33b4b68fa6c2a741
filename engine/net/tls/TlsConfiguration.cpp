// SPDX-License-Identifier: MIT
#include "net/tls/TlsConfiguration.h"

#include "net/tls/CertificateInfo.h"
#include "net/tls/KeyMatch.h"
#include "net/tls/OpenSslPtr.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QMutex>
#include <QSslKey>

#include <openssl/x509.h>

#include <memory>

namespace wsi::net {

namespace {

// CA bundles are read once per path and modification time: a system bundle holds
// hundreds of certificates, and reconnects should not parse it again.
QList<QSslCertificate> loadCertificates(const QString &path, bool directory)
{
    static QMutex mutex;
    static QHash<QString, QPair<QDateTime, QList<QSslCertificate>>> cache;
    const QFileInfo info(path);
    const QDateTime modified = info.lastModified();
    const QMutexLocker locker(&mutex);
    const auto cached = cache.constFind(path);
    if (cached != cache.constEnd() && cached->first == modified)
        return cached->second;
    QList<QSslCertificate> certificates;
    if (directory) {
        const QStringList files = QDir(path).entryList(QDir::Files | QDir::Readable, QDir::Name);
        for (const QString &file : files)
            certificates += QSslCertificate::fromPath(QDir(path).filePath(file), QSsl::Pem);
    } else {
        certificates = QSslCertificate::fromPath(path, QSsl::Pem);
        if (certificates.isEmpty())
            certificates = QSslCertificate::fromPath(path, QSsl::Der);
    }
    cache.insert(path, qMakePair(modified, certificates));
    return certificates;
}

QSslKey loadKey(const QString &path, const QByteArray &passphrase)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return QSslKey();
    const QByteArray pem = file.readAll();
    for (const QSsl::KeyAlgorithm algorithm : {QSsl::Rsa, QSsl::Ec, QSsl::Dsa}) {
        QSslKey key(pem, algorithm, QSsl::Pem, QSsl::PrivateKey, passphrase);
        if (!key.isNull())
            return key;
    }
    return QSslKey();
}

void addUnique(QList<QSslCertificate> &into, const QList<QSslCertificate> &more)
{
    for (const QSslCertificate &certificate : more) {
        if (!into.contains(certificate))
            into.append(certificate);
    }
}

QSslCertificate findInHashedDirectory(const QSslCertificate &certificate, const QString &directory)
{
    const X509Ptr x509 = toX509(certificate);
    if (!x509)
        return QSslCertificate();
    int ok = 0;
    const unsigned long hash = X509_NAME_hash_ex(X509_get_issuer_name(x509.get()), nullptr, nullptr, &ok);
    if (!ok)
        return QSslCertificate();
    // OpenSSL's c_rehash layout: <subject hash>.<n>, n counting up for equal hashes.
    for (int n = 0; n < 10; ++n) {
        const QString path = QDir(directory).filePath(QString::asprintf("%08lx.%d", hash, n));
        if (!QFileInfo::exists(path))
            break;
        for (const QSslCertificate &candidate : QSslCertificate::fromPath(path, QSsl::Pem)) {
            if (isIssuedBy(certificate, candidate))
                return candidate;
        }
    }
    return QSslCertificate();
}

} // namespace

QString systemCaDirectory()
{
    const QString fromEnvironment = qEnvironmentVariable(X509_get_default_cert_dir_env());
    return fromEnvironment.isEmpty() ? QString::fromLocal8Bit(X509_get_default_cert_dir()) : fromEnvironment;
}

bool isSystemCaLocation(const QString &path, bool directory)
{
    const QString system = QString::fromLocal8Bit(directory ? X509_get_default_cert_dir() : X509_get_default_cert_file());
    const QString canonical = QFileInfo(path).canonicalFilePath();
    return !canonical.isEmpty() && canonical == QFileInfo(system).canonicalFilePath();
}

QSslCertificate TlsSetup::findIssuer(const QSslCertificate &certificate) const
{
    for (const QSslCertificate &candidate : trusted) {
        if (isIssuedBy(certificate, candidate))
            return candidate;
    }
    return systemStore ? findInHashedDirectory(certificate, systemCaDirectory()) : QSslCertificate();
}

TlsSetup makeTlsSetup(const TlsOptions &options)
{
    TlsSetup setup;
    setup.configuration = QSslConfiguration::defaultConfiguration();
    setup.configuration.setPeerVerifyMode(QSslSocket::VerifyPeer);
    QString caFile = options.caFile;
    QString caDirectory = options.caDirectory;
    bool systemNamed = false;
    if (!caFile.isEmpty() && isSystemCaLocation(caFile, false)) {
        caFile.clear();
        systemNamed = true;
    }
    if (!caDirectory.isEmpty() && isSystemCaLocation(caDirectory, true)) {
        caDirectory.clear();
        systemNamed = true;
    }
    if (caFile.isEmpty() && caDirectory.isEmpty()) {
        setup.systemStore = true; // Qt's default configuration trusts it already
    } else {
        if (!caFile.isEmpty()) {
            const QList<QSslCertificate> fromFile = loadCertificates(caFile, false);
            if (fromFile.isEmpty()) {
                setup.error = QStringLiteral("CA file \"%1\" holds no certificate").arg(caFile);
                return setup;
            }
            addUnique(setup.trusted, fromFile);
        }
        if (!caDirectory.isEmpty())
            addUnique(setup.trusted, loadCertificates(caDirectory, true));
        // A custom location named together with the system's: both are trusted, so the
        // system store has to be loaded whole.
        if (systemNamed)
            addUnique(setup.trusted, QSslConfiguration::systemCaCertificates());
        setup.configuration.setCaCertificates(setup.trusted);
    }
    if (!options.clientCertificate.isEmpty()) {
        const QList<QSslCertificate> certificates = QSslCertificate::fromPath(options.clientCertificate, QSsl::Pem);
        if (certificates.isEmpty()) {
            setup.error = QStringLiteral("client certificate \"%1\" holds no PEM certificate").arg(options.clientCertificate);
            return setup;
        }
        const QSslKey key = loadKey(options.clientKey, options.clientKeyPassphrase);
        if (key.isNull()) {
            setup.error = QStringLiteral("client key \"%1\" could not be read (an unencrypted PEM RSA, EC or DSA key)")
                              .arg(options.clientKey);
            return setup;
        }
        if (!keyMatchesCertificate(certificates.first(), key.toPem())) {
            setup.error = QStringLiteral("client key \"%1\" does not belong to the client certificate \"%2\" (their public "
                                         "keys differ)")
                              .arg(options.clientKey, options.clientCertificate);
            return setup;
        }
        setup.configuration.setLocalCertificateChain(certificates);
        setup.configuration.setPrivateKey(key);
    }
    return setup;
}

} // namespace wsi::net
