// SPDX-License-Identifier: MIT
// The TLS report's part of SessionJson: the report's fields, each certificate's fields as
// they were described when the connection was made (days left included), and the chain
// in PEM for export.
#include "files/session/SessionJson.h"

#include "files/session/SessionJsonValues.h"

namespace wsi::log {

using namespace json;

namespace {

QString key(const char *name) { return QString::fromLatin1(name); }

QJsonObject certificateToJson(const net::CertificateInfo &c)
{
    return {{key("subject"), c.subject},
            {key("issuer"), c.issuer},
            {key("commonName"), c.commonName},
            {key("serialNumber"), c.serialNumber},
            {key("notBefore"), fromDateTime(c.notBefore)},
            {key("notAfter"), fromDateTime(c.notAfter)},
            {key("daysLeft"), fromInt64(c.daysLeft)},
            {key("subjectAltNames"), QJsonArray::fromStringList(c.subjectAltNames)},
            {key("publicKeyAlgorithm"), c.publicKeyAlgorithm},
            {key("publicKeyBits"), c.publicKeyBits},
            {key("signatureAlgorithm"), c.signatureAlgorithm},
            {key("sha256"), QString::fromLatin1(c.sha256.toHex())},
            {key("sha1"), QString::fromLatin1(c.sha1.toHex())},
            {key("keyUsage"), QJsonArray::fromStringList(c.keyUsage)},
            {key("extendedKeyUsage"), QJsonArray::fromStringList(c.extendedKeyUsage)},
            {key("basicConstraints"), c.basicConstraints},
            {key("issuerUrls"), QJsonArray::fromStringList(c.issuerUrls)},
            {key("isCa"), c.isCa},
            {key("selfSigned"), c.selfSigned},
            {key("fromTrustStore"), c.fromTrustStore},
            {key("errors"), QJsonArray::fromStringList(c.errors)},
            {key("pem"), fromBytes(c.pem)}};
}

net::CertificateInfo certificateFromJson(const QJsonObject &o)
{
    net::CertificateInfo c;
    c.subject = o.value(key("subject")).toString();
    c.issuer = o.value(key("issuer")).toString();
    c.commonName = o.value(key("commonName")).toString();
    c.serialNumber = o.value(key("serialNumber")).toString();
    c.notBefore = toDateTime(o.value(key("notBefore")));
    c.notAfter = toDateTime(o.value(key("notAfter")));
    c.daysLeft = toInt64(o.value(key("daysLeft")));
    c.subjectAltNames = toStringList(o.value(key("subjectAltNames")));
    c.publicKeyAlgorithm = o.value(key("publicKeyAlgorithm")).toString();
    c.publicKeyBits = toInt(o.value(key("publicKeyBits")));
    c.signatureAlgorithm = o.value(key("signatureAlgorithm")).toString();
    c.sha256 = QByteArray::fromHex(o.value(key("sha256")).toString().toLatin1());
    c.sha1 = QByteArray::fromHex(o.value(key("sha1")).toString().toLatin1());
    c.keyUsage = toStringList(o.value(key("keyUsage")));
    c.extendedKeyUsage = toStringList(o.value(key("extendedKeyUsage")));
    c.basicConstraints = o.value(key("basicConstraints")).toString();
    c.issuerUrls = toStringList(o.value(key("issuerUrls")));
    c.isCa = o.value(key("isCa")).toBool();
    c.selfSigned = o.value(key("selfSigned")).toBool();
    c.fromTrustStore = o.value(key("fromTrustStore")).toBool();
    c.errors = toStringList(o.value(key("errors")));
    c.pem = toBytes(o.value(key("pem")));
    return c;
}

QJsonObject issueToJson(const net::TlsIssue &issue)
{
    return {{key("verifyCode"), issue.verifyCode},
            {key("kind"), int(issue.kind)},
            {key("message"), issue.message},
            {key("certificateIndex"), issue.certificateIndex}};
}

net::TlsIssue issueFromJson(const QJsonObject &o)
{
    net::TlsIssue issue;
    // Older files kept Qt's error code as "code" instead; the message says it all the same.
    issue.verifyCode = toInt(o.value(key("verifyCode")), 0);
    issue.kind = toEnum(o.value(key("kind")), net::TlsFailure::Handshake, issue.kind);
    issue.message = o.value(key("message")).toString();
    issue.certificateIndex = toInt(o.value(key("certificateIndex")), -1);
    return issue;
}

} // namespace

QJsonObject tlsReportToJson(const net::TlsReport &r)
{
    QJsonArray chain;
    for (const net::CertificateInfo &info : r.chain)
        chain.append(certificateToJson(info));
    QJsonArray certificates;
    for (const QSslCertificate &certificate : r.certificates)
        certificates.append(QString::fromLatin1(certificate.toPem()));
    QJsonArray issues;
    for (const net::TlsIssue &issue : r.issues)
        issues.append(issueToJson(issue));
    return {{key("url"), r.url},
            {key("host"), r.host},
            {key("port"), int(r.port)},
            {key("sniName"), r.sniName},
            {key("verifyEnabled"), r.verifyEnabled},
            {key("securityLevel"), r.securityLevel},
            {key("handshakeCompleted"), r.handshakeCompleted},
            {key("protocol"), r.protocol},
            {key("cipher"), r.cipher},
            {key("cipherBits"), r.cipherBits},
            {key("keyExchange"), r.keyExchange},
            {key("chain"), chain},
            {key("certificates"), certificates},
            {key("issues"), issues},
            {key("handshakeError"), r.handshakeError},
            {key("verdict"), int(r.verdict)},
            {key("failure"), int(r.failure)},
            {key("message"), r.message}};
}

net::TlsReport tlsReportFromJson(const QJsonObject &o)
{
    net::TlsReport r;
    r.url = o.value(key("url")).toString();
    r.host = o.value(key("host")).toString();
    r.port = quint16(toInt(o.value(key("port"))));
    r.sniName = o.value(key("sniName")).toString();
    r.verifyEnabled = o.value(key("verifyEnabled")).toBool(true);
    r.securityLevel = toInt(o.value(key("securityLevel")), 0);
    r.handshakeCompleted = o.value(key("handshakeCompleted")).toBool();
    r.protocol = o.value(key("protocol")).toString();
    r.cipher = o.value(key("cipher")).toString();
    r.cipherBits = toInt(o.value(key("cipherBits")));
    r.keyExchange = o.value(key("keyExchange")).toString();
    for (const QJsonValue &value : o.value(key("chain")).toArray())
        r.chain.append(certificateFromJson(value.toObject()));
    for (const QJsonValue &value : o.value(key("certificates")).toArray()) {
        const QSslCertificate certificate(value.toString().toLatin1(), QSsl::Pem);
        if (!certificate.isNull())
            r.certificates.append(certificate);
    }
    for (const QJsonValue &value : o.value(key("issues")).toArray())
        r.issues.append(issueFromJson(value.toObject()));
    r.handshakeError = o.value(key("handshakeError")).toString();
    r.verdict = toEnum(o.value(key("verdict")), net::TlsVerdict::Failed, r.verdict);
    r.failure = toEnum(o.value(key("failure")), net::TlsFailure::Handshake, r.failure);
    r.message = o.value(key("message")).toString();
    return r;
}

} // namespace wsi::log
