// SPDX-License-Identifier: MIT
#pragma once
// Saving and opening session files (the format: SessionFormat.h).
//
// Saving is atomic: everything goes to a temporary file beside the target (QSaveFile),
// which is flushed to disk and renamed over the target only when all of it was written.
// A crash, a full disk or a refused write leaves the previous file as it was, and the
// error names the file, the reason and that fact.
//
// Both directions run a piece at a time (step()), so the UI can save or open a million
// rows between its events with a progress bar; save() and load() do it all at once.
#include "files/session/SessionReader.h"
#include "files/session/SessionWriter.h"

#include <QFile>
#include <QSaveFile>

#include <memory>
#include <vector>

namespace wsi::log {

class SessionSaveJob
{
public:
    SessionSaveJob(const QString &path, const QVector<SessionTabSource> &tabs, const SessionSaveOptions &options);

    // Writes the next piece; true while there is more to do. The file is in place once
    // this returns false without hasFailed().
    bool step();
    bool hasFailed() const { return !m_error.isEmpty(); }
    QString errorString() const { return m_error; }
    double progress() const;
    // Stops and removes the temporary file; the target is untouched.
    void cancel();

private:
    void fail(const QString &reason);

    QString m_path;
    bool m_existed = false;
    QSaveFile m_file;
    std::unique_ptr<SessionWriter> m_writer;
    QString m_error;
    bool m_done = false;
};

class SessionLoadJob
{
public:
    explicit SessionLoadJob(const QString &path);

    // Reads the next section; true while there is more to read.
    bool step();
    bool hasFailed() const { return !m_error.isEmpty(); }
    QString errorString() const { return m_error; }
    double progress() const;
    const SessionInfo &info() const { return m_reader.info(); }
    std::vector<SessionTab> takeTabs() { return m_reader.takeTabs(); }

private:
    QFile m_file;
    SessionReader m_reader;
    QString m_error;
};

namespace SessionFile {
inline constexpr char Suffix[] = "wsisession";

bool save(const QString &path, const QVector<SessionTabSource> &tabs, const SessionSaveOptions &options,
          QString *error = nullptr);
bool load(const QString &path, std::vector<SessionTab> *tabs, QString *error = nullptr, SessionInfo *info = nullptr);
} // namespace SessionFile

} // namespace wsi::log
