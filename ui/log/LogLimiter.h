// SPDX-License-Identifier: MIT
#pragma once
// Keeps one tab's log within the Preferences' log limits (log::LogLimits). After rows are
// appended, once the store holds more than the limit plus a tenth (plus SpillChunkRows at
// most when spilling, whose cost grows with the rows written), the oldest rows leave
// memory in one chunk back down to the limit (amortised: never a shuffle per message):
// spilled to a file first (log::LogSpill: encoded here, written on a worker thread; the
// rows leave memory once they are on disk) or dropped, as the user picked. The log view's banner says what happened ("12,000 older messages are
// on disk — Open"), and Open reads the rows on disk back for a read-only tab, which the
// window opens (spilledRowsRead): the limiter knows neither the view nor the window.
//
// Spill files are named log-<pid>-<ms>-<n>.wsispill; files of processes that are gone
// (a crash) are removed before a process's first spill.
//
// A failed spill (a full disk, a folder that cannot be written) keeps the rows in memory
// and says so in the banner; spilling is tried again after RetryMs. While a save or an
// export reads the store in slices, hold() keeps rows from leaving it. UI thread only.
#include "store/LogLimits.h"
#include "files/session/SessionTab.h"

#include <QDeadlineTimer>
#include <QObject>
#include <QTimer>

#include <functional>
#include <memory>

namespace wsi::log {
class LogSpill;
class MessageStore;
}

namespace wsi::ui {

class LogLimiter : public QObject
{
    Q_OBJECT
public:
    static constexpr int RetryMs = 30000;
    static constexpr int SpillChunkRows = 5000;

    using StateSource = std::function<log::SessionTabState()>;
    using DropRows = std::function<void(int count)>;

    // drop: takes the store's oldest rows out of memory (the store's owner does it).
    LogLimiter(const log::MessageStore &store, DropRows drop, QObject *parent = nullptr);
    // The tab's state, written beside the spilled rows (title, options, panels).
    void setStateSource(StateSource state) { m_state = std::move(state); }
    ~LogLimiter() override;

    // Applies at once (a lower limit moves rows out now).
    void setLimits(const log::LogLimits &limits);
    const log::LogLimits &limits() const { return m_limits; }

    // Rows were appended to the view's store.
    void enforce();
    // The log was cleared: rows on disk go too, and the counts start again.
    void clear();
    // A job reads the store in slices (save, export): no rows leave it until release().
    void hold();
    void release();
    // Waits for rows being written to disk and lets them leave memory (tests; saves and
    // exports do it through hold()).
    void flushSpill();

    // Rows on disk (null while none are).
    const log::LogSpill *spill() const;
    qint64 droppedRows() const { return m_dropped; }
    qint64 spilledRows() const;
    QString spillError() const { return m_spillError; }
    // AppLocalDataLocation/spill; tests point it elsewhere.
    static QString defaultSpillDirectory();
    void setSpillDirectory(const QString &directory) { m_directory = directory; }
    QString spillDirectory() const { return m_directory; }

    // Reads the rows on disk back and hands them out through spilledRowsRead; false (with
    // the reason in the banner) when they cannot be read.
    bool openSpilled();
    // The banner's text, for tests ("" when hidden).
    QString bannerText() const { return m_banner; }
    // What moving rows out cost the UI thread, for benchmarks.
    int moves() const { return m_moves; }
    qint64 longestMoveNs() const { return m_longestMoveNs; }
    qint64 totalMoveNs() const { return m_totalMoveNs; }

Q_SIGNALS:
    // The banner above the log (rich text, its link "open" calls openSpilled; empty: hide).
    void bannerChanged(const QString &richText, bool warning);
    // The rows on disk, read back, and the banner their read-only tab shows.
    void spilledRowsRead(std::shared_ptr<wsi::log::SessionTab> tab, const QString &banner);

private:
    void moveOut(int count);
    bool spillRows(int count);
    void finishSpill(bool wait);
    void updateBanner();
    QString newSpillPath() const;

    const log::MessageStore &m_store;
    DropRows m_drop;
    StateSource m_state;
    log::LogLimits m_limits;
    std::unique_ptr<log::LogSpill> m_spill;
    QString m_directory;
    qint64 m_dropped = 0;
    QString m_spillError;
    QDeadlineTimer m_retryAt;
    QTimer m_poll; // while a spill is written
    int m_holds = 0;
    bool m_busy = false;
    QString m_banner;
    int m_moves = 0;
    qint64 m_longestMoveNs = 0;
    qint64 m_totalMoveNs = 0;
};

} // namespace wsi::ui
