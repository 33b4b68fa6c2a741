// SPDX-License-Identifier: MIT
#include "ui/panels/server/MockScriptWidget.h"

#include <QCheckBox>
#include <QFontDatabase>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QVBoxLayout>

namespace wsi::ui {

namespace {
constexpr int MaxLogLines = 500; // a chatty mock must not grow without end
}

MockScriptWidget::MockScriptWidget(QWidget *parent)
    : QWidget(parent),
      m_active(new QCheckBox(tr("Answer with this script instead of echoing"), this)),
      m_editor(new QPlainTextEdit(this)),
      m_log(new QListWidget(this))
{
    m_active->setObjectName(QStringLiteral("mockActive"));
    m_active->setToolTip(tr("Takes effect at the next Start"));
    m_editor->setObjectName(QStringLiteral("mockEditor"));
    m_editor->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_editor->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_editor->setPlainText(starterScript());
    m_editor->setMinimumHeight(160);
    m_log->setObjectName(QStringLiteral("mockLog"));
    m_log->setMaximumHeight(110);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 4, 0, 0);
    layout->addWidget(m_active);
    layout->addWidget(m_editor, 1);
    layout->addWidget(m_log);
}

QString MockScriptWidget::starterScript()
{
    return QStringLiteral("// client: id, path, query, send(text), sendBinary(bytes), close(code, reason)\n"
                          "// also: broadcast(text), log(...), setTimeout(fn, ms)\n"
                          "function onConnection(client) {\n"
                          "    client.send(JSON.stringify({ op: 'welcome', path: client.path }));\n"
                          "}\n"
                          "\n"
                          "function onMessage(msg, client) {\n"
                          "    if (msg.json && msg.json.op === 'ping')\n"
                          "        client.send(JSON.stringify({ op: 'pong', id: msg.json.id }));\n"
                          "    else\n"
                          "        client.send(msg.text);\n"
                          "}\n");
}

QString MockScriptWidget::activeScript() const
{
    return m_active->isChecked() ? m_editor->toPlainText() : QString();
}

void MockScriptWidget::setScript(const QString &text)
{
    m_editor->setPlainText(text);
}

void MockScriptWidget::setActive(bool active)
{
    m_active->setChecked(active);
}

void MockScriptWidget::addLog(const QString &line)
{
    addLine(tr("log  %1").arg(line));
}

void MockScriptWidget::addError(const QString &message)
{
    addLine(tr("error  %1").arg(message));
    m_log->item(m_log->count() - 1)->setForeground(QColor(0xd9, 0x3a, 0x3a));
}

void MockScriptWidget::addLine(const QString &line)
{
    if (m_log->count() >= MaxLogLines)
        delete m_log->takeItem(0);
    m_log->addItem(line);
    m_log->item(m_log->count() - 1)->setToolTip(line);
    m_log->scrollToBottom();
}

void MockScriptWidget::clearLog()
{
    m_log->clear();
}

} // namespace wsi::ui
