// SPDX-License-Identifier: MIT
// The interception CA (engine/net/tls/LocalCertificateAuthority): made on first use in its
// folder with the key file 0600, loaded again the second time (the same certificate),
// regenerated on demand (a different one); its leaves verify against ca.pem with the
// openssl command (chain and host name checks, as a TLS client does), a wrong name does
// not, IP addresses go in an IP SAN, and a host's leaf is cached.
#include "net/tls/LocalCertificateAuthority.h"

#include <QCryptographicHash>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using namespace wsi;

namespace {

// `openssl verify` of `leaf` against `caFile`, with extra checks (-verify_hostname ...);
// its exit code and what it printed.
std::pair<int, QString> opensslVerify(const QString &caFile, const QSslCertificate &leaf, const QStringList &checks,
                                      const QString &dir)
{
    const QString leafFile = dir + QStringLiteral("/leaf.pem");
    QFile file(leafFile);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return {-1, QStringLiteral("cannot write ") + leafFile};
    file.write(leaf.toPem());
    file.close();
    QProcess openssl;
    openssl.setProcessChannelMode(QProcess::MergedChannels);
    openssl.start(QStringLiteral("openssl"),
                  QStringList{QStringLiteral("verify"), QStringLiteral("-x509_strict"), QStringLiteral("-purpose"),
                              QStringLiteral("sslserver"), QStringLiteral("-CAfile"), caFile}
                      + checks + QStringList{leafFile});
    if (!openssl.waitForFinished(20000))
        return {-1, QStringLiteral("openssl did not finish")};
    return {openssl.exitCode(), QString::fromLocal8Bit(openssl.readAll())};
}

} // namespace

class TestLocalCertificateAuthority : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void createsTheCaOnFirstUseWithAPrivateKeyFile();
    void loadsTheSameCaTheSecondTime();
    void regenerateMakesANewCa();
    void refusesAnIncompleteCa();
    void leavesVerifyAgainstCaPemWithTheirHostName();
    void leavesForAddressesCarryAnIpSan();
    void leavesAreCachedPerHost();
    void spkiHashMatchesOpenssl();

private:
    bool m_haveOpenssl = false;
};

void TestLocalCertificateAuthority::initTestCase()
{
    m_haveOpenssl = !QStandardPaths::findExecutable(QStringLiteral("openssl")).isEmpty();
}

void TestLocalCertificateAuthority::createsTheCaOnFirstUseWithAPrivateKeyFile()
{
    QTemporaryDir dir;
    const QString caDir = dir.path() + QStringLiteral("/nested/ca");
    net::LocalCertificateAuthority ca(caDir);
    QVERIFY2(ca.load(), qPrintable(ca.errorString()));
    QVERIFY(ca.created());
    QVERIFY(QFileInfo::exists(caDir + QStringLiteral("/ca.pem")));
    struct stat keyStat {};
    QCOMPARE(::stat(QFile::encodeName(caDir + QStringLiteral("/ca.key")).constData(), &keyStat), 0);
    QCOMPARE(int(keyStat.st_mode & 0777), 0600);
    struct stat dirStat {};
    QCOMPARE(::stat(QFile::encodeName(caDir).constData(), &dirStat), 0);
    QCOMPARE(int(dirStat.st_mode & 0077), 0); // nobody else lists or reads the folder
    QVERIFY(ca.certificate().subjectInfo(QSslCertificate::CommonName).value(0).contains(QLatin1String("wsinspect")));
    QVERIFY(ca.certificate().isSelfSigned());
    QVERIFY(ca.certificate().expiryDate() > QDateTime::currentDateTimeUtc().addYears(5));
}

void TestLocalCertificateAuthority::loadsTheSameCaTheSecondTime()
{
    QTemporaryDir dir;
    net::LocalCertificateAuthority first(dir.path());
    QVERIFY2(first.load(), qPrintable(first.errorString()));
    net::LocalCertificateAuthority second(dir.path());
    QVERIFY2(second.load(), qPrintable(second.errorString()));
    QVERIFY(!second.created());
    QCOMPARE(second.certificate(), first.certificate());
}

void TestLocalCertificateAuthority::regenerateMakesANewCa()
{
    QTemporaryDir dir;
    net::LocalCertificateAuthority ca(dir.path());
    QVERIFY(ca.load());
    const QSslCertificate before = ca.certificate();
    QVERIFY(ca.leafFor(QStringLiteral("a.example")).ok());
    QCOMPARE(ca.cachedLeaves(), 1);
    QVERIFY2(ca.regenerate(), qPrintable(ca.errorString()));
    QVERIFY(ca.certificate() != before);
    QCOMPARE(ca.cachedLeaves(), 0); // leaves of the old CA are gone
    struct stat keyStat {};
    QCOMPARE(::stat(QFile::encodeName(ca.keyPath()).constData(), &keyStat), 0);
    QCOMPARE(int(keyStat.st_mode & 0777), 0600);
    QCOMPARE(ca.leafFor(QStringLiteral("a.example")).chain.value(1), ca.certificate());
}

void TestLocalCertificateAuthority::refusesAnIncompleteCa()
{
    QTemporaryDir dir;
    net::LocalCertificateAuthority ca(dir.path());
    QVERIFY(ca.load());
    QVERIFY(QFile::remove(ca.keyPath()));
    net::LocalCertificateAuthority again(dir.path());
    QVERIFY(!again.load());
    QVERIFY2(again.errorString().contains(QLatin1String("ca.key is missing")), qPrintable(again.errorString()));
}

void TestLocalCertificateAuthority::leavesVerifyAgainstCaPemWithTheirHostName()
{
    if (!m_haveOpenssl)
        QSKIP("the openssl command is not installed (Debian: openssl)");
    QTemporaryDir dir;
    net::LocalCertificateAuthority ca(dir.path());
    QVERIFY(ca.load());
    const net::MintedLeaf leaf = ca.leafFor(QStringLiteral("chat.example.test"));
    QVERIFY2(leaf.ok(), qPrintable(leaf.error));
    QCOMPARE(leaf.chain.size(), 2);
    QCOMPARE(leaf.chain.at(1), ca.certificate());
    QVERIFY(leaf.chain.at(0).expiryDate() < QDateTime::currentDateTimeUtc().addDays(net::LocalCertificateAuthority::LeafValidityDays + 1));
    const auto good = opensslVerify(ca.certificatePath(), leaf.chain.at(0),
                                    {QStringLiteral("-verify_hostname"), QStringLiteral("chat.example.test")}, dir.path());
    QVERIFY2(good.first == 0, qPrintable(good.second));
    const auto wrongName = opensslVerify(ca.certificatePath(), leaf.chain.at(0),
                                         {QStringLiteral("-verify_hostname"), QStringLiteral("other.example.test")}, dir.path());
    QVERIFY2(wrongName.first != 0 && wrongName.second.contains(QLatin1String("hostname mismatch")), qPrintable(wrongName.second));
}

void TestLocalCertificateAuthority::leavesForAddressesCarryAnIpSan()
{
    if (!m_haveOpenssl)
        QSKIP("the openssl command is not installed (Debian: openssl)");
    QTemporaryDir dir;
    net::LocalCertificateAuthority ca(dir.path());
    QVERIFY(ca.load());
    const net::MintedLeaf v4 = ca.leafFor(QStringLiteral("127.0.0.1"));
    QVERIFY2(v4.ok(), qPrintable(v4.error));
    const auto good = opensslVerify(ca.certificatePath(), v4.chain.at(0), {QStringLiteral("-verify_ip"), QStringLiteral("127.0.0.1")}, dir.path());
    QVERIFY2(good.first == 0, qPrintable(good.second));
    const net::MintedLeaf v6 = ca.leafFor(QStringLiteral("[::1]"));
    QVERIFY2(v6.ok(), qPrintable(v6.error));
    const auto v6check = opensslVerify(ca.certificatePath(), v6.chain.at(0), {QStringLiteral("-verify_ip"), QStringLiteral("::1")}, dir.path());
    QVERIFY2(v6check.first == 0, qPrintable(v6check.second));
}

void TestLocalCertificateAuthority::leavesAreCachedPerHost()
{
    QTemporaryDir dir;
    net::LocalCertificateAuthority ca(dir.path());
    QVERIFY(ca.load());
    const net::MintedLeaf first = ca.leafFor(QStringLiteral("Cache.Example"));
    const net::MintedLeaf again = ca.leafFor(QStringLiteral("cache.example"));
    const net::MintedLeaf other = ca.leafFor(QStringLiteral("other.example"));
    QCOMPARE(again.chain.at(0), first.chain.at(0));
    QVERIFY(other.chain.at(0) != first.chain.at(0));
    QCOMPARE(ca.cachedLeaves(), 2);
}

void TestLocalCertificateAuthority::spkiHashMatchesOpenssl()
{
    if (!m_haveOpenssl)
        QSKIP("the openssl command is not installed (Debian: openssl)");
    QTemporaryDir dir;
    net::LocalCertificateAuthority ca(dir.path());
    QVERIFY(ca.load());
    // openssl x509 -pubkey | openssl pkey -pubin -outform der | sha256 | base64
    QProcess x509;
    x509.start(QStringLiteral("openssl"), {QStringLiteral("x509"), QStringLiteral("-in"), ca.certificatePath(), QStringLiteral("-noout"), QStringLiteral("-pubkey")});
    QVERIFY(x509.waitForFinished(20000));
    QProcess pkey;
    pkey.start(QStringLiteral("openssl"), {QStringLiteral("pkey"), QStringLiteral("-pubin"), QStringLiteral("-outform"), QStringLiteral("der")});
    QVERIFY(pkey.waitForStarted(20000));
    pkey.write(x509.readAllStandardOutput());
    pkey.closeWriteChannel();
    QVERIFY(pkey.waitForFinished(20000));
    const QByteArray der = pkey.readAllStandardOutput();
    QVERIFY(!der.isEmpty());
    QCOMPARE(ca.spkiSha256Base64(), QCryptographicHash::hash(der, QCryptographicHash::Sha256).toBase64());
}

QTEST_GUILESS_MAIN(TestLocalCertificateAuthority)
#include "tst_localcertificateauthority.moc"
