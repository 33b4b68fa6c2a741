// SPDX-License-Identifier: MIT
#pragma once
// One tab's script and its runs. Run connects the tab (again, when it was open) and runs
// the Script panel's script from the open on, in a ScriptThread attached to the tab's
// document: the script sees the rows and updates the tab shows, in order, and its
// ws.send()/ws.close() go out through the tab's source. Results and log() lines go to the
// tab's Tests panel. The run ends with done(), Stop, the connection's end or a script
// error; the tab's connection stays open after done() (it is the user's). The panel's
// environment is the tab's too. Owned by its tab; UI thread only.
#include "ui/script/ScriptPanel.h"
#include "ui/script/TestsPanel.h"

#include <QObject>
#include <QPointer>

#include <memory>

namespace wsi::script {
class ScriptThread;
}

namespace wsi::ui {

class ConnectionTab;

class TabScript : public QObject
{
    Q_OBJECT
public:
    // A hook (or timer, or predicate) past this is interrupted and reported with its line.
    static constexpr int HookLimitMs = 1000;

    explicit TabScript(ConnectionTab *tab);
    ~TabScript() override;

    ScriptPanel *scriptPanel() const { return m_scriptPanel; }
    TestsPanel *testsPanel() const { return m_testsPanel; }
    bool isRunning() const { return m_thread != nullptr; }

public Q_SLOTS:
    void run();
    void stop();

Q_SIGNALS:
    // A run began (the window shows the Tests dock) and ended.
    void runStarted();
    void runFinished();

private:
    void onLoaded(const QString &problem);
    void onFinished();
    void applyEnvironment();

    ConnectionTab *m_tab;
    // Shown in the window's docks; deleted with the tab.
    QPointer<ScriptPanel> m_scriptPanel;
    QPointer<TestsPanel> m_testsPanel;
    std::unique_ptr<script::ScriptThread> m_thread;
    QList<QMetaObject::Connection> m_feeds; // the document's stream into the run
};

} // namespace wsi::ui
