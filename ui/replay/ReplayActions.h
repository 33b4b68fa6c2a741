// SPDX-License-Identifier: MIT
#pragma once
// The window's ways into a replay: Connection ▸ Replay Log… (the current tab's first
// connection attempt that sent messages) and the log's "Replay Selected Messages…" (the
// selected rows). Works on a live tab and on one opened from a session file alike: it
// asks where to and how (ReplayDialog), opens a new tab for the replay and runs it
// (ReplayRun). UI thread only.
#include <QObject>
#include <QVector>

#include <functional>

namespace wsi::replay {
struct ReplayPlan;
}

namespace wsi::ui {

class ConnectionTab;
class ReplayDialog;
class ReplayRun;

class ReplayActions : public QObject
{
    Q_OBJECT
public:
    struct WindowCalls {
        std::function<ConnectionTab *()> newTab; // a new tab, added and current
        std::function<void(ConnectionTab *)> showTab;
    };
    ReplayActions(QWidget *window, WindowCalls calls);

    void replayLog(ConnectionTab *tab);
    void replayRows(ConnectionTab *tab, const QVector<int> &storeRows);

Q_SIGNALS:
    // For tests: the dialog is about to be shown (it is modal), and the run that started.
    void dialogOpened(wsi::ui::ReplayDialog *dialog);
    void runStarted(wsi::ui::ReplayRun *run);

private:
    void offer(ConnectionTab *tab, replay::ReplayPlan plan, const QString &what, const QString &error);

    QWidget *m_window;
    WindowCalls m_calls;
    QString m_lastIgnored; // the dialog's ignore lines, kept for the next replay
};

} // namespace wsi::ui
