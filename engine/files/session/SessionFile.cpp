// SPDX-License-Identifier: MIT
#include "files/session/SessionFile.h"

#include <QDir>
#include <QFileInfo>

namespace wsi::log {

SessionSaveJob::SessionSaveJob(const QString &path, const QVector<SessionTabSource> &tabs,
                               const SessionSaveOptions &options)
    : m_path(path), m_existed(QFileInfo::exists(path)), m_file(path)
{
    // Never write in place when the folder refuses a temporary file: a half-written file
    // must not replace a good one.
    m_file.setDirectWriteFallback(false);
    if (QFileInfo(path).isDir()) {
        fail(QStringLiteral("it is a folder"));
        return;
    }
    // Unbuffered: sections are written whole, about a megabyte at a time.
    if (!m_file.open(QIODevice::WriteOnly | QIODevice::Unbuffered)) {
        fail(m_file.errorString());
        return;
    }
    m_writer = std::make_unique<SessionWriter>(m_file, tabs, options);
}

void SessionSaveJob::fail(const QString &reason)
{
    m_error = QStringLiteral("Could not save the session to “%1”: %2. %3")
                  .arg(QDir::toNativeSeparators(m_path), reason,
                       m_existed ? QStringLiteral("The file is unchanged.") : QStringLiteral("Nothing was written."));
    m_file.cancelWriting();
    m_done = true;
}

bool SessionSaveJob::step()
{
    if (m_done)
        return false;
    if (m_writer->step())
        return true;
    if (m_writer->hasFailed()) {
        fail(m_writer->errorString());
        return false;
    }
    // QSaveFile::commit() flushes, syncs the temporary file to disk and renames it.
    if (!m_file.commit())
        fail(m_file.errorString());
    m_done = true;
    return false;
}

double SessionSaveJob::progress() const
{
    if (!m_writer || m_writer->rowsTotal() == 0)
        return m_done ? 1.0 : 0.0;
    return double(m_writer->rowsWritten()) / double(m_writer->rowsTotal());
}

void SessionSaveJob::cancel()
{
    if (m_done)
        return;
    m_file.cancelWriting();
    m_file.commit(); // discards the temporary file
    m_done = true;
}

SessionLoadJob::SessionLoadJob(const QString &path) : m_file(path), m_reader(m_file, path)
{
    if (QFileInfo(path).isDir())
        m_error = QStringLiteral("Could not open “%1”: it is a folder.").arg(QDir::toNativeSeparators(path));
    else if (!m_file.open(QIODevice::ReadOnly))
        m_error = QStringLiteral("Could not open “%1”: %2.").arg(QDir::toNativeSeparators(path), m_file.errorString());
}

bool SessionLoadJob::step()
{
    if (hasFailed())
        return false;
    if (m_reader.step())
        return true;
    if (m_reader.hasFailed())
        m_error = m_reader.errorString();
    return false;
}

double SessionLoadJob::progress() const
{
    return m_reader.progress();
}

namespace SessionFile {

bool save(const QString &path, const QVector<SessionTabSource> &tabs, const SessionSaveOptions &options,
          QString *error)
{
    SessionSaveJob job(path, tabs, options);
    while (job.step()) {
    }
    if (error)
        *error = job.errorString();
    return !job.hasFailed();
}

bool load(const QString &path, std::vector<SessionTab> *tabs, QString *error, SessionInfo *info)
{
    SessionLoadJob job(path);
    while (job.step()) {
    }
    if (error)
        *error = job.errorString();
    if (job.hasFailed())
        return false;
    if (info)
        *info = job.info();
    *tabs = job.takeTabs();
    return true;
}

} // namespace SessionFile

} // namespace wsi::log
