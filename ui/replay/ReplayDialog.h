// SPDX-License-Identifier: MIT
#pragma once
// Asks how to replay: where to (the recorded URL, or another), the pace (the original
// timing at a speed, or as fast as possible), how long a quiet spell ends the run, and
// which JSON paths the comparison leaves out (one a line, checked as they are typed).
#include "replay/JsonPathPattern.h"
#include "replay/ReplayRunner.h"

#include <QDialog>

class QCheckBox;
class QDialogButtonBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QRadioButton;

namespace wsi::ui {

struct ReplayRequest {
    QString url;
    replay::ReplayRunner::Settings settings;
    replay::JsonPathPatterns ignored;
};

class ReplayDialog : public QDialog
{
    Q_OBJECT
public:
    // `what`: "3 sent messages of tab "chat" (attempt 2 of 2)".
    ReplayDialog(const QString &what, const QString &url, QWidget *parent = nullptr);

    ReplayRequest request() const;
    void setIgnoredPaths(const QString &lines);
    QString ignoredPathsText() const;

private:
    // Checks the URL and the paths; OK is on only when both read.
    void check();

    QLineEdit *m_url;
    QRadioButton *m_original;
    QRadioButton *m_fast;
    QDoubleSpinBox *m_speed;
    QDoubleSpinBox *m_settle;
    QPlainTextEdit *m_ignore;
    QLabel *m_problem;
    QDialogButtonBox *m_buttons;
    replay::JsonPathPatterns m_patterns;
};

} // namespace wsi::ui
