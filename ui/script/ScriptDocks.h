// SPDX-License-Identifier: MIT
#pragma once
// The window's Script and Tests docks: each tab gets a TabScript (its Script and Tests
// panels), and the docks show the current tab's, as the Certificate and Latency docks do.
// Both docks start hidden (View menu); a run shows the Tests dock. The Script dock sits
// below the log and composer, between the side columns. UI thread only.
#include <QObject>

class QDockWidget;
class QMainWindow;
class QStackedWidget;

namespace wsi::ui {

class ConnectionTab;
class TabScript;

class ScriptDocks : public QObject
{
    Q_OBJECT
public:
    // `besideTests`: the dock the Tests dock is tabbed with.
    ScriptDocks(QMainWindow *window, QDockWidget *besideTests);

    void addTab(ConnectionTab *tab);
    void showTab(ConnectionTab *tab);
    static TabScript *scriptOf(const ConnectionTab *tab);

    QDockWidget *scriptDock() const { return m_scriptDock; }
    QDockWidget *testsDock() const { return m_testsDock; }
    void showScriptDock();
    void showTestsDock();

private:
    void fitScriptDock();

    QMainWindow *m_window;
    QStackedWidget *m_scriptStack;
    QStackedWidget *m_testsStack;
    QDockWidget *m_scriptDock;
    QDockWidget *m_testsDock;
};

} // namespace wsi::ui
