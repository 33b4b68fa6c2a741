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
//
// The reader keeps every complete section and stops at the first torn or damaged one: a
// crash mid-write loses that section only. Secrets are masked, as in saved sessions.
#include "SessionTab.h"

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
    bool isOpen() const { return m_file.isOpen(); }
    QString path() const { return m_file.fileName(); }

    // Notes what a tab gained since the last call (at most maxRows rows, the rest next
    // time); written by flush().
    void updateTab(quint32 id, const SessionTabState &state, const MessageStore &store, int maxRows = 100000);
    void removeTab(quint32 id);
    // Appends what was noted and syncs the file to disk. True when nothing was noted.
    bool flush();
    // Closes and deletes the file (a clean exit).
    void discard();

    qint64 bytesWritten() const { return m_bytesWritten; }

private:
    struct Tracked {
        int rows = 0;           // rows journaled
        LogRecord last;         // the last one, to notice a cleared and refilled log
        QByteArray stateJson;
    };
    void section(const char tag[4], quint32 id, QByteArrayView body);
    static bool sameRow(const LogRecord &a, const LogRecord &b);

    QFile m_file;
    QHash<quint32, Tracked> m_tabs;
    QByteArray m_pending;
    qint64 m_bytesWritten = 0;
};

namespace JournalReader {
// The tabs a journal holds, in the order they were first journaled. False only when the
// file cannot be opened or is not a journal; a torn end just ends the tabs early
// (`complete` tells whether the whole file was read).
bool read(const QString &path, std::vector<SessionTab> *tabs, QString *error = nullptr, bool *complete = nullptr);
} // namespace JournalReader

} // namespace wsi::log
