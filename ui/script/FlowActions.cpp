// SPDX-License-Identifier: MIT
#include "ui/script/FlowActions.h"

#include "ui/script/ScriptDocks.h"
#include "ui/script/ScriptPanel.h"
#include "ui/script/TabScript.h"
#include "ui/tab/ConnectionBar.h"
#include "ui/tab/ConnectionTab.h"

#include "script/FlowFile.h"
#include "store/MessageStore.h"

#include <QFileDialog>
#include <QFileInfo>
#include <QMessageBox>

namespace wsi::ui {

FlowActions::FlowActions(QWidget *window, WindowCalls calls) : QObject(window), m_window(window), m_calls(std::move(calls)) {}

void FlowActions::openFlow()
{
    const QString path = QFileDialog::getOpenFileName(m_window, tr("Open Flow"), QString(), tr("Flow files (*.json);;All files (*)"));
    if (path.isEmpty())
        return;
    if (const QString error = openFlowFile(path); !error.isEmpty())
        QMessageBox::warning(m_window, tr("Open Flow"), tr("The flow was not opened: %1").arg(error));
}

void FlowActions::saveFlow()
{
    ConnectionTab *tab = m_calls.currentTab();
    if (!tab || tab->isReadOnly())
        return;
    const QString path = QFileDialog::getSaveFileName(m_window, tr("Save Flow"), QStringLiteral("flow.json"),
                                                      tr("Flow files (*.json);;All files (*)"));
    if (path.isEmpty())
        return;
    if (const QString error = saveFlowFile(tab, path); !error.isEmpty())
        QMessageBox::warning(m_window, tr("Save Flow"), tr("The flow was not saved: %1").arg(error));
}

QString FlowActions::openFlowFile(const QString &path, ConnectionTab **opened)
{
    script::Flow flow;
    QString error;
    if (!script::FlowFile::read(path, flow, error))
        return error;
    ConnectionTab *tab = m_calls.currentTab();
    // An empty, unused tab takes the flow; anything else keeps what it shows.
    if (!tab || tab->isReadOnly() || tab->state() != net::ConnectionState::Idle || tab->store().rowCount() > 0)
        tab = m_calls.newTab();
    tab->setOptions(flow.options);
    TabScript *script = ScriptDocks::scriptOf(tab);
    if (script) {
        script->scriptPanel()->setScript(flow.script);
        script->scriptPanel()->setFileName(path);
        script->scriptPanel()->setOpeningMessages(flow.messages);
        script->scriptPanel()->setStatus(tr("Opened %1: press Run to connect and run it.").arg(QFileInfo(path).fileName()));
    }
    m_calls.showScript();
    if (opened)
        *opened = tab;
    return {};
}

QString FlowActions::saveFlowFile(ConnectionTab *tab, const QString &path)
{
    const TabScript *script = ScriptDocks::scriptOf(tab);
    if (!script)
        return tr("this tab has no script");
    script::Flow flow;
    flow.options = tab->options();
    flow.options.url = tab->bar()->url(); // as typed, {{name}} and all
    flow.script = script->scriptPanel()->script();
    flow.messages = script->scriptPanel()->openingMessages();
    QString error;
    if (!script::FlowFile::write(path, flow, error))
        return error;
    script->scriptPanel()->setFileName(path);
    return {};
}

} // namespace wsi::ui
