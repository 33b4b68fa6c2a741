// SPDX-License-Identifier: MIT
// The window's layout at the sizes people use (1280x800, 1600x1000): every dock inside the
// window and every panel usable (the latency panel's request list in view, the certificate
// dock small for ws://), the composer's mode tabs whole in every mode with fields wide
// enough to type in, and a saved layout that no longer fits repaired at start.
#include "ui/composer/ComposerDraft.h"
#include "ui/composer/ComposerWidget.h"
#include "ui/log/LogView.h"
#include "ui/panels/latency/LatencyPanel.h"
#include "ui/panels/server/EchoServerController.h"
#include "ui/tab/ConnectionTab.h"
#include "ui/window/MainWindow.h"

#include <QApplication>
#include <QCloseEvent>
#include <QDockWidget>
#include <QLabel>
#include <QLineEdit>
#include <QSettings>
#include <QStandardPaths>
#include <QTabBar>
#include <QTreeWidget>
#include <QtTest>

using namespace wsi;

namespace {
constexpr int Timeout = 15000;

QDockWidget *dock(const ui::MainWindow &window, const char *name)
{
    return window.findChild<QDockWidget *>(QLatin1String(name));
}

// Whether `widget` shows at least `fraction` of itself inside the window.
bool mostlyInside(const ui::MainWindow &window, const QWidget *widget, double fraction = 0.9)
{
    const QRect inWindow(widget->mapTo(&window, QPoint(0, 0)), widget->size());
    const QRect shown = inWindow.intersected(window.rect());
    return widget->isVisible() && double(shown.width()) * shown.height() >= fraction * inWindow.width() * inWindow.height();
}
} // namespace

class TestWindowLayout : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void everyPanelFits_data();
    void everyPanelFits();
    void composerModesStayWhole();
    void aLayoutThatNoLongerFitsIsRepaired();
};

void TestWindowLayout::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QApplication::setApplicationName(QStringLiteral("wsinspect-layout-test"));
}

void TestWindowLayout::init()
{
    QSettings().clear();
}

void TestWindowLayout::everyPanelFits_data()
{
    QTest::addColumn<QSize>("size");
    QTest::newRow("1280x800") << QSize(1280, 800);
    QTest::newRow("1600x1000") << QSize(1600, 1000);
}

void TestWindowLayout::everyPanelFits()
{
    QFETCH(QSize, size);
    ui::MainWindow window;
    window.resize(size);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.startEchoServerAndConnect(false);
    QTRY_VERIFY_WITH_TIMEOUT(window.echoServer()->isRunning(), Timeout);
    ui::ConnectionTab *tab = window.currentTab();
    QTRY_COMPARE_WITH_TIMEOUT(tab->state(), net::ConnectionState::Open, Timeout);
    QTest::qWait(100); // the docks take their sizes after the window is laid out

    QVERIFY2(window.minimumSizeHint().width() <= 1280, qPrintable(QString::number(window.minimumSizeHint().width())));
    QCOMPARE(window.size(), size);
    for (const char *name : {"ConnectionDock", "CertificateDock", "LatencyDock"})
        QVERIFY2(window.rect().contains(dock(window, name)->geometry()), name);
    // For ws:// the certificate dock says so in a line and the latency panels have the column.
    QVERIFY2(dock(window, "CertificateDock")->height() < size.height() / 6,
             qPrintable(QString::number(dock(window, "CertificateDock")->height())));
    auto *recent = tab->latencyPanel()->findChild<QTreeWidget *>(QStringLiteral("recentRequests"));
    QVERIFY(recent);
    QVERIFY2(mostlyInside(window, recent, 0.5), "the request -> response list is in view");
    // The composer's fields are wide enough to type in.
    const auto *reason = tab->composer()->findChild<QLineEdit *>(QStringLiteral("closeReason"));
    const auto *payload = tab->composer()->findChild<QLineEdit *>(QStringLiteral("controlPayload"));
    QVERIFY2(reason->width() >= 120, qPrintable(QString::number(reason->width())));
    QVERIFY2(payload->width() >= 100, qPrintable(QString::number(payload->width())));
    QVERIFY(mostlyInside(window, reason) && mostlyInside(window, payload));
    // The log's row count under the list is readable whole, also with following paused.
    tab->logView()->selectStoreRows({0});
    const auto *status = tab->logView()->findChild<QLabel *>(QStringLiteral("logStatus"));
    QVERIFY(status && status->text().contains(QStringLiteral("following paused")));
    QVERIFY2(status->width() >= status->fontMetrics().horizontalAdvance(status->text()),
             qPrintable(QStringLiteral("%1 px for “%2”").arg(status->width()).arg(status->text())));
    QVERIFY(mostlyInside(window, status));
}

void TestWindowLayout::composerModesStayWhole()
{
    ui::MainWindow window;
    window.resize(1280, 800);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    ui::ComposerWidget *composer = window.currentTab()->composer();
    auto *modes = composer->findChild<QTabBar *>(QStringLiteral("modes"));
    QVERIFY(modes);
    for (int mode = 0; mode < modes->count(); ++mode) {
        QTest::mouseClick(modes, Qt::LeftButton, {}, modes->tabRect(mode).center());
        QCOMPARE(int(composer->mode()), mode);
        QCoreApplication::processEvents();
        // Every tab whole and clickable: no scroll arrows, nothing cut.
        for (int tab = 0; tab < modes->count(); ++tab)
            QVERIFY2(modes->rect().contains(modes->tabRect(tab)),
                     qPrintable(QStringLiteral("mode %1: tab %2 is cut").arg(mode).arg(tab)));
        QVERIFY(mostlyInside(window, modes));
    }
    // Back to Text in one click from Raw frame.
    QTest::mouseClick(modes, Qt::LeftButton, {}, modes->tabRect(int(ui::ComposerMode::Text)).center());
    QCOMPARE(composer->mode(), ui::ComposerMode::Text);
}

void TestWindowLayout::aLayoutThatNoLongerFitsIsRepaired()
{
    {
        // Someone widened the left dock as far as it goes (the right column at its minimum),
        // then quit.
        ui::MainWindow window;
        window.resize(1600, 1000);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QTest::qWait(50);
        window.resizeDocks({dock(window, "ConnectionDock")}, {1500}, Qt::Horizontal);
        QTest::qWait(50);
        QCOMPARE(dock(window, "LatencyDock")->width(), dock(window, "LatencyDock")->minimumSizeHint().width());
        QCloseEvent close;
        QApplication::sendEvent(&window, &close);
    }
    ui::MainWindow window;
    window.resize(1280, 800);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QTest::qWait(100);
    for (const char *name : {"ConnectionDock", "CertificateDock", "LatencyDock"}) {
        QDockWidget *each = dock(window, name);
        QVERIFY2(window.rect().contains(each->geometry()), name);
        QVERIFY2(each->width() >= each->minimumSizeHint().width(), name);
    }
    QVERIFY(dock(window, "ConnectionDock")->width() < 1280 / 4);
    QVERIFY(dock(window, "LatencyDock")->width() >= 300);
}

QTEST_MAIN(TestWindowLayout)
#include "tst_windowlayout.moc"
