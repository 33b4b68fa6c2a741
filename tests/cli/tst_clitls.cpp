// SPDX-License-Identifier: MIT
// The real wsinspect-cli binary meeting TLS servers that fail in each way a user meets them,
// over loopback with certificates made at run time: a common name that does not count beside
// DNS names, SANs that do (address, wildcard), a 1024-bit key, a chain without its
// intermediate, TLS 1.3's certificate_required, a port without TLS, and `serve` given a key
// that is not its certificate's. Each failure is one reason and its hint, printed once.
#include "support/CliRun.h"
#include "support/MiniServer.h"
#include "support/OpenSslTestServer.h"
#include "support/TestCertificates.h"

#include "net/tls/ChainVerifier.h"

#include <QTest>

#include <memory>

using wsi::test::CliResult;
using wsi::test::MiniServer;
using wsi::test::OpenSslTestServer;
using wsi::test::runCli;
using wsi::test::TestCertificates;
using wsi::test::TestIdentity;

namespace {

const QString Leaf = QStringLiteral("CN=localhost, O=wsinspect tests");
const QString Intermediate = QStringLiteral("CN=wsinspect test intermediate CA, O=wsinspect tests");

} // namespace

class TestCliTls : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void commonNameBesideOtherNamesFails();
    void subjectAltNamesPass_data();
    void subjectAltNamesPass();
    void smallKeyIsNamed();
    void missingIntermediateIsSaidOnce();
    void certificateRequiredAlertIsNamedWithTheFlags();
    void plainPortSuggestsWs();
    void serveRefusesAKeyOfAnotherCertificate();

private:
    std::unique_ptr<MiniServer> tlsServer(const TestIdentity &identity) const;
    QStringList connect(const QString &url) const;
    std::unique_ptr<TestCertificates> m_certificates;
};

void TestCliTls::initTestCase()
{
    m_certificates = std::make_unique<TestCertificates>();
    QVERIFY2(m_certificates->isValid(), qPrintable(m_certificates->errorString()));
}

std::unique_ptr<MiniServer> TestCliTls::tlsServer(const TestIdentity &identity) const
{
    auto server = std::make_unique<MiniServer>(MiniServer::tlsEcho(identity.chain, identity.key));
    return server->start() ? std::move(server) : nullptr;
}

QStringList TestCliTls::connect(const QString &url) const
{
    return {QStringLiteral("connect"), url, QStringLiteral("--ca-file"), m_certificates->rootFile};
}

void TestCliTls::commonNameBesideOtherNamesFails()
{
    const auto server = tlsServer(m_certificates->commonNameOnly);
    QVERIFY(server);
    const QString url = server->url(QStringLiteral("/"), QStringLiteral("localhost"));
    const QString reason = QStringLiteral(
        "the certificate is for wrong.example, *.other.test (its subject alternative names); not for localhost. Its common "
        "name is localhost, but a certificate with DNS names is matched by those alone (RFC 6125 section 6.4.4)");
    const CliResult connected = runCli(connect(url), "hello\n");
    QCOMPARE(connected.exitCode, 1);
    QCOMPARE(QString::fromUtf8(connected.err),
             QStringLiteral("wsinspect-cli: certificate verify failed: %1 (subject %2, issuer %3)\n"
                            "  hint: connect with a name the certificate lists, or use --insecure\n")
                 .arg(reason, Leaf, Intermediate));
    QVERIFY(server->lastRequest().isEmpty());

    const CliResult cert = runCli({QStringLiteral("cert"), url, QStringLiteral("--ca-file"), m_certificates->rootFile});
    QCOMPARE(cert.exitCode, 1);
    QVERIFY2(cert.out.contains(QByteArray("  error:              " + reason.toUtf8() + "\n")), cert.out.constData());
    QVERIFY(!cert.out.contains("with verify"));
}

void TestCliTls::subjectAltNamesPass_data()
{
    QTest::addColumn<bool>("wildcard");
    QTest::addColumn<QString>("host");
    QTest::newRow("DNS name") << false << "localhost";
    QTest::newRow("address") << false << "127.0.0.1";
    QTest::newRow("wildcard certificate's address") << true << "127.0.0.1";
}

void TestCliTls::subjectAltNamesPass()
{
    QFETCH(bool, wildcard);
    QFETCH(QString, host);
    const auto server = tlsServer(wildcard ? m_certificates->wildcard : m_certificates->leaf);
    QVERIFY(server);
    const CliResult result = runCli(connect(server->url(QStringLiteral("/"), host)), "through\n");
    QCOMPARE(result.exitCode, 0);
    QCOMPARE(result.out, QByteArray("through\n"));
    QVERIFY2(result.err.isEmpty(), result.err.constData());
}

void TestCliTls::smallKeyIsNamed()
{
    const int level = wsi::net::defaultSecurityLevel();
    if (level < 2)
        QSKIP("OpenSSL's security level here accepts a 1024-bit RSA key");
    OpenSslTestServer server({m_certificates->weakKey.certificateFile, m_certificates->weakKey.keyFile, 0, QString()});
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    const CliResult result = runCli(connect(server.url(QStringLiteral("localhost"))));
    QCOMPARE(result.exitCode, 1);
    const QByteArray sentence = QStringLiteral("the server's RSA key is 1024 bits; OpenSSL's security level %1 requires at least 2048")
                                    .arg(level)
                                    .toUtf8();
    QVERIFY2(result.err.startsWith(QByteArray("wsinspect-cli: certificate verify failed: " + sentence)), result.err.constData());
    QCOMPARE(result.err.count(sentence), 1);
}

void TestCliTls::missingIntermediateIsSaidOnce()
{
    const auto server = tlsServer(m_certificates->withIssuerUrl); // the leaf alone
    QVERIFY(server);
    const QString url = server->url(QStringLiteral("/"), QStringLiteral("localhost"));
    const QByteArray sentence = QStringLiteral("the server did not send the intermediate certificate \"%1\" that issued \"%2\": "
                                               "its chain is incomplete (the CA publishes it at %3)")
                                    .arg(Intermediate, Leaf, QLatin1String(TestCertificates::IssuerUrl))
                                    .toUtf8();
    for (const QStringList &extra : {QStringList(), QStringList{QStringLiteral("-v")}}) {
        const CliResult result = runCli(connect(url) + extra);
        QCOMPARE(result.exitCode, 1);
        QVERIFY2(result.err.count(sentence) == 1, result.err.constData());
        QVERIFY(result.err.contains("  hint: the server must send its intermediate certificates with its own"));
        QVERIFY(!result.err.contains("unknown CA"));
    }
    const CliResult cert = runCli({QStringLiteral("cert"), url, QStringLiteral("--ca-file"), m_certificates->rootFile});
    QCOMPARE(cert.exitCode, 1);
    QCOMPARE(cert.out.count(QByteArray("  error:              " + sentence + "\n")), 1);
    QVERIFY(cert.out.contains(QByteArray(QByteArray("  issuer's URL (AIA): ") + TestCertificates::IssuerUrl + "\n")));
}

void TestCliTls::certificateRequiredAlertIsNamedWithTheFlags()
{
    OpenSslTestServer server({m_certificates->leaf.certificateFile, m_certificates->leaf.keyFile, 0, m_certificates->rootFile});
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    const QString url = server.url(QStringLiteral("localhost"));
    const CliResult refused = runCli(connect(url));
    QCOMPARE(refused.exitCode, 1);
    QCOMPARE(refused.err, QByteArray("wsinspect-cli: TLS alert 116 (certificate_required): the server requires a client "
                                     "certificate and none was sent\n"
                                     "  hint: give a client certificate and its key: --cert FILE --key FILE\n"));

    // With one, the handshake and the upgrade go through; the server says nothing more.
    const CliResult accepted = runCli(connect(url) + QStringList{QStringLiteral("--cert"), m_certificates->client.certificateFile,
                                                                 QStringLiteral("--key"), m_certificates->client.keyFile,
                                                                 QStringLiteral("-v"), QStringLiteral("--close-timeout"),
                                                                 QStringLiteral("0.2")});
    QVERIFY2(accepted.err.contains("< HTTP/1.1 101 Switching Protocols\n"), accepted.err.constData());
    QVERIFY(!accepted.err.contains("tls-alert"));
}

void TestCliTls::plainPortSuggestsWs()
{
    MiniServer::Options options;
    options.behaviour = MiniServer::Behaviour::CannedAtOnce;
    options.canned = "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
    MiniServer server(options);
    QVERIFY(server.start());
    const QString port = QString::number(server.serverPort());
    const CliResult result = runCli({QStringLiteral("connect"), QStringLiteral("wss://127.0.0.1:%1/chat").arg(port)});
    QCOMPARE(result.exitCode, 1);
    QCOMPARE(QString::fromUtf8(result.err),
             QStringLiteral("wsinspect-cli: TLS handshake with 127.0.0.1:%1 failed: this port does not speak TLS: it "
                            "answered the handshake with something else (OpenSSL: wrong version number)\n"
                            "  hint: try ws://127.0.0.1:%1/chat\n")
                 .arg(port));
}

void TestCliTls::serveRefusesAKeyOfAnotherCertificate()
{
    const QString certificate = m_certificates->leaf.certificateFile;
    const QString key = m_certificates->client.keyFile;
    const CliResult result = runCli({QStringLiteral("serve"), QStringLiteral("--port"), QStringLiteral("0"),
                                     QStringLiteral("--cert"), certificate, QStringLiteral("--key"), key},
                                    QByteArray(), 5000);
    QVERIFY2(result.finished, "serve kept running with a key that is not its certificate's");
    QVERIFY(result.exitCode != 0);
    QVERIFY(result.out.isEmpty()); // no URL: nothing listens
    QCOMPARE(QString::fromUtf8(result.err),
             QStringLiteral("wsinspect-cli serve: the key in %1 does not belong to the certificate in %2 (their public keys "
                            "differ): give the key the certificate was made with\n")
                 .arg(key, certificate));
}

QTEST_GUILESS_MAIN(TestCliTls)
#include "tst_clitls.moc"
