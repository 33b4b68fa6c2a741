// SPDX-License-Identifier: MIT
#pragma once
// Sends a ReplayPlan's messages over a new client Connection (on its worker thread, like
// every traffic source) and collects what the server answers, for ResponseDiff.
//
// Pace: the original timing (each message at its recorded time after the open, divided by
// `speed`) or as fast as possible (all of them, in order, at once). The run ends `settleMs`
// after the last send or answer, whichever came later (and, with the original timing, not
// before the recording's last answer would have come), when the server ends the
// connection, or at the run's limit; then the connection is closed with 1000.
//
// Two ways to drive it. start() opens a Connection of its own (the CLI): every report is
// passed on (reported()) before it is acknowledged, so a printer or a session recorder
// reads the same ordered stream as a tab would. attach() replays through a source someone
// else owns and shows (a window's tab): the owner hands over the rows and updates it
// shows, in order (showRows(), showUpdate()), and the runner sends through `send`.
#include "replay/ReplayPlan.h"

#include "net/ConnectionOptions.h"
#include "net/ConnectionTypes.h"
#include "net/source/SourceReport.h"
#include "net/source/SourceThread.h"

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <functional>
#include <memory>
#include <optional>

namespace wsi::replay {

class ReplayRunner : public QObject
{
    Q_OBJECT
public:
    enum class Pace { Original, AsFastAsPossible };
    struct Settings {
        Pace pace = Pace::Original;
        double speed = 1.0;  // original timing only: 2 replays twice as fast
        int settleMs = 1000; // quiet time that ends the run
        int runLimitMs = 0;  // 0: none
    };

    ReplayRunner(ReplayPlan plan, Settings settings, QObject *parent = nullptr);
    ~ReplayRunner() override;

    // Connects (reconnects off) and replays; finished() follows, once.
    void start(net::ConnectionOptions options);

    // The source's side for attach(): send a message; close with 1000.
    struct SourceCalls {
        std::function<void(const ReplayMessage &)> send;
        std::function<void()> close;
    };
    // Replays through a source shown elsewhere, from its next open on; finished() follows
    // once it ended or was closed (the owner keeps the source).
    void attach(SourceCalls calls);
    void showRows(const net::EventBatch &rows);
    void showUpdate(const net::SourceReport &update);
    // Ends the run now (the user stopped it): what was answered so far is kept.
    void stop();

    const ReplayPlan &plan() const { return m_plan; }
    // The messages sent, with their times on the wire since the open.
    const QList<ReplayMessage> &sent() const { return m_sent; }
    // The messages received, with their times since the open.
    const QList<ReplayMessage> &answers() const { return m_answers; }
    bool opened() const { return m_openNs >= 0; }
    // The first error the connection reported, and its close.
    const std::optional<net::ConnectionError> &error() const { return m_error; }
    const std::optional<net::CloseInfo> &close() const { return m_close; }
    // Why the run ended: "quiet for 1000 ms after the last message", "the server closed", ...
    QString endReason() const { return m_endReason; }
    bool limitReached() const { return m_limitReached; }

Q_SIGNALS:
    void reported(const wsi::net::ReportBatch &batch);
    void progress(int sent, int answers);
    void finished();

private:
    void onReports(const net::ReportBatch &batch);
    void connectionEnded();
    void onOpen(qint64 openNs);
    void sendDue();
    void scheduleNextSend();
    void onMessage(const net::LogEvent &event);
    void armSettle();
    void endRun(const QString &reason);
    void finish();
    qint64 sinceOpenMs() const;
    // When send number `send` is due, in ms since the open (Pace::Original).
    qint64 dueMs(qsizetype send) const;

    ReplayPlan m_plan;
    Settings m_settings;
    std::unique_ptr<net::SourceThread> m_thread; // start(): the connection it owns
    SourceCalls m_calls;
    QElapsedTimer m_openClock; // started when the open was reported
    qint64 m_lastSentSinceOpenMs = -1; // when the last send went out
    qint64 m_openNs = -1;      // the open on the connection's clock
    int m_nextSend = 0;        // into m_plan.sends: the next to post
    QList<ReplayMessage> m_sent;
    QList<ReplayMessage> m_answers;
    std::optional<net::ConnectionError> m_error;
    std::optional<net::CloseInfo> m_close;
    QTimer m_sendTimer;
    QTimer m_settleTimer;
    QTimer m_runLimit;
    QTimer m_closeLimit;
    QString m_endReason;
    bool m_limitReached = false;
    bool m_ending = false;
    bool m_connectionFinished = false;
    bool m_finished = false;
};

} // namespace wsi::replay
