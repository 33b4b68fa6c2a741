// SPDX-License-Identifier: MIT
// The certificate panel driven with real TLS reports: a root, an intermediate and a leaf
// made at test time with the openssl CLI, described by the network layer's own
// TlsReport::setChain/addErrors/decide, then shown, selected, exported and copied.
#include "ui/panels/certificate/CertificateFieldsView.h"
#include "ui/panels/certificate/CertificateFormatting.h"
#include "ui/panels/certificate/CertificatePanel.h"
#include "ui/window/Theme.h"

#include <QApplication>
#include <QClipboard>
#include <QDir>
#include <QFile>
#include <QFontMetrics>
#include <QLabel>
#include <QProcess>
#include <QPushButton>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

#include <openssl/x509_vfy.h>

using namespace wsi;
using wsi::ui::CertificateFieldsView;
using wsi::ui::CertificatePanel;
namespace CF = wsi::ui::CertificateFormatting;

namespace {

// Runs openssl with a bounded wait; the process is killed if it overruns.
bool runOpenssl(const QString &directory, const QStringList &arguments, QString *error)
{
    QProcess process;
    process.setWorkingDirectory(directory);
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(QStringLiteral("openssl"), arguments);
    if (!process.waitForFinished(30000)) {
        process.kill();
        process.waitForFinished(5000);
        *error = QStringLiteral("openssl %1 timed out").arg(arguments.join(QLatin1Char(' ')));
        return false;
    }
    if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0) {
        *error = QStringLiteral("openssl %1: %2").arg(arguments.join(QLatin1Char(' ')), QString::fromLocal8Bit(process.readAll()));
        return false;
    }
    return true;
}

bool writeFile(const QString &path, const QByteArray &data)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(data) == data.size();
}

// root CA (RSA, 10 years) -> intermediate (EC P-256, CA pathlen 0, 5 years) -> leaf
// (RSA 2048, localhost + 127.0.0.1, serverAuth, 20 days: inside the 30-day warning).
struct Chain {
    QSslCertificate root;
    QSslCertificate intermediate;
    QSslCertificate leaf;
    QString error;
};

Chain makeChain(const QString &dir)
{
    Chain chain;
    QString &error = chain.error;
    const auto run = [&](const QStringList &arguments) { return error.isEmpty() && runOpenssl(dir, arguments, &error); };
    writeFile(dir + QStringLiteral("/ca.ext"), "basicConstraints=critical,CA:TRUE,pathlen:0\nkeyUsage=critical,keyCertSign,cRLSign\n");
    writeFile(dir + QStringLiteral("/leaf.ext"),
              "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\n"
              "extendedKeyUsage=serverAuth\nsubjectAltName=DNS:localhost,IP:127.0.0.1\n");
    run({QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"), QStringLiteral("rsa:2048"),
         QStringLiteral("-nodes"), QStringLiteral("-keyout"), QStringLiteral("root.key"), QStringLiteral("-out"),
         QStringLiteral("root.pem"), QStringLiteral("-days"), QStringLiteral("3650"), QStringLiteral("-subj"),
         QStringLiteral("/O=wsinspect/CN=wsinspect test root CA"), QStringLiteral("-addext"),
         QStringLiteral("basicConstraints=critical,CA:TRUE"), QStringLiteral("-addext"),
         QStringLiteral("keyUsage=critical,keyCertSign,cRLSign")});
    run({QStringLiteral("req"), QStringLiteral("-newkey"), QStringLiteral("ec"), QStringLiteral("-pkeyopt"),
         QStringLiteral("ec_paramgen_curve:prime256v1"), QStringLiteral("-nodes"), QStringLiteral("-keyout"),
         QStringLiteral("int.key"), QStringLiteral("-out"), QStringLiteral("int.csr"), QStringLiteral("-subj"),
         QStringLiteral("/O=wsinspect/CN=wsinspect test intermediate")});
    run({QStringLiteral("x509"), QStringLiteral("-req"), QStringLiteral("-in"), QStringLiteral("int.csr"),
         QStringLiteral("-CA"), QStringLiteral("root.pem"), QStringLiteral("-CAkey"), QStringLiteral("root.key"),
         QStringLiteral("-set_serial"), QStringLiteral("4660"), QStringLiteral("-days"), QStringLiteral("1825"),
         QStringLiteral("-extfile"), QStringLiteral("ca.ext"), QStringLiteral("-out"), QStringLiteral("int.pem")});
    run({QStringLiteral("req"), QStringLiteral("-newkey"), QStringLiteral("rsa:2048"), QStringLiteral("-nodes"),
         QStringLiteral("-keyout"), QStringLiteral("leaf.key"), QStringLiteral("-out"), QStringLiteral("leaf.csr"),
         QStringLiteral("-subj"), QStringLiteral("/O=wsinspect/CN=localhost")});
    run({QStringLiteral("x509"), QStringLiteral("-req"), QStringLiteral("-in"), QStringLiteral("leaf.csr"),
         QStringLiteral("-CA"), QStringLiteral("int.pem"), QStringLiteral("-CAkey"), QStringLiteral("int.key"),
         QStringLiteral("-set_serial"), QStringLiteral("0x1F2E3D4C5B6A79881F2E3D4C5B6A7988"), QStringLiteral("-days"),
         QStringLiteral("20"), QStringLiteral("-extfile"), QStringLiteral("leaf.ext"), QStringLiteral("-out"),
         QStringLiteral("leaf.pem")});
    if (!error.isEmpty())
        return chain;
    const auto load = [&](const char *name) {
        const QList<QSslCertificate> list = QSslCertificate::fromPath(dir + QLatin1Char('/') + QLatin1String(name));
        return list.isEmpty() ? QSslCertificate() : list.first();
    };
    chain.root = load("root.pem");
    chain.intermediate = load("int.pem");
    chain.leaf = load("leaf.pem");
    if (chain.root.isNull() || chain.intermediate.isNull() || chain.leaf.isNull())
        error = QStringLiteral("could not read the certificates openssl wrote");
    return chain;
}

// A completed handshake to wss://localhost:9443 that sent leaf + intermediate; the root
// comes from the trusted CAs. `now` decides the days left; `errors` the verdict.
net::TlsReport makeReport(const Chain &chain, const QList<int> &errors = {},
                          bool verify = true, const QDateTime &now = QDateTime::currentDateTimeUtc())
{
    net::TlsReport report;
    report.url = QStringLiteral("wss://localhost:9443/feed");
    report.host = QStringLiteral("localhost");
    report.port = 9443;
    report.sniName = QStringLiteral("localhost");
    report.verifyEnabled = verify;
    report.handshakeCompleted = true;
    report.protocol = QStringLiteral("TLS 1.3");
    report.cipher = QStringLiteral("TLS_AES_256_GCM_SHA384");
    report.cipherBits = 256;
    report.setChain({chain.leaf, chain.intermediate}, {chain.root}, now);
    QVector<net::VerifyFinding> findings;
    for (int code : errors)
        findings.append({code, chain.leaf, true});
    report.addFindings(findings);
    report.decide();
    return report;
}

QLabel *label(const QWidget &widget, const char *name)
{
    return widget.findChild<QLabel *>(QLatin1String(name));
}

// By the glyphs' widths: some monospace fonts (Noto Sans Mono) do not say they are.
bool isMonospace(const QFont &font)
{
    const QFontMetrics metrics(font);
    return metrics.horizontalAdvance(QStringLiteral("iiii1111")) == metrics.horizontalAdvance(QStringLiteral("MMMMWWWW"));
}

QColor foreground(const QLabel *label)
{
    return label->palette().color(QPalette::WindowText);
}

QPalette darkPalette()
{
    QPalette palette;
    palette.setColor(QPalette::Window, QColor(0x1f, 0x23, 0x28));
    palette.setColor(QPalette::WindowText, QColor(0xe6, 0xed, 0xf3));
    palette.setColor(QPalette::Base, QColor(0x16, 0x1b, 0x22));
    palette.setColor(QPalette::AlternateBase, QColor(0x1c, 0x21, 0x28));
    palette.setColor(QPalette::Text, QColor(0xe6, 0xed, 0xf3));
    palette.setColor(QPalette::Button, QColor(0x2a, 0x30, 0x37));
    palette.setColor(QPalette::ButtonText, QColor(0xe6, 0xed, 0xf3));
    palette.setColor(QPalette::Highlight, QColor(0x1f, 0x6f, 0xeb));
    palette.setColor(QPalette::PlaceholderText, QColor(0x8b, 0x94, 0x9e));
    palette.setColor(QPalette::Mid, QColor(0x30, 0x36, 0x3d));
    return palette;
}

} // namespace

class TestCertificatePanel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void emptyStates();
    void verifiedChainAsTree();
    void fieldsOfTheLeaf();
    void selectingAnotherCertificate();
    void expiredLeafInRed();
    void notYetValidInRed();
    void severalErrorsAsAList();
    void narrowDockIsCompact();
    void verdicts_data();
    void verdicts();
    void handshakeFailedWithoutCertificates();
    void exportPem_data();
    void exportPem();
    void copyFingerprint();
    void darkPaletteColours();
    void screenshots();

private:
    QTemporaryDir m_dir;
    Chain m_chain;
};

void TestCertificatePanel::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_chain = makeChain(m_dir.path());
    QVERIFY2(m_chain.error.isEmpty(), qPrintable(m_chain.error));
}

void TestCertificatePanel::emptyStates()
{
    CertificatePanel panel;
    QVERIFY(!panel.hasReport());
    QCOMPARE(label(panel, "emptyState")->text(), QStringLiteral("No certificate yet: connect to a wss:// URL"));

    net::TlsReport plain; // verdict NotTls: a ws:// connection
    panel.setReport(plain);
    QVERIFY(!panel.hasReport());
    QCOMPARE(label(panel, "emptyState")->text(), QStringLiteral("Not a TLS connection"));

    panel.setReport(makeReport(m_chain));
    QVERIFY(panel.hasReport());
    QVERIFY(!label(panel, "emptyState")->isVisibleTo(&panel));
    panel.clear();
    QVERIFY(!panel.hasReport());
    QCOMPARE(panel.selectedIndex(), -1);
    QCOMPARE(label(panel, "emptyState")->text(), QStringLiteral("No certificate yet: connect to a wss:// URL"));
}

void TestCertificatePanel::verifiedChainAsTree()
{
    CertificatePanel panel;
    panel.setReport(makeReport(m_chain));
    QCOMPARE(label(panel, "verdictTitle")->text(), QStringLiteral("✔ Verified"));
    QCOMPARE(foreground(label(panel, "verdictTitle")), ui::Theme::okColor(panel.palette()));
    QVERIFY(label(panel, "verdictMessage")->text().startsWith(QStringLiteral("connected to wss://localhost:9443/feed with verify")));
    QCOMPARE(label(panel, "protocol")->text(), QStringLiteral("TLS 1.3"));
    QCOMPARE(label(panel, "cipher")->text(), QStringLiteral("TLS_AES_256_GCM_SHA384 (256 bits)"));
    QCOMPARE(label(panel, "sni")->text(), QStringLiteral("localhost"));
    QCOMPARE(label(panel, "verification")->text(), QStringLiteral("on"));

    // Leaf on top, each issuer the child of what it signed.
    const auto *tree = panel.findChild<QTreeWidget *>(QStringLiteral("chain"));
    QVERIFY(tree);
    QCOMPARE(tree->topLevelItemCount(), 1);
    const QTreeWidgetItem *leaf = tree->topLevelItem(0);
    QCOMPARE(leaf->text(0), QStringLiteral("localhost"));
    QCOMPARE(leaf->text(1), QStringLiteral("leaf"));
    QCOMPARE(leaf->childCount(), 1);
    const QTreeWidgetItem *intermediate = leaf->child(0);
    QCOMPARE(intermediate->text(0), QStringLiteral("wsinspect test intermediate"));
    QCOMPARE(intermediate->text(1), QStringLiteral("intermediate"));
    QCOMPARE(intermediate->childCount(), 1);
    const QTreeWidgetItem *root = intermediate->child(0);
    QCOMPARE(root->text(0), QStringLiteral("wsinspect test root CA"));
    QCOMPARE(root->text(1), QStringLiteral("root, from the trusted CAs"));
    QVERIFY(root->isExpanded() || root->childCount() == 0);
    QVERIFY(intermediate->isExpanded());
    QCOMPARE(panel.selectedIndex(), 0);
    QCOMPARE(tree->currentItem(), leaf);
    // 20-day leaf: the warning colour in the tree too.
    QCOMPARE(leaf->foreground(2).color(), ui::Theme::warningColor(panel.palette()));
    QCOMPARE(root->foreground(2).color(), panel.palette().color(QPalette::WindowText));
}

void TestCertificatePanel::fieldsOfTheLeaf()
{
    CertificatePanel panel;
    const net::TlsReport report = makeReport(m_chain);
    panel.setReport(report);
    const auto *details = panel.findChild<CertificateFieldsView *>();
    QVERIFY(details);
    const net::CertificateInfo &leaf = report.chain.at(0);
    QCOMPARE(details->fieldText(QStringLiteral("role")), QStringLiteral("leaf"));
    QCOMPARE(details->fieldText(QStringLiteral("subject")), QStringLiteral("CN=localhost, O=wsinspect"));
    QCOMPARE(details->fieldText(QStringLiteral("issuer")), QStringLiteral("CN=wsinspect test intermediate, O=wsinspect"));
    QCOMPARE(details->fieldText(QStringLiteral("serial")), QStringLiteral("1F:2E:3D:4C:5B:6A:79:88:1F:2E:3D:4C:5B:6A:79:88"));
    QCOMPARE(details->fieldText(QStringLiteral("subjectAltNames")), QStringLiteral("DNS:localhost\nIP Address:127.0.0.1"));
    QCOMPARE(details->fieldText(QStringLiteral("publicKey")), QStringLiteral("RSA, 2048 bits"));
    QCOMPARE(details->fieldText(QStringLiteral("signature")), QStringLiteral("ecdsa-with-SHA256"));
    QCOMPARE(details->fieldText(QStringLiteral("keyUsage")), QStringLiteral("Digital Signature\nKey Encipherment"));
    QCOMPARE(details->fieldText(QStringLiteral("extendedKeyUsage")), QStringLiteral("TLS Web Server Authentication"));
    QCOMPARE(details->fieldText(QStringLiteral("basicConstraints")), QStringLiteral("CA:FALSE"));
    QCOMPARE(details->fieldText(QStringLiteral("notAfter")), CF::timeText(leaf.notAfter));
    // Issued for 20 days: 19 whole days left, under 30, so the warning colour.
    QCOMPARE(details->fieldText(QStringLiteral("daysLeft")), QStringLiteral("19 days left"));
    QCOMPARE(foreground(label(*details, "daysLeft")), ui::Theme::warningColor(panel.palette()));

    // Fingerprints in two monospace lines that join to the digest openssl computes.
    const QString sha256 = details->fieldText(QStringLiteral("sha256"));
    QCOMPARE(sha256.count(QLatin1Char('\n')), 1);
    QCOMPARE(QString(sha256).remove(QLatin1Char('\n')), net::formatFingerprint(m_chain.leaf.digest(QCryptographicHash::Sha256)));
    QCOMPARE(QString(details->fieldText(QStringLiteral("sha1"))).remove(QLatin1Char('\n')),
             net::formatFingerprint(m_chain.leaf.digest(QCryptographicHash::Sha1)));
    QVERIFY(isMonospace(label(*details, "sha256")->font()));
    QVERIFY(isMonospace(label(*details, "sha1")->font()));
    QVERIFY(!isMonospace(label(*details, "subject")->font()));
    QVERIFY(!label(*details, "errors")->isVisibleTo(details));
}

void TestCertificatePanel::selectingAnotherCertificate()
{
    CertificatePanel panel;
    panel.resize(600, 800);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    panel.setReport(makeReport(m_chain));
    auto *tree = panel.findChild<QTreeWidget *>(QStringLiteral("chain"));
    const QTreeWidgetItem *root = tree->topLevelItem(0)->child(0)->child(0);
    // Click the root's row as a user would.
    const QRect rect = tree->visualItemRect(root);
    QVERIFY(rect.isValid());
    QTest::mouseClick(tree->viewport(), Qt::LeftButton, {}, rect.center());
    QCOMPARE(panel.selectedIndex(), 2);
    const auto *details = panel.findChild<CertificateFieldsView *>();
    QCOMPARE(details->fieldText(QStringLiteral("subject")), QStringLiteral("CN=wsinspect test root CA, O=wsinspect"));
    QCOMPARE(details->fieldText(QStringLiteral("basicConstraints")), QStringLiteral("CA:TRUE"));
    QCOMPARE(details->fieldText(QStringLiteral("keyUsage")), QStringLiteral("Certificate Sign\nCRL Sign"));
    QCOMPARE(details->fieldText(QStringLiteral("role")), QStringLiteral("root, from the trusted CAs"));
    // Ten years left: no warning.
    QCOMPARE(foreground(label(*details, "daysLeft")), details->palette().color(QPalette::WindowText));

    panel.selectCertificate(1);
    QCOMPARE(details->fieldText(QStringLiteral("publicKey")), QStringLiteral("EC (prime256v1), 256 bits"));
    QCOMPARE(details->fieldText(QStringLiteral("basicConstraints")), QStringLiteral("CA:TRUE, pathlen:0"));
    QCOMPARE(details->fieldText(QStringLiteral("serial")), QStringLiteral("12:34"));
}

void TestCertificatePanel::expiredLeafInRed()
{
    CertificatePanel panel;
    // Seen 40 days from now: the 20-day leaf expired 20 days before.
    const QDateTime later = QDateTime::currentDateTimeUtc().addDays(40);
    panel.setReport(makeReport(m_chain, {X509_V_ERR_CERT_HAS_EXPIRED}, true, later));
    const QColor red = ui::Theme::errorColor(panel.palette());
    QCOMPARE(label(panel, "verdictTitle")->text(), QStringLiteral("✖ Verification failed"));
    QCOMPARE(foreground(label(panel, "verdictTitle")), red);
    QVERIFY(label(panel, "verdictMessage")->text().startsWith(QStringLiteral("certificate verify failed: certificate has expired")));

    const auto *details = panel.findChild<CertificateFieldsView *>();
    QVERIFY(details->fieldText(QStringLiteral("daysLeft")).startsWith(QStringLiteral("expired ")));
    QCOMPARE(foreground(label(*details, "daysLeft")), red);
    const QLabel *errors = label(*details, "errors");
    QVERIFY(errors->isVisibleTo(details));
    QVERIFY(errors->text().startsWith(QStringLiteral("certificate has expired (not after ")));
    QCOMPARE(foreground(errors), red);

    const auto *tree = panel.findChild<QTreeWidget *>(QStringLiteral("chain"));
    const QTreeWidgetItem *leaf = tree->topLevelItem(0);
    QCOMPARE(leaf->text(0), QStringLiteral("✖ localhost"));
    QCOMPARE(leaf->foreground(0).color(), red);
    QCOMPARE(leaf->foreground(2).color(), red);
    // The intermediate has no error of its own.
    QCOMPARE(leaf->child(0)->text(0), QStringLiteral("wsinspect test intermediate"));
    QVERIFY(leaf->child(0)->foreground(0).color() != red);
}

void TestCertificatePanel::notYetValidInRed()
{
    net::TlsReport report = makeReport(m_chain, {X509_V_ERR_CERT_NOT_YET_VALID});
    report.chain[0].notBefore = QDateTime::currentDateTimeUtc().addDays(10);
    CertificatePanel panel;
    panel.setReport(report);
    const auto *details = panel.findChild<CertificateFieldsView *>();
    QVERIFY(details->fieldText(QStringLiteral("daysLeft")).startsWith(QStringLiteral("not valid until ")));
    QCOMPARE(foreground(label(*details, "daysLeft")), ui::Theme::errorColor(panel.palette()));
    QVERIFY(details->fieldText(QStringLiteral("errors")).startsWith(QStringLiteral("certificate is not yet valid")));
}

void TestCertificatePanel::severalErrorsAsAList()
{
    CertificatePanel panel;
    panel.setReport(makeReport(m_chain, {X509_V_ERR_HOSTNAME_MISMATCH, X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY}));
    const QString errors = panel.findChild<CertificateFieldsView *>()->fieldText(QStringLiteral("errors"));
    // The most significant first (an unknown CA before a name mismatch), one bullet each.
    const QStringList lines = errors.split(QLatin1Char('\n'));
    QCOMPARE(lines.size(), 2);
    QVERIFY2(lines.at(0).startsWith(QStringLiteral("• unknown CA: issuer ")), qPrintable(errors));
    QVERIFY2(lines.at(1).startsWith(QStringLiteral("• the certificate is for ")), qPrintable(errors));
}

void TestCertificatePanel::narrowDockIsCompact()
{
    CertificatePanel panel;
    panel.setReport(makeReport(m_chain));
    panel.resize(600, 700);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    const auto *tree = panel.findChild<QTreeWidget *>(QStringLiteral("chain"));
    const auto *details = panel.findChild<CertificateFieldsView *>();
    QVERIFY(!tree->isColumnHidden(1));
    QVERIFY(!details->isCompact());
    QCOMPARE(details->fieldText(QStringLiteral("sha256")).count(QLatin1Char('\n')), 1);

    panel.resize(340, 700);
    QTRY_VERIFY(details->isCompact());
    QVERIFY(tree->isColumnHidden(1));
    const QString sha256 = details->fieldText(QStringLiteral("sha256"));
    QCOMPARE(sha256.count(QLatin1Char('\n')), 2); // 11 + 11 + 10 bytes
    QCOMPARE(QString(sha256).remove(QLatin1Char('\n')), net::formatFingerprint(m_chain.leaf.digest(QCryptographicHash::Sha256)));
    // Nothing wider than the dock: no sideways scrolling.
    QTRY_VERIFY2(details->minimumSizeHint().width() <= 340 - 12,
                 qPrintable(QString::number(details->minimumSizeHint().width())));
}

void TestCertificatePanel::verdicts_data()
{
    QTest::addColumn<QList<int>>("errors");
    QTest::addColumn<bool>("verify");
    QTest::addColumn<QString>("title");
    QTest::addColumn<int>("tone");
    QTest::addColumn<QString>("messageStart");

    QTest::newRow("verified with verify on") << QList<int>{} << true << QStringLiteral("✔ Verified") << int(ui::Tone::Ok)
                                             << QStringLiteral("connected to wss://localhost:9443/feed with verify");
    QTest::newRow("no error with verify off") << QList<int>{} << false << QStringLiteral("⚠ Not verified (verification off)")
                                              << int(ui::Tone::Warning)
                                              << QStringLiteral("connected to wss://localhost:9443/feed without verify");
    QTest::newRow("hostname mismatch with verify off")
        << QList<int>{X509_V_ERR_HOSTNAME_MISMATCH} << false << QStringLiteral("✖ Connected with errors (verification off)")
        << int(ui::Tone::Error) << QStringLiteral("connected to wss://localhost:9443/feed with errors: the certificate is for ");
    QTest::newRow("unknown issuer with verify on")
        << QList<int>{X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY} << true << QStringLiteral("✖ Verification failed")
        << int(ui::Tone::Error) << QStringLiteral("certificate verify failed: unknown CA");
}

void TestCertificatePanel::verdicts()
{
    QFETCH(QList<int>, errors);
    QFETCH(bool, verify);
    QFETCH(QString, title);
    QFETCH(int, tone);
    QFETCH(QString, messageStart);
    CertificatePanel panel;
    panel.setReport(makeReport(m_chain, errors, verify));
    QCOMPARE(label(panel, "verdictTitle")->text(), title);
    QCOMPARE(foreground(label(panel, "verdictTitle")), CF::toneColor(ui::Tone(tone), panel.palette()));
    QVERIFY2(label(panel, "verdictMessage")->text().startsWith(messageStart), qPrintable(label(panel, "verdictMessage")->text()));
    QCOMPARE(label(panel, "verification")->text(), verify ? QStringLiteral("on") : QStringLiteral("off (insecure)"));
}

void TestCertificatePanel::handshakeFailedWithoutCertificates()
{
    net::TlsReport report;
    report.url = QStringLiteral("wss://127.0.0.1:9443/");
    report.host = QStringLiteral("127.0.0.1");
    report.port = 9443;
    report.handshakeError = QStringLiteral("tlsv1 alert protocol version");
    report.decide();
    CertificatePanel panel;
    panel.setReport(report);
    QCOMPARE(label(panel, "verdictTitle")->text(), QStringLiteral("✖ TLS handshake failed"));
    QCOMPARE(label(panel, "verdictMessage")->text(),
             QStringLiteral("TLS handshake with 127.0.0.1:9443 failed: tlsv1 alert protocol version"));
    QCOMPARE(label(panel, "sni")->text(), QStringLiteral("(none: the host is an address)"));
    QCOMPARE(label(panel, "protocol")->text(), QStringLiteral("—"));
    const auto *tree = panel.findChild<QTreeWidget *>(QStringLiteral("chain"));
    QCOMPARE(tree->topLevelItemCount(), 1);
    QCOMPARE(tree->topLevelItem(0)->text(0), QStringLiteral("The server sent no certificate."));
    QCOMPARE(panel.selectedIndex(), -1);
    QVERIFY(!panel.findChild<QPushButton *>(QStringLiteral("exportPem"))->isEnabled());
    QVERIFY(!panel.findChild<QPushButton *>(QStringLiteral("copyFingerprint"))->isEnabled());
    QString error;
    QVERIFY(!panel.exportPem(m_dir.filePath(QStringLiteral("none.pem")), true, &error));
    QVERIFY(!error.isEmpty());
}

void TestCertificatePanel::exportPem_data()
{
    QTest::addColumn<int>("selected");
    QTest::addColumn<bool>("wholeChain");
    QTest::addColumn<QStringList>("subjects");
    QTest::newRow("selected leaf") << 0 << false << QStringList{QStringLiteral("localhost")};
    QTest::newRow("selected root") << 2 << false << QStringList{QStringLiteral("wsinspect test root CA")};
    QTest::newRow("whole chain leaf first")
        << 1 << true
        << QStringList{QStringLiteral("localhost"), QStringLiteral("wsinspect test intermediate"), QStringLiteral("wsinspect test root CA")};
}

void TestCertificatePanel::exportPem()
{
    QFETCH(int, selected);
    QFETCH(bool, wholeChain);
    QFETCH(QStringList, subjects);
    CertificatePanel panel;
    panel.setReport(makeReport(m_chain));
    panel.selectCertificate(selected);
    const QString file = m_dir.filePath(QStringLiteral("export-%1.pem").arg(QString::fromLatin1(QTest::currentDataTag()).replace(QLatin1Char(' '), QLatin1Char('-'))));
    QString error;
    QVERIFY2(panel.exportPem(file, wholeChain, &error), qPrintable(error));
    const QList<QSslCertificate> written = QSslCertificate::fromPath(file);
    QStringList writtenSubjects;
    for (const QSslCertificate &certificate : written)
        writtenSubjects << certificate.subjectInfo(QSslCertificate::CommonName).join(QLatin1Char(' '));
    QCOMPARE(writtenSubjects, subjects);
    QCOMPARE(written.first(), wholeChain ? m_chain.leaf : panel.report().certificates.at(selected));
}

void TestCertificatePanel::copyFingerprint()
{
    CertificatePanel panel;
    panel.setReport(makeReport(m_chain));
    panel.selectCertificate(1);
    QApplication::clipboard()->clear();
    auto *button = panel.findChild<QPushButton *>(QStringLiteral("copyFingerprint"));
    QVERIFY(button->isEnabled());
    QTest::mouseClick(button, Qt::LeftButton);
    const QString expected = net::formatFingerprint(m_chain.intermediate.digest(QCryptographicHash::Sha256));
    QCOMPARE(panel.selectedFingerprint(), expected);
    QCOMPARE(QApplication::clipboard()->text(), expected);

    QTest::mouseClick(panel.findChild<QPushButton *>(QStringLiteral("copyReport")), Qt::LeftButton);
    QVERIFY(QApplication::clipboard()->text().startsWith(QStringLiteral("TLS report for wss://localhost:9443/feed")));
}

void TestCertificatePanel::darkPaletteColours()
{
    CertificatePanel panel;
    panel.setReport(makeReport(m_chain));
    const QColor lightWarning = foreground(label(panel, "daysLeft"));
    panel.setPalette(darkPalette());
    QVERIFY(ui::Theme::isDark(panel.palette()));
    QCOMPARE(foreground(label(panel, "verdictTitle")), ui::Theme::okColor(panel.palette()));
    QCOMPARE(foreground(label(panel, "daysLeft")), ui::Theme::warningColor(panel.palette()));
    QVERIFY(foreground(label(panel, "daysLeft")) != lightWarning);
}

// Renders the panel in both palettes; with WSI_SCREENSHOT_DIR set, keeps the PNGs there.
void TestCertificatePanel::screenshots()
{
    const QString directory = qEnvironmentVariable("WSI_SCREENSHOT_DIR");
    const struct {
        const char *name;
        bool dark;
        int selected;
        QList<int> errors;
        QSize size;
    } shots[] = {
        {"certificate-verified-light", false, 0, {}, {520, 860}},
        {"certificate-verified-dark", true, 1, {}, {520, 860}},
        {"certificate-errors-light", false, 0, {X509_V_ERR_HOSTNAME_MISMATCH, X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY}, {520, 860}},
        {"certificate-errors-dark", true, 0, {X509_V_ERR_HOSTNAME_MISMATCH, X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY}, {520, 860}},
        {"certificate-narrow-light", false, 0, {X509_V_ERR_HOSTNAME_MISMATCH}, {340, 700}},
    };
    for (const auto &shot : shots) {
        ui::Theme::applyApplicationTheme(shot.dark ? QStringLiteral("dark") : QStringLiteral("light"));
        CertificatePanel panel;
        panel.setReport(makeReport(m_chain, shot.errors, true));
        panel.selectCertificate(shot.selected);
        panel.resize(shot.size);
        const QImage image = panel.grab().toImage();
        QCOMPARE(image.size(), panel.size() * image.devicePixelRatio());
        // Something was painted in the palette's window colour (not an empty grab).
        QCOMPARE(image.pixelColor(2, image.height() - 2), panel.palette().color(QPalette::Window));
        if (!directory.isEmpty())
            QVERIFY(image.save(QDir(directory).filePath(QLatin1String(shot.name) + QStringLiteral(".png"))));
    }
    ui::Theme::applyApplicationTheme(QStringLiteral("light"));
}

QTEST_MAIN(TestCertificatePanel)
#include "tst_certificatepanel.moc"
