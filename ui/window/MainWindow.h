// SPDX-License-Identifier: MIT
#pragma once
// The one window: a tab per connection in the centre, and docks around it (connection,
// certificate, latency, echo server, script, tests) that show the current tab's panels. The layout,
// the window's geometry and the recent URLs persist through QSettings. It holds the one
// current Preferences: the theme menu, the log's wall-clock toggle and the Preferences
// dialog all change it through setPreferences(). UI thread only.
#include "ui/preferences/Preferences.h"

#include <QMainWindow>

#include <optional>

class QActionGroup;
class QStackedWidget;
class QTabWidget;

namespace wsi::ui {

class ConnectionTab;
class CrashJournal;
class EchoServerController;
class EchoServerPanel;
class FlowActions;
class PreferencesDialog;
class ProfileActions;
class ReplayActions;
class ReverseProxyActions;
class ForwardProxyActions;
class ScriptDocks;
class SessionActions;

class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    ConnectionTab *currentTab() const;
    ConnectionTab *tab(int index) const;
    int tabCount() const;
    // Tabs whose connection to `url` is not over.
    int tabsConnectedTo(const QString &url) const;
    // The docks' default sizes; whether a restored layout still fits the window.
    void applyDefaultDockSizes();
    bool savedLayoutFits() const;
    void fitRightColumn();
    EchoServerPanel *echoServerPanel() const { return m_echoPanel; }
    EchoServerController *echoServer() const { return m_echoServer; }
    QStringList recentUrls() const { return m_recentUrls; }
    // File menu: sessions, exports, HAR import.
    SessionActions *sessions() const { return m_sessions; }
    // Keeps the logs on disk while the window runs (see CrashJournal).
    CrashJournal *crashJournal() const { return m_journal; }
    // Connection ▸ Replay Log… and the log's Replay Selected Messages….
    ReplayActions *replays() const { return m_replays; }
    ReverseProxyActions *reverseProxies() const { return m_reverseProxies; }
    ForwardProxyActions *forwardProxies() const { return m_forwardProxies; }
    // Profiles menu: save, open, manage, export and import connection profiles.
    ProfileActions *profiles() const { return m_profiles; }
    // The Script and Tests docks (a script per tab), and File ▸ Open Flow…/Save Flow….
    ScriptDocks *scripts() const { return m_scripts; }
    FlowActions *flows() const { return m_flows; }
    const Preferences &preferences() const { return m_preferences; }
    // What quitting now would lose: "2 live connections and 1 unsaved log", or empty.
    QString whatQuittingLoses() const;
    // Settings key: false once "Don't ask again" was ticked when quitting.
    static constexpr const char *ConfirmQuitKey = "window/confirmQuit";

public Q_SLOTS:
    ConnectionTab *newTab();
    // Connection ▸ New Socket.IO Tab: a SocketIoTab (an http(s) URL, namespaces, auth, Emit).
    ConnectionTab *newSocketIoTab();
    // Adds a tab made elsewhere (a read-only tab opened from a file) and makes it current.
    ConnectionTab *addTab(ConnectionTab *tab);
    // Opens a tab connected to `url`, trusting `caFile` when given (the built-in wss server).
    ConnectionTab *openConnection(const QString &url, const QString &caFile = QString());
    // Starts the built-in echo server on loopback and connects a tab to it once it listens.
    void startEchoServerAndConnect(bool tls = false);
    void closeTab(int index);
    void refreshTabTitles();
    // Quit asked from outside the window (SIGTERM at logout, SIGINT in a terminal): no
    // question; unsaved logs stay in the journal for the next start, with `how` as the
    // reason ("by the system (SIGTERM)").
    void quitFromOutside(const QString &how);
    void showAbout();
    // Saves `preferences` and applies them to the application and every tab.
    void setPreferences(const wsi::ui::Preferences &preferences);
    // `wsinspect --theme NAME`: this run's theme, not saved. Other preference changes keep
    // it; choosing a theme in the View menu or the Preferences dialog replaces it.
    void useThemeForThisRun(wsi::ui::ThemeChoice theme);
    // Edit ▸ Preferences…: opens the dialog (window-modal, deleted on close).
    PreferencesDialog *showPreferences();

protected:
    void closeEvent(QCloseEvent *event) override;
    void showEvent(QShowEvent *event) override;

private:
    void createDocks();
    void createMenus();
    void onCurrentTabChanged(int index);
    void rememberUrl(const QString &url);
    void restoreSettings();
    void saveSettings() const;
    void applyPreferences();
    // The parts a preview shows before Apply: the theme and the log's time format.
    void applyLook(const Preferences &preferences);
    // The theme shown with `preferences`: this run's, unless they choose another one.
    ThemeChoice themeShownWith(const Preferences &preferences) const;
    QDockWidget *addPanelDock(const QString &title, const QString &objectName, QStackedWidget *stack,
                              Qt::DockWidgetArea area);

    QTabWidget *m_tabs;
    QStackedWidget *m_connectionStack;
    QStackedWidget *m_certificateStack;
    QStackedWidget *m_latencyStack;
    EchoServerController *m_echoServer;
    EchoServerPanel *m_echoPanel;
    SessionActions *m_sessions = nullptr;
    ReplayActions *m_replays = nullptr;
    ReverseProxyActions *m_reverseProxies = nullptr;
    ForwardProxyActions *m_forwardProxies = nullptr;
    CrashJournal *m_journal = nullptr;
    bool m_quittingFromOutside = false;
    ProfileActions *m_profiles = nullptr;
    ScriptDocks *m_scripts = nullptr;
    FlowActions *m_flows = nullptr;
    Preferences m_preferences;
    QActionGroup *m_themeActions = nullptr;
    std::optional<ThemeChoice> m_runTheme; // --theme, for this run only
    QMenu *m_viewMenu = nullptr;
    QStringList m_recentUrls;
    bool m_restoredLayout = false;
    bool m_layoutApplied = false;
    std::optional<bool> m_rightColumnForTls; // what fitRightColumn() last sized the column for
};

} // namespace wsi::ui
