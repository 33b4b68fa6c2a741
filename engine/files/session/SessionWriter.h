// SPDX-License-Identifier: MIT
#pragma once
// Writes a session (SessionFormat) to a device a piece at a time: each step() writes the
// file header, one tab's state, about a megabyte of rows, or the end marker, so the UI
// can save a million rows between events (see SessionSaveJob). Only the rows each store
// held when the writer was made are written; rows appended meanwhile are not.
#include "files/session/SessionTab.h"

#include <QString>
#include <QVector>

#include <memory>

class QIODevice;

namespace wsi::log {

class LogSpillReader;

struct SessionSaveOptions {
    // Authorization / Cookie headers, URL and proxy passwords and the client key's
    // passphrase are masked unless this is set (see SessionSecrets).
    bool includeSecrets = false;
    QString applicationVersion;
};

class SessionWriter
{
public:
    SessionWriter(QIODevice &device, const QVector<SessionTabSource> &tabs, const SessionSaveOptions &options);
    ~SessionWriter();

    // Writes the next piece; true while there is more to write.
    bool step();
    bool isFinished() const { return m_stage == Stage::Done; }
    bool hasFailed() const { return m_stage == Stage::Failed; }
    // The device's error when a write failed.
    QString errorString() const { return m_error; }

    qint64 rowsWritten() const { return m_rowsWritten; }
    qint64 rowsTotal() const { return m_rowsTotal; }

private:
    enum class Stage { Header, Tab, Rows, End, Done, Failed };

    bool writeHeader();
    bool writeTab();
    bool writeRows();
    bool writeSpilledRows();
    bool writeEnd();
    bool writeSection(const char tag[4], const QByteArray &body);

    QIODevice &m_device;
    QVector<SessionTabSource> m_tabs;
    QVector<int> m_rowCounts; // per tab, taken when the writer was made
    std::unique_ptr<LogSpillReader> m_spill; // the current tab's rows on disk, while copied
    qint64 m_spillRowsCopied = 0;
    QString m_spillError;
    SessionSaveOptions m_options;
    Stage m_stage = Stage::Header;
    int m_tab = 0;
    int m_row = 0;
    qint64 m_rowsWritten = 0;
    qint64 m_rowsTotal = 0;
    QString m_error;
};

} // namespace wsi::log
