// SPDX-License-Identifier: MIT
#pragma once
// The non-widget owner of one tab's traffic: the source on its worker thread, the message
// store, the log model the views read, the log limiter and what the panels showed
// (TabStateRecorder). It is the only reader of the source's report stream and the only
// writer of the store: the model and the limiter ask it, the widgets listen to it.
//
// Reports are shown in the order they came. Rows are appended at most every ShowIntervalMs
// (a firehose costs one layout and paint per frame, not one per batch); a batch with news
// for the panels (state, handshake, TLS, ping, error, close, ...) is shown at once, rows
// first, so the log and the panels always tell the same story. The counters' periodic
// snapshot is not news: it waits for the next pass like rows. UI thread only.
#include "net/source/SourceThread.h"
#include "store/ResendMatcher.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QObject>

#include <memory>

class QTimer;

namespace wsi::log {
class MessageStore;
class TabStateRecorder;
}

namespace wsi::ui {

class LogLimiter;
class MessageLogModel;
class RowDecoder;

class TabDocument : public QObject
{
    Q_OBJECT
public:
    static constexpr int ShowIntervalMs = 33; // at most ~30 log updates a second

    // A live tab starts with an empty store; a tab read from a file passes its store.
    explicit TabDocument(std::unique_ptr<log::MessageStore> store, QObject *parent = nullptr);
    ~TabDocument() override;

    const log::MessageStore &store() const { return *m_store; }
    MessageLogModel *model() const { return m_model; }
    LogLimiter *limiter() const { return m_limiter; }
    // The tab's decoding of its rows (ui/decode): the model's column, filters, details.
    RowDecoder *decoder() const { return m_decoder; }
    log::TabStateRecorder &panelState() { return *m_panelState; }

    // Shows `source` from now on (takes it: it runs on a worker thread of its own). The
    // previous source is stopped first; the panels' record starts again. The log keeps one
    // time line: the first source's `startedAt` is the log's start, and each attempt's
    // rows (a source's clock restarts with every attempt, see net::AttemptReport) are
    // placed on it at the time the attempt began, so every row keeps its wall-clock time.
    void attach(net::TrafficSource *source, const QDateTime &startedAt = QDateTime::currentDateTime());
    // Stops the source (joins its worker) and shows what it had reported.
    void detach();
    bool hasSource() const { return m_thread != nullptr; }
    // The steady-clock instant the log's row times count from (-1 before the first attach):
    // a shown row's timeNs is nanoseconds after it, whatever attempt it came from.
    qint64 timelineOriginSteadyNs() const { return m_originSteadyNs; }
    // What the attached source can do (nothing without one).
    net::SourceCapabilities capabilities() const { return m_capabilities; }
    // A queued call to the source; nothing happens without one.
    template <typename Call> void post(Call call) const
    {
        if (m_thread)
            m_thread->post(call);
    }

    // Whether a batch is shown at once rather than at the next pass (see above).
    static bool showsAtOnce(const net::ReportBatch &batch);
    // Shows every report received so far (before saving, before a new attempt).
    void showPendingReports();
    // What appendRun adds to the current attempt's times: a row appended by hand at a shown
    // row's time subtracts it first.
    qint64 attemptOffsetNs() const { return m_attemptOffsetNs; }
    // Rows that come from no source (a test, a replay), shown as a source's would be.
    void appendRows(const net::EventBatch &rows);
    // A resend of row number `originNumber` was posted to the source: the outgoing row of
    // `kind` with `payload` it logs will link to it (log::ResendMatcher).
    void expectResend(log::LogEntryKind kind, const QByteArray &payload, qint64 originNumber)
    {
        m_resends.expect(kind, payload, originNumber);
    }
    // Empties the log (and the rows the limiter moved to disk).
    void clearLog();
    // The store's oldest `count` rows leave memory (the limiter's call).
    void dropOldestRows(int count);

Q_SIGNALS:
    // A run of rows was appended to the store and the model (errors and closes included).
    void rowsShown(const wsi::net::EventBatch &rows);
    // An update, after every row reported before it.
    void updateShown(const wsi::net::SourceReport &update);
    // The end of a showing pass that appended rows (views follow the tail once per pass).
    void rowsAppended();
    // Around dropOldestRows: views keep the reader's place and selection.
    void oldestRowsLeaving(int count);
    void oldestRowsLeft();
    void logCleared();

private:
    void onReported(const net::ReportBatch &batch);
    void appendRun(const net::EventBatch &rows);
    void afterAppending();
    void placeAttempt(const net::AttemptReport &attempt);

    std::unique_ptr<log::MessageStore> m_store;
    RowDecoder *m_decoder;
    MessageLogModel *m_model;
    LogLimiter *m_limiter;
    std::unique_ptr<log::TabStateRecorder> m_panelState;
    std::unique_ptr<net::SourceThread> m_thread;
    net::SourceCapabilities m_capabilities;
    QVector<net::ReportBatch> m_pending;
    log::ResendMatcher m_resends;
    QTimer *m_showTimer;
    QElapsedTimer m_lastShown;
    // The log's time line: steady_clock at the store's startedAt (-1 until the first
    // attach), and what to add to the current attempt's times to place them on it.
    qint64 m_originSteadyNs = -1;
    qint64 m_attemptOffsetNs = 0;
    bool m_attemptPlaced = false; // an attempt is on the time line (the first one set its start)
};

} // namespace wsi::ui
