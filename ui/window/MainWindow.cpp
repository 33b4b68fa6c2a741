// SPDX-License-Identifier: MIT
#include "ui/window/MainWindow.h"

#include "ui/panels/certificate/CertificatePanel.h"
#include "ui/tab/ConnectionBar.h"
#include "ui/panels/connection/ConnectionPanel.h"
#include "ui/tab/ConnectionTab.h"
#include "ui/socketio/SocketIoTab.h"
#include "ui/files/CrashJournal.h"
#include "ui/files/ReadOnlyTab.h"
#include "ui/panels/server/EchoServerController.h"
#include "ui/panels/server/EchoServerPanel.h"
#include "ui/panels/server/EchoServerSettings.h"
#include "ui/panels/latency/LatencyPanel.h"
#include "ui/log/LogView.h"
#include "ui/log/MessageLogModel.h"
#include "ui/preferences/PreferencesDialog.h"
#include "ui/profiles/ProfileActions.h"
#include "ui/files/SessionActions.h"
#include "ui/proxy/ForwardProxyActions.h"
#include "ui/proxy/ReverseProxyActions.h"
#include "ui/replay/ReplayActions.h"
#include "ui/script/FlowActions.h"
#include "ui/script/ScriptDocks.h"
#include "ui/window/Theme.h"

#include "files/session/SessionTab.h"
#include "store/MessageStore.h"

#include <QActionGroup>
#include <QApplication>
#include <QComboBox>
#include <QPushButton>
#include <QCloseEvent>
#include <QDockWidget>
#include <QMenuBar>
#include <QHash>
#include <QMessageBox>
#include <QCheckBox>
#include <QSettings>
#include <QSslSocket>
#include <QStackedWidget>
#include <QTabWidget>
#include <QTimer>
#include <QToolButton>

#include <zlib.h>

#include <utility>

namespace wsi::ui {

namespace {

constexpr int MaxRecentUrls = 25;
const char *const RecentUrlsKey = "connection/recentUrls";

QStackedWidget *panelStack()
{
    auto *stack = new QStackedWidget;
    stack->setMinimumWidth(220);
    return stack;
}

// Shows `panel` in `stack`, adding it the first time.
void showInStack(QStackedWidget *stack, QWidget *panel)
{
    if (stack->indexOf(panel) < 0)
        stack->addWidget(panel);
    stack->setCurrentWidget(panel);
}

} // namespace

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent),
      m_tabs(new QTabWidget(this)),
      m_connectionStack(panelStack()),
      m_certificateStack(panelStack()),
      m_latencyStack(panelStack()),
      m_echoServer(new EchoServerController(this)),
      m_echoPanel(new EchoServerPanel(m_echoServer))
{
    setWindowTitle(QStringLiteral("wsinspect"));
    setObjectName(QStringLiteral("MainWindow"));
    setDockOptions(AnimatedDocks | AllowTabbedDocks | AllowNestedDocks);
    m_tabs->setDocumentMode(true);
    m_tabs->setTabsClosable(true);
    m_tabs->setMovable(true);
    auto *plus = new QToolButton(m_tabs);
    plus->setText(QStringLiteral("+"));
    plus->setToolTip(tr("New connection tab (Ctrl+T)"));
    plus->setAutoRaise(true);
    m_tabs->setCornerWidget(plus, Qt::TopRightCorner);
    setCentralWidget(m_tabs);

    m_sessions = new SessionActions(this);
    m_replays = new ReplayActions(this, ReplayActions::WindowCalls{[this] { return newTab(); },
                                                                   [this](ConnectionTab *tab) { m_tabs->setCurrentWidget(tab); }});
    m_reverseProxies = new ReverseProxyActions(this, ReverseProxyActions::WindowCalls{[this] { return newTab(); }});
    m_forwardProxies = new ForwardProxyActions(this, ForwardProxyActions::WindowCalls{[this] { return newTab(); }});
    m_journal = new CrashJournal(this);
    connect(m_journal, &CrashJournal::failed, this, [this](const QString &reason) {
        auto *box = new QMessageBox(QMessageBox::Warning, tr("Crash journal"), reason, QMessageBox::Ok, this);
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open(); // not modal to the flood: the log goes on
    });
    m_profiles = new ProfileActions(this);
    m_flows = new FlowActions(this, FlowActions::WindowCalls{[this] { return currentTab(); }, [this] { return newTab(); },
                                                             [this] { m_scripts->showScriptDock(); }});
    m_preferences = Preferences::load();
    createDocks();
    createMenus();
    connect(plus, &QToolButton::clicked, this, &MainWindow::newTab);
    connect(m_tabs, &QTabWidget::tabCloseRequested, this, &MainWindow::closeTab);
    connect(m_tabs, &QTabWidget::currentChanged, this, &MainWindow::onCurrentTabChanged);
    connect(m_echoPanel, &EchoServerPanel::connectTabRequested, this,
            [this](const QString &url, const QString &caFile) { openConnection(url, caFile); });
    // The options a server ran with are kept at once, not only when the window closes.
    connect(m_echoServer, &EchoServerController::started, this, [this] {
        QSettings settings;
        EchoServerSettings::save(settings, m_echoPanel->options());
    });

    restoreSettings();
    newTab();
}

MainWindow::~MainWindow()
{
    // Tabs first: each joins its connection's worker before its panels go.
    while (m_tabs->count() > 0) {
        QWidget *page = m_tabs->widget(0);
        m_tabs->removeTab(0);
        delete page;
    }
}

QDockWidget *MainWindow::addPanelDock(const QString &title, const QString &objectName, QStackedWidget *stack,
                                      Qt::DockWidgetArea area)
{
    auto *dock = new QDockWidget(title, this);
    dock->setObjectName(objectName); // saveState() needs it
    dock->setWidget(stack);
    addDockWidget(area, dock);
    return dock;
}

void MainWindow::createDocks()
{
    QDockWidget *connection = addPanelDock(tr("Connection"), QStringLiteral("ConnectionDock"), m_connectionStack,
                                           Qt::LeftDockWidgetArea);
    auto *echoStack = panelStack();
    echoStack->addWidget(m_echoPanel);
    QDockWidget *echo = addPanelDock(tr("Echo server"), QStringLiteral("EchoServerDock"), echoStack,
                                     Qt::LeftDockWidgetArea);
    tabifyDockWidget(connection, echo);
    connection->raise();
    QDockWidget *certificate = addPanelDock(tr("Certificate"), QStringLiteral("CertificateDock"), m_certificateStack,
                                            Qt::RightDockWidgetArea);
    QDockWidget *latency = addPanelDock(tr("Latency"), QStringLiteral("LatencyDock"), m_latencyStack,
                                        Qt::RightDockWidgetArea);
    splitDockWidget(certificate, latency, Qt::Vertical);
    m_scripts = new ScriptDocks(this, latency);
}

void MainWindow::showEvent(QShowEvent *event)
{
    QMainWindow::showEvent(event);
    if (m_layoutApplied)
        return;
    m_layoutApplied = true;
    // Docks only take sizes once the window is laid out. A saved layout wins, unless it
    // no longer fits (a dock pushed out of the window, or squeezed under its minimum).
    QTimer::singleShot(0, this, [this] {
        if (!m_restoredLayout || !savedLayoutFits())
            applyDefaultDockSizes();
    });
}

bool MainWindow::savedLayoutFits() const
{
    // Inside the window and not under its minimum; and the right column wide enough for the
    // latency panel's figures (a left dock widened on a big screen squeezes it to its
    // minimum, where they scroll sideways).
    const int rightColumnNeeds = std::min(300, width() / 4);
    for (const QDockWidget *dock : findChildren<QDockWidget *>()) {
        if (dock->isFloating() || !dock->isVisible())
            continue;
        if (!rect().contains(dock->geometry()) || dock->width() < dock->minimumSizeHint().width()
            || dock->height() < dock->minimumSizeHint().height())
            return false;
        if (dockWidgetArea(const_cast<QDockWidget *>(dock)) == Qt::RightDockWidgetArea && dock->width() < rightColumnNeeds)
            return false;
    }
    return true;
}

void MainWindow::applyDefaultDockSizes()
{
    auto *connection = findChild<QDockWidget *>(QStringLiteral("ConnectionDock"));
    auto *certificate = findChild<QDockWidget *>(QStringLiteral("CertificateDock"));
    resizeDocks({connection, certificate}, {width() * 17 / 100, width() * 27 / 100}, Qt::Horizontal);
    m_rightColumnForTls.reset(); // the right column's split follows the current tab's scheme
    fitRightColumn();
}

// The certificate dock has room when the tab speaks TLS; for ws:// it shrinks to its
// one-line empty state and the latency panels below take the column. Done when the kind
// of connection changes, so a size the user picks stays until then.
void MainWindow::fitRightColumn()
{
    auto *certificate = findChild<QDockWidget *>(QStringLiteral("CertificateDock"));
    auto *latency = findChild<QDockWidget *>(QStringLiteral("LatencyDock"));
    if (!certificate || !latency || certificate->isFloating() || latency->isFloating() || !certificate->isVisible()
        || !latency->isVisible())
        return;
    const ConnectionTab *tab = currentTab();
    const bool tls = tab && tab->options().url.startsWith(QLatin1String("wss://"), Qt::CaseInsensitive);
    if (m_rightColumnForTls == tls)
        return;
    m_rightColumnForTls = tls;
    const int total = certificate->height() + latency->height();
    const int certificateHeight = tls ? total * 45 / 100 : certificate->minimumSizeHint().height();
    resizeDocks({certificate, latency}, {certificateHeight, total - certificateHeight}, Qt::Vertical);
}

void MainWindow::createMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addAction(tr("New tab"), QKeySequence::AddTab, this, &MainWindow::newTab);
    file->addAction(tr("Close tab"), QKeySequence::Close, this, [this] { closeTab(m_tabs->currentIndex()); });
    file->addSeparator();
    file->addAction(tr("Open session…"), QKeySequence::Open, m_sessions, &SessionActions::openSession);
    file->addAction(tr("Save session…"), QKeySequence::Save, m_sessions, &SessionActions::saveSession);
    file->addAction(tr("Export log…"), QKeySequence(Qt::CTRL | Qt::Key_E), m_sessions, &SessionActions::exportLog);
    file->addAction(tr("Import HAR…"), m_sessions, &SessionActions::importHar);
    file->addSeparator();
    file->addAction(tr("Open Flow…"), m_flows, &FlowActions::openFlow);
    file->addAction(tr("Save Flow…"), m_flows, &FlowActions::saveFlow);
    file->addSeparator();
    file->addAction(tr("Quit"), QKeySequence::Quit, this, &QWidget::close);

    QMenu *edit = menuBar()->addMenu(tr("&Edit"));
    QAction *preferences = edit->addAction(tr("Preferences…"), QKeySequence(Qt::CTRL | Qt::Key_Comma), this,
                                           &MainWindow::showPreferences);
    preferences->setMenuRole(QAction::PreferencesRole);

    QMenu *connection = menuBar()->addMenu(tr("&Connection"));
    connection->addAction(tr("Connect / Disconnect"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Return), this, [this] {
        if (ConnectionTab *tab = currentTab())
            tab->bar()->connectButton()->click();
    });
    connection->addAction(tr("Options…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O), this, [this] {
        if (ConnectionTab *tab = currentTab())
            tab->editOptions();
    });
    connection->addSeparator();
    connection->addAction(tr("New Socket.IO Tab"), this, &MainWindow::newSocketIoTab);
    connection->addSeparator();
    connection->addAction(tr("Replay Log…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Y), this, [this] {
        m_replays->replayLog(currentTab());
    });
    connection->addSeparator();
    connection->addAction(tr("Start echo server and connect (ws)"), this, [this] { startEchoServerAndConnect(false); });
    connection->addAction(tr("Start echo server and connect (wss)"), this, [this] { startEchoServerAndConnect(true); });

    QMenu *proxyMenu = menuBar()->addMenu(tr("P&roxy"));
    m_reverseProxies->attachMenu(proxyMenu);
    m_forwardProxies->attachMenu(proxyMenu);
    m_profiles->attachMenu(menuBar()->addMenu(tr("&Profiles")));

    m_viewMenu = menuBar()->addMenu(tr("&View"));
    for (QDockWidget *dock : findChildren<QDockWidget *>())
        m_viewMenu->addAction(dock->toggleViewAction());
    m_viewMenu->addSeparator();
    QMenu *theme = m_viewMenu->addMenu(tr("Theme"));
    m_themeActions = new QActionGroup(this);
    for (const auto &[choice, label] : {std::pair{ThemeChoice::System, tr("System")},
                                        std::pair{ThemeChoice::Light, tr("Light")},
                                        std::pair{ThemeChoice::Dark, tr("Dark")}}) {
        QAction *action = theme->addAction(label);
        action->setCheckable(true);
        action->setData(int(choice));
        action->setChecked(choice == m_preferences.theme);
        m_themeActions->addAction(action);
        connect(action, &QAction::triggered, this, [this, choice = choice] {
            m_runTheme.reset(); // the user's choice replaces --theme
            Preferences changed = m_preferences;
            changed.theme = choice;
            setPreferences(changed);
        });
    }

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("About wsinspect"), this, &MainWindow::showAbout);
}

ConnectionTab *MainWindow::currentTab() const
{
    return qobject_cast<ConnectionTab *>(m_tabs->currentWidget());
}

ConnectionTab *MainWindow::tab(int index) const
{
    return qobject_cast<ConnectionTab *>(m_tabs->widget(index));
}

int MainWindow::tabCount() const
{
    return m_tabs->count();
}

ConnectionTab *MainWindow::newTab()
{
    auto *fresh = new ConnectionTab;
    net::ConnectionOptions options = fresh->options();
    m_preferences.applyConnectionDefaults(options);
    fresh->setOptions(options);
    ConnectionTab *tab = addTab(fresh);
    tab->bar()->urlField()->setFocus();
    return tab;
}

ConnectionTab *MainWindow::newSocketIoTab()
{
    auto *fresh = new SocketIoTab;
    net::ConnectionOptions options = fresh->options();
    m_preferences.applyConnectionDefaults(options);
    fresh->setOptions(options);
    fresh->bar()->setUrl(QString()); // an http(s) URL, never the ws:// default
    ConnectionTab *tab = addTab(fresh);
    tab->bar()->urlField()->setFocus();
    return tab;
}

ConnectionTab *MainWindow::addTab(ConnectionTab *tab)
{
    tab->bar()->setHistory(m_recentUrls);
    m_scripts->addTab(tab);
    const int index = m_tabs->addTab(tab, tab->title());
    connect(tab, &ConnectionTab::titleChanged, this, &MainWindow::refreshTabTitles);
    refreshTabTitles();
    connect(tab, &ConnectionTab::urlUsed, this, &MainWindow::rememberUrl);
    connect(tab, &ConnectionTab::urlUsed, this, [this, tab] {
        if (tab == currentTab())
            fitRightColumn();
    });
    // Rows the log limits moved to disk, read back: a read-only tab of their own.
    connect(tab, &TrafficTab::spilledRowsOpened, this, [this](std::shared_ptr<log::SessionTab> rows, const QString &banner) {
        addTab(ReadOnlyTab::create(std::move(*rows), banner));
    });
    connect(tab->logView(), &LogView::replayRequested, this, [this, tab](const QVector<int> &rows) { m_replays->replayRows(tab, rows); });
    tab->logView()->setTimestampFormat(m_preferences.timestampFormat);
    tab->setLogLimits(m_preferences.logLimits);
    // The toggle is a shortcut to the preference: every tab follows it.
    connect(tab->logView(), &LogView::timestampFormatChosen, this, [this](const TimestampFormat &format) {
        Preferences changed = m_preferences;
        changed.timestampFormat = format;
        setPreferences(changed);
    });
    m_tabs->setCurrentIndex(index);
    return tab;
}

ConnectionTab *MainWindow::openConnection(const QString &url, const QString &caFile)
{
    ConnectionTab *tab = currentTab();
    // Reuse an empty, unused tab rather than piling up blank ones.
    if (!tab || tab->isReadOnly() || tab->state() != net::ConnectionState::Idle || tab->store().rowCount() > 0)
        tab = newTab();
    net::ConnectionOptions options = tab->options();
    options.url = url;
    if (!caFile.isEmpty())
        options.tls.caFile = caFile;
    // The built-in server's certificate is trusted here because the app made it: the
    // certificate panel says so rather than "Verified".
    if (!caFile.isEmpty() && caFile == m_echoServer->certificatePemFile())
        tab->certificatePanel()->setOwnTestCertificate(
            QByteArray::fromHex(m_echoServer->fingerprint().remove(QLatin1Char(':')).toLatin1()));
    tab->setOptions(options);
    tab->connectTo(url);
    return tab;
}

int MainWindow::tabsConnectedTo(const QString &url) const
{
    int count = 0;
    for (int i = 0; i < tabCount(); ++i) {
        const ConnectionTab *each = tab(i);
        count += each && each->state() != net::ConnectionState::Idle && each->state() != net::ConnectionState::Closed
                && each->options().url == url;
    }
    return count;
}

void MainWindow::startEchoServerAndConnect(bool tls)
{
    if (m_echoServer->isRunning()) {
        const bool servesTls = m_echoServer->url().startsWith(QLatin1String("wss://"));
        if (servesTls == tls) {
            openConnection(m_echoServer->url(), m_echoServer->certificatePemFile());
            return;
        }
        // Running with the other scheme: restart it as asked, after asking when tabs are
        // connected to it (their connections end with it).
        const int users = tabsConnectedTo(m_echoServer->url());
        if (users > 0) {
            const QString wanted = tls ? QStringLiteral("wss://") : QStringLiteral("ws://");
            const auto answer = QMessageBox::question(
                this, tr("Restart the echo server?"),
                tr("The echo server runs at %1 and %2 connected to it. Restart it as %3? "
                   "Their connections will close.")
                    .arg(m_echoServer->url(), users == 1 ? tr("1 tab is") : tr("%1 tabs are").arg(users), wanted),
                QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Yes);
            if (answer != QMessageBox::Yes)
                return;
        }
        m_echoServer->stop();
    }
    net::EchoServerOptions options = m_echoPanel->options();
    options.tls = tls;
    m_echoPanel->setOptions(options);
    auto *once = new QObject(this);
    connect(m_echoServer, &EchoServerController::started, once, [this, once](const QString &url) {
        once->deleteLater();
        openConnection(url, m_echoServer->certificatePemFile());
    });
    connect(m_echoServer, &EchoServerController::startFailed, once, [once] { once->deleteLater(); });
    m_echoPanel->startButton()->click();
}

// Tabs with the same title (two connections to one host) are told apart by a number.
void MainWindow::refreshTabTitles()
{
    QHash<QString, int> seen;
    for (int i = 0; i < m_tabs->count(); ++i) {
        const ConnectionTab *each = tab(i);
        if (!each)
            continue;
        const QString title = each->title();
        const int nth = ++seen[title];
        m_tabs->setTabText(i, nth == 1 ? title : QStringLiteral("%1 (%2)").arg(title).arg(nth));
        m_tabs->setTabToolTip(i, each->isReadOnly() ? each->readOnlyTitle() : each->options().url);
    }
}

void MainWindow::closeTab(int index)
{
    QWidget *page = m_tabs->widget(index);
    if (!page)
        return;
    m_tabs->removeTab(index);
    delete page;
    refreshTabTitles();
    if (m_tabs->count() == 0)
        newTab();
}

void MainWindow::onCurrentTabChanged(int)
{
    ConnectionTab *tab = currentTab();
    if (!tab)
        return;
    showInStack(m_connectionStack, tab->connectionPanel());
    showInStack(m_certificateStack, tab->certificatePanel());
    showInStack(m_latencyStack, tab->latencyPanel());
    m_scripts->showTab(tab);
    if (m_layoutApplied)
        fitRightColumn();
}

void MainWindow::rememberUrl(const QString &url)
{
    m_recentUrls.removeAll(url);
    m_recentUrls.prepend(url);
    while (m_recentUrls.size() > MaxRecentUrls)
        m_recentUrls.removeLast();
    QSettings().setValue(QLatin1String(RecentUrlsKey), m_recentUrls);
    for (int i = 0; i < m_tabs->count(); ++i)
        tab(i)->bar()->setHistory(m_recentUrls);
}

void MainWindow::showAbout()
{
    QMessageBox::about(this, tr("About wsinspect"),
                       tr("<h3>wsinspect %1</h3><p>A native desktop WebSocket inspector.</p>"
                          "<p>Qt %2<br>%3<br>zlib %4</p>")
                           .arg(QApplication::applicationVersion(), QString::fromLatin1(qVersion()),
                                QSslSocket::sslLibraryVersionString().toHtmlEscaped(),
                                QString::fromLatin1(zlibVersion())));
}

void MainWindow::setPreferences(const Preferences &preferences)
{
    if (preferences.theme != m_preferences.theme)
        m_runTheme.reset(); // a theme chosen in the dialog replaces --theme
    m_preferences = preferences;
    m_preferences.save();
    applyPreferences();
}

PreferencesDialog *MainWindow::showPreferences()
{
    auto *dialog = new PreferencesDialog(m_preferences, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &PreferencesDialog::previewed, this, &MainWindow::applyLook);
    connect(dialog, &PreferencesDialog::applied, this, &MainWindow::setPreferences);
    dialog->open();
    return dialog;
}

void MainWindow::applyPreferences()
{
    applyLook(m_preferences);
    for (int i = 0; i < m_tabs->count(); ++i)
        tab(i)->setLogLimits(m_preferences.logLimits);
}

void MainWindow::useThemeForThisRun(ThemeChoice theme)
{
    m_runTheme = theme;
    applyLook(m_preferences);
}

ThemeChoice MainWindow::themeShownWith(const Preferences &preferences) const
{
    // A dialog previewing another theme than the saved one shows that one.
    return m_runTheme && preferences.theme == m_preferences.theme ? *m_runTheme : preferences.theme;
}

void MainWindow::applyLook(const Preferences &preferences)
{
    const ThemeChoice shown = themeShownWith(preferences);
    const QString theme = Preferences::themeName(shown);
    if (theme != Theme::applicationThemeName()) {
        Theme::applyApplicationTheme(theme);
        for (int i = 0; i < m_tabs->count(); ++i)
            tab(i)->logView()->model()->refreshColours();
    }
    for (QAction *action : m_themeActions->actions())
        action->setChecked(action->data().toInt() == int(shown));
    for (int i = 0; i < m_tabs->count(); ++i)
        tab(i)->logView()->setTimestampFormat(preferences.timestampFormat);
}

void MainWindow::restoreSettings()
{
    QSettings settings;
    m_recentUrls = settings.value(QLatin1String(RecentUrlsKey)).toStringList();
    restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
    m_restoredLayout = restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
    m_echoPanel->setOptions(EchoServerSettings::load(settings));
}

void MainWindow::saveSettings() const
{
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
    EchoServerSettings::save(settings, m_echoPanel->options());
}

QString MainWindow::whatQuittingLoses() const
{
    int live = 0;
    int unsaved = 0;
    for (int i = 0; i < tabCount(); ++i) {
        const ConnectionTab *each = tab(i);
        live += each->state() != net::ConnectionState::Idle && each->state() != net::ConnectionState::Closed;
        unsaved += each->hasUnsavedRows();
    }
    QStringList parts;
    if (live > 0)
        parts << (live == 1 ? tr("1 live connection") : tr("%1 live connections").arg(live));
    if (unsaved > 0)
        parts << (unsaved == 1 ? tr("1 unsaved log") : tr("%1 unsaved logs").arg(unsaved));
    return parts.join(tr(" and "));
}

void MainWindow::quitFromOutside(const QString &how)
{
    m_quittingFromOutside = true;
    if (m_journal && !whatQuittingLoses().isEmpty())
        m_journal->keepForRestore(how);
    close();
    QCoreApplication::quit();
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    // As Wireshark does: ask before live connections end or logs are lost, unless told
    // not to; a quit from outside (logout) never waits for an answer.
    const QString loses = m_quittingFromOutside ? QString() : whatQuittingLoses();
    if (!loses.isEmpty() && QSettings().value(QLatin1String(ConfirmQuitKey), true).toBool()) {
        QMessageBox ask(QMessageBox::Question, tr("Quit wsinspect?"), tr("Quitting now ends %1.").arg(loses),
                        QMessageBox::NoButton, this);
        ask.setInformativeText(tr("Save the session first (File ▸ Save session…) to keep the logs."));
        QPushButton *quit = ask.addButton(tr("Quit"), QMessageBox::DestructiveRole);
        ask.addButton(QMessageBox::Cancel);
        ask.setDefaultButton(QMessageBox::Cancel);
        auto *dontAsk = new QCheckBox(tr("Don't ask again"), &ask);
        ask.setCheckBox(dontAsk);
        ask.exec();
        if (ask.clickedButton() != quit) {
            event->ignore();
            return;
        }
        if (dontAsk->isChecked())
            QSettings().setValue(QLatin1String(ConfirmQuitKey), false);
    }
    saveSettings();
    event->accept();
}

} // namespace wsi::ui
