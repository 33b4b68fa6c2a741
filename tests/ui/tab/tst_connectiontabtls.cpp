// SPDX-License-Identifier: MIT
// A connection tab (real widgets, offscreen) meeting TLS servers that fail: the certificate
// panel's verdict and the tab's error say what happened in the window's words, never the
// CLI's flags. A certificate whose common name is the host but whose SANs are elsewhere
// fails, naming the SANs; TLS 1.3's certificate_required points to Options → TLS.
#include "ui/panels/certificate/CertificatePanel.h"
#include "ui/panels/connection/ConnectionPanel.h"
#include "ui/tab/ConnectionTab.h"

#include "net/MetaTypes.h"
#include "support/MiniServer.h"
#include "support/OpenSslTestServer.h"
#include "support/TestCertificates.h"

#include <QLabel>
#include <QPushButton>
#include <QtTest>

#include <memory>

using namespace wsi;
using wsi::test::MiniServer;
using wsi::test::OpenSslTestServer;
using wsi::test::TestCertificates;

namespace {

constexpr int Timeout = 10000;

bool panelSays(const QWidget *panel, const QString &words)
{
    const QList<QLabel *> labels = panel->findChildren<QLabel *>();
    return std::any_of(labels.cbegin(), labels.cend(), [&](const QLabel *label) {
        return label->isVisibleTo(panel) && label->text().contains(words);
    });
}

QString labelTexts(const QWidget *panel)
{
    QStringList texts;
    for (const QLabel *label : panel->findChildren<QLabel *>()) {
        if (label->isVisibleTo(panel))
            texts << label->text();
    }
    return texts.join(QLatin1String(" | "));
}

} // namespace

class TestConnectionTabTls : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void commonNameBesideOtherNamesFailsInTheWindow();
    void certificateRequiredPointsToTheTlsOptions();

private:
    std::unique_ptr<ui::ConnectionTab> tabTrustingTheTestRoot() const;
    std::unique_ptr<TestCertificates> m_certificates;
};

void TestConnectionTabTls::initTestCase()
{
    net::registerMetaTypes();
    m_certificates = std::make_unique<TestCertificates>();
    QVERIFY2(m_certificates->isValid(), qPrintable(m_certificates->errorString()));
}

std::unique_ptr<ui::ConnectionTab> TestConnectionTabTls::tabTrustingTheTestRoot() const
{
    auto tab = std::make_unique<ui::ConnectionTab>();
    net::ConnectionOptions options = tab->options();
    options.tls.caFile = m_certificates->rootFile;
    options.proxy.mode = net::ProxyMode::None;
    tab->setOptions(options);
    tab->resize(1200, 800);
    tab->show();
    return tab;
}

void TestConnectionTabTls::commonNameBesideOtherNamesFailsInTheWindow()
{
    MiniServer server(MiniServer::tlsEcho(m_certificates->commonNameOnly.chain, m_certificates->commonNameOnly.key));
    QVERIFY(server.start());

    const auto tab = tabTrustingTheTestRoot();
    tab->connectTo(server.url(QStringLiteral("/"), QStringLiteral("localhost")));
    QTRY_COMPARE_WITH_TIMEOUT(tab->state(), net::ConnectionState::Closed, Timeout);
    ui::CertificatePanel *certificate = tab->certificatePanel();
    QTRY_VERIFY_WITH_TIMEOUT(certificate->hasReport(), Timeout);
    QCOMPARE(certificate->verdictTitleText(), QStringLiteral("✖ Verification failed"));
    const QString names = QStringLiteral("the certificate is for wrong.example, *.other.test (its subject alternative "
                                         "names); not for localhost");
    QVERIFY(panelSays(certificate, names));
    QWidget *connection = tab->connectionPanel();
    QTRY_VERIFY(panelSays(connection, names));
    QVERIFY(panelSays(connection, QStringLiteral("connect with a name the certificate lists")));
    QVERIFY(!panelSays(connection, QStringLiteral("--insecure")));
    auto *trust = connection->findChild<QPushButton *>(QStringLiteral("trustCertificate"));
    QVERIFY(trust && trust->isVisibleTo(connection));
    QVERIFY(server.lastRequest().isEmpty());
}

void TestConnectionTabTls::certificateRequiredPointsToTheTlsOptions()
{
    OpenSslTestServer server({m_certificates->leaf.certificateFile, m_certificates->leaf.keyFile, 0, m_certificates->rootFile});
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    const auto tab = tabTrustingTheTestRoot();
    tab->connectTo(server.url(QStringLiteral("localhost")));
    QTRY_COMPARE_WITH_TIMEOUT(tab->state(), net::ConnectionState::Closed, Timeout);
    QWidget *connection = tab->connectionPanel();
    QTRY_VERIFY2(panelSays(connection, QStringLiteral("TLS alert 116 (certificate_required)")), qPrintable(labelTexts(connection)));
    QVERIFY(panelSays(connection, QStringLiteral("Options → TLS → Client certificate")));
    QVERIFY(!panelSays(connection, QStringLiteral("--cert")));
    // The server's own certificate was fine: the panel says so.
    QCOMPARE(tab->certificatePanel()->verdictTitleText(), QStringLiteral("✔ Verified"));
}

QTEST_MAIN(TestConnectionTabTls)
#include "tst_connectiontabtls.moc"
