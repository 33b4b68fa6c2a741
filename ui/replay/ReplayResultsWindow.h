// SPDX-License-Identifier: MIT
#pragma once
// A replay's outcome, beside the window: a summary (sent, answers, how the run ended, the
// counts), the diff as a table (differences only, or everything), the selected answer's
// changes in full below it, and "Show in log" to go to that answer in the replay's tab
// (or, for a missing one, to the recorded row in the tab it came from).
#include "ui/replay/ReplayDiffModel.h"

#include <QDialog>

#include <functional>

class QCheckBox;
class QLabel;
class QPlainTextEdit;
class QPushButton;
class QTableView;

namespace wsi::ui {

class ReplayResultsWindow : public QDialog
{
    Q_OBJECT
public:
    // `showRow(recorded, rowNumber)`: go to a row of the recorded tab (true) or the replay's.
    ReplayResultsWindow(const QString &title, const QString &summary, ReplayDiffModel *model,
                        std::function<void(bool recorded, qint64 rowNumber)> showRow, QWidget *parent = nullptr);

    QTableView *table() const { return m_table; }
    QLabel *summaryLabel() const { return m_summary; }
    ReplayDiffModel *model() const { return m_model; }

private:
    void showSelected();
    void showInLog();

    ReplayDiffModel *m_model;
    std::function<void(bool, qint64)> m_showRow;
    QLabel *m_summary;
    QCheckBox *m_differencesOnly;
    QTableView *m_table;
    QPlainTextEdit *m_details;
    QPushButton *m_showInLog;
};

} // namespace wsi::ui
