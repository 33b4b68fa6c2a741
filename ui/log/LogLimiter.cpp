// SPDX-License-Identifier: MIT
#include "ui/log/LogLimiter.h"

#include "files/session/LogSpill.h"
#include "store/MessageStore.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QScopeGuard>
#include <QStandardPaths>

#include <algorithm>
#include <utility>

namespace wsi::ui {

namespace {
int spillCounter = 0; // several tabs of one process each get their own file
bool staleRemoved = false;

// Spill files are deleted with their tab; a process that crashed or was killed leaves
// its files behind. Their names carry the process id: those of processes that are gone
// are removed, once per process, before its first spill.
void removeStaleSpills(const QString &directory)
{
    if (std::exchange(staleRemoved, true))
        return;
    const QStringList files = QDir(directory).entryList({QStringLiteral("log-*.wsispill")}, QDir::Files);
    for (const QString &name : files) {
        const QString pid = name.section(QLatin1Char('-'), 1, 1);
        if (pid.toLongLong() > 0 && pid.toLongLong() != QCoreApplication::applicationPid()
            && !QFileInfo::exists(QStringLiteral("/proc/") + pid))
            QFile::remove(QDir(directory).filePath(name));
    }
}
} // namespace

LogLimiter::LogLimiter(const log::MessageStore &store, DropRows drop, QObject *parent)
    : QObject(parent), m_store(store), m_drop(std::move(drop)), m_directory(defaultSpillDirectory())
{
    m_poll.setInterval(5);
    connect(&m_poll, &QTimer::timeout, this, [this] { finishSpill(false); });
}

LogLimiter::~LogLimiter() = default; // the spill file goes with its tab

QString LogLimiter::defaultSpillDirectory()
{
    return QDir(QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation)).filePath(QStringLiteral("spill"));
}

QString LogLimiter::newSpillPath() const
{
    return QDir(m_directory).filePath(QStringLiteral("log-%1-%2-%3.wsispill")
                                          .arg(QCoreApplication::applicationPid())
                                          .arg(QDateTime::currentMSecsSinceEpoch())
                                          .arg(++spillCounter));
}

const log::LogSpill *LogLimiter::spill() const
{
    return m_spill && !m_spill->isEmpty() ? m_spill.get() : nullptr;
}

qint64 LogLimiter::spilledRows() const
{
    return m_spill ? m_spill->rowCount() : 0;
}

void LogLimiter::setLimits(const log::LogLimits &limits)
{
    if (limits == m_limits)
        return;
    finishSpill(true);
    m_limits = limits;
    m_spillError.clear();
    m_retryAt = QDeadlineTimer();
    enforce();
    updateBanner();
}

void LogLimiter::enforce()
{
    if (m_holds > 0 || m_busy)
        return;
    finishSpill(false);
    if (!m_limits.isLimited() || (m_spill && m_spill->isWriting()))
        return;
    const int rows = m_store.rowCount();
    const int max = m_limits.maxRowsInMemory;
    // A tenth of slack: rows leave in chunks of limit/10, so each eviction's cost is
    // spread over that many appended rows. Spilled chunks are smaller: encoding them costs
    // about a millisecond per 5,000 rows on the UI thread (the write runs on a worker).
    int slack = std::max(1, max / 10);
    if (m_limits.overflow == log::LogLimits::Overflow::SpillToDisk)
        slack = std::min(slack, SpillChunkRows);
    if (rows <= max + slack)
        return;
    moveOut(rows - max);
}

void LogLimiter::moveOut(int count)
{
    // Asking the tab for its state may show its pending batches, which enforce again.
    m_busy = true;
    QElapsedTimer took;
    took.start();
    const auto done = qScopeGuard([this, &took] {
        m_busy = false;
        const qint64 ns = took.nsecsElapsed();
        ++m_moves;
        m_totalMoveNs += ns;
        m_longestMoveNs = std::max(m_longestMoveNs, ns);
    });
    if (m_limits.overflow == log::LogLimits::Overflow::SpillToDisk) {
        if (!m_spillError.isEmpty() && !m_retryAt.hasExpired())
            return; // kept in memory until the next try
        if (!spillRows(count)) {
            m_retryAt = QDeadlineTimer(RetryMs);
            updateBanner();
            return;
        }
        m_poll.start(); // the rows leave memory once they are on disk (finishSpill)
        return;
    } else {
        m_dropped += count;
    }
    m_drop(std::min(count, m_store.rowCount()));
    updateBanner();
}

bool LogLimiter::spillRows(int count)
{
    const log::MessageStore &store = m_store;
    // The file numbers its rows from its first one: it continues only where it ended. Rows
    // were dropped since (the user chose Drop for a while): the rows on disk before them
    // count as dropped too, and a new file starts.
    if (m_spill && !m_spill->isEmpty() && m_spill->endRowNumber() != store.firstRowNumber()) {
        m_dropped += m_spill->rowCount();
        m_spill.reset();
    }
    if (!m_spill) {
        removeStaleSpills(m_directory);
        m_spill = std::make_unique<log::LogSpill>(newSpillPath());
    }
    if (!m_spill->start(m_state ? m_state() : log::SessionTabState(), store, count)) {
        m_spillError = m_spill->errorString();
        if (m_spill->isEmpty())
            m_spill.reset(); // the next try starts afresh (the folder may have changed)
        return false;
    }
    return true;
}

void LogLimiter::finishSpill(bool wait)
{
    if (!m_spill || !m_spill->isWriting())
        return;
    QElapsedTimer took;
    took.start();
    const int count = m_spill->writingRows();
    const log::LogSpill::Write result = m_spill->finish(wait);
    if (result == log::LogSpill::Write::Pending)
        return;
    m_poll.stop();
    if (result == log::LogSpill::Write::Written) {
        m_spillError.clear();
        // Nothing else takes rows from the front: the rows written are still rows 0..count.
        m_drop(std::min(count, m_store.rowCount()));
    } else {
        m_spillError = m_spill->errorString();
        m_retryAt = QDeadlineTimer(RetryMs);
        if (m_spill->isEmpty())
            m_spill.reset();
    }
    updateBanner();
    const qint64 ns = took.nsecsElapsed();
    m_totalMoveNs += ns;
    m_longestMoveNs = std::max(m_longestMoveNs, ns);
}

void LogLimiter::flushSpill()
{
    finishSpill(true);
}

void LogLimiter::clear()
{
    m_poll.stop();
    m_spill.reset(); // waits for a write in progress, then deletes the file
    m_dropped = 0;
    m_spillError.clear();
    m_retryAt = QDeadlineTimer();
    updateBanner();
}

void LogLimiter::hold()
{
    ++m_holds;
    finishSpill(true); // the file is complete and the store's front stays put
}

void LogLimiter::release()
{
    if (m_holds > 0 && --m_holds == 0)
        enforce();
}

bool LogLimiter::openSpilled()
{
    finishSpill(true);
    const log::LogSpill *onDisk = spill();
    if (!onDisk)
        return false;
    auto tab = std::make_shared<log::SessionTab>();
    QString error;
    if (!onDisk->read(tab.get(), &error)) {
        m_spillError = error;
        updateBanner();
        return false;
    }
    const qint64 first = onDisk->firstRowNumber() + 1;
    const qint64 last = onDisk->endRowNumber();
    const QString title = tab->state.title;
    tab->state.title = tr("%1 (on disk)").arg(title);
    Q_EMIT spilledRowsRead(
        tab, tr("Messages %L1–%L2 of %3, moved to disk by the log limits, read-only").arg(first).arg(last).arg(title));
    return true;
}

void LogLimiter::updateBanner()
{
    const qint64 spilled = spilledRows();
    QStringList plain;
    QStringList rich;
    if (spilled > 0) {
        plain << tr("%L1 older messages are on disk — Open").arg(spilled);
        rich << tr("%L1 older messages are on disk — <a href=\"open\">Open</a>").arg(spilled);
    }
    if (m_dropped > 0) {
        const QString text = m_limits.isLimited()
            ? tr("%L1 older messages dropped (limit %L2 in memory)").arg(m_dropped).arg(m_limits.maxRowsInMemory)
            : tr("%L1 older messages dropped").arg(m_dropped);
        plain << text;
        rich << text.toHtmlEscaped();
    }
    if (spilled > 0) {
        const QString note = tr("filters and search cover the messages in memory");
        plain << note;
        rich << note;
    }
    bool warning = false;
    if (!m_spillError.isEmpty()) {
        warning = true;
        const QString text = tr("Could not move older messages to disk (%1): they are kept in memory (tried again "
                                "every %2 s)")
                                 .arg(m_spillError)
                                 .arg(RetryMs / 1000);
        plain.prepend(text);
        rich.prepend(text.toHtmlEscaped());
    }
    m_banner = plain.join(QStringLiteral(" · "));
    Q_EMIT bannerChanged(rich.join(QStringLiteral(" · ")), warning);
}

} // namespace wsi::ui
