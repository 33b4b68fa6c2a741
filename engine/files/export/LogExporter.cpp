// SPDX-License-Identifier: MIT
#include "files/export/LogExporter.h"

#include "files/export/CsvExport.h"
#include "files/export/HarExport.h"
#include "files/export/JsonLinesExport.h"
#include "files/session/LogSpill.h"
#include "files/session/RowCodec.h"

#include <QDir>
#include <QFileInfo>
#include <QIODevice>

namespace wsi::log {

std::unique_ptr<ExportFormatter> ExportFormatter::create(const MessageStore &store, const SessionTabState &state,
                                                         const ExportOptions &options)
{
    switch (options.format) {
    case ExportFormat::JsonLines:
        return std::make_unique<JsonLinesExport>(store, options.includeFrames);
    case ExportFormat::Csv:
        return std::make_unique<CsvExport>(store);
    case ExportFormat::Har:
        break;
    }
    return std::make_unique<HarExport>(store, state, options);
}

LogExporter::LogExporter(QIODevice &device, const MessageStore &store, const SessionTabState &state,
                         const ExportOptions &options, const LogSpill *spill)
    : m_device(device), m_store(store), m_criteria(options.filter), m_decodedFields(options.decodedFields),
      m_formatter(ExportFormatter::create(store, state, options))
{
    m_filter.setDecodedFields(m_decodedFields);
    if (!m_filter.setCriteria(options.filter, store)) {
        m_error = m_filter.errorString();
        return;
    }
    m_filter.update(store);
    m_total = m_filter.count();
    if (spill && !spill->isEmpty()) {
        m_spill = std::make_unique<LogSpillReader>(spill->path());
        m_spilledNumber = spill->firstRowNumber();
        m_spilledTotal = spill->rowCount();
    }
}

bool LogExporter::nextSpilledSlice()
{
    QByteArray body;
    if (!m_spill->next(&body)) {
        m_error = m_spill->errorString();
        m_spill.reset();
        m_slice.reset();
        m_sliceFilter.reset();
        m_formatter->setStore(m_store);
        return m_error.isEmpty();
    }
    auto slice = std::make_unique<MessageStore>();
    slice->setStartedAt(m_store.startedAt());
    slice->setFirstRowNumber(m_spilledNumber);
    const QString error = RowCodec::decode(body, *slice);
    if (!error.isEmpty()) {
        m_error = QStringLiteral("the messages on disk are damaged (%1)").arg(error);
        return false;
    }
    m_spilledNumber += slice->rowCount();
    m_spilledDone += slice->rowCount();
    m_sliceFilter = std::make_unique<LogFilter>();
    m_sliceFilter->setDecodedFields(m_decodedFields); // rows keep their numbers: the decoder's cache holds
    m_sliceFilter->setCriteria(m_criteria, *slice);
    m_sliceFilter->update(*slice);
    m_slice = std::move(slice);
    m_sliceNext = 0;
    m_formatter->setStore(*m_slice);
    return true;
}

bool LogExporter::stepSpilled(QByteArray &buffer, int maxRows)
{
    if (!m_slice || m_sliceNext >= m_sliceFilter->count())
        return nextSpilledSlice();
    const int end = std::min(m_sliceFilter->count(), m_sliceNext + maxRows);
    for (; m_sliceNext < end; ++m_sliceNext) {
        m_formatter->row(m_sliceFilter->storeRow(m_sliceNext), buffer);
        if (buffer.size() >= 1024 * 1024 && !flush(buffer))
            return false;
    }
    return true;
}

LogExporter::~LogExporter() = default;

bool LogExporter::flush(QByteArray &buffer)
{
    QByteArrayView left(buffer);
    while (!left.isEmpty()) {
        const qint64 written = m_device.write(left.data(), left.size());
        if (written <= 0) {
            m_error = m_device.errorString();
            return false;
        }
        left = left.sliced(written);
    }
    buffer.clear();
    return true;
}

bool LogExporter::step(int maxRows)
{
    if (m_finished || hasFailed())
        return false;
    QByteArray buffer;
    if (!m_started) {
        m_formatter->begin(buffer);
        m_started = true;
    }
    if (m_spill) {
        if (!stepSpilled(buffer, maxRows))
            return false;
        return flush(buffer);
    }
    const int end = std::min(m_total, m_next + maxRows);
    for (; m_next < end; ++m_next) {
        m_formatter->row(m_filter.storeRow(m_next), buffer);
        if (buffer.size() >= 1024 * 1024 && !flush(buffer))
            return false;
    }
    if (m_next == m_total) {
        m_formatter->end(buffer);
        m_finished = true;
    }
    if (!flush(buffer)) {
        m_finished = false;
        return false;
    }
    return !m_finished;
}

LogExportJob::LogExportJob(const QString &path, const MessageStore &store, const SessionTabState &state,
                           const ExportOptions &options, const LogSpill *spill)
    : m_path(path), m_existed(QFileInfo::exists(path)), m_file(path)
{
    m_file.setDirectWriteFallback(false);
    if (QFileInfo(path).isDir()) {
        fail(QStringLiteral("it is a folder"));
        return;
    }
    m_exporter = std::make_unique<LogExporter>(m_file, store, state, options, spill);
    if (m_exporter->hasFailed()) {
        fail(m_exporter->errorString());
        return;
    }
    if (!m_file.open(QIODevice::WriteOnly | QIODevice::Unbuffered))
        fail(m_file.errorString());
}

void LogExportJob::fail(const QString &reason)
{
    m_error = QStringLiteral("Could not export the log to “%1”: %2. %3")
                  .arg(QDir::toNativeSeparators(m_path), reason,
                       m_existed ? QStringLiteral("The file is unchanged.") : QStringLiteral("Nothing was written."));
    m_file.cancelWriting();
    m_done = true;
}

bool LogExportJob::step()
{
    if (m_done)
        return false;
    if (m_exporter->step())
        return true;
    if (m_exporter->hasFailed()) {
        fail(m_exporter->errorString());
        return false;
    }
    if (!m_file.commit())
        fail(m_file.errorString());
    m_done = true;
    return false;
}

double LogExportJob::progress() const
{
    if (!m_exporter || m_exporter->rowsTotal() == 0)
        return m_done ? 1.0 : 0.0;
    return double(m_exporter->rowsDone()) / double(m_exporter->rowsTotal());
}

void LogExportJob::cancel()
{
    if (m_done)
        return;
    m_file.cancelWriting();
    m_file.commit();
    m_done = true;
}

bool LogExportJob::run(const QString &path, const MessageStore &store, const SessionTabState &state,
                       const ExportOptions &options, QString *error, const LogSpill *spill)
{
    LogExportJob job(path, store, state, options, spill);
    while (job.step()) {
    }
    if (error)
        *error = job.errorString();
    return !job.hasFailed();
}

} // namespace wsi::log
