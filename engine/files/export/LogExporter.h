// SPDX-License-Identifier: MIT
#pragma once
// Exports a log (the rows a filter accepts) as JSON Lines, CSV or HAR, a slice of rows at
// a time so the UI stays responsive over a million rows. The rows are chosen when the
// exporter is made; rows appended afterwards are not exported.
//
// With a LogSpill (log limits: older rows on disk), its rows are exported first, a
// section at a time (decoded into a small store, filtered, formatted, freed), then the
// store's: the file holds the whole log as the user chose to keep it.
//
// LogExportJob writes to a file atomically, as session saves do (QSaveFile): a failed or
// cancelled export leaves any previous file as it was.
#include "files/export/ExportFormatter.h"
#include "store/query/LogFilter.h"

#include <QSaveFile>

#include <memory>

class QIODevice;

namespace wsi::log {

class LogSpill;
class LogSpillReader;

class LogExporter
{
public:
    static constexpr int RowsPerStep = 20000;

    // The criteria must be valid (LogFilter refuses a bad regex or JSON path: then
    // hasFailed() and errorString() say why before anything is written).
    LogExporter(QIODevice &device, const MessageStore &store, const SessionTabState &state,
                const ExportOptions &options, const LogSpill *spill = nullptr);
    ~LogExporter();

    // Writes the next rows (the first call also the format's preamble, the last its end);
    // true while there is more to write.
    bool step(int maxRows = RowsPerStep);
    bool isFinished() const { return m_finished; }
    bool hasFailed() const { return !m_error.isEmpty(); }
    QString errorString() const { return m_error; }
    // Spilled rows count before filtering (they are read as the export goes).
    int rowsDone() const { return int(m_spilledDone) + m_next; }
    int rowsTotal() const { return int(m_spilledTotal) + m_total; }

private:
    bool flush(QByteArray &buffer);
    bool stepSpilled(QByteArray &buffer, int maxRows);
    bool nextSpilledSlice();

    QIODevice &m_device;
    const MessageStore &m_store;
    LogFilterCriteria m_criteria;
    DecodedFields *m_decodedFields = nullptr;
    LogFilter m_filter;
    std::unique_ptr<ExportFormatter> m_formatter;
    std::unique_ptr<LogSpillReader> m_spill;
    std::unique_ptr<MessageStore> m_slice; // the spilled rows being exported
    std::unique_ptr<LogFilter> m_sliceFilter;
    int m_sliceNext = 0;
    qint64 m_spilledNumber = 0; // firstRowNumber of the next slice
    qint64 m_spilledDone = 0;
    qint64 m_spilledTotal = 0;
    int m_total = 0;
    int m_next = 0;
    bool m_started = false;
    bool m_finished = false;
    QString m_error;
};

class LogExportJob
{
public:
    LogExportJob(const QString &path, const MessageStore &store, const SessionTabState &state,
                 const ExportOptions &options, const LogSpill *spill = nullptr);

    bool step();
    bool hasFailed() const { return !m_error.isEmpty(); }
    QString errorString() const { return m_error; }
    double progress() const;
    int rowsTotal() const { return m_exporter ? m_exporter->rowsTotal() : 0; }
    void cancel();

    // All at once.
    static bool run(const QString &path, const MessageStore &store, const SessionTabState &state,
                    const ExportOptions &options, QString *error = nullptr, const LogSpill *spill = nullptr);

private:
    void fail(const QString &reason);

    QString m_path;
    bool m_existed = false;
    QSaveFile m_file;
    std::unique_ptr<LogExporter> m_exporter;
    QString m_error;
    bool m_done = false;
};

} // namespace wsi::log
