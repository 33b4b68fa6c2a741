// SPDX-License-Identifier: MIT
#pragma once
// The rows of one tab's log that left memory under the Preferences' log limits
// (LogLimits::Overflow::SpillToDisk), appended to a file before the store drops them.
// The file is a crash journal of one tab (SessionJournal.h: the session container, a
// "JTAB" state section, "JROW" rows sections in RowCodec's form, a "JCUT" when the log
// had already lost rows before the first one spilled), so nothing here is a new format:
// JournalReader reads it back as a tab, and a session save copies its rows sections as
// they are (LogSpillReader). Not synced to disk: it is a cache, deleted with its tab.
// Rows are encoded on the calling thread (the UI thread, like the store) and written on a
// worker thread (start / finish), so a slow disk never stalls the window.
#include "files/session/SessionTab.h"

#include <QFile>
#include <QString>

#include <future>
#include <memory>

namespace wsi::log {

class JournalWriter;

class LogSpill
{
public:
    // Nothing is created until the first append().
    explicit LogSpill(const QString &path);
    ~LogSpill(); // deletes the file
    LogSpill(const LogSpill &) = delete;
    LogSpill &operator=(const LogSpill &) = delete;

    // Appends the store's oldest `count` rows (the caller drops them afterwards). False
    // when the file could not be created or written (errorString() says why): the file then
    // holds what it held before, and the caller keeps the rows in memory.
    bool append(const SessionTabState &state, const MessageStore &store, int count);

    // append() in two steps: start() encodes the rows and starts writing them on a worker
    // thread (false when the file cannot be created); finish() reports the write (Pending
    // while it runs unless `wait`). The rows count once Written. One write at a time.
    enum class Write { Idle, Pending, Written, Failed };
    bool start(const SessionTabState &state, const MessageStore &store, int count);
    Write finish(bool wait);
    bool isWriting() const { return m_writing.valid(); }
    int writingRows() const { return m_writingRows; }

    QString path() const { return m_path; }
    QString errorString() const { return m_error; }
    qint64 rowCount() const { return m_rows; }
    qint64 frameCount() const { return m_frames; }
    // Rows of the log before the file's first row (dropped before spilling began).
    qint64 firstRowNumber() const { return m_firstRowNumber; }
    // Row number (in the whole log) after the file's last row.
    qint64 endRowNumber() const { return m_firstRowNumber + m_rows; }
    bool isEmpty() const { return m_rows == 0; }

    // The file read back as a tab (for a read-only view of the rows on disk).
    bool read(SessionTab *tab, QString *error = nullptr) const;

private:
    QString m_path;
    std::unique_ptr<JournalWriter> m_writer;
    QString m_error;
    qint64 m_rows = 0;
    qint64 m_frames = 0;
    qint64 m_firstRowNumber = 0;
    std::future<bool> m_writing;
    int m_writingRows = 0;
    int m_writingFrames = 0;
};

// Reads a spill file's rows sections in order, one at a time, without decoding them.
class LogSpillReader
{
public:
    explicit LogSpillReader(const QString &path);

    // The next rows section body (RowCodec's form: u32 row count, rows); false at the end
    // of the file or when it cannot be read (then errorString() is not empty).
    bool next(QByteArray *rows);
    QString errorString() const { return m_error; }

private:
    bool fail(const QString &why);

    QFile m_file;
    bool m_started = false;
    QString m_error;
};

} // namespace wsi::log
