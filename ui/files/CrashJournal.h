// SPDX-License-Identifier: MIT
#pragma once
// Journals the window's logs to disk while they grow (log::JournalWriter), so that after a
// crash, a kill or a power cut the next start can offer them back: "wsinspect did not
// close cleanly: restore the last session?". A clean exit deletes the journal. Each
// running window holds a lock beside its journal; journals whose lock is free belong to
// instances that are gone.
//
// Under a flood the journal must not stall the window: rows are encoded on the UI thread
// (the store lives there) in small slices, every TickMs within a time budget that adapts
// to what a row costs, and what was encoded is written and synced to disk on a worker
// thread every WriteIntervalMs (a slow disk's fdatasync can take hundreds of ms). A tab's
// state (options, TLS report, pings) is noted every StateIntervalMs. Tabs are journaled
// once they have a log. UI thread only.
#include "files/session/SessionJournal.h"

#include <QElapsedTimer>
#include <QLockFile>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <future>
#include <memory>
#include <vector>

namespace wsi::ui {

class ConnectionTab;
class MainWindow;

class CrashJournal : public QObject
{
    Q_OBJECT
public:
    static constexpr int TickMs = 100;
    static constexpr int WriteIntervalMs = 1000;
    static constexpr int StateIntervalMs = 1500;
    static constexpr qint64 TickBudgetNs = 5'000'000; // UI thread time per tick for encoding rows

    explicit CrashJournal(MainWindow *window, const QString &directory = defaultDirectory());
    ~CrashJournal() override;

    // AppLocalDataLocation/journal.
    static QString defaultDirectory();
    // Empty when the journal could not be created (then nothing is journaled).
    QString path() const;
    // Encodes a slice of what changed since the last tick, and starts writing what was
    // encoded when a write is due (the timer calls it).
    void tick();
    // Encodes everything that changed and waits until it is on disk.
    void catchUp();
    // Rows a tab may encode per tick now (adapted to the cost of the last ticks).
    int rowsPerTick() const { return m_rowsPerTick; }
    // Rows the last tick encoded.
    int lastTickRows() const { return m_lastTickRows; }
    static constexpr int FirstSliceRows = 2000; // before a cost per row is known

    // Closing from outside (SIGTERM at logout, SIGINT) with logs unsaved: writes everything,
    // notes why ("by the system (SIGTERM)") and keeps the journal, so the next start offers
    // the logs back with that reason rather than as a crash's.
    void keepForRestore(const QString &reason);

    // Journals left by instances that did not exit cleanly, newest first.
    static QStringList orphans(const QString &directory = defaultDirectory());
    // At start: asks whether to restore the orphans' tabs; restores them read-only if so,
    // and deletes them either way.
    static void offerRestore(MainWindow *window, const QString &directory = defaultDirectory());
    // Adds the journals' tabs to the window, read-only, and deletes the journals; the
    // number of tabs added.
    static int restore(MainWindow *window, const QStringList &journals);

Q_SIGNALS:
    // Writing the journal failed (a full disk): after a crash the log since then is lost.
    void failed(const QString &reason);

private:
    struct Watched {
        QPointer<ConnectionTab> tab;
        quint32 id = 0;
    };

    void forgetClosedTabs();
    int encode(int rowsPerTab, bool withStates);
    void adaptSlice(int rows, qint64 elapsedNs);
    void startWrite();
    void finishWrite(bool wait);

    MainWindow *m_window;
    QLockFile m_lock;
    bool m_kept = false; // keepForRestore(): not discarded at the end
    std::unique_ptr<log::JournalWriter> m_writer;
    std::vector<Watched> m_watched;
    quint32 m_nextId = 1;
    QTimer m_timer;
    int m_rowsPerTick = FirstSliceRows;
    int m_lastTickRows = 0;
    QElapsedTimer m_sinceWrite;
    QElapsedTimer m_sinceStates;
    std::future<bool> m_writing;
    bool m_reportedFailure = false;
};

} // namespace wsi::ui
