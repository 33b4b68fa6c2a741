// SPDX-License-Identifier: MIT
#include "net/tls/CertificateInfo.h"

#include "net/tls/OpenSslPtr.h"

#include <QCryptographicHash>
#include <QHostAddress>
#include <QtEndian>
#include <QTimeZone>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <memory>

namespace wsi::net {

namespace {

QString nameToString(const X509_NAME *name)
{
    // RFC 2253 escaping and field names, most significant last as people read them
    // ("CN=localhost, O=wsinspect"), UTF-8 kept.
    const unsigned long flags = (XN_FLAG_RFC2253 & ~XN_FLAG_SEP_MASK & ~ASN1_STRFLGS_ESC_MSB) | XN_FLAG_SEP_CPLUS_SPC;
    BIO *bio = BIO_new(BIO_s_mem());
    X509_NAME_print_ex(bio, name, 0, flags);
    char *data = nullptr;
    const long size = BIO_get_mem_data(bio, &data);
    QString text = QString::fromUtf8(data, int(size));
    BIO_free(bio);
    return text;
}

QString commonNameOf(const X509_NAME *name)
{
    const int index = X509_NAME_get_index_by_NID(name, NID_commonName, -1);
    if (index < 0)
        return {};
    const ASN1_STRING *data = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, index));
    unsigned char *utf8 = nullptr;
    const int length = ASN1_STRING_to_UTF8(&utf8, data);
    if (length < 0)
        return {};
    QString text = QString::fromUtf8(reinterpret_cast<const char *>(utf8), length);
    OPENSSL_free(utf8);
    return text;
}

QString serialOf(const X509 *x509)
{
    BIGNUM *bn = ASN1_INTEGER_to_BN(X509_get0_serialNumber(x509), nullptr);
    QByteArray bytes(BN_num_bytes(bn), '\0');
    BN_bn2bin(bn, reinterpret_cast<unsigned char *>(bytes.data()));
    BN_free(bn);
    if (bytes.isEmpty())
        bytes = QByteArray(1, '\0');
    return QString::fromLatin1(bytes.toHex(':').toUpper());
}

QDateTime timeOf(const ASN1_TIME *time)
{
    struct tm tm = {};
    if (!time || ASN1_TIME_to_tm(time, &tm) != 1)
        return {};
    return QDateTime(QDate(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday),
                     QTime(tm.tm_hour, tm.tm_min, tm.tm_sec), QTimeZone::utc());
}

QString generalNameToString(const GENERAL_NAME *name)
{
    int type = 0;
    const void *value = GENERAL_NAME_get0_value(name, &type);
    const auto *string = static_cast<const ASN1_STRING *>(value);
    const auto text = [&] {
        return QString::fromLatin1(reinterpret_cast<const char *>(ASN1_STRING_get0_data(string)),
                                   ASN1_STRING_length(string));
    };
    switch (type) {
    case GEN_DNS:
        return QStringLiteral("DNS:") + text();
    case GEN_EMAIL:
        return QStringLiteral("email:") + text();
    case GEN_URI:
        return QStringLiteral("URI:") + text();
    case GEN_IPADD: {
        const QByteArray bytes(reinterpret_cast<const char *>(ASN1_STRING_get0_data(string)), ASN1_STRING_length(string));
        QHostAddress address;
        if (bytes.size() == 4)
            address.setAddress(qFromBigEndian<quint32>(bytes.constData()));
        else if (bytes.size() == 16)
            address.setAddress(reinterpret_cast<const quint8 *>(bytes.constData()));
        return QStringLiteral("IP Address:") + (address.isNull() ? QString::fromLatin1(bytes.toHex()) : address.toString());
    }
    default:
        return QStringLiteral("other name (type %1)").arg(type);
    }
}

QStringList subjectAltNamesOf(X509 *x509)
{
    QStringList names;
    auto *list = static_cast<GENERAL_NAMES *>(X509_get_ext_d2i(x509, NID_subject_alt_name, nullptr, nullptr));
    if (!list)
        return names;
    for (int i = 0; i < sk_GENERAL_NAME_num(list); ++i)
        names << generalNameToString(sk_GENERAL_NAME_value(list, i));
    GENERAL_NAMES_free(list);
    return names;
}

void describeKey(X509 *x509, CertificateInfo &info)
{
    EVP_PKEY *key = X509_get0_pubkey(x509);
    if (!key) {
        info.publicKeyAlgorithm = QStringLiteral("unknown");
        return;
    }
    info.publicKeyBits = EVP_PKEY_get_bits(key);
    const int id = EVP_PKEY_get_base_id(key);
    const char *name = OBJ_nid2sn(id);
    info.publicKeyAlgorithm = QString::fromLatin1(name ? name : "unknown").toUpper();
    if (id == EVP_PKEY_RSA)
        info.publicKeyAlgorithm = QStringLiteral("RSA");
    char group[80] = {};
    std::size_t groupLength = 0;
    if (id == EVP_PKEY_EC
        && EVP_PKEY_get_utf8_string_param(key, OSSL_PKEY_PARAM_GROUP_NAME, group, sizeof group, &groupLength)) {
        info.publicKeyAlgorithm = QStringLiteral("EC (%1)").arg(QString::fromLatin1(group, int(groupLength)));
    }
}

QStringList keyUsageOf(X509 *x509)
{
    QStringList usages;
    if (!(X509_get_extension_flags(x509) & EXFLAG_KUSAGE))
        return usages;
    const uint32_t bits = X509_get_key_usage(x509);
    const struct {
        uint32_t bit;
        const char *name;
    } names[] = {
        {KU_DIGITAL_SIGNATURE, "Digital Signature"}, {KU_NON_REPUDIATION, "Non Repudiation"},
        {KU_KEY_ENCIPHERMENT, "Key Encipherment"},   {KU_DATA_ENCIPHERMENT, "Data Encipherment"},
        {KU_KEY_AGREEMENT, "Key Agreement"},         {KU_KEY_CERT_SIGN, "Certificate Sign"},
        {KU_CRL_SIGN, "CRL Sign"},                   {KU_ENCIPHER_ONLY, "Encipher Only"},
        {KU_DECIPHER_ONLY, "Decipher Only"},
    };
    for (const auto &name : names) {
        if (bits & name.bit)
            usages << QLatin1String(name.name);
    }
    return usages;
}

QStringList extendedKeyUsageOf(X509 *x509)
{
    QStringList usages;
    auto *list = static_cast<EXTENDED_KEY_USAGE *>(X509_get_ext_d2i(x509, NID_ext_key_usage, nullptr, nullptr));
    if (!list)
        return usages;
    for (int i = 0; i < sk_ASN1_OBJECT_num(list); ++i) {
        const ASN1_OBJECT *object = sk_ASN1_OBJECT_value(list, i);
        char text[128] = {};
        OBJ_obj2txt(text, sizeof text, object, 0);
        usages << QString::fromLatin1(text);
    }
    EXTENDED_KEY_USAGE_free(list);
    return usages;
}

void describeBasicConstraints(X509 *x509, CertificateInfo &info)
{
    auto *constraints = static_cast<BASIC_CONSTRAINTS *>(X509_get_ext_d2i(x509, NID_basic_constraints, nullptr, nullptr));
    if (!constraints)
        return;
    info.isCa = constraints->ca != 0;
    info.basicConstraints = info.isCa ? QStringLiteral("CA:TRUE") : QStringLiteral("CA:FALSE");
    if (constraints->pathlen)
        info.basicConstraints += QStringLiteral(", pathlen:%1").arg(ASN1_INTEGER_get(constraints->pathlen));
    BASIC_CONSTRAINTS_free(constraints);
}

QStringList issuerUrlsOf(X509 *x509)
{
    QStringList urls;
    auto *access = static_cast<AUTHORITY_INFO_ACCESS *>(X509_get_ext_d2i(x509, NID_info_access, nullptr, nullptr));
    if (!access)
        return urls;
    for (int i = 0; i < sk_ACCESS_DESCRIPTION_num(access); ++i) {
        const ACCESS_DESCRIPTION *description = sk_ACCESS_DESCRIPTION_value(access, i);
        if (OBJ_obj2nid(description->method) == NID_ad_ca_issuers && description->location->type == GEN_URI) {
            const ASN1_STRING *uri = description->location->d.uniformResourceIdentifier;
            urls << QString::fromLatin1(reinterpret_cast<const char *>(ASN1_STRING_get0_data(uri)), ASN1_STRING_length(uri));
        }
    }
    AUTHORITY_INFO_ACCESS_free(access);
    return urls;
}

} // namespace

CertificateInfo CertificateInfo::describe(const QSslCertificate &certificate, const QDateTime &now)
{
    CertificateInfo info;
    info.pem = certificate.toPem();
    info.sha256 = certificate.digest(QCryptographicHash::Sha256);
    info.sha1 = certificate.digest(QCryptographicHash::Sha1);
    const X509Ptr x509 = toX509(certificate);
    if (!x509)
        return info;
    info.subject = nameToString(X509_get_subject_name(x509.get()));
    info.issuer = nameToString(X509_get_issuer_name(x509.get()));
    info.commonName = commonNameOf(X509_get_subject_name(x509.get()));
    info.serialNumber = serialOf(x509.get());
    info.notBefore = timeOf(X509_get0_notBefore(x509.get()));
    info.notAfter = timeOf(X509_get0_notAfter(x509.get()));
    // Whole days, rounded down: a certificate expiring in 10 hours has 0 days left.
    const qint64 secondsLeft = now.secsTo(info.notAfter);
    info.daysLeft = secondsLeft >= 0 ? secondsLeft / 86400 : -((-secondsLeft + 86399) / 86400);
    info.subjectAltNames = subjectAltNamesOf(x509.get());
    describeKey(x509.get(), info);
    const char *signature = OBJ_nid2ln(X509_get_signature_nid(x509.get()));
    info.signatureAlgorithm = QString::fromLatin1(signature ? signature : "unknown");
    info.keyUsage = keyUsageOf(x509.get());
    info.extendedKeyUsage = extendedKeyUsageOf(x509.get());
    describeBasicConstraints(x509.get(), info);
    info.issuerUrls = issuerUrlsOf(x509.get());
    info.selfSigned = X509_self_signed(x509.get(), 1) == 1;
    return info;
}

bool isIssuedBy(const QSslCertificate &subject, const QSslCertificate &issuer)
{
    const X509Ptr child = toX509(subject);
    const X509Ptr parent = toX509(issuer);
    return child && parent && X509_check_issued(parent.get(), child.get()) == X509_V_OK;
}

QString formatUtcTime(const QDateTime &time)
{
    return time.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss 'UTC'"));
}

QString formatFingerprint(const QByteArray &digest)
{
    return QString::fromLatin1(digest.toHex(':').toUpper());
}

} // namespace wsi::net
