// SPDX-License-Identifier: MIT
// The intercepting forward proxy in the window: Proxy ▸ New Forward Proxy…'s dialog reads
// what it is given, a proxy started from the window opens an intercepted wss:// flow as a
// tab with both legs (an app on the test's thread CONNECTs, trusts the CA made in a
// temporary folder and talks to the built-in EchoServer serving a test certificate), and
// Export CA Certificate / Regenerate CA act on that folder's CA.
#include "support/WindowDriving.h"

#include "proxy/ProxyTestClient.h"
#include "support/TestCertificates.h"

#include "net/echo/EchoServer.h"
#include "ui/proxy/ForwardProxyActions.h"
#include "ui/proxy/ForwardProxyDialog.h"
#include "ui/tab/ConnectionTab.h"
#include "ui/tab/TabDocument.h"

#include "store/MessageStore.h"

#include <QFile>
#include <QLineEdit>
#include <QSignalSpy>
#include <QSslConfiguration>
#include <QSslSocket>
#include <QTemporaryDir>
#include <QtTest>

using namespace wsi;

namespace {

constexpr int WaitMs = 10000;

QByteArray readHead(QSslSocket &socket, QByteArray &pending)
{
    QElapsedTimer clock;
    clock.start();
    while (clock.elapsed() < WaitMs) {
        pending += socket.readAll();
        const qsizetype end = pending.indexOf("\r\n\r\n");
        if (end >= 0) {
            const QByteArray head = pending.left(end + 4);
            pending.remove(0, end + 4);
            return head;
        }
        QTest::qWait(5);
    }
    return {};
}

} // namespace

class TestForwardProxyGui : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void dialogReadsItsFields();
    void interceptedFlowOpensAsATabWithBothLegs();
    void exportsAndRegeneratesTheCa();
};

void TestForwardProxyGui::dialogReadsItsFields()
{
    ui::ForwardProxyDialog dialog;
    net::ForwardProxyOptions options;
    QString error;
    dialog.listenField()->setText(QStringLiteral("example.com:8080"));
    QVERIFY(!dialog.options(options, error));
    QVERIFY2(error.contains(QStringLiteral("127.0.0.1:9000")), qPrintable(error));
    dialog.listenField()->setText(QStringLiteral("127.0.0.1:0"));
    dialog.caDirectoryField()->clear();
    QVERIFY(!dialog.options(options, error));
    QVERIFY2(error.startsWith(QStringLiteral("The CA folder is needed")), qPrintable(error));
    dialog.caDirectoryField()->setText(QStringLiteral("/tmp/ca"));
    dialog.passThroughField()->setText(QStringLiteral("accounts.example.com, *.pinned.example  other.example"));
    QVERIFY2(dialog.options(options, error), qPrintable(error));
    QCOMPARE(options.passThroughHosts,
             (QStringList{QStringLiteral("accounts.example.com"), QStringLiteral("*.pinned.example"), QStringLiteral("other.example")}));
    QCOMPARE(options.caDirectory, QStringLiteral("/tmp/ca"));
    QVERIFY(options.flows.listenAddress.isLoopback());
    QVERIFY(options.flows.upstreamTls.verify);
}

void TestForwardProxyGui::interceptedFlowOpensAsATabWithBothLegs()
{
    test::TestCertificates certificates;
    QVERIFY2(certificates.isValid(), qPrintable(certificates.errorString()));
    net::EchoServer echo;
    net::EchoServerOptions echoOptions;
    echoOptions.tls = true;
    echoOptions.certificateFile = certificates.leaf.certificateFile;
    echoOptions.keyFile = certificates.leaf.keyFile;
    echo.setOptions(echoOptions);
    QVERIFY2(echo.start(), qPrintable(echo.lastError()));
    const quint16 echoPort = quint16(echo.url().port());
    QTemporaryDir caDir;

    ui::MainWindow window;
    test::showWindow(window);
    const int tabsBefore = window.tabCount();
    ui::ForwardProxyActions *proxies = window.forwardProxies();
    QSignalSpy started(proxies, &ui::ForwardProxyActions::proxyStarted);
    QList<ui::ConnectionTab *> opened;
    connect(proxies, &ui::ForwardProxyActions::flowOpened, this, [&opened](ui::ConnectionTab *tab) { opened.append(tab); });
    net::ForwardProxyOptions options;
    options.flows.listenPort = 0;
    options.caDirectory = caDir.path();
    options.flows.upstreamTls.caFile = certificates.rootFile;
    proxies->start(options);
    QVERIFY(started.wait(WaitMs));
    const QString proxyUrl = started.at(0).at(0).toString();
    QVERIFY2(proxyUrl.startsWith(QStringLiteral("http://127.0.0.1:")), qPrintable(proxyUrl));
    QCOMPARE(started.at(0).at(1).toString(), caDir.path() + QStringLiteral("/ca.pem"));

    QSslSocket app;
    QByteArray pending;
    app.connectToHost(QHostAddress::LocalHost, quint16(QUrl(proxyUrl).port()));
    QTRY_VERIFY_WITH_TIMEOUT(app.state() == QAbstractSocket::ConnectedState, WaitMs);
    app.write("CONNECT 127.0.0.1:" + QByteArray::number(echoPort) + " HTTP/1.1\r\n\r\n");
    QVERIFY(readHead(app, pending).startsWith("HTTP/1.1 200"));
    QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
    configuration.setCaCertificates(QSslCertificate::fromPath(caDir.path() + QStringLiteral("/ca.pem")));
    app.setSslConfiguration(configuration);
    app.setPeerVerifyName(QStringLiteral("127.0.0.1"));
    app.startClientEncryption();
    QTRY_VERIFY_WITH_TIMEOUT(app.isEncrypted(), WaitMs);
    app.write(test::upgradeRequest("/", echoPort) + test::maskedFrame(0x1, "through the window's forward proxy"));
    QVERIFY(readHead(app, pending).startsWith("HTTP/1.1 101"));

    QTRY_COMPARE_WITH_TIMEOUT(opened.size(), 1, WaitMs);
    QCOMPARE(window.tabCount(), tabsBefore + 1);
    ui::ConnectionTab *tab = opened.at(0);
    QVERIFY2(tab->title().startsWith(QStringLiteral("127.0.0.1 #1")), qPrintable(tab->title()));
    QVERIFY(tab->isReceiveOnly());
    const auto copiesOnLeg = [tab](net::TrafficLeg leg) {
        const log::MessageStore &store = tab->document()->store();
        int copies = 0;
        for (int row = 0; row < store.rowCount(); ++row)
            copies += store.payload(row) == QByteArrayView("through the window's forward proxy") && store.record(row).leg() == leg ? 1 : 0;
        return copies;
    };
    QTRY_COMPARE_WITH_TIMEOUT(copiesOnLeg(net::TrafficLeg::Client), 1, WaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(copiesOnLeg(net::TrafficLeg::Server), 1, WaitMs);
    proxies->stopAll();
    QCOMPARE(proxies->runningCount(), 0);
}

void TestForwardProxyGui::exportsAndRegeneratesTheCa()
{
    QTemporaryDir dir;
    ui::MainWindow window;
    ui::ForwardProxyActions *proxies = window.forwardProxies();
    proxies->setCaDirectory(dir.filePath(QStringLiteral("ca")));
    const QString exported = dir.filePath(QStringLiteral("exported.pem"));
    QString error;
    QVERIFY2(proxies->exportCaCertificate(exported, error), qPrintable(error)); // made on first use
    QFile file(exported);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray first = file.readAll();
    file.close();
    QVERIFY(first.startsWith("-----BEGIN CERTIFICATE-----"));
    QVERIFY(!first.contains("PRIVATE KEY")); // the key never leaves its file
    QFile caPem(dir.filePath(QStringLiteral("ca/ca.pem")));
    QVERIFY(caPem.open(QIODevice::ReadOnly));
    QCOMPARE(QSslCertificate(first), QSslCertificate(caPem.readAll()));

    QVERIFY2(proxies->regenerateCa(error), qPrintable(error));
    QVERIFY2(proxies->exportCaCertificate(exported, error), qPrintable(error));
    QVERIFY(file.open(QIODevice::ReadOnly));
    QVERIFY(QSslCertificate(file.readAll()) != QSslCertificate(first));
}

QTEST_MAIN(TestForwardProxyGui)
#include "tst_forwardproxygui.moc"
