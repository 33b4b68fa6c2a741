// SPDX-License-Identifier: MIT
#include "ui/files/SessionActions.h"

#include "ui/tab/ConnectionTab.h"
#include "ui/files/ExportDialog.h"
#include "ui/tab/TabDocument.h"
#include "ui/decode/RowDecoder.h"
#include "ui/files/JobProgress.h"
#include "ui/log/LogLimiter.h"
#include "ui/log/LogView.h"
#include "ui/window/MainWindow.h"
#include "ui/log/MessageLogModel.h"
#include "ui/files/ReadOnlyTab.h"

#include "files/export/HarImport.h"
#include "files/export/LogExporter.h"
#include "files/session/SessionFile.h"
#include "files/session/SessionJson.h"
#include "files/session/SessionSecrets.h"

#include <QApplication>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QJsonDocument>
#include <QMessageBox>
#include <QPointer>
#include <QPushButton>
#include <QSettings>

#include <deque>
#include <utility>
#include <vector>

namespace wsi::ui {

namespace {

const char *const FolderKey = "files/lastFolder";

bool hasSecrets(const log::SessionTabState &state)
{
    return QJsonDocument(log::tabStateToJson(state)).toJson()
        != QJsonDocument(log::tabStateToJson(log::redactState(state))).toJson();
}

// Keeps a tab's oldest rows in memory while a job reads its store in slices.
class HeldLimits
{
public:
    explicit HeldLimits(LogLimiter *limiter) : m_limiter(limiter) { m_limiter->hold(); }
    HeldLimits(HeldLimits &&other) noexcept : m_limiter(std::exchange(other.m_limiter, nullptr)) {}
    HeldLimits(const HeldLimits &) = delete;
    HeldLimits &operator=(const HeldLimits &) = delete;
    HeldLimits &operator=(HeldLimits &&) = delete;
    ~HeldLimits()
    {
        if (m_limiter)
            m_limiter->release();
    }

private:
    QPointer<LogLimiter> m_limiter;
};

QString withSuffix(const QString &path, const QString &suffix)
{
    return QFileInfo(path).suffix().isEmpty() ? path + QLatin1Char('.') + suffix : path;
}

} // namespace

SessionActions::SessionActions(MainWindow *window) : QObject(window), m_window(window) {}

bool SessionActions::finish(bool ok, const QString &error, bool cancelled)
{
    m_error = ok || cancelled ? QString() : error;
    m_cancelled = cancelled;
    return ok;
}

void SessionActions::showError(const QString &title) const
{
    if (!m_error.isEmpty())
        QMessageBox::warning(m_window, title, m_error);
}

QString SessionActions::lastFolder() const
{
    return QSettings().value(QLatin1String(FolderKey), QDir::homePath()).toString();
}

void SessionActions::rememberFolder(const QString &path) const
{
    QSettings().setValue(QLatin1String(FolderKey), QFileInfo(path).absolutePath());
}

bool SessionActions::saveSessionTo(const QString &path, bool includeSecrets)
{
    // The states are copies; the stores are read in place (rows appended meanwhile are
    // not saved) and stay alive: the modal progress dialog keeps tabs from closing.
    // Rows on disk (log limits) are saved first; no rows leave the stores meanwhile.
    std::deque<log::SessionTabState> states;
    QVector<log::SessionTabSource> sources;
    std::vector<HeldLimits> held;
    QVector<qint64> logged; // what this save holds of each tab
    for (int i = 0; i < m_window->tabCount(); ++i) {
        ConnectionTab *tab = m_window->tab(i);
        logged.append(tab->rowsLogged());
        held.emplace_back(tab->logLimiter());
        states.push_back(tab->sessionState());
        sources.append({&states.back(), &tab->store(), tab->logLimiter()->spill()});
    }
    log::SessionSaveOptions options;
    options.includeSecrets = includeSecrets;
    options.applicationVersion = QApplication::applicationVersion();
    log::SessionSaveJob job(path, sources, options);
    const bool done = JobProgress::run(
        m_window, tr("Saving the session…"), [&job] { return job.step(); }, [&job] { return job.progress(); },
        [&job] { job.cancel(); });
    const bool saved = done && !job.hasFailed();
    for (int i = 0; saved && i < m_window->tabCount() && i < logged.size(); ++i)
        m_window->tab(i)->markSaved(logged[i]);
    return finish(saved, job.errorString(), !done);
}

bool SessionActions::openSessionFrom(const QString &path)
{
    log::SessionLoadJob job(path);
    const bool done = JobProgress::run(
        m_window, tr("Opening the session…"), [&job] { return job.step(); }, [&job] { return job.progress(); }, [] {});
    if (!done || job.hasFailed())
        return finish(false, job.errorString(), !done);
    std::vector<log::SessionTab> tabs = job.takeTabs();
    for (log::SessionTab &tab : tabs)
        m_window->addTab(ReadOnlyTab::create(std::move(tab), ReadOnlyTab::sessionBanner(path)));
    return finish(true, {});
}

bool SessionActions::exportLogTo(const QString &path, const log::ExportOptions &options)
{
    ConnectionTab *tab = m_window->currentTab();
    if (!tab)
        return finish(false, tr("There is no log to export."));
    const HeldLimits held(tab->logLimiter());
    const log::SessionTabState state = tab->sessionState();
    log::ExportOptions withVersion = options;
    withVersion.applicationVersion = QApplication::applicationVersion();
    log::LogExportJob job(path, tab->store(), state, withVersion, tab->logLimiter()->spill());
    const bool done = JobProgress::run(
        m_window, tr("Exporting the log…"), [&job] { return job.step(); }, [&job] { return job.progress(); },
        [&job] { job.cancel(); });
    return finish(done && !job.hasFailed(), job.errorString(), !done);
}

bool SessionActions::importHarFrom(const QString &path)
{
    std::vector<log::SessionTab> tabs;
    QString error;
    if (!log::HarImport::load(path, &tabs, &error))
        return finish(false, error);
    for (log::SessionTab &tab : tabs)
        m_window->addTab(ReadOnlyTab::create(std::move(tab), ReadOnlyTab::harBanner(path)));
    return finish(true, {});
}

void SessionActions::saveSession()
{
    const QString chosen = QFileDialog::getSaveFileName(m_window, tr("Save session"), lastFolder(),
                                                        tr(SessionFilter));
    if (chosen.isEmpty())
        return;
    const QString path = withSuffix(chosen, QLatin1String(log::SessionFile::Suffix));
    rememberFolder(path);
    bool anySecrets = false;
    for (int i = 0; i < m_window->tabCount() && !anySecrets; ++i)
        anySecrets = hasSecrets(m_window->tab(i)->sessionState());
    bool includeSecrets = false;
    if (anySecrets) {
        QMessageBox ask(QMessageBox::Question, tr("Save session"),
                        tr("The connections use secrets (Authorization or Cookie headers, passwords)."),
                        QMessageBox::NoButton, m_window);
        ask.setInformativeText(tr("Masked, the file can be shared; the values are then lost."));
        QPushButton *mask = ask.addButton(tr("Mask secrets"), QMessageBox::AcceptRole);
        QPushButton *include = ask.addButton(tr("Include secrets"), QMessageBox::DestructiveRole);
        ask.addButton(QMessageBox::Cancel);
        ask.setDefaultButton(mask);
        ask.exec();
        if (ask.clickedButton() != mask && ask.clickedButton() != include)
            return;
        includeSecrets = ask.clickedButton() == include;
    }
    saveSessionTo(path, includeSecrets);
    showError(tr("Save session"));
}

void SessionActions::openSession()
{
    const QString path = QFileDialog::getOpenFileName(m_window, tr("Open session"), lastFolder(), tr(SessionFilter));
    if (path.isEmpty())
        return;
    rememberFolder(path);
    openSessionFrom(path);
    showError(tr("Open session"));
}

void SessionActions::exportLog()
{
    ConnectionTab *tab = m_window->currentTab();
    if (!tab)
        return;
    const MessageLogModel *model = tab->logView()->model();
    const QString name = tab->title().replace(QLatin1Char(':'), QLatin1Char('-')).replace(QLatin1Char('/'), QLatin1Char('-'));
    ExportDialog dialog(model->messageCount(), tab->store().rowCount(),
                        QDir(lastFolder()).filePath(name + QStringLiteral(".jsonl")), m_window);
    dialog.setRowsOnDisk(model->messageCount(), tab->store().rowCount(), tab->logLimiter()->spilledRows());
    if (dialog.exec() != QDialog::Accepted)
        return;
    const QString path = withSuffix(dialog.path(), ExportDialog::suffix(dialog.format()));
    rememberFolder(path);
    log::ExportOptions options = dialog.options(model->filter());
    options.decodedFields = tab->document()->decoder(); // a "Decoded fields" filter exports what it shows
    exportLogTo(path, options);
    showError(tr("Export log"));
}

void SessionActions::importHar()
{
    const QString path = QFileDialog::getOpenFileName(m_window, tr("Import HAR"), lastFolder(),
                                                      tr("HAR files (*.har);;All files (*)"));
    if (path.isEmpty())
        return;
    rememberFolder(path);
    importHarFrom(path);
    showError(tr("Import HAR"));
}

} // namespace wsi::ui
