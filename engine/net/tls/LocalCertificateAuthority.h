// SPDX-License-Identifier: MIT
#pragma once
// The intercepting proxy's own certificate authority: a CA key and certificate made with
// OpenSSL on first use in a directory (DIR/ca.pem, DIR/ca.key; the key file is created
// 0600 and never copied anywhere else), and a leaf certificate per host minted on the fly
// (SAN = the host name or IP address, signed by the CA, valid for a short time), cached in
// memory so a browser's many connections to one host cost one signature.
//
// Keys are EC P-256: a leaf is made in about a millisecond, so the first CONNECT to a host
// is not held up.
//
// Threads: leafFor() may be called from any thread (the cache is locked); load() and
// regenerate() replace the CA and drop the cache.
#include <QHash>
#include <QList>
#include <QMutex>
#include <QSslCertificate>
#include <QSslKey>
#include <QString>

namespace wsi::net {

struct MintedLeaf {
    QList<QSslCertificate> chain; // the leaf, then the CA
    QSslKey key;
    QString error; // set when minting failed: says which step
    bool ok() const { return error.isEmpty() && !chain.isEmpty() && !key.isNull(); }
};

class LocalCertificateAuthority
{
public:
    static constexpr int CaValidityDays = 3650;
    static constexpr int LeafValidityDays = 30;

    // `directory` empty: defaultDirectory().
    explicit LocalCertificateAuthority(QString directory = QString());

    // The window's data folder + "/ca" (its QStandardPaths::AppDataLocation,
    // ~/.local/share/wsinspect/wsinspect/ca), for the window and wsinspect-cli alike.
    static QString defaultDirectory();

    // Loads DIR/ca.pem and DIR/ca.key, or makes them when neither exists. False:
    // errorString() says what went wrong and what to do. `created()` tells which happened.
    bool load();
    // Makes a new CA in place of the old one (apps must trust the new ca.pem again).
    bool regenerate();

    QString directory() const { return m_directory; }
    QString certificatePath() const;
    QString keyPath() const;
    QString errorString() const { return m_error; }
    bool created() const { return m_created; }
    bool isLoaded() const { return !m_certificate.isNull() && !m_key.isNull(); }
    QSslCertificate certificate() const { return m_certificate; }
    // base64(SHA-256(SubjectPublicKeyInfo)): what Chromium's
    // --ignore-certificate-errors-spki-list takes.
    QByteArray spkiSha256Base64() const;

    // A leaf for `host` (a DNS name or an IP address), signed by this CA; cached.
    MintedLeaf leafFor(const QString &host);
    int cachedLeaves() const;

private:
    bool create();
    bool readFiles();

    QString m_directory;
    QString m_error;
    bool m_created = false;
    QSslCertificate m_certificate;
    QSslKey m_key;
    QByteArray m_keyPem;
    mutable QMutex m_mutex;
    QHash<QString, MintedLeaf> m_leaves;
};

} // namespace wsi::net
