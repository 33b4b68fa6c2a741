// SPDX-License-Identifier: MIT
// The TLS report: certificate fields read with OpenSSL, the chain completed to its root, the
// verdict and kontena-style messages; then real TLS connections over loopback with the
// certificates of support/TestCertificates, asserting the exact verdict and message for a
// valid chain, a self-signed, expired, not yet valid, wrong-host and unknown-CA leaf, with
// verification on and off, and mutual TLS.
#include "net/MetaTypes.h"
#include "support/ConnectionHarness.h"
#include "support/MiniProxy.h"
#include "support/MiniServer.h"
#include "support/TestCertificates.h"

#include <QCryptographicHash>
#include <QTest>

#include <memory>

#include <openssl/x509_vfy.h>

using namespace wsi::net;
using wsi::test::ConnectionHarness;
using wsi::test::MiniProxy;
using wsi::test::MiniServer;
using wsi::test::TestCertificates;
using wsi::test::TestIdentity;

namespace {

const QString Tests = QStringLiteral("O=wsinspect tests");

QString name(const char *commonName)
{
    return QStringLiteral("CN=") + QLatin1String(commonName) + QStringLiteral(", ") + Tests;
}

QString utc(const QDateTime &time)
{
    return time.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss 'UTC'"));
}

} // namespace

class TestTlsReport : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    // ---- certificate fields ------------------------------------------------------------
    void describesLeaf();
    void describesCas();
    void countsDaysLeft();
    void completesChainFromTrustedRoot();

    // ---- verdicts without a network ------------------------------------------------------
    void decidesVerdict_data();
    void decidesVerdict();
    void ordersIssuesBySignificance();
    void writesReadableText();

    // ---- over real TLS -------------------------------------------------------------------
    void verifiesOverTls_data();
    void verifiesOverTls();
    void capturesReportWhenVerificationFails();
    void insecureModeConnectsAndSaysWhy();
    void mutualTls();
    void reportOnlyStopsBeforeTheUpgrade();
    void tlsThroughConnectProxy();

private:
    std::unique_ptr<TestCertificates> m_certificates;
    MiniServer::Options tlsServer(const TestIdentity &identity) const;
    ConnectionOptions optionsFor(const QString &url, bool verify = true) const;
};

void TestTlsReport::initTestCase()
{
    registerMetaTypes();
    m_certificates = std::make_unique<TestCertificates>();
    QVERIFY2(m_certificates->isValid(), qPrintable(m_certificates->errorString()));
}

MiniServer::Options TestTlsReport::tlsServer(const TestIdentity &identity) const
{
    return MiniServer::tlsEcho(identity.chain, identity.key);
}

ConnectionOptions TestTlsReport::optionsFor(const QString &url, bool verify) const
{
    ConnectionOptions options;
    options.url = url;
    options.proxy.mode = ProxyMode::None;
    options.connectTimeoutMs = 5000;
    options.openTimeoutMs = 5000;
    options.tls.verify = verify;
    options.tls.caFile = m_certificates->rootFile;
    return options;
}

// ---- certificate fields ----------------------------------------------------------------

void TestTlsReport::describesLeaf()
{
    const QSslCertificate &certificate = m_certificates->leaf.certificate;
    const CertificateInfo info = CertificateInfo::describe(certificate);
    QCOMPARE(info.subject, name("localhost"));
    QCOMPARE(info.issuer, name("wsinspect test intermediate CA"));
    QCOMPARE(info.commonName, QStringLiteral("localhost"));
    QCOMPARE(info.subjectAltNames,
             (QStringList{QStringLiteral("DNS:localhost"), QStringLiteral("IP Address:127.0.0.1"), QStringLiteral("IP Address:::1")}));
    QCOMPARE(info.publicKeyAlgorithm, QStringLiteral("RSA"));
    QCOMPARE(info.publicKeyBits, 2048);
    QCOMPARE(info.signatureAlgorithm, QStringLiteral("ecdsa-with-SHA256")); // the intermediate's key is EC
    QCOMPARE(info.keyUsage, (QStringList{QStringLiteral("Digital Signature"), QStringLiteral("Key Encipherment")}));
    QCOMPARE(info.extendedKeyUsage, QStringList{QStringLiteral("TLS Web Server Authentication")});
    QCOMPARE(info.basicConstraints, QStringLiteral("CA:FALSE"));
    QVERIFY(!info.isCa);
    QVERIFY(!info.selfSigned);
    QCOMPARE(info.sha256, QCryptographicHash::hash(certificate.toDer(), QCryptographicHash::Sha256));
    QCOMPARE(info.sha1, QCryptographicHash::hash(certificate.toDer(), QCryptographicHash::Sha1));
    QCOMPARE(formatFingerprint(info.sha256).size(), 32 * 3 - 1);
    QCOMPARE(formatFingerprint(QByteArray("\x0a\xbc", 2)), QStringLiteral("0A:BC"));
    QCOMPARE(info.serialNumber, QString::fromLatin1(certificate.serialNumber()).toUpper());
    QCOMPARE(info.notAfter, certificate.expiryDate().toUTC());
    QCOMPARE(info.notBefore, certificate.effectiveDate().toUTC());
    QVERIFY(info.pem.startsWith("-----BEGIN CERTIFICATE-----"));
}

void TestTlsReport::describesCas()
{
    const CertificateInfo root = CertificateInfo::describe(m_certificates->root.certificate);
    QVERIFY(root.selfSigned);
    QVERIFY(root.isCa);
    QCOMPARE(root.basicConstraints, QStringLiteral("CA:TRUE"));
    QCOMPARE(root.subject, root.issuer);
    QCOMPARE(root.publicKeyAlgorithm, QStringLiteral("EC (prime256v1)"));
    QCOMPARE(root.publicKeyBits, 256);
    QCOMPARE(root.keyUsage, (QStringList{QStringLiteral("Certificate Sign"), QStringLiteral("CRL Sign")}));
    const CertificateInfo intermediate = CertificateInfo::describe(m_certificates->intermediate.certificate);
    QCOMPARE(intermediate.basicConstraints, QStringLiteral("CA:TRUE, pathlen:0"));
    QVERIFY(!intermediate.selfSigned);
    QVERIFY(isIssuedBy(m_certificates->intermediate.certificate, m_certificates->root.certificate));
    QVERIFY(!isIssuedBy(m_certificates->root.certificate, m_certificates->intermediate.certificate));
    const CertificateInfo client = CertificateInfo::describe(m_certificates->client.certificate);
    QCOMPARE(client.extendedKeyUsage, QStringList{QStringLiteral("TLS Web Client Authentication")});
}

void TestTlsReport::countsDaysLeft()
{
    const QSslCertificate &leaf = m_certificates->leaf.certificate;
    const QDateTime notAfter = leaf.expiryDate().toUTC();
    QCOMPARE(CertificateInfo::describe(leaf, notAfter.addDays(-10)).daysLeft, 10);
    QCOMPARE(CertificateInfo::describe(leaf, notAfter.addDays(-10).addSecs(1)).daysLeft, 9);
    QCOMPARE(CertificateInfo::describe(leaf, notAfter.addSecs(-3600)).daysLeft, 0);
    QCOMPARE(CertificateInfo::describe(leaf, notAfter.addSecs(3600)).daysLeft, -1);
    QCOMPARE(CertificateInfo::describe(leaf, notAfter.addDays(3)).daysLeft, -3);
    QCOMPARE(CertificateInfo::describe(m_certificates->expired.certificate).daysLeft, -1);
}

void TestTlsReport::completesChainFromTrustedRoot()
{
    TlsReport report;
    report.setChain(m_certificates->leaf.chain, {m_certificates->unknownCa.certificate, m_certificates->root.certificate});
    QCOMPARE(report.chain.size(), 3);
    QCOMPARE(report.chain.at(0).commonName, QStringLiteral("localhost"));
    QCOMPARE(report.chain.at(1).commonName, QStringLiteral("wsinspect test intermediate CA"));
    QCOMPARE(report.chain.at(2).commonName, QStringLiteral("wsinspect test root CA"));
    QVERIFY(!report.chain.at(1).fromTrustStore);
    QVERIFY(report.chain.at(2).fromTrustStore);
    QCOMPARE(report.certificates.size(), 3);
    // Not trusted: the chain stops where the peer's stopped.
    report.setChain(m_certificates->leaf.chain, QList<QSslCertificate>());
    QCOMPARE(report.chain.size(), 2);
}

// ---- verdicts without a network ----------------------------------------------------------

void TestTlsReport::decidesVerdict_data()
{
    QTest::addColumn<QString>("identity");
    QTest::addColumn<int>("error"); // OpenSSL's X509_V_ERR_*, X509_V_OK for none
    QTest::addColumn<bool>("verify");
    QTest::addColumn<int>("verdict");
    QTest::addColumn<int>("failure");
    QTest::addColumn<QString>("message");
    const QString leaf = name("localhost");
    const QString intermediate = name("wsinspect test intermediate CA");
    QTest::newRow("verified") << QStringLiteral("leaf") << X509_V_OK << true << int(TlsVerdict::Verified)
                              << int(TlsFailure::None)
                              << QStringLiteral("connected to wss://localhost:8443/ with verify: %1 (issuer %2)").arg(leaf, intermediate);
    QTest::newRow("no verify, no error") << QStringLiteral("leaf") << X509_V_OK << false
                                         << int(TlsVerdict::NotVerified) << int(TlsFailure::None)
                                         << QStringLiteral("connected to wss://localhost:8443/ without verify: %1 (issuer %2)").arg(leaf, intermediate);
    QTest::newRow("self-signed, verify") << QStringLiteral("selfSigned") << X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT << true
                                         << int(TlsVerdict::Failed) << int(TlsFailure::SelfSigned)
                                         << QStringLiteral("certificate verify failed: self-signed certificate (subject %1, issuer %1)").arg(leaf);
    QTest::newRow("self-signed, no verify") << QStringLiteral("selfSigned") << X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT << false
                                            << int(TlsVerdict::ConnectedWithErrors) << int(TlsFailure::SelfSigned)
                                            << QStringLiteral("connected to wss://localhost:8443/ with errors: self-signed certificate (subject %1, issuer %1)").arg(leaf);
    QTest::newRow("expired") << QStringLiteral("expired") << X509_V_ERR_CERT_HAS_EXPIRED << true << int(TlsVerdict::Failed)
                             << int(TlsFailure::Expired)
                             << QStringLiteral("certificate verify failed: certificate has expired (not after %1) (subject %2, issuer %3)")
                                    .arg(utc(m_certificates->expired.certificate.expiryDate()), leaf, intermediate);
    QTest::newRow("not yet valid") << QStringLiteral("notYetValid") << X509_V_ERR_CERT_NOT_YET_VALID << true
                                   << int(TlsVerdict::Failed) << int(TlsFailure::NotYetValid)
                                   << QStringLiteral("certificate verify failed: certificate is not yet valid (not before %1) (subject %2, issuer %3)")
                                          .arg(utc(m_certificates->notYetValid.certificate.effectiveDate()), leaf, intermediate);
    QTest::newRow("hostname mismatch") << QStringLiteral("wrongHost") << X509_V_ERR_HOSTNAME_MISMATCH << true
                                       << int(TlsVerdict::Failed) << int(TlsFailure::HostnameMismatch)
                                       << QStringLiteral("certificate verify failed: the certificate is for wrong.example (its subject alternative names); not for localhost (subject %1, issuer %2)")
                                              .arg(name("wrong.example"), intermediate);
    QTest::newRow("unknown CA") << QStringLiteral("unknownCa") << X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY << true
                                << int(TlsVerdict::Failed) << int(TlsFailure::UnknownCa)
                                << QStringLiteral("certificate verify failed: unknown CA: issuer \"%1\" is not trusted (subject %2, issuer %1)")
                                       .arg(name("unknown test root CA"), leaf);
}

void TestTlsReport::decidesVerdict()
{
    QFETCH(QString, identity);
    QFETCH(int, error);
    QFETCH(bool, verify);
    QFETCH(int, verdict);
    QFETCH(int, failure);
    QFETCH(QString, message);
    const QHash<QString, const TestIdentity *> identities = {
        {QStringLiteral("leaf"), &m_certificates->leaf},           {QStringLiteral("selfSigned"), &m_certificates->selfSigned},
        {QStringLiteral("expired"), &m_certificates->expired},     {QStringLiteral("notYetValid"), &m_certificates->notYetValid},
        {QStringLiteral("wrongHost"), &m_certificates->wrongHost}, {QStringLiteral("unknownCa"), &m_certificates->unknownCa},
    };
    const TestIdentity &chosen = *identities.value(identity);
    TlsReport report;
    report.url = QStringLiteral("wss://localhost:8443/");
    report.host = QStringLiteral("localhost");
    report.port = 8443;
    report.verifyEnabled = verify;
    report.handshakeCompleted = true;
    report.setChain(chosen.chain, QList<QSslCertificate>());
    if (error != X509_V_OK)
        report.addFindings({{error, chosen.certificate, true}});
    report.decide();
    QCOMPARE(int(report.verdict), verdict);
    QCOMPARE(int(report.failure), failure);
    QCOMPARE(report.message, message);
    QCOMPARE(report.allowsConnection(), verdict != int(TlsVerdict::Failed));
    if (error != X509_V_OK) {
        QVERIFY2(!report.chain.isEmpty(), "expected the leaf in the report's chain; it is empty");
        QCOMPARE(report.chain.first().errors.size(), 1);
        QCOMPARE(report.chain.first().errors.first(), report.failureReason());
    }
}

void TestTlsReport::ordersIssuesBySignificance()
{
    const TestIdentity &selfSigned = m_certificates->selfSigned;
    TlsReport report;
    report.host = QStringLiteral("other.example");
    report.handshakeCompleted = true;
    report.setChain(selfSigned.chain, QList<QSslCertificate>());
    report.addFindings({{X509_V_ERR_HOSTNAME_MISMATCH, selfSigned.certificate, true},
                        {X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT, selfSigned.certificate, true},
                        {X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT, selfSigned.certificate, true}}); // duplicates dropped
    report.decide();
    QCOMPARE(report.issues.size(), 2);
    QCOMPARE(report.failure, TlsFailure::SelfSigned);
    QCOMPARE(report.issues.at(1).kind, TlsFailure::HostnameMismatch);
    QCOMPARE(report.chain.first().errors.size(), 2);
}

void TestTlsReport::writesReadableText()
{
    TlsReport report;
    report.url = QStringLiteral("wss://localhost:8443/");
    report.host = QStringLiteral("localhost");
    report.sniName = QStringLiteral("localhost");
    report.handshakeCompleted = true;
    report.protocol = QStringLiteral("TLS 1.3");
    report.cipher = QStringLiteral("TLS_AES_256_GCM_SHA384");
    report.cipherBits = 256;
    report.setChain(m_certificates->expired.chain, {m_certificates->root.certificate});
    report.addFindings({{X509_V_ERR_CERT_HAS_EXPIRED, m_certificates->expired.certificate, true}});
    report.decide();
    const QString text = report.toText();
    QVERIFY(text.startsWith(QLatin1String("TLS report for wss://localhost:8443/\n")));
    QVERIFY(text.contains(QLatin1String("  verdict:            certificate verify failed: certificate has expired")));
    QVERIFY(text.contains(QLatin1String("  cipher:             TLS_AES_256_GCM_SHA384 (256 bits)\n")));
    QVERIFY(text.contains(QLatin1String("Certificate 0 (leaf)\n")));
    QVERIFY(text.contains(QLatin1String("Certificate 1 (intermediate)\n")));
    QVERIFY(text.contains(QLatin1String("Certificate 2 (root, from the trusted CAs)\n")));
    QVERIFY(text.contains(QLatin1String("(expired 1 days ago)")));
    QVERIFY(text.contains(QLatin1String("  error:              certificate has expired")));
    QVERIFY2(!report.chain.isEmpty(), qPrintable(text));
    QVERIFY(text.contains(QLatin1String("  SHA-256:            ") + formatFingerprint(report.chain.first().sha256)));
}

// ---- over real TLS -------------------------------------------------------------------------

void TestTlsReport::verifiesOverTls_data()
{
    QTest::addColumn<QString>("identity");
    QTest::addColumn<QString>("host");
    QTest::addColumn<int>("verdict");
    QTest::addColumn<QString>("reason"); // the failure's specific sentence; empty when verified
    QTest::newRow("valid chain by name") << QStringLiteral("leaf") << QStringLiteral("localhost") << int(TlsVerdict::Verified) << QString();
    QTest::newRow("valid chain by address") << QStringLiteral("leaf") << QStringLiteral("127.0.0.1") << int(TlsVerdict::Verified) << QString();
    QTest::newRow("self-signed") << QStringLiteral("selfSigned") << QStringLiteral("localhost") << int(TlsVerdict::Failed)
                                 << QStringLiteral("self-signed certificate");
    QTest::newRow("expired") << QStringLiteral("expired") << QStringLiteral("localhost") << int(TlsVerdict::Failed)
                             << QStringLiteral("certificate has expired (not after %1)").arg(utc(m_certificates->expired.certificate.expiryDate()));
    QTest::newRow("not yet valid") << QStringLiteral("notYetValid") << QStringLiteral("localhost") << int(TlsVerdict::Failed)
                                   << QStringLiteral("certificate is not yet valid (not before %1)")
                                          .arg(utc(m_certificates->notYetValid.certificate.effectiveDate()));
    QTest::newRow("wrong host") << QStringLiteral("wrongHost") << QStringLiteral("127.0.0.1") << int(TlsVerdict::Failed)
                                << QStringLiteral("the certificate is for wrong.example (its subject alternative names); not for the address 127.0.0.1");
    QTest::newRow("unknown CA") << QStringLiteral("unknownCa") << QStringLiteral("localhost") << int(TlsVerdict::Failed)
                                << QStringLiteral("unknown CA: issuer \"%1\" is not trusted").arg(name("unknown test root CA"));
}

void TestTlsReport::verifiesOverTls()
{
    QFETCH(QString, identity);
    QFETCH(QString, host);
    QFETCH(int, verdict);
    QFETCH(QString, reason);
    const QHash<QString, const TestIdentity *> identities = {
        {QStringLiteral("leaf"), &m_certificates->leaf},           {QStringLiteral("selfSigned"), &m_certificates->selfSigned},
        {QStringLiteral("expired"), &m_certificates->expired},     {QStringLiteral("notYetValid"), &m_certificates->notYetValid},
        {QStringLiteral("wrongHost"), &m_certificates->wrongHost}, {QStringLiteral("unknownCa"), &m_certificates->unknownCa},
    };
    const TestIdentity &chosen = *identities.value(identity);
    MiniServer server(tlsServer(chosen));
    QVERIFY(server.start());
    const QString url = server.url(QStringLiteral("/"), host);
    ConnectionHarness harness(optionsFor(url));
    harness.open();
    QVERIFY2(harness.waitFinished(3000) || harness.waitOpen(3000), qPrintable(harness.arrived()));
    WSI_COMPARE_ARRIVED(harness, tlsReports, 1);
    const TlsReport &report = harness.firstTlsReport();
    QVERIFY2(int(report.verdict) == verdict,
             qPrintable(QStringLiteral("expected verdict %1, got %2: ").arg(verdict).arg(int(report.verdict)) + report.message));
    QVERIFY2(!report.chain.isEmpty(), qPrintable(QStringLiteral("expected the server's certificates in the report; ") + harness.arrived()));
    const CertificateInfo &leaf = report.chain.first();
    if (verdict == int(TlsVerdict::Verified)) {
        QCOMPARE(report.message, QStringLiteral("connected to %1 with verify: %2 (issuer %3)").arg(url, leaf.subject, leaf.issuer));
        QVERIFY2(harness.waitOpen(), qPrintable(harness.arrived()));
        harness.thread().sendText("secure");
        QVERIFY2(harness.waitMessages(1), qPrintable(harness.arrived()));
        harness.thread().close();
        QVERIFY2(harness.waitFinished(), qPrintable(harness.arrived()));
        WSI_VERIFY_ARRIVED(harness, closes, 1);
        QVERIFY2(harness.firstClose().clean, qPrintable(harness.arrived()));
        QCOMPARE(report.chain.size(), 3);
        QVERIFY(report.chain.last().fromTrustStore);
        return;
    }
    QCOMPARE(report.message, QStringLiteral("certificate verify failed: %1 (subject %2, issuer %3)").arg(reason, leaf.subject, leaf.issuer));
    QVERIFY2(harness.waitFinished(), qPrintable(harness.arrived()));
    WSI_COMPARE_ARRIVED(harness, errors, 1);
    QCOMPARE(harness.firstError().phase, ErrorPhase::Tls);
    QCOMPARE(harness.firstErrorMessage(), report.message);
    QCOMPARE(harness.firstErrorId(), QStringLiteral("tls-") + QLatin1String(tlsFailureId(report.failure)));
    QVERIFY(!harness.firstError().hint.isEmpty());
    // Nothing of ours went to a server we do not trust.
    QVERIFY(server.lastRequest().isEmpty());
    QVERIFY(!harness.statesSeen().contains(ConnectionState::Upgrading));
}

void TestTlsReport::capturesReportWhenVerificationFails()
{
    MiniServer server(tlsServer(m_certificates->expired));
    QVERIFY(server.start());
    ConnectionHarness harness(optionsFor(server.url(QStringLiteral("/"), QStringLiteral("localhost"))));
    harness.open();
    QVERIFY2(harness.waitFinished(), qPrintable(harness.arrived()));
    WSI_COMPARE_ARRIVED(harness, tlsReports, 1);
    const TlsReport &report = harness.firstTlsReport();
    QVERIFY2(report.failure == TlsFailure::Expired, qPrintable(QStringLiteral("expected an expired leaf; ") + harness.arrived()));
    QVERIFY(report.handshakeCompleted);
    QCOMPARE(report.protocol, QStringLiteral("TLS 1.3"));
    QVERIFY(report.cipher.startsWith(QLatin1String("TLS_")));
    QVERIFY(report.cipherBits >= 128);
    QCOMPARE(report.sniName, QStringLiteral("localhost"));
    QVERIFY2(report.chain.size() == 3, qPrintable(QStringLiteral("expected leaf, intermediate and root; ") + harness.arrived()));
    QVERIFY(report.chain.first().daysLeft < 0);
    QVERIFY(!report.chain.first().errors.isEmpty());
    QVERIFY(report.chain.at(1).errors.isEmpty());
}

void TestTlsReport::insecureModeConnectsAndSaysWhy()
{
    MiniServer server(tlsServer(m_certificates->selfSigned));
    QVERIFY(server.start());
    const QString url = server.url();
    ConnectionHarness harness(optionsFor(url, false));
    harness.open();
    QVERIFY2(harness.waitOpen(), qPrintable(harness.arrived()));
    WSI_COMPARE_ARRIVED(harness, tlsReports, 1);
    const TlsReport &report = harness.firstTlsReport();
    QCOMPARE(report.verdict, TlsVerdict::ConnectedWithErrors);
    const QString subject = name("localhost");
    QCOMPARE(report.message, QStringLiteral("connected to %1 with errors: self-signed certificate (subject %2, issuer %2)").arg(url, subject));
    QCOMPARE(report.sniName, QString()); // an address: no SNI
    harness.thread().sendText("anyway");
    QVERIFY2(harness.waitMessages(1), qPrintable(harness.arrived()));
    harness.thread().close();
    QVERIFY2(harness.waitFinished(), qPrintable(harness.arrived()));
    QVERIFY2(harness.errors.isEmpty(), qPrintable(harness.arrived()));
}

void TestTlsReport::mutualTls()
{
    MiniServer::Options serverOptions = tlsServer(m_certificates->leaf);
    serverOptions.requireClientCertificate = true;
    serverOptions.clientCas = {m_certificates->root.certificate};
    MiniServer server(serverOptions);
    QVERIFY(server.start());
    const QString url = server.url(QStringLiteral("/"), QStringLiteral("localhost"));

    ConnectionOptions withCertificate = optionsFor(url);
    withCertificate.tls.clientCertificate = m_certificates->client.certificateFile;
    withCertificate.tls.clientKey = m_certificates->client.keyFile;
    ConnectionHarness accepted(withCertificate);
    accepted.open();
    QVERIFY2(accepted.waitOpen(), qPrintable(accepted.arrived()));
    accepted.thread().close();
    QVERIFY2(accepted.waitFinished(), qPrintable(accepted.arrived()));
    WSI_VERIFY_ARRIVED(accepted, closes, 1);
    QVERIFY2(accepted.firstClose().clean, qPrintable(accepted.arrived()));

    ConnectionHarness refused(optionsFor(url));
    refused.open();
    QVERIFY2(refused.waitFinished(), qPrintable(refused.arrived()));
    WSI_VERIFY_ARRIVED(refused, errors, 1);
    QVERIFY2(refused.firstError().hint.contains(QLatin1String("client certificate")), qPrintable(refused.firstError().hint));
    QVERIFY(!refused.statesSeen().contains(ConnectionState::Open));
    WSI_VERIFY_ARRIVED(refused, closes, 1);
    QVERIFY(!refused.firstClose().clean);
}

void TestTlsReport::reportOnlyStopsBeforeTheUpgrade()
{
    MiniServer server(tlsServer(m_certificates->leaf));
    QVERIFY(server.start());
    ConnectionOptions options = optionsFor(server.url(QStringLiteral("/"), QStringLiteral("localhost")));
    options.tlsReportOnly = true;
    ConnectionHarness harness(options);
    harness.open();
    QVERIFY2(harness.waitFinished(), qPrintable(harness.arrived()));
    WSI_COMPARE_ARRIVED(harness, tlsReports, 1);
    QVERIFY2(harness.firstTlsReport().verdict == TlsVerdict::Verified, qPrintable(harness.arrived()));
    QVERIFY2(harness.errors.isEmpty(), qPrintable(harness.arrived()));
    WSI_VERIFY_ARRIVED(harness, closes, 1);
    QVERIFY2(harness.firstClose().clean, qPrintable(harness.arrived()));
    QVERIFY(!harness.statesSeen().contains(ConnectionState::Upgrading));
    QTest::qWait(50);
    QVERIFY(server.lastRequest().isEmpty());
}

void TestTlsReport::tlsThroughConnectProxy()
{
    MiniServer server(tlsServer(m_certificates->leaf));
    QVERIFY(server.start());
    MiniProxy proxy;
    QVERIFY(proxy.start());
    ConnectionOptions options = optionsFor(server.url(QStringLiteral("/"), QStringLiteral("localhost")));
    options.proxy.mode = ProxyMode::HttpConnect;
    options.proxy.url = proxy.url();
    ConnectionHarness harness(options);
    harness.open();
    QVERIFY2(harness.waitOpen(), qPrintable(harness.arrived()));
    // Verified against the URL's host, not the proxy's.
    WSI_COMPARE_ARRIVED(harness, tlsReports, 1);
    QVERIFY2(harness.firstTlsReport().verdict == TlsVerdict::Verified, qPrintable(harness.arrived()));
    QCOMPARE(harness.firstTlsReport().sniName, QStringLiteral("localhost"));
    QVERIFY2(!proxy.requests().isEmpty(), "expected the CONNECT request at the proxy; it saw none");
    QVERIFY(proxy.requests().first().startsWith(QStringLiteral("CONNECT localhost:%1 ").arg(server.serverPort()).toLatin1()));
    harness.thread().close();
    QVERIFY(harness.waitFinished());
}

QTEST_GUILESS_MAIN(TestTlsReport)
#include "tst_tlsreport.moc"
