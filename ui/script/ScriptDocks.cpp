// SPDX-License-Identifier: MIT
#include "ui/script/ScriptDocks.h"

#include "ui/script/ScriptPanel.h"
#include "ui/script/TabScript.h"
#include "ui/script/TestsPanel.h"
#include "ui/tab/ConnectionTab.h"

#include <QDockWidget>
#include <QMainWindow>
#include <QStackedWidget>
#include <QTimer>

namespace wsi::ui {

namespace {

QDockWidget *makeDock(QMainWindow *window, const QString &title, const QString &objectName, QStackedWidget *stack)
{
    auto *dock = new QDockWidget(title, window);
    dock->setObjectName(objectName); // saveState() needs it
    dock->setWidget(stack);
    return dock;
}

} // namespace

ScriptDocks::ScriptDocks(QMainWindow *window, QDockWidget *besideTests)
    : QObject(window), m_window(window), m_scriptStack(new QStackedWidget), m_testsStack(new QStackedWidget)
{
    m_scriptStack->setMinimumWidth(220);
    m_testsStack->setMinimumWidth(220);
    m_scriptDock = makeDock(window, tr("Script"), QStringLiteral("ScriptDock"), m_scriptStack);
    m_testsDock = makeDock(window, tr("Tests"), QStringLiteral("TestsDock"), m_testsStack);
    // The side columns keep their full height: the script goes under the log and composer.
    window->setCorner(Qt::BottomLeftCorner, Qt::LeftDockWidgetArea);
    window->setCorner(Qt::BottomRightCorner, Qt::RightDockWidgetArea);
    window->addDockWidget(Qt::BottomDockWidgetArea, m_scriptDock);
    window->addDockWidget(Qt::RightDockWidgetArea, m_testsDock);
    if (besideTests)
        window->tabifyDockWidget(besideTests, m_testsDock);
    m_scriptDock->hide();
    m_testsDock->hide();
    // Shown from the View menu too; sized once the layout has placed it.
    connect(m_scriptDock, &QDockWidget::visibilityChanged, this, [this](bool visible) {
        if (visible)
            QTimer::singleShot(0, this, &ScriptDocks::fitScriptDock);
    });
}

TabScript *ScriptDocks::scriptOf(const ConnectionTab *tab)
{
    return tab ? tab->findChild<TabScript *>(QString(), Qt::FindDirectChildrenOnly) : nullptr;
}

void ScriptDocks::addTab(ConnectionTab *tab)
{
    if (scriptOf(tab))
        return;
    auto *script = new TabScript(tab);
    m_scriptStack->addWidget(script->scriptPanel());
    m_testsStack->addWidget(script->testsPanel());
    connect(script, &TabScript::runStarted, this, &ScriptDocks::showTestsDock);
}

void ScriptDocks::showTab(ConnectionTab *tab)
{
    if (TabScript *script = scriptOf(tab)) {
        m_scriptStack->setCurrentWidget(script->scriptPanel());
        m_testsStack->setCurrentWidget(script->testsPanel());
    }
}

void ScriptDocks::showScriptDock()
{
    m_scriptDock->show();
    m_scriptDock->raise();
    fitScriptDock();
}

void ScriptDocks::fitScriptDock()
{
    // Shown at its minimum the editor has no lines: give it a third of the window.
    if (m_scriptDock->isVisible() && !m_scriptDock->isFloating() && m_scriptDock->height() < m_window->height() / 5)
        m_window->resizeDocks({m_scriptDock}, {m_window->height() * 32 / 100}, Qt::Vertical);
}

void ScriptDocks::showTestsDock()
{
    m_testsDock->show();
    m_testsDock->raise();
}

} // namespace wsi::ui
