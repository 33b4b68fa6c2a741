// SPDX-License-Identifier: MIT
#include "ui/replay/ReplayActions.h"

#include "ui/replay/ReplayDialog.h"
#include "ui/replay/ReplayRun.h"
#include "ui/tab/ConnectionTab.h"

#include "replay/ReplayPlan.h"

#include <QMessageBox>

namespace wsi::ui {

ReplayActions::ReplayActions(QWidget *window, WindowCalls calls) : QObject(window), m_window(window), m_calls(std::move(calls))
{
}

void ReplayActions::replayLog(ConnectionTab *tab)
{
    if (!tab)
        return;
    QString error;
    replay::ReplayPlan plan = replay::planFromLog(tab->store(), 0, &error);
    const QString what = tr("the %1 sent messages of \"%2\" (attempt %3 of %4)")
                             .arg(plan.sends.size())
                             .arg(tab->title())
                             .arg(plan.attempt)
                             .arg(plan.attemptCount);
    offer(tab, std::move(plan), what, error);
}

void ReplayActions::replayRows(ConnectionTab *tab, const QVector<int> &storeRows)
{
    if (!tab)
        return;
    QString error;
    replay::ReplayPlan plan = replay::planFromRows(tab->store(), storeRows, &error);
    const QString what = tr("the %1 selected sent messages of \"%2\"").arg(plan.sends.size()).arg(tab->title());
    offer(tab, std::move(plan), what, error);
}

void ReplayActions::offer(ConnectionTab *tab, replay::ReplayPlan plan, const QString &what, const QString &error)
{
    if (plan.sends.isEmpty()) {
        QMessageBox::information(m_window, tr("Replay"), tr("Nothing to replay: %1.").arg(error));
        return;
    }
    const QString url = plan.url.isEmpty() ? tab->options().url : plan.url;
    ReplayDialog dialog(what, url, m_window);
    dialog.setIgnoredPaths(m_lastIgnored);
    Q_EMIT dialogOpened(&dialog);
    if (dialog.exec() != QDialog::Accepted)
        return;
    m_lastIgnored = dialog.ignoredPathsText();
    ConnectionTab *target = m_calls.newTab();
    auto *run = new ReplayRun(tab, target, std::move(plan), dialog.request(), m_calls.showTab, m_window);
    Q_EMIT runStarted(run);
    run->start();
}

} // namespace wsi::ui
