#include "SessionWriter.h"

#include "RowCodec.h"
#include "SessionFormat.h"
#include "SessionJson.h"
#include "SessionJsonValues.h"
#include "SessionSecrets.h"

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
        m_rowsTotal += tab.store->rowCount();
    }
}

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
        m_error = m_device.errorString();
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
    QJsonObject object = tabStateToJson(m_options.includeSecrets ? *tab.state : redactState(*tab.state));
    object.insert(QStringLiteral("rows"), rows);
    object.insert(QStringLiteral("frames"), frames);
    object.insert(QStringLiteral("startedAt"), json::fromDateTime(tab.store->startedAt()));
    m_row = 0;
    m_stage = Stage::Rows;
    return writeSection(SessionFormat::TabTag, QJsonDocument(object).toJson(QJsonDocument::Compact));
}

bool SessionWriter::writeRows()
{
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
