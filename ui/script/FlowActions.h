// SPDX-License-Identifier: MIT
#pragma once
// File ▸ Open Flow… and Save Flow…: a flow file (script::FlowFile, the JSON `wsinspect-cli
// run FLOW.json` runs) into a tab (URL, options, script and its messages) and a tab out to
// one. Opening fills the current tab when it is empty and unused, else a new one, and shows
// the Script dock; it does not connect (Run does). UI thread only.
#include <QObject>

#include <functional>

class QWidget;

namespace wsi::ui {

class ConnectionTab;

class FlowActions : public QObject
{
    Q_OBJECT
public:
    struct WindowCalls {
        std::function<ConnectionTab *()> currentTab;
        std::function<ConnectionTab *()> newTab; // a new tab, added and current
        std::function<void()> showScript;        // the Script dock
    };
    FlowActions(QWidget *window, WindowCalls calls);

    // The menu's actions: a file dialog, then the file; a failure is said in a message box.
    void openFlow();
    void saveFlow();
    // Without dialogs: empty, or the one sentence why not.
    QString openFlowFile(const QString &path, ConnectionTab **opened = nullptr);
    QString saveFlowFile(ConnectionTab *tab, const QString &path);

private:
    QWidget *m_window;
    WindowCalls m_calls;
};

} // namespace wsi::ui
