// SPDX-License-Identifier: MIT
#pragma once
// The Tests panel of one tab (the window's Tests dock shows the current tab's): a script
// run's assertions, script errors and run failures, each with pass or fail, when it
// settled (ms since the run started) and why, and the script's log() lines among them in
// the order they came; above them the run's summary ("3 passed, 1 failed"). UI thread only.
#include "script/AssertionResult.h"

#include <QWidget>

class QLabel;
class QTreeWidget;

namespace wsi::ui {

class TestsPanel : public QWidget
{
    Q_OBJECT
public:
    // One row per result: PASS/FAIL, when, and the name with why on a second line; a log()
    // line spans the row.
    enum Column { Result, When, Name, ColumnCount };
    enum Role { ResultRole = Qt::UserRole, NameRole, WhyRole };

    explicit TestsPanel(QWidget *parent = nullptr);

    // A new run: the list empties, the summary says it runs.
    void startRun(const QString &what);
    void addResult(const script::AssertionResult &result);
    void addLog(const QString &line);
    // The run ended (a script that could not be loaded: `problem`).
    void endRun(const QString &problem = QString());

    int passedCount() const { return m_passed; }
    int failedCount() const { return m_failed; }
    QString summary() const;
    QTreeWidget *list() const { return m_list; }
    QLabel *summaryLabel() const { return m_summary; }

private:
    void showSummary();

    QLabel *m_summary;
    QTreeWidget *m_list;
    QString m_what;
    int m_passed = 0;
    int m_failed = 0;
    bool m_running = false;
    QString m_problem;
};

} // namespace wsi::ui
