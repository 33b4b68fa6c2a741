#pragma once
// Journals the window's logs to disk while they grow (log::JournalWriter, every
// IntervalMs, synced to disk), so that after a crash, a kill or a power cut the next start
// can offer them back: "wsinspect did not close cleanly: restore the last session?". A
// clean exit deletes the journal. Each running window holds a lock beside its journal;
// journals whose lock is free belong to instances that are gone.
//
// Tabs are journaled once they have a log; at most RowsPerTick rows per tab are written
// per tick, so a flood costs a bounded slice of the UI thread (the journal catches up on
// the next ticks). UI thread only.
#include "log/SessionJournal.h"

#include <QLockFile>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <memory>
#include <vector>

namespace wsi::ui {

class ConnectionTab;
class MainWindow;

class CrashJournal : public QObject
{
    Q_OBJECT
public:
    static constexpr int IntervalMs = 1500;
    static constexpr int RowsPerTick = 100000;

    explicit CrashJournal(MainWindow *window, const QString &directory = defaultDirectory());
    ~CrashJournal() override;

    // AppLocalDataLocation/journal.
    static QString defaultDirectory();
    // Empty when the journal could not be created (then nothing is journaled).
    QString path() const;
    // Journals what changed since the last tick (the timer calls it).
    void tick();

    // Journals left by instances that did not exit cleanly, newest first.
    static QStringList orphans(const QString &directory = defaultDirectory());
    // At start: asks whether to restore the orphans' tabs; restores them read-only if so,
    // and deletes them either way.
    static void offerRestore(MainWindow *window, const QString &directory = defaultDirectory());
    // Adds the journals' tabs to the window, read-only, and deletes the journals; the
    // number of tabs added.
    static int restore(MainWindow *window, const QStringList &journals);

private:
    struct Watched {
        QPointer<ConnectionTab> tab;
        quint32 id = 0;
    };

    MainWindow *m_window;
    QLockFile m_lock;
    std::unique_ptr<log::JournalWriter> m_writer;
    std::vector<Watched> m_watched;
    quint32 m_nextId = 1;
    QTimer m_timer;
};

} // namespace wsi::ui
