// SPDX-License-Identifier: MIT
#include "ui/replay/ReplayRun.h"

#include "ui/log/LogView.h"
#include "ui/replay/ReplayResultsWindow.h"
#include "ui/tab/ConnectionTab.h"
#include "ui/tab/TabDocument.h"

#include "store/MessageStore.h"

namespace wsi::ui {

using replay::ReplayMessage;
using replay::ReplayRunner;

ReplayRun::ReplayRun(ConnectionTab *source, ConnectionTab *target, replay::ReplayPlan plan, ReplayRequest request,
                     std::function<void(ConnectionTab *)> showTab, QWidget *window)
    : QObject(window),
      m_source(source),
      m_target(target),
      m_sourceTitle(source->title()),
      m_request(std::move(request)),
      m_runner(std::move(plan), m_request.settings),
      m_showTab(std::move(showTab)),
      m_window(window)
{
    TabDocument *document = target->document();
    connect(document, &TabDocument::rowsShown, &m_runner, &ReplayRunner::showRows);
    connect(document, &TabDocument::updateShown, &m_runner, &ReplayRunner::showUpdate);
    connect(&m_runner, &ReplayRunner::finished, this, &ReplayRun::showResults);
    // The tab closed before the end: nothing to compare with, nothing to show.
    connect(target, &QObject::destroyed, this, [this] {
        if (!m_results)
            deleteLater();
    });
    m_runner.attach(ReplayRunner::SourceCalls{[document](const ReplayMessage &message) {
                                                  const QByteArray payload = message.payload;
                                                  if (message.binary)
                                                      document->post([payload](net::TrafficSource *s) { s->sendBinary(payload); });
                                                  else
                                                      document->post([payload](net::TrafficSource *s) { s->sendText(payload); });
                                              },
                                              [document] { document->post([](net::TrafficSource *s) { s->close(1000); }); }});
}

ReplayRun::~ReplayRun() = default;

void ReplayRun::start()
{
    net::ConnectionOptions options = m_source ? m_source->options() : m_target->options();
    options.url = m_request.url;
    options.reconnect.enabled = false; // one connection: its answers are the replay's
    options.rawRequestOverride.clear();
    m_target->setOptions(options);
    m_target->connectTo(m_request.url);
}

void ReplayRun::numberAnswers(QList<ReplayMessage> &answers) const
{
    if (!m_target)
        return;
    const log::MessageStore &store = m_target->store();
    int first = 0;
    for (int row = store.rowCount() - 1; row >= 0; --row) {
        if (store.record(row).kind == log::LogEntryKind::Attempt) {
            first = row;
            break;
        }
    }
    int next = 0;
    for (int row = first; row < store.rowCount() && next < answers.size(); ++row) {
        const log::LogRecord &record = store.record(row);
        if ((record.kind == log::LogEntryKind::Text || record.kind == log::LogEntryKind::Binary)
            && record.direction() == net::EventDirection::Incoming)
            answers[next++].rowNumber = store.rowNumber(row);
    }
}

QString ReplayRun::summary() const
{
    const replay::ReplayPlan &plan = m_runner.plan();
    QString text = tr("Sent %1 of %2 to %3; %4 answers (recorded: %5); ended: %6.")
                       .arg(m_runner.sent().size())
                       .arg(plan.sends.size())
                       .arg(m_request.url)
                       .arg(m_runner.answers().size())
                       .arg(plan.recorded.size())
                       .arg(m_runner.endReason());
    if (m_runner.error())
        text += QLatin1Char(' ') + tr("The connection failed: %1").arg(m_runner.error()->message);
    return text;
}

void ReplayRun::showResults()
{
    QList<ReplayMessage> answers = m_runner.answers();
    numberAnswers(answers);
    replay::ResponseDiff diff = replay::diffResponses(m_runner.plan().recorded, answers, m_request.ignored);
    const QString counts = tr("%1 same, %2 changed, %3 missing, %4 new").arg(diff.same).arg(diff.changed).arg(diff.missing).arg(diff.added);
    const QString verdict = diff.identical() ? tr("the answers match the recording") : tr("the answers differ from the recording");
    auto *model = new ReplayDiffModel(std::move(diff), m_runner.plan().recorded, answers);
    QPointer<ConnectionTab> source = m_source;
    QPointer<ConnectionTab> target = m_target;
    auto showTab = m_showTab;
    m_results = new ReplayResultsWindow(tr("Replay of %1: %2").arg(m_sourceTitle, counts),
                                        summary() + QStringLiteral("\n") + counts + QStringLiteral(": ") + verdict, model,
                                        [source, target, showTab](bool recorded, qint64 rowNumber) {
                                            ConnectionTab *tab = recorded ? source.data() : target.data();
                                            if (!tab)
                                                return;
                                            showTab(tab);
                                            tab->logView()->goToRowNumber(rowNumber);
                                        },
                                        m_window);
    m_results->setAttribute(Qt::WA_DeleteOnClose);
    connect(m_results, &QObject::destroyed, this, &QObject::deleteLater);
    m_results->show();
    Q_EMIT resultsShown(m_results);
}

} // namespace wsi::ui
