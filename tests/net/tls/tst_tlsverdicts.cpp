// SPDX-License-Identifier: MIT
// TLS verdicts in their own words (engine/net/tls): host names by RFC 6125 (a common name
// does not count when DNS names are listed), every OpenSSL verify result and every TLS alert
// named, a 1024-bit key, a chain without its intermediate, TLS 1.3's certificate_required, a
// port without TLS, and a certificate whose key is another's. Over loopback, with the
// certificates of support/TestCertificates made at run time.
#include "net/echo/EchoServer.h"
#include "net/echo/EchoServerTls.h"
#include "net/tls/ChainVerifier.h"
#include "net/tls/HandshakeFailure.h"
#include "net/tls/HostnameCheck.h"
#include "net/tls/TlsAlerts.h"
#include "net/tls/TlsConfiguration.h"
#include "net/tls/VerifyErrorText.h"
#include "support/ConnectionTestOptions.h"
#include "support/OpenSslTestServer.h"
#include "support/TestCertificates.h"

#include <QSet>

#include <openssl/x509_vfy.h>

#include <memory>

using wsi::test::OpenSslTestServer;
using wsi::test::TestCertificates;
using wsi::test::TestIdentity;

namespace {

const QString Intermediate = QStringLiteral("CN=wsinspect test intermediate CA, O=wsinspect tests");
const QString Localhost = QStringLiteral("CN=localhost, O=wsinspect tests");

bool hasIpv6Loopback()
{
    QTcpServer probe;
    return probe.listen(QHostAddress::LocalHostIPv6);
}

} // namespace

class TestTlsVerdicts : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    // ---- without a network ---------------------------------------------------------------
    void hostNamesFollowRfc6125_data();
    void hostNamesFollowRfc6125();
    void everyVerifyResultHasItsOwnWords();
    void everyAlertHasItsName();
    void handshakeFailuresReadFromOpenSslCodes();

    // ---- over loopback ---------------------------------------------------------------------
    void commonNameDoesNotCountBesideDnsNames();
    void subjectAltNamesPass_data();
    void subjectAltNamesPass();
    void smallKeyIsNamedWithTheLevel();
    void missingIntermediateIsNamedOnce();
    void certificateRequiredAlertIsNamed();
    void plainPortDoesNotSpeakTls();
    void keyOfAnotherCertificateIsRefused();

private:
    ConnectionOptions trusting(const QString &url) const;
    std::unique_ptr<TestCertificates> m_certificates;
};

void TestTlsVerdicts::initTestCase()
{
    registerMetaTypes();
    m_certificates = std::make_unique<TestCertificates>();
    QVERIFY2(m_certificates->isValid(), qPrintable(m_certificates->errorString()));
}

// A client trusting the test root, with short timeouts.
ConnectionOptions TestTlsVerdicts::trusting(const QString &url) const
{
    ConnectionOptions options = optionsFor(url);
    options.tls.caFile = m_certificates->rootFile;
    return options;
}

// ---- without a network -------------------------------------------------------------------

void TestTlsVerdicts::hostNamesFollowRfc6125_data()
{
    QTest::addColumn<QString>("identity");
    QTest::addColumn<QString>("host");
    QTest::addColumn<bool>("matches");
    QTest::newRow("common name beside other DNS names") << "commonNameOnly" << "localhost" << false;
    QTest::newRow("one of its DNS names") << "commonNameOnly" << "wrong.example" << true;
    QTest::newRow("DNS name") << "leaf" << "localhost" << true;
    QTest::newRow("IPv4 address") << "leaf" << "127.0.0.1" << true;
    QTest::newRow("IPv6 address") << "leaf" << "::1" << true;
    QTest::newRow("an address it does not list") << "leaf" << "127.0.0.2" << false;
    QTest::newRow("wildcard, one label") << "wildcard" << "api.other.test" << true;
    QTest::newRow("wildcard, two labels") << "wildcard" << "a.b.other.test" << false;
    QTest::newRow("wildcard, no label") << "wildcard" << "other.test" << false;
    QTest::newRow("wildcard's address") << "wildcard" << "127.0.0.1" << true;
}

void TestTlsVerdicts::hostNamesFollowRfc6125()
{
    QFETCH(QString, identity);
    QFETCH(QString, host);
    QFETCH(bool, matches);
    const QHash<QString, const TestIdentity *> identities = {{QStringLiteral("commonNameOnly"), &m_certificates->commonNameOnly},
                                                              {QStringLiteral("leaf"), &m_certificates->leaf},
                                                              {QStringLiteral("wildcard"), &m_certificates->wildcard}};
    QCOMPARE(certificateMatchesHost(identities.value(identity)->certificate, host), matches);
}

// OpenSSL 3.0 defines results 1 to 94: each has a sentence of ours, not OpenSSL's fallback.
void TestTlsVerdicts::everyVerifyResultHasItsOwnWords()
{
    const CertificateInfo leaf = CertificateInfo::describe(m_certificates->leaf.certificate);
    VerifyErrorContext context;
    context.certificate = &leaf;
    context.host = QStringLiteral("localhost");
    QSet<QString> sentences;
    for (int code = X509_V_ERR_UNSPECIFIED; code <= X509_V_ERR_EC_KEY_EXPLICIT_PARAMS; ++code) {
        const VerifyErrorText text = describeVerifyError(code, context);
        QVERIFY2(!text.message.isEmpty() && !text.message.contains(QLatin1String("X509_V_ERR"))
                     && !text.message.contains(QLatin1String("Unknown error")),
                 qPrintable(QStringLiteral("result %1: %2").arg(code).arg(text.message)));
        sentences.insert(text.message);
    }
    // Results that say the same of the same certificate share their sentence: the three ways
    // of "its issuer is unknown", a name and an address mismatch, and a small key (a leaf's
    // or a CA's, told apart by which certificate it is).
    QCOMPARE(sentences.size(), X509_V_ERR_EC_KEY_EXPLICIT_PARAMS - 2 - 1 - 1);
    QCOMPARE(describeVerifyError(4242, context).message,
             QStringLiteral("the server's certificate failed OpenSSL's verification: unknown certificate verification error "
                            "(X509_V_ERR 4242)"));
}

void TestTlsVerdicts::everyAlertHasItsName()
{
    // RFC 8446 section 6 and RFC 5246 section 7.2.
    const QList<int> numbers = {0,  10, 20, 21, 22, 30, 40, 41, 42, 43, 44,  45,  46,  47,  48,  49,  50,
                                51, 60, 70, 71, 80, 86, 90, 100, 109, 110, 112, 113, 115, 116, 120};
    for (int number : numbers)
        QVERIFY2(tlsAlert(number).isKnown(), qPrintable(QString::number(number)));
    QCOMPARE(describeTlsAlert(116),
             QStringLiteral("TLS alert 116 (certificate_required): the server requires a client certificate and none was sent"));
    QCOMPARE(describeTlsAlert(200), QStringLiteral("TLS alert 200, which no TLS RFC defines"));
    QCOMPARE(tlsAlertAdvice(116, false), TlsAlertAdvice::ClientCertificate);
    QCOMPARE(tlsAlertAdvice(48, true), TlsAlertAdvice::OtherClientCertificate);
    QCOMPARE(tlsAlertAdvice(42, false), TlsAlertAdvice::ClientCertificate); // bad_certificate when none was sent
    QCOMPARE(tlsAlertHintForCli(TlsAlertAdvice::ClientCertificate),
             QStringLiteral("give a client certificate and its key: --cert FILE --key FILE"));
}

void TestTlsVerdicts::handshakeFailuresReadFromOpenSslCodes()
{
    const HandshakeFailure plain =
        classifyHandshakeFailure(QStringLiteral("Error during SSL handshake: error:0A00010B:SSL routines::wrong version number"));
    QCOMPARE(plain.kind, HandshakeFailure::Kind::NotTls);
    QCOMPARE(plain.reason, QStringLiteral("wrong version number"));
    // SSL_R_TLSV13_ALERT_CERTIFICATE_REQUIRED is SSL_AD_REASON_OFFSET + 116 = 0x45C.
    const HandshakeFailure alert =
        classifyHandshakeFailure(QStringLiteral("error:0A00045C:SSL routines::tlsv13 alert certificate required"));
    QCOMPARE(alert.kind, HandshakeFailure::Kind::Alert);
    QCOMPARE(alert.alert, 116);
    QCOMPARE(classifyHandshakeFailure(QStringLiteral("The remote host closed the connection")).kind,
             HandshakeFailure::Kind::Other);
}

// ---- over loopback -------------------------------------------------------------------------

void TestTlsVerdicts::commonNameDoesNotCountBesideDnsNames()
{
    MiniServer server(MiniServer::tlsEcho(m_certificates->commonNameOnly.chain, m_certificates->commonNameOnly.key));
    QVERIFY(server.start());
    ConnectionHarness harness(trusting(server.url(QStringLiteral("/"), QStringLiteral("localhost"))));
    harness.open();
    QVERIFY2(harness.waitFinished(), qPrintable(harness.arrived()));
    WSI_COMPARE_ARRIVED(harness, tlsReports, 1);
    const TlsReport &report = harness.firstTlsReport();
    QCOMPARE(report.verdict, TlsVerdict::Failed);
    QCOMPARE(report.failure, TlsFailure::HostnameMismatch);
    QCOMPARE(report.failureReason(),
             QStringLiteral("the certificate is for wrong.example, *.other.test (its subject alternative names); not for "
                            "localhost. Its common name is localhost, but a certificate with DNS names is matched by those "
                            "alone (RFC 6125 section 6.4.4)"));
    QCOMPARE(harness.firstErrorId(), QStringLiteral("tls-hostname-mismatch"));
    QVERIFY(harness.firstErrorMessage().contains(report.failureReason()));
    QVERIFY(server.lastRequest().isEmpty()); // nothing of ours went to it
}

void TestTlsVerdicts::subjectAltNamesPass_data()
{
    QTest::addColumn<QString>("identity");
    QTest::addColumn<QString>("host");
    QTest::newRow("DNS name") << "leaf" << "localhost";
    QTest::newRow("IPv4 address") << "leaf" << "127.0.0.1";
    QTest::newRow("IPv6 address") << "leaf" << "::1";
    QTest::newRow("wildcard's address") << "wildcard" << "127.0.0.1";
}

void TestTlsVerdicts::subjectAltNamesPass()
{
    QFETCH(QString, identity);
    QFETCH(QString, host);
    const bool ipv6 = host.contains(QLatin1Char(':'));
    if (ipv6 && !hasIpv6Loopback())
        QSKIP("this machine has no IPv6 loopback");
    const TestIdentity &chosen = identity == QLatin1String("leaf") ? m_certificates->leaf : m_certificates->wildcard;
    MiniServer server(MiniServer::tlsEcho(chosen.chain, chosen.key));
    QVERIFY(server.start(ipv6 ? QHostAddress::LocalHostIPv6 : QHostAddress::LocalHost));
    const QString url = QStringLiteral("wss://%1:%2/").arg(ipv6 ? QStringLiteral("[::1]") : host).arg(server.serverPort());
    ConnectionHarness harness(trusting(url));
    harness.open();
    QVERIFY2(harness.waitOpen(), qPrintable(harness.arrived()));
    QCOMPARE(harness.firstTlsReport().verdict, TlsVerdict::Verified);
    harness.thread().sendText("named");
    QVERIFY2(harness.waitMessages(1), qPrintable(harness.arrived()));
    harness.thread().close();
    QVERIFY2(harness.waitFinished(), qPrintable(harness.arrived()));
    QVERIFY2(harness.errors.isEmpty(), qPrintable(harness.arrived()));
}

void TestTlsVerdicts::smallKeyIsNamedWithTheLevel()
{
    const int level = defaultSecurityLevel();
    if (level < 2)
        QSKIP("OpenSSL's security level here accepts a 1024-bit RSA key");
    OpenSslTestServer server({m_certificates->weakKey.certificateFile, m_certificates->weakKey.keyFile, 0, QString()});
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    ConnectionHarness harness(trusting(server.url(QStringLiteral("localhost"))));
    harness.open();
    QVERIFY2(harness.waitFinished(), qPrintable(harness.arrived()));
    const TlsReport &report = harness.firstTlsReport();
    QCOMPARE(report.failure, TlsFailure::WeakCrypto);
    QCOMPARE(report.failureReason(), QStringLiteral("the server's RSA key is 1024 bits; OpenSSL's security level %1 requires "
                                                    "at least %2")
                                         .arg(level)
                                         .arg(minimumKeyBits(level, false)));
    QCOMPARE(harness.firstErrorId(), QStringLiteral("tls-weak-crypto"));
}

void TestTlsVerdicts::missingIntermediateIsNamedOnce()
{
    const TestIdentity &leaf = m_certificates->withIssuerUrl;
    QCOMPARE(leaf.chain.size(), 1); // served without its intermediate
    MiniServer server(MiniServer::tlsEcho(leaf.chain, leaf.key));
    QVERIFY(server.start());
    ConnectionHarness harness(trusting(server.url(QStringLiteral("/"), QStringLiteral("localhost"))));
    harness.open();
    QVERIFY2(harness.waitFinished(), qPrintable(harness.arrived()));
    const TlsReport &report = harness.firstTlsReport();
    QCOMPARE(report.failure, TlsFailure::IncompleteChain);
    const QString reason = QStringLiteral("the server did not send the intermediate certificate \"%1\" that issued \"%2\": "
                                          "its chain is incomplete (the CA publishes it at %3)")
                               .arg(Intermediate, Localhost, QLatin1String(TestCertificates::IssuerUrl));
    QCOMPARE(report.failureReason(), reason);
    // OpenSSL reports the unknown issuer and the unverifiable leaf: one sentence for both.
    QCOMPARE(report.chain.first().errors, QStringList{reason});
    QCOMPARE(report.toText().count(reason), 2); // the verdict and the leaf's error line
    QCOMPARE(harness.firstErrorId(), QStringLiteral("tls-incomplete-chain"));
    WSI_COMPARE_ARRIVED(harness, errors, 1);
}

void TestTlsVerdicts::certificateRequiredAlertIsNamed()
{
    OpenSslTestServer::Options serverOptions{m_certificates->leaf.certificateFile, m_certificates->leaf.keyFile, 0,
                                             m_certificates->rootFile};
    OpenSslTestServer server(serverOptions);
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    const QString url = server.url(QStringLiteral("localhost"));

    ConnectionHarness refused(trusting(url));
    refused.open();
    QVERIFY2(refused.waitFinished(), qPrintable(refused.arrived()));
    QCOMPARE(refused.firstTlsReport().protocol, QStringLiteral("TLS 1.3")); // the alert comes after our handshake
    QVERIFY2(refused.firstErrorId() == QLatin1String("tls-alert"), qPrintable(refused.arrived()));
    QCOMPARE(refused.firstError().tlsAlert, 116);
    QCOMPARE(refused.firstErrorMessage(), describeTlsAlert(116));
    QCOMPARE(refused.firstError().hint, QStringLiteral("give a client certificate and its key: --cert FILE --key FILE"));
    QVERIFY(!refused.statesSeen().contains(ConnectionState::Open));

    ConnectionOptions withCertificate = trusting(url);
    withCertificate.tls.clientCertificate = m_certificates->client.certificateFile;
    withCertificate.tls.clientKey = m_certificates->client.keyFile;
    ConnectionHarness accepted(withCertificate);
    accepted.open();
    QVERIFY2(accepted.waitOpen(), qPrintable(accepted.arrived()));
    QVERIFY2(accepted.errors.isEmpty(), qPrintable(accepted.arrived()));
    accepted.thread().abort();
    QVERIFY2(accepted.waitFinished(), qPrintable(accepted.arrived()));
}

void TestTlsVerdicts::plainPortDoesNotSpeakTls()
{
    MiniServer::Options options;
    options.behaviour = MiniServer::Behaviour::CannedAtOnce;
    options.canned = "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
    MiniServer server(options);
    QVERIFY(server.start());
    const QString url = QStringLiteral("wss://127.0.0.1:%1/chat").arg(server.serverPort());
    ConnectionHarness harness(trusting(url));
    harness.open();
    QVERIFY2(harness.waitFinished(), qPrintable(harness.arrived()));
    QCOMPARE(harness.firstErrorId(), QStringLiteral("not-tls"));
    QCOMPARE(harness.firstErrorMessage(),
             QStringLiteral("TLS handshake with 127.0.0.1:%1 failed: this port does not speak TLS: it answered the "
                            "handshake with something else (OpenSSL: wrong version number)")
                 .arg(server.serverPort()));
    QCOMPARE(harness.firstError().hint, QStringLiteral("try ws://127.0.0.1:%1/chat").arg(server.serverPort()));
    WSI_COMPARE_ARRIVED(harness, errors, 1);
}

void TestTlsVerdicts::keyOfAnotherCertificateIsRefused()
{
    EchoServerOptions options;
    options.tls = true;
    options.port = 0;
    options.certificateFile = m_certificates->leaf.certificateFile;
    options.keyFile = m_certificates->client.keyFile;
    const QString expected = QStringLiteral("the key in %1 does not belong to the certificate in %2 (their public keys "
                                            "differ): give the key the certificate was made with")
                                 .arg(options.keyFile, options.certificateFile);
    QCOMPARE(loadEchoServerTls(options).error, expected);
    EchoServer server;
    server.setOptions(options);
    QVERIFY(!server.start());
    QVERIFY2(server.lastError().contains(expected), qPrintable(server.lastError()));

    // The client's own certificate and key are checked the same way, before connecting.
    TlsOptions client;
    client.caFile = m_certificates->rootFile;
    client.clientCertificate = m_certificates->client.certificateFile;
    client.clientKey = m_certificates->leaf.keyFile;
    QCOMPARE(makeTlsSetup(client).error,
             QStringLiteral("client key \"%1\" does not belong to the client certificate \"%2\" (their public keys differ)")
                 .arg(client.clientKey, client.clientCertificate));
}

QTEST_GUILESS_MAIN(TestTlsVerdicts)
#include "tst_tlsverdicts.moc"
