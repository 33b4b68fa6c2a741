// SPDX-License-Identifier: MIT
// The certificate panel's wording and colours, from hand-made CertificateInfo values.
#include "ui/panels/certificate/CertificateFormatting.h"
#include "ui/window/Theme.h"

#include <QPalette>
#include <QTest>
#include <QTimeZone>

using namespace wsi;
namespace CF = wsi::ui::CertificateFormatting;
using wsi::ui::Validity;

namespace {

const QDateTime Now(QDate(2025, 6, 1), QTime(12, 0), QTimeZone::utc());

net::CertificateInfo certificate(qint64 daysLeft, qint64 startedDaysAgo = 100)
{
    net::CertificateInfo info;
    info.commonName = QStringLiteral("localhost");
    info.subject = QStringLiteral("CN=localhost, O=wsinspect");
    info.notBefore = Now.addDays(-startedDaysAgo);
    info.notAfter = Now.addDays(daysLeft);
    info.daysLeft = daysLeft;
    return info;
}

} // namespace

class TestCertificateFormatting : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void validity_data();
    void validity();
    void wrapHex_data();
    void wrapHex();
    void roles();
    void suggestedFileNames_data();
    void suggestedFileNames();
    void keyAndSession();
    void pemOfChain();
};

void TestCertificateFormatting::validity_data()
{
    QTest::addColumn<qint64>("daysLeft");
    QTest::addColumn<qint64>("startedDaysAgo");
    QTest::addColumn<int>("state");
    QTest::addColumn<int>("tone");
    QTest::addColumn<QString>("text");
    QTest::newRow("a year left") << 365ll << 100ll << int(Validity::Valid) << int(ui::Tone::Neutral) << QStringLiteral("365 days left");
    QTest::newRow("exactly 30 days left") << 30ll << 100ll << int(Validity::Valid) << int(ui::Tone::Neutral) << QStringLiteral("30 days left");
    QTest::newRow("29 days left warns") << 29ll << 100ll << int(Validity::ExpiresSoon) << int(ui::Tone::Warning) << QStringLiteral("29 days left");
    QTest::newRow("one day left") << 1ll << 100ll << int(Validity::ExpiresSoon) << int(ui::Tone::Warning) << QStringLiteral("1 day left");
    QTest::newRow("expires today") << 0ll << 100ll << int(Validity::ExpiresSoon) << int(ui::Tone::Warning) << QStringLiteral("expires today");
    QTest::newRow("expired yesterday") << -1ll << 100ll << int(Validity::Expired) << int(ui::Tone::Error) << QStringLiteral("expired 1 day ago");
    QTest::newRow("expired 40 days ago") << -40ll << 100ll << int(Validity::Expired) << int(ui::Tone::Error) << QStringLiteral("expired 40 days ago");
    QTest::newRow("starts in ten days") << 375ll << -10ll << int(Validity::NotYetValid) << int(ui::Tone::Error) << QStringLiteral("not valid until 2025-06-11");
}

void TestCertificateFormatting::validity()
{
    QFETCH(qint64, daysLeft);
    QFETCH(qint64, startedDaysAgo);
    QFETCH(int, state);
    QFETCH(int, tone);
    QFETCH(QString, text);
    const net::CertificateInfo info = certificate(daysLeft, startedDaysAgo);
    QCOMPARE(int(CF::validity(info, Now)), state);
    QCOMPARE(int(CF::validityTone(CF::validity(info, Now))), tone);
    QCOMPARE(CF::daysLeftText(info, Now), text);
}

void TestCertificateFormatting::wrapHex_data()
{
    QTest::addColumn<QString>("hex");
    QTest::addColumn<QString>("wrapped");
    QTest::newRow("two bytes stay on one line") << QStringLiteral("12:34") << QStringLiteral("12:34");
    QTest::newRow("sixteen bytes stay on one line")
        << QStringLiteral("00:01:02:03:04:05:06:07:08:09:0A:0B:0C:0D:0E:0F") << QStringLiteral("00:01:02:03:04:05:06:07:08:09:0A:0B:0C:0D:0E:0F");
    QTest::newRow("SHA-1 in two halves of ten")
        << QStringLiteral("00:01:02:03:04:05:06:07:08:09:0A:0B:0C:0D:0E:0F:10:11:12:13")
        << QStringLiteral("00:01:02:03:04:05:06:07:08:09:\n0A:0B:0C:0D:0E:0F:10:11:12:13");
    const QString sha256 = QStringLiteral("AA:").repeated(31) + QStringLiteral("BB");
    QTest::newRow("SHA-256 in two halves of sixteen")
        << sha256 << QStringLiteral("AA:").repeated(15) + QStringLiteral("AA:\n") + QStringLiteral("AA:").repeated(15) + QStringLiteral("BB");
    QTest::newRow("empty") << QString() << QString();
}

void TestCertificateFormatting::wrapHex()
{
    QFETCH(QString, hex);
    QFETCH(QString, wrapped);
    QCOMPARE(CF::wrapHex(hex), wrapped);
}

void TestCertificateFormatting::roles()
{
    net::TlsReport report;
    report.chain = {certificate(90), certificate(900), certificate(3000)};
    report.chain[2].selfSigned = true;
    QCOMPARE(CF::roleText(report, 0), QStringLiteral("leaf"));
    QCOMPARE(CF::roleText(report, 1), QStringLiteral("intermediate"));
    QCOMPARE(CF::roleText(report, 2), QStringLiteral("root"));
    report.chain[2].fromTrustStore = true;
    QCOMPARE(CF::roleText(report, 2), QStringLiteral("root, from the trusted CAs"));
    report.chain = {certificate(90)};
    report.chain[0].selfSigned = true;
    QCOMPARE(CF::roleText(report, 0), QStringLiteral("leaf, self-signed"));
    net::CertificateInfo noName;
    noName.subject = QStringLiteral("O=Nameless");
    QCOMPARE(CF::displayName(noName), QStringLiteral("O=Nameless"));
    QCOMPARE(CF::displayName(net::CertificateInfo()), QStringLiteral("(no subject)"));
}

void TestCertificateFormatting::suggestedFileNames_data()
{
    QTest::addColumn<QString>("commonName");
    QTest::addColumn<int>("index");
    QTest::addColumn<QString>("fileName");
    QTest::newRow("leaf by its name") << QStringLiteral("echo.example.com") << 0 << QStringLiteral("echo.example.com.pem");
    QTest::newRow("wildcard and spaces replaced") << QStringLiteral("*.example.com CA/1") << 0 << QStringLiteral("_.example.com_CA_1.pem");
    QTest::newRow("whole chain by host") << QStringLiteral("ignored") << -1 << QStringLiteral("localhost-chain.pem");
}

void TestCertificateFormatting::suggestedFileNames()
{
    QFETCH(QString, commonName);
    QFETCH(int, index);
    QFETCH(QString, fileName);
    net::TlsReport report;
    report.host = QStringLiteral("localhost");
    report.chain = {certificate(90)};
    report.chain[0].commonName = commonName;
    QCOMPARE(CF::suggestedFileName(report, index), fileName);
}

void TestCertificateFormatting::keyAndSession()
{
    net::CertificateInfo info;
    info.publicKeyAlgorithm = QStringLiteral("EC (prime256v1)");
    info.publicKeyBits = 256;
    QCOMPARE(CF::publicKeyText(info), QStringLiteral("EC (prime256v1), 256 bits"));
    net::TlsReport report;
    QCOMPARE(CF::cipherText(report), QStringLiteral("—"));
    report.cipher = QStringLiteral("TLS_AES_128_GCM_SHA256");
    QCOMPARE(CF::cipherText(report), QStringLiteral("TLS_AES_128_GCM_SHA256"));
    report.cipherBits = 128;
    QCOMPARE(CF::cipherText(report), QStringLiteral("TLS_AES_128_GCM_SHA256 (128 bits)"));
    QCOMPARE(CF::sniText(report), QStringLiteral("(none: the host is an address)"));
    report.sniName = QStringLiteral("echo.local");
    QCOMPARE(CF::sniText(report), QStringLiteral("echo.local"));
    QCOMPARE(CF::listText({}), QStringLiteral("—"));
    QCOMPARE(CF::listText({QStringLiteral("a"), QStringLiteral("b")}), QStringLiteral("a\nb"));
    QCOMPARE(CF::timeText(Now), QStringLiteral("2025-06-01 12:00:00 UTC"));
    QCOMPARE(CF::timeText(QDateTime()), QStringLiteral("—"));

    QPalette light;
    light.setColor(QPalette::Base, Qt::white);
    light.setColor(QPalette::WindowText, Qt::black);
    QCOMPARE(CF::toneColor(ui::Tone::Error, light), ui::Theme::errorColor(light));
    QCOMPARE(CF::toneColor(ui::Tone::Warning, light), ui::Theme::warningColor(light));
    QCOMPARE(CF::toneColor(ui::Tone::Ok, light), ui::Theme::okColor(light));
    QCOMPARE(CF::toneColor(ui::Tone::Neutral, light), QColor(Qt::black));
}

void TestCertificateFormatting::pemOfChain()
{
    net::TlsReport report;
    report.chain = {certificate(1), certificate(2)};
    report.chain[0].pem = "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n";
    report.chain[1].pem = "-----BEGIN CERTIFICATE-----\nBBBB\n-----END CERTIFICATE-----\n";
    QCOMPARE(CF::pem(report, 1), report.chain[1].pem);
    QCOMPARE(CF::pem(report, -1), report.chain[0].pem + report.chain[1].pem);
    QCOMPARE(CF::pem(report, 5), QByteArray());
}

QTEST_MAIN(TestCertificateFormatting)
#include "tst_certificateformatting.moc"
