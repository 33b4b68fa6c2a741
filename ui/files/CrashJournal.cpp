// SPDX-License-Identifier: MIT
#include "ui/files/CrashJournal.h"

#include "ui/tab/ConnectionTab.h"
#include "ui/window/MainWindow.h"
#include "ui/files/ReadOnlyTab.h"

#include "store/MessageStore.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QMessageBox>
#include <QStandardPaths>

#include <algorithm>
#include <chrono>
#include <limits>

namespace wsi::ui {

namespace {
const QLatin1String Suffix(".wsijournal");

QString lockPathFor(const QString &journal)
{
    return journal + QStringLiteral(".lock");
}

// Beside a journal kept on purpose (keepForRestore): why the window closed.
QString reasonPathFor(const QString &journal)
{
    return journal + QStringLiteral(".closed");
}
} // namespace

CrashJournal::CrashJournal(MainWindow *window, const QString &directory)
    : QObject(window), m_window(window),
      m_lock(lockPathFor(QDir(directory).filePath(
          QStringLiteral("journal-%1-%2").arg(QCoreApplication::applicationPid()).arg(QDateTime::currentMSecsSinceEpoch())
          + Suffix)))
{
    const QString journal = m_lock.fileName().chopped(5); // without ".lock"
    if (!QDir().mkpath(directory) || !m_lock.tryLock(0))
        return;
    m_writer = std::make_unique<log::JournalWriter>(journal);
    if (!m_writer->open()) {
        m_writer.reset();
        m_lock.unlock();
        return;
    }
    m_sinceWrite.start();
    m_sinceStates.start();
    m_timer.setInterval(TickMs);
    connect(&m_timer, &QTimer::timeout, this, &CrashJournal::tick);
    m_timer.start();
}

CrashJournal::~CrashJournal()
{
    if (!m_writer)
        return;
    finishWrite(true);
    if (m_kept)
        return; // closed from outside with logs unsaved: the next start offers them
    m_writer->discard(); // a clean exit: nothing to restore
}

void CrashJournal::keepForRestore(const QString &reason)
{
    if (!m_writer)
        return;
    catchUp();
    QFile marker(reasonPathFor(m_writer->path()));
    if (marker.open(QIODevice::WriteOnly | QIODevice::Truncate))
        marker.write(reason.toUtf8());
    m_kept = true;
}

QString CrashJournal::defaultDirectory()
{
    return QDir(QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation)).filePath(QStringLiteral("journal"));
}

QString CrashJournal::path() const
{
    return m_writer ? m_writer->path() : QString();
}

void CrashJournal::tick()
{
    if (!m_writer)
        return;
    finishWrite(false);
    const bool withStates = m_sinceStates.hasExpired(StateIntervalMs);
    if (withStates)
        m_sinceStates.restart();
    QElapsedTimer spent;
    spent.start();
    m_lastTickRows = encode(m_rowsPerTick, withStates);
    adaptSlice(m_lastTickRows, spent.nsecsElapsed());
    if (m_sinceWrite.hasExpired(WriteIntervalMs))
        startWrite();
}

void CrashJournal::catchUp()
{
    if (!m_writer)
        return;
    finishWrite(true);
    encode(std::numeric_limits<int>::max(), true);
    startWrite();
    finishWrite(true);
}

void CrashJournal::forgetClosedTabs()
{
    // Tabs that went away are not restored.
    for (auto it = m_watched.begin(); it != m_watched.end();) {
        if (it->tab) {
            ++it;
            continue;
        }
        m_writer->removeTab(it->id);
        it = m_watched.erase(it);
    }
}

int CrashJournal::encode(int rowsPerTab, bool withStates)
{
    forgetClosedTabs();
    int rows = 0;
    for (int i = 0; i < m_window->tabCount(); ++i) {
        ConnectionTab *tab = m_window->tab(i);
        auto known = std::find_if(m_watched.begin(), m_watched.end(), [tab](const Watched &w) { return w.tab == tab; });
        const bool isNew = known == m_watched.end();
        if (isNew) {
            if (tab->store().rowCount() == 0)
                continue; // a blank tab is not worth restoring
            m_watched.push_back({tab, m_nextId++});
            known = m_watched.end() - 1;
        }
        if (isNew || withStates)
            m_writer->noteState(known->id, tab->sessionState(), tab->store());
        rows += m_writer->updateRows(known->id, tab->store(), rowsPerTab);
    }
    return rows;
}

// The next slice takes about TickBudgetNs at the cost per row just seen: a flood of small
// rows is encoded in ~5 ms bites, never in one long stall; idle ticks keep the last guess.
void CrashJournal::adaptSlice(int rows, qint64 elapsedNs)
{
    if (rows < 1000)
        return; // too few to measure a cost per row
    const qint64 nsPerRow = std::max<qint64>(1, elapsedNs / rows);
    const qint64 tabs = std::max<qint64>(1, qint64(m_watched.size()));
    m_rowsPerTick = int(std::clamp<qint64>(TickBudgetNs / nsPerRow / tabs, 1000, 200000));
}

void CrashJournal::startWrite()
{
    if (m_writing.valid())
        return; // one at a time; what is encoded meanwhile goes with the next
    QByteArray bytes = m_writer->takePending();
    m_sinceWrite.restart();
    if (bytes.isEmpty())
        return;
    log::JournalWriter *writer = m_writer.get();
    m_writing = std::async(std::launch::async, [writer, bytes = std::move(bytes)] { return writer->write(bytes); });
}

void CrashJournal::finishWrite(bool wait)
{
    if (!m_writing.valid())
        return;
    if (!wait && m_writing.wait_for(std::chrono::seconds(0)) != std::future_status::ready)
        return;
    if (m_writing.get()) {
        m_reportedFailure = false;
        return;
    }
    if (!m_reportedFailure) {
        m_reportedFailure = true; // once per run of failures, not every second
        Q_EMIT failed(tr("The crash journal could not be written (%1): after a crash, the log since then "
                         "could not be restored. Free some disk space in %2.")
                          .arg(m_writer->errorString(), QFileInfo(m_writer->path()).absolutePath()));
    }
}

QStringList CrashJournal::orphans(const QString &directory)
{
    QStringList found;
    const QFileInfoList files = QDir(directory).entryInfoList({QStringLiteral("*") + Suffix}, QDir::Files, QDir::Time);
    for (const QFileInfo &file : files) {
        // A free lock (none, or its owner is gone) means no running instance writes it.
        QLockFile lock(lockPathFor(file.absoluteFilePath()));
        if (lock.tryLock(0)) {
            lock.unlock();
            found.append(file.absoluteFilePath());
        }
    }
    return found;
}

namespace {
void removeJournal(const QString &journal)
{
    QFile::remove(journal);
    QFile::remove(lockPathFor(journal));
    QFile::remove(reasonPathFor(journal));
}

std::vector<log::SessionTab> readJournals(const QStringList &journals)
{
    std::vector<log::SessionTab> all;
    for (const QString &journal : journals) {
        std::vector<log::SessionTab> tabs;
        if (log::JournalReader::read(journal, &tabs)) {
            for (log::SessionTab &tab : tabs)
                all.push_back(std::move(tab));
        }
    }
    return all;
}

int addTabs(MainWindow *window, std::vector<log::SessionTab> tabs)
{
    const QString banner = QCoreApplication::translate("CrashJournal", "Restored after wsinspect did not close cleanly, "
                                                                       "read-only");
    for (log::SessionTab &tab : tabs)
        window->addTab(ReadOnlyTab::create(std::move(tab), banner));
    return int(tabs.size());
}
} // namespace

int CrashJournal::restore(MainWindow *window, const QStringList &journals)
{
    const int added = addTabs(window, readJournals(journals));
    for (const QString &journal : journals)
        removeJournal(journal);
    return added;
}

void CrashJournal::offerRestore(MainWindow *window, const QString &directory)
{
    const QStringList journals = orphans(directory);
    std::vector<log::SessionTab> tabs = readJournals(journals);
    // A journal kept on purpose says why; one without a reason is a crash's.
    QString reason;
    for (const QString &journal : journals) {
        QFile marker(reasonPathFor(journal));
        if (reason.isEmpty() && marker.open(QIODevice::ReadOnly))
            reason = QString::fromUtf8(marker.readAll());
    }
    for (const QString &journal : journals)
        removeJournal(journal); // read (or unreadable): offered once, never again
    if (tabs.empty())
        return; // nothing had been logged: nothing to offer
    const QString question = reason.isEmpty()
        ? QCoreApplication::translate("CrashJournal", "wsinspect did not close cleanly: restore the last session?")
        : QCoreApplication::translate("CrashJournal", "wsinspect was closed %1 before its logs were saved: restore them?")
              .arg(reason);
    const auto answer = QMessageBox::question(window, QCoreApplication::translate("CrashJournal", "Restore session"),
                                              question, QMessageBox::Yes | QMessageBox::No, QMessageBox::Yes);
    if (answer == QMessageBox::Yes)
        addTabs(window, std::move(tabs));
}

} // namespace wsi::ui
