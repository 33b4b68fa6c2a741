// SPDX-License-Identifier: MIT
#pragma once
// The Script panel of one tab (the window's Script dock shows the current tab's): the
// script's editor (starting from a template of the hooks), Run and Stop, and the tab's
// environment: "No environment" or a JSON file of variables (the format `run --env`
// reads, Postman's export too), whose {{name}} the tab replaces in its URL, headers,
// composer messages and the script's sends. Environment files chosen once are offered in
// every tab (QSettings). A flow file's messages are kept with the script. UI thread only.
#include "script/Environment.h"
#include "script/FlowFile.h"

#include <QList>
#include <QWidget>

#include <optional>

class QComboBox;
class QLabel;
class QPlainTextEdit;
class QPushButton;

namespace wsi::ui {

class ScriptPanel : public QWidget
{
    Q_OBJECT
public:
    static constexpr const char *EnvironmentFilesKey = "script/environmentFiles";

    explicit ScriptPanel(QWidget *parent = nullptr);

    static QString starterScript();
    QString script() const;
    void setScript(const QString &text);
    // The name errors are reported with: the flow file's, else "script.js".
    QString fileName() const { return m_fileName; }
    void setFileName(const QString &fileName);
    const QList<script::FlowMessage> &openingMessages() const { return m_openingMessages; }
    void setOpeningMessages(const QList<script::FlowMessage> &messages);

    // The environment chosen (nothing: "No environment").
    std::optional<script::Environment> environment() const;
    // Adds the file to the choices and chooses it; false with `error` when it cannot be read.
    bool useEnvironmentFile(const QString &path, QString &error);
    void chooseNoEnvironment();

    void setRunning(bool running);
    void setStatus(const QString &text);

    QPlainTextEdit *editor() const { return m_editor; }
    QPushButton *runButton() const { return m_run; }
    QPushButton *stopButton() const { return m_stop; }
    QComboBox *environmentChoice() const { return m_environments; }
    QLabel *statusLabel() const { return m_status; }

Q_SIGNALS:
    void runRequested();
    void stopRequested();
    void environmentChanged();

private:
    void chooseEnvironmentFile();
    void onEnvironmentChosen(int index);
    int addEnvironmentChoice(const QString &path, const script::Environment &environment);
    void showMessagesNote();

    QPlainTextEdit *m_editor;
    QComboBox *m_environments;
    QPushButton *m_loadEnvironment;
    QPushButton *m_run;
    QPushButton *m_stop;
    QLabel *m_messagesNote;
    QLabel *m_status;
    QString m_fileName = QStringLiteral("script.js");
    QList<script::FlowMessage> m_openingMessages;
    QList<script::Environment> m_loaded; // by combo index - 1
};

} // namespace wsi::ui
