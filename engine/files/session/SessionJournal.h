// SPDX-License-Identifier: MIT
#pragma once
// The crash journal: the open tabs' logs appended to a file while they grow, so a session
// that ends unexpectedly (a crash, a kill, a power cut) can be restored on the next start
// without the last few seconds at most. Same container as session files (SessionFormat:
// signature, checksummed sections), different sections, all append-only:
//
//   "INFO"  {"format": "wsinspect-journal"}
//   "JTAB"  u32 tab id, then the tab's state as JSON (written again when it changes)
//   "JROW"  u32 tab id, then rows in RowCodec's form (the rows the tab gained)
//   "JCLR"  u32 tab id: its log was cleared; rows start again from the first
//   "JDEL"  u32 tab id: the tab was closed
//   "JCUT"  u32 tab id, u64 n: rows up to number n left memory (log limits); a reader
//           drops them too, so a restored tab holds what the tab held, numbered as it was
//
// Rows are tracked by their number in the whole log (MessageStore::rowNumber), so rows
// leaving the front of a store are not mistaken for a cleared log. A spill file (LogSpill)
// is a journal of one tab whose rows are written with appendRows().
//
// The reader keeps every complete section and stops at the first torn or damaged one: a
// crash mid-write loses that section only. Secrets are masked, as in saved sessions.
#include "files/session/SessionTab.h"

#include <QFile>
#include <QHash>

#include <vector>

namespace wsi::log {

class JournalWriter
{
public:
    explicit JournalWriter(const QString &path);
    ~JournalWriter();

    // Creates the file (owner-only permissions) and writes its header.
    bool open(QString *error = nullptr);
    bool isOpen() const { return m_open; }
    QString path() const { return m_file.fileName(); }

    // Notes what a tab gained since the last call (at most maxRows rows, the rest next
    // time); written by flush().
    void updateTab(quint32 id, const SessionTabState &state, const MessageStore &store, int maxRows = 100000);
    // updateTab() without the state (noted on its own, less often): the number of rows noted.
    int updateRows(quint32 id, const MessageStore &store, int maxRows);
    void removeTab(quint32 id);
    // Appends what was noted and syncs the file to disk (unless setSyncToDisk(false)).
    // True when everything was written. On a failed write the file is cut back to its last
    // complete section, so later sections still follow a readable file.
    bool flush();
    QString errorString() const { return m_error; }
    void setSyncToDisk(bool sync) { m_sync = sync; }
    // flush() in two steps, so the write can run on another thread (LogSpill, CrashJournal):
    // the bytes noted so far, then writing them. write() touches only the file and noting
    // only the noted bytes, so one thread may go on noting (updateTab, updateRows, noteState,
    // removeTab, takePending) while another runs write(); one write() at a time.
    QByteArray takePending();
    bool write(const QByteArray &bytes);

    // Lower level, for a spill file: notes tab id's state when it changed, a JCUT when
    // rows before `firstRowNumber` are not in the file, and rows [first, end) of store.
    void noteState(quint32 id, const SessionTabState &state, const MessageStore &store);
    void noteCut(quint32 id, qint64 firstRowNumber);
    void noteRows(quint32 id, const MessageStore &store, int first, int end);
    // Closes and deletes the file (a clean exit).
    void discard();

    qint64 bytesWritten() const { return m_bytesWritten; }

private:
    struct Tracked {
        qint64 rows = 0;        // rows journaled, by number in the whole log
        qint64 cut = 0;         // the last JCUT written
        LogRecord last;         // the last one, to notice a cleared and refilled log
        QByteArray stateJson;
    };
    void section(const char tag[4], quint32 id, QByteArrayView body);
    static bool sameRow(const LogRecord &a, const LogRecord &b);

    QFile m_file;
    QHash<quint32, Tracked> m_tabs;
    QByteArray m_pending;
    qint64 m_bytesWritten = 0;
    bool m_sync = true;
    bool m_open = false; // m_file's state, readable while write() runs on another thread
    QString m_error;
};

namespace JournalReader {
// The tabs a journal holds, in the order they were first journaled. False only when the
// file cannot be opened or is not a journal; a torn end just ends the tabs early
// (`complete` tells whether the whole file was read).
bool read(const QString &path, std::vector<SessionTab> *tabs, QString *error = nullptr, bool *complete = nullptr);
} // namespace JournalReader

} // namespace wsi::log
