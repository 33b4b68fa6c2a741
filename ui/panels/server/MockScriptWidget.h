// SPDX-License-Identifier: MIT
// The echo server panel's "Mock" page: a script that answers the server's clients instead
// of the echo (script::MockScript), on when its box is ticked at the next Start, and what
// the script logged and each error it made (file and line), newest last. UI thread only.
#pragma once

#include <QWidget>

class QCheckBox;
class QListWidget;
class QPlainTextEdit;

namespace wsi::ui {

class MockScriptWidget : public QWidget
{
    Q_OBJECT
public:
    explicit MockScriptWidget(QWidget *parent = nullptr);

    static QString starterScript();
    // The script to serve with, or empty when the box is not ticked.
    QString activeScript() const;
    void setScript(const QString &text);
    void setActive(bool active);
    void addLog(const QString &line);
    void addError(const QString &message);
    void clearLog();

    QCheckBox *activeBox() const { return m_active; }
    QPlainTextEdit *editor() const { return m_editor; }
    QListWidget *log() const { return m_log; }

private:
    void addLine(const QString &line);

    QCheckBox *m_active;
    QPlainTextEdit *m_editor;
    QListWidget *m_log;
};

} // namespace wsi::ui
