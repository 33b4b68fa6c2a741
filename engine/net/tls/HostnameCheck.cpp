// SPDX-License-Identifier: MIT
#include "net/tls/HostnameCheck.h"

#include "net/tls/OpenSslPtr.h"

#include <QHostAddress>
#include <QUrl>

#include <openssl/x509v3.h>

namespace wsi::net {

namespace {

bool isAddress(const QString &host)
{
    return !QHostAddress(host).isNull();
}

// The names a certificate is for, as CertificateInfo lists them ("DNS:a", "IP Address:b"),
// without their kind.
QStringList dnsAndAddressNames(const CertificateInfo &leaf, bool *hasDnsNames)
{
    static const QLatin1String dns("DNS:");
    static const QLatin1String address("IP Address:");
    QStringList names;
    *hasDnsNames = false;
    for (const QString &name : leaf.subjectAltNames) {
        if (name.startsWith(dns)) {
            names << name.mid(dns.size());
            *hasDnsNames = true;
        } else if (name.startsWith(address)) {
            names << name.mid(address.size());
        }
    }
    return names;
}

} // namespace

bool certificateMatchesHost(const QSslCertificate &leaf, const QString &host)
{
    const X509Ptr x509 = toX509(leaf);
    if (!x509 || host.isEmpty())
        return false;
    if (isAddress(host))
        return X509_check_ip_asc(x509.get(), host.toLatin1().constData(), 0) == 1;
    // The flags leave the common name to OpenSSL's default: consulted only without DNS names.
    const QByteArray name = QUrl::toAce(host);
    return X509_check_host(x509.get(), name.constData(), std::size_t(name.size()), X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS,
                           nullptr)
           == 1;
}

QString describeHostnameMismatch(const CertificateInfo &leaf, const QString &host)
{
    bool hasDnsNames = false;
    const QStringList names = dnsAndAddressNames(leaf, &hasDnsNames);
    const QString wanted = isAddress(host) ? QStringLiteral("the address %1").arg(host) : host;
    if (names.isEmpty()) {
        const QString commonName = leaf.commonName.isEmpty() ? QStringLiteral("(none)") : leaf.commonName;
        return QStringLiteral("the certificate is for %1 (its subject's common name; it lists no subject alternative "
                              "names); not for %2")
            .arg(commonName, wanted);
    }
    QString text = QStringLiteral("the certificate is for %1 (its subject alternative names); not for %2")
                       .arg(names.join(QStringLiteral(", ")), wanted);
    if (hasDnsNames && !leaf.commonName.isEmpty() && leaf.commonName.compare(host, Qt::CaseInsensitive) == 0) {
        text += QStringLiteral(". Its common name is %1, but a certificate with DNS names is matched by those alone "
                               "(RFC 6125 section 6.4.4)")
                    .arg(leaf.commonName);
    }
    return text;
}

} // namespace wsi::net
