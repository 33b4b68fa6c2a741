// SPDX-License-Identifier: MIT
// The whole window, offscreen, against the built-in echo server: connect, send from the
// composer and see the echo in the log, expand a message into its frames, filter, ping and
// see the latency panel move, open wss with the self-signed certificate and see the chain
// and the verdict, and close with a code.
#include "ui/panels/certificate/CertificatePanel.h"
#include "ui/composer/ComposerWidget.h"
#include "ui/tab/ConnectionBar.h"
#include "ui/panels/connection/ConnectionPanel.h"
#include "ui/tab/ConnectionTab.h"
#include "ui/panels/server/EchoServerController.h"
#include "ui/panels/latency/LatencyChart.h"
#include "ui/panels/latency/LatencyPanel.h"
#include "ui/log/LogView.h"
#include "ui/window/MainWindow.h"
#include "protocol/CloseCode.h"
#include "ui/files/ReadOnlyTab.h"
#include "files/session/SessionTab.h"
#include "ui/tab/TabDocument.h"
#include "support/LogEvents.h"
#include "ui/log/MessageLogModel.h"

#include "store/MessageStore.h"
#include "net/tls/TlsReport.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QStandardPaths>
#include <QToolButton>
#include <QTableView>
#include <QMessageBox>
#include <QSettings>
#include <QCheckBox>
#include <QTimer>
#include <QTabWidget>
#include <QtTest>

using namespace wsi;

namespace {

constexpr int Timeout = 15000;

// Rows of the (filtered) log whose payload is `payload`, counted per direction.
int rowsWithPayload(const ui::MessageLogModel *model, const QByteArray &payload, net::EventDirection direction)
{
    int found = 0;
    for (int row = 0; row < model->rowCount(); ++row) {
        const QModelIndex index = model->index(row, 0);
        if (model->data(index, ui::MessageLogModel::PayloadRole).toByteArray() == payload
            && model->data(index, ui::MessageLogModel::DirectionRole).toInt() == int(direction))
            ++found;
    }
    return found;
}

QPushButton *buttonWithText(QWidget *parent, const QString &text)
{
    for (QPushButton *button : parent->findChildren<QPushButton *>()) {
        if (button->text().remove(QLatin1Char('&')) == text)
            return button;
    }
    return nullptr;
}

} // namespace

class TestMainWindow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void echoRoundTripThroughTheWidgets();
    void pingShowsInTheLatencyPanel();
    void closeWithACode();
    void wssShowsTheChainAndVerdict();
    void badUrlIsRefusedBeforeAnyIo();
    void wssAfterWsRestartsTheServer();
    void quittingAsksWhenLogsWouldBeLost();
    void tabsNeverShareATitle();
    void untrustedCertificateOffersOneClickWaysPast();

private:
    ui::ConnectionTab *connectToEchoServer(ui::MainWindow &window, bool tls);
};

void TestMainWindow::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true); // settings and caches in a test location
    QApplication::setApplicationName(QStringLiteral("wsinspect-test"));
}

ui::ConnectionTab *TestMainWindow::connectToEchoServer(ui::MainWindow &window, bool tls)
{
    window.startEchoServerAndConnect(tls);
    [&] { QTRY_VERIFY_WITH_TIMEOUT(window.echoServer()->isRunning(), Timeout); }();
    ui::ConnectionTab *tab = window.currentTab();
    if (!tab)
        return nullptr;
    [&] { QTRY_COMPARE_WITH_TIMEOUT(tab->state(), net::ConnectionState::Open, Timeout); }();
    return tab;
}

void TestMainWindow::echoRoundTripThroughTheWidgets()
{
    ui::MainWindow window;
    window.resize(1400, 900);
    window.show();
    ui::ConnectionTab *tab = connectToEchoServer(window, false);
    QVERIFY(tab);
    QCOMPARE(tab->state(), net::ConnectionState::Open);
    QVERIFY(tab->bar()->url().startsWith(QLatin1String("ws://127.0.0.1:")));
    ui::MessageLogModel *model = tab->logView()->model();
    QAbstractItemModelTester tester(model, QAbstractItemModelTester::FailureReportingMode::QtTest);

    // Type into the composer and press Ctrl+Enter.
    auto *editor = tab->composer()->findChild<QPlainTextEdit *>();
    QVERIFY(editor);
    editor->setFocus();
    QTest::keyClicks(editor, QStringLiteral("hello wsinspect"));
    QTest::keyClick(editor, Qt::Key_Return, Qt::ControlModifier);
    const QByteArray sent("hello wsinspect");
    QTRY_COMPARE_WITH_TIMEOUT(rowsWithPayload(model, sent, net::EventDirection::Incoming), 1, Timeout);
    QCOMPARE(rowsWithPayload(model, sent, net::EventDirection::Outgoing), 1);

    // The echoed message expands into its frame.
    int echoRow = -1;
    for (int row = 0; row < model->rowCount(); ++row) {
        const QModelIndex index = model->index(row, 0);
        if (model->data(index, ui::MessageLogModel::PayloadRole).toByteArray() == sent
            && model->data(index, ui::MessageLogModel::DirectionRole).toInt() == int(net::EventDirection::Incoming))
            echoRow = row;
    }
    QVERIFY(echoRow >= 0);
    QVERIFY(model->canExpand(echoRow));
    const int rowsBefore = model->rowCount();
    const QRect cell = tab->logView()->view()->visualRect(model->index(echoRow, ui::MessageLogModel::Type));
    QTest::mouseClick(tab->logView()->view()->viewport(), Qt::LeftButton, {}, cell.center());
    QTest::mouseDClick(tab->logView()->view()->viewport(), Qt::LeftButton, {}, cell.center());
    QVERIFY(model->isExpanded(echoRow));
    QCOMPARE(model->rowCount(), rowsBefore + 1); // its one frame
    QVERIFY(model->isFrameRow(echoRow + 1));
    QCOMPARE(model->data(model->index(echoRow + 1, 0), ui::MessageLogModel::FrameIndexRole).toInt() >= 0, true);
    tab->logView()->toggleFrames(echoRow);
    QCOMPARE(model->rowCount(), rowsBefore);

    // Hide outgoing messages: only the echo is left of the two.
    const int before = model->rowCount();
    QToolButton *outgoing = tab->logView()->directionButton(false);
    QVERIFY(outgoing && outgoing->text().contains(QLatin1String("out")));
    QTest::mouseClick(outgoing, Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(model->rowCount() < before, Timeout);
    QCOMPARE(rowsWithPayload(model, sent, net::EventDirection::Outgoing), 0);
    QCOMPARE(rowsWithPayload(model, sent, net::EventDirection::Incoming), 1);
    QTest::mouseClick(outgoing, Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(model->rowCount(), before, Timeout);
}

void TestMainWindow::pingShowsInTheLatencyPanel()
{
    ui::MainWindow window;
    window.show();
    ui::ConnectionTab *tab = connectToEchoServer(window, false);
    QVERIFY(tab);
    QPushButton *pingNow = buttonWithText(tab->latencyPanel(), QStringLiteral("Ping now"));
    QVERIFY(pingNow);
    QTRY_VERIFY_WITH_TIMEOUT(pingNow->isEnabled(), Timeout);
    QTest::mouseClick(pingNow, Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(tab->latencyPanel()->chart()->sampleCount(), 1, Timeout);
    QTest::mouseClick(pingNow, Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(tab->latencyPanel()->chart()->sampleCount(), 2, Timeout);
}

void TestMainWindow::closeWithACode()
{
    ui::MainWindow window;
    window.show();
    ui::ConnectionTab *tab = connectToEchoServer(window, false);
    QVERIFY(tab);
    auto *code = tab->composer()->findChild<QComboBox *>(QStringLiteral("closeCode"));
    QVERIFY(code);
    code->setEditText(QStringLiteral("4001"));
    auto *reason = tab->composer()->findChild<QLineEdit *>(QStringLiteral("closeReason"));
    QVERIFY(reason);
    QTest::keyClicks(reason, QStringLiteral("done here"));
    auto *close = tab->composer()->findChild<QPushButton *>(QStringLiteral("close"));
    QVERIFY(close);
    QTest::mouseClick(close, Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(tab->state(), net::ConnectionState::Closed, Timeout);
    QVERIFY2(tab->connectionPanel()->fieldText(QStringLiteral("close")).startsWith(QLatin1String("4001")),
             qPrintable(tab->connectionPanel()->fieldText(QStringLiteral("close"))));
    // The built-in server echoes the code without a reason: ours is what we sent.
    QCOMPARE(tab->connectionPanel()->fieldText(QStringLiteral("reason")), QStringLiteral("(none)"));
    QCOMPARE(tab->connectionPanel()->fieldText(QStringLiteral("closeSent")), QStringLiteral("4001 %1 “done here”").arg(QLatin1String(protocol::closeCodeMeaning(4001))));
    QVERIFY2(tab->connectionPanel()->fieldText(QStringLiteral("closeReceived")).startsWith(QLatin1String("4001")),
             qPrintable(tab->connectionPanel()->fieldText(QStringLiteral("closeReceived"))));
    QVERIFY(tab->connectionPanel()->fieldText(QStringLiteral("closedBy")).contains(QLatin1String("clean")));
    QVERIFY(!tab->connectionPanel()->fieldText(QStringLiteral("closedBy")).contains(QLatin1String("not clean")));
}

void TestMainWindow::wssShowsTheChainAndVerdict()
{
    ui::MainWindow window;
    window.show();
    ui::ConnectionTab *tab = connectToEchoServer(window, true);
    QVERIFY(tab);
    QVERIFY(tab->bar()->url().startsWith(QLatin1String("wss://127.0.0.1:")));
    QTRY_VERIFY_WITH_TIMEOUT(tab->certificatePanel()->hasReport(), Timeout);
    const net::TlsReport &report = tab->certificatePanel()->report();
    // The tab trusts exactly the server's self-signed certificate: verified, one certificate.
    QCOMPARE(report.verdict, net::TlsVerdict::Verified);
    QCOMPARE(report.chain.size(), 1);
    QCOMPARE(tab->certificatePanel()->selectedIndex(), 0);
    QCOMPARE(tab->certificatePanel()->selectedFingerprint().remove(QLatin1Char(':')).toLower(),
             window.echoServer()->fingerprint().remove(QLatin1Char(':')).toLower());
    // But nobody must learn that a self-signed certificate passes: the panel says why this
    // one is trusted.
    QCOMPARE(tab->certificatePanel()->verdictTitleText(), QStringLiteral("Trusted only as wsinspect's own test certificate"));
}

void TestMainWindow::wssAfterWsRestartsTheServer()
{
    ui::MainWindow window;
    window.show();
    ui::ConnectionTab *plain = connectToEchoServer(window, false);
    QVERIFY(plain);
    QVERIFY(window.echoServer()->url().startsWith(QLatin1String("ws://")));
    plain->disconnectFromServer();
    QTRY_COMPARE_WITH_TIMEOUT(plain->state(), net::ConnectionState::Closed, Timeout);

    // "Start echo server and connect (wss)" with a ws server running: a wss server and tab.
    window.startEchoServerAndConnect(true);
    QTRY_VERIFY_WITH_TIMEOUT(window.echoServer()->isRunning() && window.echoServer()->url().startsWith(QLatin1String("wss://")),
                             Timeout);
    ui::ConnectionTab *secure = window.currentTab();
    QVERIFY(secure);
    QTRY_COMPARE_WITH_TIMEOUT(secure->state(), net::ConnectionState::Open, Timeout);
    QVERIFY2(secure->bar()->url().startsWith(QLatin1String("wss://127.0.0.1:")), qPrintable(secure->bar()->url()));
}

void TestMainWindow::badUrlIsRefusedBeforeAnyIo()
{
    ui::MainWindow window;
    window.show();
    ui::ConnectionTab *tab = window.currentTab();
    QTest::keyClicks(tab->bar()->urlField(), QStringLiteral("ftp://example.com/")); // http:// is an EventSource now
    QTest::mouseClick(tab->bar()->connectButton(), Qt::LeftButton);
    QCOMPARE(tab->state(), net::ConnectionState::Idle);
    QVERIFY(tab->bar()->stateLabel()->toolTip().contains(QLatin1String("ws")));
}

// Answers the question the window is about to ask: ticks "Don't ask again" if asked to,
// and presses `button` ("Quit" or "Cancel").
void answerQuitQuestion(const QString &button, bool dontAskAgain, QString *question)
{
    QTimer::singleShot(0, [=] {
        auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
        if (!box)
            return;
        *question = box->text();
        if (dontAskAgain)
            box->checkBox()->setChecked(true);
        for (QAbstractButton *each : box->buttons()) {
            if (each->text() == button)
                each->click();
        }
    });
}

void TestMainWindow::quittingAsksWhenLogsWouldBeLost()
{
    QSettings().remove(QLatin1String(ui::MainWindow::ConfirmQuitKey));
    ui::MainWindow window;
    window.show();
    QVERIFY(window.whatQuittingLoses().isEmpty());
    QVERIFY(window.close()); // nothing to lose: no question
    window.show();
    window.currentTab()->document()->appendRows({test::message(test::In, true, "kept?", 0, 1000)});
    QCOMPARE(window.whatQuittingLoses(), QStringLiteral("1 unsaved log"));

    QString question;
    answerQuitQuestion(QStringLiteral("Cancel"), false, &question);
    QVERIFY(!window.close());
    QVERIFY(window.isVisible());
    QCOMPARE(question, QStringLiteral("Quitting now ends 1 unsaved log."));

    answerQuitQuestion(QStringLiteral("Quit"), true, &question);
    QVERIFY(window.close());
    QCOMPARE(QSettings().value(QLatin1String(ui::MainWindow::ConfirmQuitKey)).toBool(), false);
    window.show();
    QVERIFY(window.close()); // told not to ask again
    QSettings().remove(QLatin1String(ui::MainWindow::ConfirmQuitKey));
}

void TestMainWindow::tabsNeverShareATitle()
{
    ui::MainWindow window;
    window.show();
    ui::ConnectionTab *first = connectToEchoServer(window, false);
    QVERIFY(first);
    ui::ConnectionTab *second = window.openConnection(window.echoServer()->url());
    QTRY_COMPARE_WITH_TIMEOUT(second->state(), net::ConnectionState::Open, Timeout);
    auto *tabs = window.findChild<QTabWidget *>();
    const QString host = first->title();
    QCOMPARE(tabs->tabText(tabs->indexOf(first)), host);
    QCOMPARE(tabs->tabText(tabs->indexOf(second)), host + QStringLiteral(" (2)"));
    // A read-only copy says so.
    log::SessionTab saved;
    saved.state = first->sessionState();
    saved.state.title = host;
    ui::ConnectionTab *copy = window.addTab(ui::ReadOnlyTab::create(std::move(saved), QStringLiteral("a test")));
    QCOMPARE(tabs->tabText(tabs->indexOf(copy)), host + QStringLiteral(" · read-only"));
    window.closeTab(tabs->indexOf(first));
    QCOMPARE(tabs->tabText(tabs->indexOf(second)), host); // the number goes with the twin
}

// The built-in wss server's certificate, met by a tab that was not told to trust it.
static ui::ConnectionTab *untrustedTab(ui::MainWindow &window)
{
    ui::ConnectionTab *tab = window.newTab();
    tab->connectTo(window.echoServer()->url());
    return tab;
}

static bool panelSays(const QWidget *panel, const QString &words)
{
    for (const QLabel *label : panel->findChildren<QLabel *>()) {
        if (label->isVisibleTo(panel) && label->text().contains(words))
            return true;
    }
    return false;
}

void TestMainWindow::untrustedCertificateOffersOneClickWaysPast()
{
    ui::MainWindow window;
    window.resize(1400, 900);
    window.show();
    QVERIFY(connectToEchoServer(window, true));

    ui::ConnectionTab *tab = untrustedTab(window);
    QTRY_COMPARE_WITH_TIMEOUT(tab->state(), net::ConnectionState::Closed, Timeout);
    QWidget *panel = tab->connectionPanel();
    // Advice in the window's words, not the CLI's flags.
    QTRY_VERIFY(panelSays(panel, QStringLiteral("Options → TLS")));
    QVERIFY(!panelSays(panel, QStringLiteral("--ca-file")) && !panelSays(panel, QStringLiteral("--insecure")));
    auto *trust = panel->findChild<QPushButton *>(QStringLiteral("trustCertificate"));
    auto *insecure = panel->findChild<QPushButton *>(QStringLiteral("connectWithoutVerifying"));
    QVERIFY(trust && insecure);
    QVERIFY(trust->isVisibleTo(panel) && insecure->isVisibleTo(panel));

    trust->click();
    QTRY_COMPARE_WITH_TIMEOUT(tab->state(), net::ConnectionState::Open, Timeout);
    QTRY_COMPARE(tab->certificatePanel()->verdictTitleText(), QStringLiteral("Trusted in this tab only, by its fingerprint"));
    QVERIFY(!trust->isVisibleTo(panel)); // the new attempt cleared the panel
    QVERIFY(!tab->options().tls.trustedLeafSha256.isEmpty()); // this tab's, while it lives

    ui::ConnectionTab *other = untrustedTab(window);
    QTRY_COMPARE_WITH_TIMEOUT(other->state(), net::ConnectionState::Closed, Timeout);
    auto *otherInsecure = other->connectionPanel()->findChild<QPushButton *>(QStringLiteral("connectWithoutVerifying"));
    QTRY_VERIFY(otherInsecure->isVisibleTo(other->connectionPanel()));
    otherInsecure->click();
    QTRY_COMPARE_WITH_TIMEOUT(other->state(), net::ConnectionState::Open, Timeout);
    QVERIFY(!other->options().tls.verify);
    QTRY_COMPARE(other->certificatePanel()->verdictTitleText(), QStringLiteral("✖ Connected with errors (verification off)"));
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
