#include "TlsConfiguration.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QMutex>
#include <QSslKey>

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
        return {};
    const QByteArray pem = file.readAll();
    for (const QSsl::KeyAlgorithm algorithm : {QSsl::Rsa, QSsl::Ec, QSsl::Dsa}) {
        QSslKey key(pem, algorithm, QSsl::Pem, QSsl::PrivateKey, passphrase);
        if (!key.isNull())
            return key;
    }
    return {};
}

void addUnique(QList<QSslCertificate> &into, const QList<QSslCertificate> &more)
{
    for (const QSslCertificate &certificate : more) {
        if (!into.contains(certificate))
            into.append(certificate);
    }
}

} // namespace

TlsSetup makeTlsSetup(const TlsOptions &options)
{
    TlsSetup setup;
    setup.configuration = QSslConfiguration::defaultConfiguration();
    setup.configuration.setPeerVerifyMode(QSslSocket::VerifyPeer);
    if (!options.caFile.isEmpty() || !options.caDirectory.isEmpty()) {
        if (!options.caFile.isEmpty()) {
            const QList<QSslCertificate> fromFile = loadCertificates(options.caFile, false);
            if (fromFile.isEmpty()) {
                setup.error = QStringLiteral("CA file \"%1\" holds no certificate").arg(options.caFile);
                return setup;
            }
            addUnique(setup.trusted, fromFile);
        }
        if (!options.caDirectory.isEmpty())
            addUnique(setup.trusted, loadCertificates(options.caDirectory, true));
        setup.configuration.setCaCertificates(setup.trusted);
    } else {
        setup.trusted = QSslConfiguration::systemCaCertificates();
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
        setup.configuration.setLocalCertificateChain(certificates);
        setup.configuration.setPrivateKey(key);
    }
    return setup;
}

} // namespace wsi::net
