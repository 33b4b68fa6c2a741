#include "CrashJournal.h"

#include "ConnectionTab.h"
#include "MainWindow.h"
#include "ReadOnlyTab.h"

#include "log/MessageStore.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QMessageBox>
#include <QStandardPaths>

#include <algorithm>

namespace wsi::ui {

namespace {
const QLatin1String Suffix(".wsijournal");

QString lockPathFor(const QString &journal)
{
    return journal + QStringLiteral(".lock");
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
    m_timer.setInterval(IntervalMs);
    connect(&m_timer, &QTimer::timeout, this, &CrashJournal::tick);
    m_timer.start();
}

CrashJournal::~CrashJournal()
{
    if (m_writer)
        m_writer->discard(); // a clean exit: nothing to restore
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
    // Tabs that went away are not restored.
    for (auto it = m_watched.begin(); it != m_watched.end();) {
        if (it->tab) {
            ++it;
            continue;
        }
        m_writer->removeTab(it->id);
        it = m_watched.erase(it);
    }
    for (int i = 0; i < m_window->tabCount(); ++i) {
        ConnectionTab *tab = m_window->tab(i);
        auto known = std::find_if(m_watched.begin(), m_watched.end(), [tab](const Watched &w) { return w.tab == tab; });
        if (known == m_watched.end()) {
            if (tab->store().rowCount() == 0)
                continue; // a blank tab is not worth restoring
            m_watched.push_back({tab, m_nextId++});
            known = m_watched.end() - 1;
        }
        m_writer->updateTab(known->id, tab->sessionState(), tab->store(), RowsPerTick);
    }
    m_writer->flush();
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
    for (const QString &journal : journals)
        removeJournal(journal); // read (or unreadable): offered once, never again
    if (tabs.empty())
        return; // nothing had been logged: nothing to offer
    const auto answer = QMessageBox::question(
        window, QCoreApplication::translate("CrashJournal", "Restore session"),
        QCoreApplication::translate("CrashJournal", "wsinspect did not close cleanly: restore the last session?"),
        QMessageBox::Yes | QMessageBox::No, QMessageBox::Yes);
    if (answer == QMessageBox::Yes)
        addTabs(window, std::move(tabs));
}

} // namespace wsi::ui
