// SPDX-License-Identifier: MIT
#pragma once
// One replay in the window: a new connection tab shows the replay's traffic like any
// connection, and a ReplayRunner attached to that tab's document sends the plan's messages
// through it and collects the answers from the rows the tab shows; at the end the diff
// opens in a ReplayResultsWindow. Deletes itself when its tab goes or its results close.
#include "ui/replay/ReplayDialog.h"

#include "replay/ReplayRunner.h"

#include <QObject>
#include <QPointer>

#include <functional>

namespace wsi::ui {

class ConnectionTab;
class ReplayResultsWindow;

class ReplayRun : public QObject
{
    Q_OBJECT
public:
    // `showTab` brings a tab to the front.
    ReplayRun(ConnectionTab *source, ConnectionTab *target, replay::ReplayPlan plan, ReplayRequest request,
              std::function<void(ConnectionTab *)> showTab, QWidget *window);
    ~ReplayRun() override;

    // Connects the target tab with the source's options (URL from the request) and replays.
    void start();
    ReplayResultsWindow *results() const { return m_results; }

Q_SIGNALS:
    void resultsShown(wsi::ui::ReplayResultsWindow *results);

private:
    void showResults();
    // The replay tab's rows of the answers, by order: its incoming messages after the
    // last attempt began.
    void numberAnswers(QList<replay::ReplayMessage> &answers) const;
    QString summary() const;

    QPointer<ConnectionTab> m_source;
    QPointer<ConnectionTab> m_target;
    QString m_sourceTitle;
    ReplayRequest m_request;
    replay::ReplayRunner m_runner;
    std::function<void(ConnectionTab *)> m_showTab;
    QWidget *m_window;
    ReplayResultsWindow *m_results = nullptr;
};

} // namespace wsi::ui
