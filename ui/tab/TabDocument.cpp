// SPDX-License-Identifier: MIT
#include "ui/tab/TabDocument.h"

#include "ui/decode/RowDecoder.h"
#include "ui/log/LogLimiter.h"
#include "ui/log/MessageLogModel.h"
#include "files/session/TabStateRecorder.h"

#include "net/MetaTypes.h"
#include "store/MessageStore.h"

#include <QTimer>

#include <chrono>

namespace wsi::ui {

namespace {
qint64 steadyNowNs()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}
} // namespace

bool TabDocument::showsAtOnce(const net::ReportBatch &batch)
{
    for (const net::SourceReport &report : batch) {
        // Rows and the counters' periodic snapshot wait for the next showing pass (they
        // are shown in order all the same); anything else is news the panels tell at once.
        if (!std::holds_alternative<net::EventBatch>(report) && !std::holds_alternative<net::ConnectionSnapshot>(report))
            return true;
    }
    return false;
}

TabDocument::TabDocument(std::unique_ptr<log::MessageStore> store, QObject *parent)
    : QObject(parent),
      m_store(std::move(store)),
      m_decoder(new RowDecoder(this)),
      m_model(new MessageLogModel(m_store.get(), this)),
      m_limiter(new LogLimiter(*m_store, [this](int count) { dropOldestRows(count); }, this)),
      m_panelState(std::make_unique<log::TabStateRecorder>()),
      m_showTimer(new QTimer(this))
{
    net::registerMetaTypes();
    m_model->setDecoder(m_decoder);
    m_showTimer->setSingleShot(true);
    connect(m_showTimer, &QTimer::timeout, this, &TabDocument::showPendingReports);
}

TabDocument::~TabDocument()
{
    m_thread.reset(); // joins the worker before the store it reports into goes away
}

void TabDocument::attach(net::TrafficSource *source, const QDateTime &startedAt)
{
    detach();
    m_panelState->reset();
    const qint64 now = steadyNowNs();
    if (m_originSteadyNs < 0) {
        // A restored log (a session, a journal) already has a start: continue its time line.
        if (!m_store->startedAt().isValid())
            m_store->setStartedAt(startedAt);
        m_originSteadyNs = now - m_store->startedAt().msecsTo(QDateTime::currentDateTime()) * 1000000;
    }
    // Until the source reports an attempt, its clock is taken to start now.
    m_attemptOffsetNs = now - m_originSteadyNs;
    m_capabilities = source->capabilities();
    // Queued: the source lives on its worker thread.
    connect(source, &net::TrafficSource::reported, this, &TabDocument::onReported);
    m_thread = std::make_unique<net::SourceThread>(source);
}

void TabDocument::detach()
{
    m_thread.reset();
    m_capabilities = {};
    showPendingReports();
}

void TabDocument::onReported(const net::ReportBatch &batch)
{
    m_pending.append(batch);
    if (showsAtOnce(batch)) {
        showPendingReports();
        return;
    }
    if (m_showTimer->isActive())
        return;
    const qint64 sinceShown = m_lastShown.isValid() ? m_lastShown.elapsed() : ShowIntervalMs;
    if (sinceShown >= ShowIntervalMs)
        showPendingReports();
    else
        m_showTimer->start(int(ShowIntervalMs - sinceShown));
}

void TabDocument::showPendingReports()
{
    m_showTimer->stop();
    if (m_pending.isEmpty())
        return;
    m_lastShown.start();
    const QVector<net::ReportBatch> pending = std::exchange(m_pending, {});
    bool appended = false;
    for (const net::ReportBatch &batch : pending) {
        net::forEachReport(
            batch,
            [this, &appended](const net::EventBatch &rows) {
                appendRun(rows);
                appended = true;
            },
            [this](const net::SourceReport &update) {
                if (const auto *attempt = std::get_if<net::AttemptReport>(&update))
                    placeAttempt(*attempt);
                else if (const auto *handshake = std::get_if<net::HandshakeInfo>(&update); handshake && handshake->accepted)
                    m_decoder->setSubprotocol(handshake->subprotocol); // Automatic decodes by it
                else if (std::holds_alternative<net::ConnectionError>(update) || std::holds_alternative<net::CloseInfo>(update))
                    m_model->attemptResultsChanged();
                m_panelState->record(update);
                Q_EMIT updateShown(update);
            });
        if (m_thread)
            m_thread->source()->reportsConsumed(batch);
    }
    if (appended)
        afterAppending();
}

void TabDocument::appendRows(const net::EventBatch &rows)
{
    appendRun(rows);
    afterAppending();
}

void TabDocument::placeAttempt(const net::AttemptReport &attempt)
{
    if (m_originSteadyNs < 0)
        return;
    // The log's first attempt starts its time line: its rows need no shifting (a flood's
    // batches are then stored as they come, without a copy).
    if (!m_attemptPlaced && m_store->rowCount() == 0 && m_store->firstRowNumber() == 0) {
        const qint64 lateNs = std::max<qint64>(0, attempt.steadyNs - m_originSteadyNs);
        m_store->setStartedAt(m_store->startedAt().addMSecs(lateNs / 1000000));
        m_originSteadyNs = attempt.steadyNs; // wall clock to the millisecond, as QDateTime keeps it
    }
    m_attemptPlaced = true;
    m_attemptOffsetNs = std::max<qint64>(0, attempt.steadyNs - m_originSteadyNs);
}

void TabDocument::appendRun(const net::EventBatch &rows)
{
    if (m_attemptOffsetNs == 0) {
        m_resends.link(*m_store, m_store->append(rows));
        m_model->rowsAppended();
        Q_EMIT rowsShown(rows);
        return;
    }
    net::EventBatch placed = rows; // shares the payloads
    for (net::LogEvent &row : placed)
        row.timeNs += m_attemptOffsetNs;
    m_resends.link(*m_store, m_store->append(placed));
    m_model->rowsAppended();
    Q_EMIT rowsShown(placed);
}

void TabDocument::afterAppending()
{
    m_limiter->enforce();
    Q_EMIT rowsAppended();
}

void TabDocument::clearLog()
{
    m_model->beginClear();
    m_store->clear();
    m_resends.clear();
    m_decoder->clear();
    m_model->endClear();
    m_limiter->clear();
    Q_EMIT logCleared();
}

void TabDocument::dropOldestRows(int count)
{
    count = std::min(count, m_store->rowCount());
    if (count <= 0)
        return;
    Q_EMIT oldestRowsLeaving(count);
    m_model->beginDropOldestRows(count);
    m_store->dropOldestRows(count);
    m_model->endDropOldestRows();
    Q_EMIT oldestRowsLeft();
}

} // namespace wsi::ui
