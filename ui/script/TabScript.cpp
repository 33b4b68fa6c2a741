// SPDX-License-Identifier: MIT
#include "ui/script/TabScript.h"

#include "ui/script/ScriptPanel.h"
#include "ui/script/TestsPanel.h"
#include "ui/tab/ConnectionBar.h"
#include "ui/tab/ConnectionTab.h"
#include "ui/tab/TabDocument.h"

#include "script/ScriptThread.h"

#include <QFileInfo>

namespace wsi::ui {

TabScript::TabScript(ConnectionTab *tab)
    : QObject(tab), m_tab(tab), m_scriptPanel(new ScriptPanel), m_testsPanel(new TestsPanel)
{
    connect(m_scriptPanel, &ScriptPanel::runRequested, this, &TabScript::run);
    connect(m_scriptPanel, &ScriptPanel::stopRequested, this, &TabScript::stop);
    connect(m_scriptPanel, &ScriptPanel::environmentChanged, this, &TabScript::applyEnvironment);
    applyEnvironment();
}

TabScript::~TabScript()
{
    for (const QMetaObject::Connection &feed : std::as_const(m_feeds))
        disconnect(feed);
    m_thread.reset(); // interrupts a running hook and joins the script thread
    delete m_scriptPanel;
    delete m_testsPanel;
}

void TabScript::applyEnvironment()
{
    m_tab->setEnvironment(m_scriptPanel->environment());
}

void TabScript::run()
{
    if (m_tab->isReadOnly())
        return;
    for (const QMetaObject::Connection &feed : std::as_const(m_feeds))
        disconnect(feed);
    m_feeds.clear();
    m_thread.reset();
    script::ScriptRunner::Settings settings;
    settings.hookLimitMs = HookLimitMs;
    settings.runLimitMs = 0; // a tab's script runs as long as its connection
    m_thread = std::make_unique<script::ScriptThread>(settings);
    connect(m_thread.get(), &script::ScriptThread::loaded, this, &TabScript::onLoaded);
    connect(m_thread.get(), &script::ScriptThread::resultAdded, m_testsPanel, &TestsPanel::addResult);
    connect(m_thread.get(), &script::ScriptThread::logged, m_testsPanel, &TestsPanel::addLog);
    connect(m_thread.get(), &script::ScriptThread::finished, this, &TabScript::onFinished);
    m_testsPanel->startRun(QFileInfo(m_scriptPanel->fileName()).fileName());
    m_scriptPanel->setRunning(true);
    m_scriptPanel->setStatus(tr("Loading the script…"));
    TabDocument *document = m_tab->document();
    const auto post = [document](auto call) { document->post(call); };
    m_thread->load(m_scriptPanel->fileName(), m_scriptPanel->script(), m_tab->environment().value_or(script::Environment()),
                   m_scriptPanel->openingMessages(),
                   script::ScriptThread::Calls{
                       [post](const QByteArray &text) { post([text](net::TrafficSource *source) { source->sendText(text); }); },
                       [post](const QByteArray &bytes) { post([bytes](net::TrafficSource *source) { source->sendBinary(bytes); }); },
                       [post](int code, const QString &reason) {
                           post([code, reason](net::TrafficSource *source) { source->close(code, reason); });
                       }});
    Q_EMIT runStarted();
}

void TabScript::onLoaded(const QString &problem)
{
    if (!problem.isEmpty()) {
        m_testsPanel->endRun(problem);
        m_scriptPanel->setStatus(problem);
        m_scriptPanel->setRunning(false);
        m_thread.reset();
        Q_EMIT runFinished();
        return;
    }
    // The previous connection's last reports are shown by connectTo() (it stops that
    // source first); the run reads from the new one's first report on.
    const QString refused = m_tab->connectTo(m_tab->bar()->url());
    if (!refused.isEmpty()) {
        m_testsPanel->endRun(tr("the tab did not connect: %1").arg(refused));
        m_scriptPanel->setStatus(m_testsPanel->summary());
        m_scriptPanel->setRunning(false);
        m_thread.reset();
        Q_EMIT runFinished();
        return;
    }
    TabDocument *document = m_tab->document();
    script::ScriptThread *thread = m_thread.get();
    m_feeds << connect(document, &TabDocument::rowsShown, thread, &script::ScriptThread::showRows);
    m_feeds << connect(document, &TabDocument::updateShown, thread, [document, thread](const net::SourceReport &update) {
        // Rows are placed on the log's time line; the run judges deadlines on it too.
        if (std::holds_alternative<net::AttemptReport>(update))
            thread->setRowClockOrigin(document->timelineOriginSteadyNs());
        thread->showUpdate(update);
    });
    m_scriptPanel->setStatus(tr("Running against %1.").arg(m_tab->options().url));
}

void TabScript::stop()
{
    if (m_thread)
        m_thread->stop();
}

void TabScript::onFinished()
{
    for (const QMetaObject::Connection &feed : std::as_const(m_feeds))
        disconnect(feed);
    m_feeds.clear();
    m_testsPanel->endRun();
    m_scriptPanel->setRunning(false);
    m_scriptPanel->setStatus(m_testsPanel->summary());
    // Its thread goes once this signal has returned.
    if (m_thread)
        m_thread.release()->deleteLater();
    Q_EMIT runFinished();
}

} // namespace wsi::ui
