// SPDX-License-Identifier: MIT
#include "files/session/SessionWriter.h"

#include "files/session/LogSpill.h"
#include "files/session/RowCodec.h"
#include "files/session/SessionFormat.h"
#include "files/session/SessionJson.h"
#include "files/session/SessionJsonValues.h"
#include "files/session/SessionSecrets.h"
#include "files/session/LittleEndianCodec.h"

#include <QDateTime>
#include <QIODevice>
#include <QJsonDocument>

namespace wsi::log {

namespace {
// A short write is retried, so that the device reports the reason (a full disk, a file
// size limit) instead of an unexplained short count.
bool writeAll(QIODevice &device, QByteArrayView bytes)
{
    while (!bytes.isEmpty()) {
        const qint64 written = device.write(bytes.data(), bytes.size());
        if (written <= 0)
            return false;
        bytes = bytes.sliced(written);
    }
    return true;
}
} // namespace

SessionWriter::SessionWriter(QIODevice &device, const QVector<SessionTabSource> &tabs,
                             const SessionSaveOptions &options)
    : m_device(device), m_tabs(tabs), m_options(options)
{
    for (const SessionTabSource &tab : m_tabs) {
        m_rowCounts.append(tab.store->rowCount());
        m_rowsTotal += tab.store->rowCount() + (tab.spill ? tab.spill->rowCount() : 0);
    }
}

SessionWriter::~SessionWriter() = default;

bool SessionWriter::step()
{
    bool ok = true;
    switch (m_stage) {
    case Stage::Header:
        ok = writeHeader();
        break;
    case Stage::Tab:
        ok = writeTab();
        break;
    case Stage::Rows:
        ok = writeRows();
        break;
    case Stage::End:
        ok = writeEnd();
        break;
    case Stage::Done:
    case Stage::Failed:
        return false;
    }
    if (!ok) {
        m_error = !m_spillError.isEmpty() ? m_spillError : m_device.errorString();
        m_stage = Stage::Failed;
        return false;
    }
    return m_stage != Stage::Done;
}

bool SessionWriter::writeHeader()
{
    if (!writeAll(m_device, SessionFormat::fileHeader()))
        return false;
    const QJsonObject info{{QStringLiteral("format"), QStringLiteral("wsinspect-session")},
                           {QStringLiteral("version"), int(SessionFormat::Version)},
                           {QStringLiteral("applicationVersion"), m_options.applicationVersion},
                           {QStringLiteral("savedAt"), json::fromDateTime(QDateTime::currentDateTime())},
                           {QStringLiteral("secretsIncluded"), m_options.includeSecrets},
                           {QStringLiteral("tabs"), int(m_tabs.size())}};
    m_stage = m_tabs.isEmpty() ? Stage::End : Stage::Tab;
    return writeSection(SessionFormat::InfoTag, QJsonDocument(info).toJson(QJsonDocument::Compact));
}

bool SessionWriter::writeTab()
{
    const SessionTabSource &tab = m_tabs[m_tab];
    const int rows = m_rowCounts[m_tab];
    const int frames = rows == 0 ? 0 : tab.store->firstFrame(rows - 1) + tab.store->frameCount(rows - 1);
    const qint64 spilledRows = tab.spill ? tab.spill->rowCount() : 0;
    const qint64 spilledFrames = tab.spill ? tab.spill->frameCount() : 0;
    QJsonObject object = tabStateToJson(m_options.includeSecrets ? *tab.state : redactState(*tab.state));
    object.insert(QStringLiteral("rows"), json::fromInt64(rows + spilledRows));
    object.insert(QStringLiteral("frames"), json::fromInt64(frames + spilledFrames));
    object.insert(QStringLiteral("startedAt"), json::fromDateTime(tab.store->startedAt()));
    // Rows that left the log before the first one saved (log limits): numbers stay as shown.
    const qint64 firstRowNumber = spilledRows > 0 ? tab.spill->firstRowNumber() : tab.store->firstRowNumber();
    if (firstRowNumber > 0)
        object.insert(QStringLiteral("firstRowNumber"), json::fromInt64(firstRowNumber));
    m_spill.reset();
    if (spilledRows > 0)
        m_spill = std::make_unique<LogSpillReader>(tab.spill->path());
    m_spillRowsCopied = 0;
    m_row = 0;
    m_stage = Stage::Rows;
    return writeSection(SessionFormat::TabTag, QJsonDocument(object).toJson(QJsonDocument::Compact));
}

// The rows on disk come first, section by section as the spill file holds them (same
// RowCodec form), so saving them costs no decoding and no memory beyond a section.
bool SessionWriter::writeSpilledRows()
{
    QByteArray body;
    if (m_spill->next(&body)) {
        const int rows = int(LittleEndianReader(body).u32());
        m_spillRowsCopied += rows;
        m_rowsWritten += rows;
        return writeSection(SessionFormat::RowsTag, body);
    }
    const qint64 expected = m_tabs[m_tab].spill->rowCount();
    m_spillError = m_spill->errorString();
    m_spill.reset();
    if (!m_spillError.isEmpty())
        return false;
    if (m_spillRowsCopied != expected) {
        m_spillError = QStringLiteral("the messages on disk hold %1 rows instead of %2").arg(m_spillRowsCopied).arg(expected);
        return false;
    }
    return true;
}

bool SessionWriter::writeRows()
{
    if (m_spill)
        return writeSpilledRows();
    const int rows = m_rowCounts[m_tab];
    if (m_row < rows) {
        QByteArray body;
        body.reserve(SessionFormat::RowsSectionTarget + 64 * 1024);
        const int next = RowCodec::encode(*m_tabs[m_tab].store, m_row, rows, SessionFormat::RowsSectionTarget, body);
        m_rowsWritten += next - m_row;
        m_row = next;
        if (!writeSection(SessionFormat::RowsTag, body))
            return false;
    }
    if (m_row >= rows) {
        ++m_tab;
        m_stage = m_tab < m_tabs.size() ? Stage::Tab : Stage::End;
    }
    return true;
}

bool SessionWriter::writeEnd()
{
    const QJsonObject end{{QStringLiteral("tabs"), int(m_tabs.size())},
                          {QStringLiteral("rows"), json::fromInt64(m_rowsTotal)}};
    m_stage = Stage::Done;
    return writeSection(SessionFormat::EndTag, QJsonDocument(end).toJson(QJsonDocument::Compact));
}

bool SessionWriter::writeSection(const char tag[4], const QByteArray &body)
{
    const QByteArray header = SessionFormat::sectionHeader(tag, body);
    return writeAll(m_device, header) && writeAll(m_device, body);
}

} // namespace wsi::log
