// SPDX-License-Identifier: MIT
#pragma once
// The File menu's session entries: Save session…, Open session…, Export log…, Import
// HAR…. Each asks for its file (and, for exports, the ExportDialog's choices), then runs
// the engine's job a slice at a time under a progress dialog (JobProgress) and reports a
// failure in a message box. The *To / *From functions do the work without dialogs, for
// tests and for opening a file given on the command line. UI thread only.
#include "files/export/ExportFormatter.h"

#include <QObject>
#include <QString>

namespace wsi::ui {

class MainWindow;

class SessionActions : public QObject
{
    Q_OBJECT
public:
    static constexpr const char *SessionFilter = "wsinspect sessions (*.wsisession)";

    explicit SessionActions(MainWindow *window);

    // Every tab of the window.
    bool saveSessionTo(const QString &path, bool includeSecrets);
    // Adds one read-only tab per saved tab.
    bool openSessionFrom(const QString &path);
    // The current tab's log.
    bool exportLogTo(const QString &path, const log::ExportOptions &options);
    // Adds one read-only tab per WebSocket connection of the HAR file.
    bool importHarFrom(const QString &path);

    // Why the last call failed ("" after a success or a cancel).
    QString lastError() const { return m_error; }
    bool wasCancelled() const { return m_cancelled; }

public Q_SLOTS:
    void saveSession();
    void openSession();
    void exportLog();
    void importHar();

private:
    bool finish(bool ok, const QString &error, bool cancelled = false);
    void showError(const QString &title) const;
    QString lastFolder() const;
    void rememberFolder(const QString &path) const;

    MainWindow *m_window;
    QString m_error;
    bool m_cancelled = false;
};

} // namespace wsi::ui
