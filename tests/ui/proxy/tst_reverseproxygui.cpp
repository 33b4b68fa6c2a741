// SPDX-License-Identifier: MIT
// The reverse proxy in the window: Proxy ▸ New Reverse Proxy…'s dialog refuses what it
// cannot use, and a proxy started from the window opens each flow as a tab that shows both
// legs, over loopback: an app written byte for byte (tests/net/proxy/ProxyTestClient.h),
// the proxy on its worker, MiniServer as the upstream.
#include "support/WindowDriving.h"

#include "proxy/ProxyTestClient.h"
#include "support/MiniServer.h"

#include "ui/composer/ComposerWidget.h"
#include "ui/proxy/ReverseProxyActions.h"
#include "ui/proxy/ReverseProxyDialog.h"
#include "ui/tab/ConnectionTab.h"
#include "ui/tab/TabDocument.h"

#include "store/MessageStore.h"

#include <QLabel>
#include <QLineEdit>
#include <QSignalSpy>
#include <QtTest>

using namespace wsi;

class TestReverseProxyGui : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void dialogRefusesWhatItCannotUse();
    void eachFlowOpensAsATabWithBothLegs();
};

void TestReverseProxyGui::dialogRefusesWhatItCannotUse()
{
    ui::ReverseProxyDialog dialog;
    dialog.listenField()->setText(QStringLiteral("example.com:80"));
    dialog.upstreamField()->setText(QStringLiteral("ws://127.0.0.1:9/"));
    net::ReverseProxyOptions options;
    QString error;
    QVERIFY(!dialog.options(options, error));
    QVERIFY2(error.contains(QStringLiteral("127.0.0.1:9000")), qPrintable(error));
    dialog.listenField()->setText(QStringLiteral("127.0.0.1:0"));
    dialog.upstreamField()->setText(QStringLiteral("ftp://x/"));
    QVERIFY(!dialog.options(options, error));
    QVERIFY2(error.startsWith(QStringLiteral("The upstream URL")), qPrintable(error));
    dialog.upstreamField()->setText(QStringLiteral("wss://api.example.com/v1"));
    QVERIFY2(dialog.options(options, error), qPrintable(error));
    QCOMPARE(options.upstreamUrl, QStringLiteral("wss://api.example.com/v1"));
    QVERIFY(options.listenAddress.isLoopback());
    QVERIFY(options.upstreamTls.verify);
}

void TestReverseProxyGui::eachFlowOpensAsATabWithBothLegs()
{
    test::MiniServer upstream(test::MiniServer::Options{});
    QVERIFY(upstream.start());
    ui::MainWindow window;
    test::showWindow(window);
    const int tabsBefore = window.tabCount();
    ui::ReverseProxyActions *proxies = window.reverseProxies();
    QSignalSpy started(proxies, &ui::ReverseProxyActions::proxyStarted);
    QList<ui::ConnectionTab *> opened;
    connect(proxies, &ui::ReverseProxyActions::flowOpened, this, [&opened](ui::ConnectionTab *tab) { opened.append(tab); });
    net::ReverseProxyOptions options;
    options.upstreamUrl = upstream.url();
    proxies->start(options);
    QVERIFY(started.wait(10000));
    const QString listenUrl = started.at(0).at(0).toString();
    QVERIFY2(listenUrl.startsWith(QStringLiteral("ws://127.0.0.1:")), qPrintable(listenUrl));
    const quint16 port = quint16(QUrl(listenUrl).port());

    test::ProxyTestClient app;
    QVERIFY(app.connectTo(port));
    app.send(test::upgradeRequest("/ui", port) + test::maskedFrame(0x1, "through the window"));
    QVERIFY(app.readHead().startsWith("HTTP/1.1 101"));
    test::ServerFrame frame;
    QVERIFY(app.readFrame(frame));
    QCOMPARE(frame.payload, QByteArray("through the window"));
    QTRY_COMPARE_WITH_TIMEOUT(opened.size(), 1, 10000);
    QCOMPARE(window.tabCount(), tabsBefore + 1);
    ui::ConnectionTab *tab = opened.at(0);
    QCOMPARE(window.currentTab(), tab);
    QVERIFY2(tab->title().startsWith(QStringLiteral("flow #1")), qPrintable(tab->title()));
    QVERIFY(tab->isReceiveOnly());
    QVERIFY(!tab->composer()->isVisible());
    const auto copiesOnLeg = [tab](net::TrafficLeg leg) {
        const log::MessageStore &store = tab->document()->store();
        int copies = 0;
        for (int row = 0; row < store.rowCount(); ++row)
            copies += store.payload(row) == QByteArrayView("through the window") && store.record(row).leg() == leg ? 1 : 0;
        return copies;
    };
    QTRY_COMPARE_WITH_TIMEOUT(copiesOnLeg(net::TrafficLeg::Client), 1, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(copiesOnLeg(net::TrafficLeg::Server), 1, 10000);
    proxies->stopAll();
    QCOMPARE(proxies->runningCount(), 0);
}

QTEST_MAIN(TestReverseProxyGui)
#include "tst_reverseproxygui.moc"
