// SPDX-License-Identifier: MIT
#include "ui/script/ScriptPanel.h"

#include "ui/common/FlowLayout.h"

#include <QComboBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFontDatabase>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QVBoxLayout>

namespace wsi::ui {

ScriptPanel::ScriptPanel(QWidget *parent)
    : QWidget(parent),
      m_editor(new QPlainTextEdit),
      m_environments(new QComboBox),
      m_loadEnvironment(new QPushButton(tr("Load…"))),
      m_run(new QPushButton(tr("Run"))),
      m_stop(new QPushButton(tr("Stop"))),
      m_messagesNote(new QLabel),
      m_status(new QLabel)
{
    m_editor->setObjectName(QStringLiteral("scriptEditor"));
    m_editor->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_editor->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_editor->setTabStopDistance(4 * m_editor->fontMetrics().horizontalAdvance(QLatin1Char(' ')));
    m_editor->setPlainText(starterScript());
    m_run->setObjectName(QStringLiteral("runScript"));
    m_run->setToolTip(tr("Connects this tab (again, when it is open) and runs the script from the open on"));
    m_stop->setObjectName(QStringLiteral("stopScript"));
    m_stop->setEnabled(false);
    m_environments->setObjectName(QStringLiteral("environmentChoice"));
    m_environments->setToolTip(tr("{{name}} in the URL, headers, composer messages and ws.send() stands for its value"));
    m_environments->addItem(tr("No environment"));
    m_loadEnvironment->setToolTip(tr("Adds an environment file: a JSON object of names and values, or Postman's export"));
    m_messagesNote->setWordWrap(true);
    m_messagesNote->hide();
    m_status->setObjectName(QStringLiteral("scriptStatus"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *controls = new FlowLayout;
    controls->addWidget(m_run);
    controls->addWidget(m_stop);
    controls->addWidget(new QLabel(tr("Environment:")));
    controls->addWidget(m_environments);
    controls->addWidget(m_loadEnvironment);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(controls);
    layout->addWidget(m_editor, 1);
    layout->addWidget(m_messagesNote);
    layout->addWidget(m_status);

    // The files chosen in any tab before; one that no longer reads is left out quietly.
    const QStringList known = QSettings().value(QLatin1String(EnvironmentFilesKey)).toStringList();
    for (const QString &path : known) {
        script::Environment environment;
        QString ignored;
        if (script::Environment::load(path, environment, ignored))
            addEnvironmentChoice(path, environment);
    }
    connect(m_run, &QPushButton::clicked, this, &ScriptPanel::runRequested);
    connect(m_stop, &QPushButton::clicked, this, &ScriptPanel::stopRequested);
    connect(m_loadEnvironment, &QPushButton::clicked, this, &ScriptPanel::chooseEnvironmentFile);
    connect(m_environments, &QComboBox::currentIndexChanged, this, &ScriptPanel::onEnvironmentChosen);
}

QString ScriptPanel::starterScript()
{
    return QStringLiteral(
        "// Runs when you press Run: the tab connects and these hooks see its traffic.\n"
        "// ws.send(text), ws.sendBinary(bytes), ws.close(code, reason), log(...),\n"
        "// setTimeout(fn, ms), expect(cond, name), expectMessage(pred, withinMs, name), done()\n"
        "function onOpen() {\n"
        "    expectMessage((msg) => msg.text === 'hello', 2000, 'the server answers');\n"
        "    ws.send('hello');\n"
        "}\n"
        "\n"
        "function onMessage(msg) {\n"
        "    log('received', msg.type, msg.text);\n"
        "}\n"
        "\n"
        "function onClose(close) {\n"
        "    log('closed', close.code, close.reason);\n"
        "}\n");
}

QString ScriptPanel::script() const
{
    return m_editor->toPlainText();
}

void ScriptPanel::setScript(const QString &text)
{
    m_editor->setPlainText(text);
}

void ScriptPanel::setFileName(const QString &fileName)
{
    m_fileName = fileName.isEmpty() ? QStringLiteral("script.js") : fileName;
}

void ScriptPanel::setOpeningMessages(const QList<script::FlowMessage> &messages)
{
    m_openingMessages = messages;
    showMessagesNote();
}

void ScriptPanel::showMessagesNote()
{
    m_messagesNote->setVisible(!m_openingMessages.isEmpty());
    m_messagesNote->setText(tr("%n message(s) from the flow file go out after onOpen.", nullptr, int(m_openingMessages.size())));
}

std::optional<script::Environment> ScriptPanel::environment() const
{
    const int index = m_environments->currentIndex();
    if (index <= 0 || index > m_loaded.size())
        return std::nullopt;
    return m_loaded.at(index - 1);
}

int ScriptPanel::addEnvironmentChoice(const QString &path, const script::Environment &environment)
{
    const int existing = m_environments->findData(path);
    if (existing > 0) {
        m_loaded[existing - 1] = environment;
        return existing;
    }
    const QString name = environment.name().isEmpty() ? QFileInfo(path).completeBaseName() : environment.name();
    m_environments->addItem(name, path);
    m_environments->setItemData(m_environments->count() - 1, path, Qt::ToolTipRole);
    m_loaded.append(environment);
    return m_environments->count() - 1;
}

bool ScriptPanel::useEnvironmentFile(const QString &path, QString &error)
{
    script::Environment environment;
    if (!script::Environment::load(path, environment, error))
        return false;
    const int index = addEnvironmentChoice(path, environment);
    QSettings settings;
    QStringList known = settings.value(QLatin1String(EnvironmentFilesKey)).toStringList();
    if (!known.contains(path))
        settings.setValue(QLatin1String(EnvironmentFilesKey), known << path);
    if (m_environments->currentIndex() == index)
        onEnvironmentChosen(index); // read again: the file may have changed
    else
        m_environments->setCurrentIndex(index);
    return true;
}

void ScriptPanel::chooseNoEnvironment()
{
    m_environments->setCurrentIndex(0);
}

void ScriptPanel::chooseEnvironmentFile()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Load an environment"), QString(), tr("JSON files (*.json);;All files (*)"));
    if (path.isEmpty())
        return;
    QString error;
    if (!useEnvironmentFile(path, error))
        setStatus(tr("The environment was not loaded: %1").arg(error));
}

void ScriptPanel::onEnvironmentChosen(int)
{
    const std::optional<script::Environment> chosen = environment();
    setStatus(chosen ? tr("Environment %1: %n variable(s).", nullptr, int(chosen->values().size())).arg(m_environments->currentText())
                     : QString());
    Q_EMIT environmentChanged();
}

void ScriptPanel::setRunning(bool running)
{
    m_run->setEnabled(!running);
    m_stop->setEnabled(running);
}

void ScriptPanel::setStatus(const QString &text)
{
    m_status->setText(text);
    m_status->setVisible(!text.isEmpty());
}

} // namespace wsi::ui
