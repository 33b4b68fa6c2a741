// SPDX-License-Identifier: MIT
#include "files/session/SessionReader.h"

#include "files/session/LittleEndianCodec.h"
#include "files/session/RowCodec.h"
#include "files/session/SessionFormat.h"
#include "files/session/SessionJson.h"
#include "files/session/SessionJsonValues.h"

#include <QDir>
#include <QIODevice>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>

namespace wsi::log {

namespace {
QJsonObject parseObject(const QByteArray &body, QString &error)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        error = parseError.errorString();
    else if (!document.isObject())
        error = QStringLiteral("not a JSON object");
    return document.object();
}
} // namespace

SessionReader::SessionReader(QIODevice &device, const QString &displayName)
    : m_device(device), m_name(QDir::toNativeSeparators(displayName))
{
}

double SessionReader::progress() const
{
    const qint64 size = m_device.size();
    return size > 0 ? double(m_device.pos()) / double(size) : 1.0;
}

bool SessionReader::fail(const QString &kind, const QString &detail)
{
    return refuse(kind + QStringLiteral(": ") + detail);
}

bool SessionReader::refuse(const QString &sentence)
{
    m_error = QStringLiteral("“%1” %2.").arg(m_name, sentence);
    m_stage = Stage::Failed;
    m_tabs.clear();
    return false;
}

bool SessionReader::step()
{
    switch (m_stage) {
    case Stage::Header:
        return readHeader();
    case Stage::Info:
    case Stage::Sections:
        return readSection();
    case Stage::Done:
    case Stage::Failed:
        break;
    }
    return false;
}

bool SessionReader::readHeader()
{
    const QByteArray header = m_device.read(SessionFormat::FileHeaderSize);
    const QByteArrayView signature(SessionFormat::Signature, SessionFormat::SignatureSize);
    if (header.isEmpty())
        return refuse(QStringLiteral("is empty: it is not a wsinspect session file"));
    if (!signature.startsWith(QByteArrayView(header).first(std::min(header.size(), signature.size()))))
        return refuse(QStringLiteral("is not a wsinspect session file (it does not start with the session signature)"));
    if (header.size() < SessionFormat::FileHeaderSize)
        return truncated(QStringLiteral("it ends inside the file header"));
    const quint32 version = LittleEndianReader(QByteArrayView(header).sliced(SessionFormat::SignatureSize)).u32();
    if (version > SessionFormat::Version)
        return refuse(QStringLiteral("was saved by a newer wsinspect (session format %1; this version reads format %2)")
                          .arg(version)
                          .arg(SessionFormat::Version));
    if (version != SessionFormat::Version)
        return refuse(QStringLiteral("has an unknown session format version (%1)").arg(version));
    m_stage = Stage::Info;
    return true;
}

bool SessionReader::readSection()
{
    SessionFormat::Section section;
    QString detail;
    switch (SessionFormat::readSection(m_device, section, detail)) {
    case SessionFormat::ReadResult::Truncated:
        return truncated(detail);
    case SessionFormat::ReadResult::Damaged:
        return damaged(detail);
    case SessionFormat::ReadResult::EndOfFile:
        return truncated(QStringLiteral("it ends at byte %1, before the end of the session (%2 of %3 tabs read)")
                             .arg(m_device.pos())
                             .arg(m_tabs.size())
                             .arg(m_info.tabCount));
    case SessionFormat::ReadResult::Section:
        break;
    }
    const QByteArray &tag = section.tag;
    if (m_stage == Stage::Info) {
        if (tag != QByteArrayView(SessionFormat::InfoTag, 4))
            return damaged(QStringLiteral("the first section is not the session information"));
        return readInfo(section.body);
    }
    if (tag == QByteArrayView(SessionFormat::TabTag, 4))
        return readTab(section.body, section.offset);
    if (tag == QByteArrayView(SessionFormat::RowsTag, 4))
        return readRows(section.body, section.offset);
    if (tag == QByteArrayView(SessionFormat::EndTag, 4))
        return readEnd(section.body, section.offset);
    // Sections whose tag starts in lower case may be skipped (as PNG's ancillary chunks):
    // later versions can add them without breaking this reader.
    if (tag.at(0) >= 'a' && tag.at(0) <= 'z')
        return true;
    return damaged(QStringLiteral("unknown section at byte %1").arg(section.offset));
}

bool SessionReader::readInfo(const QByteArray &body)
{
    QString error;
    const QJsonObject info = parseObject(body, error);
    if (!error.isEmpty())
        return damaged(QStringLiteral("the session information is not valid JSON (%1)").arg(error));
    m_info.applicationVersion = info.value(QStringLiteral("applicationVersion")).toString();
    m_info.savedAt = json::toDateTime(info.value(QStringLiteral("savedAt")));
    m_info.secretsIncluded = info.value(QStringLiteral("secretsIncluded")).toBool();
    m_info.tabCount = json::toInt(info.value(QStringLiteral("tabs")), -1);
    if (m_info.tabCount < 0)
        return damaged(QStringLiteral("the session information has no tab count"));
    m_stage = Stage::Sections;
    return true;
}

bool SessionReader::checkTabComplete(qint64 offset)
{
    if (m_tabs.empty())
        return true;
    const MessageStore &store = *m_tabs.back().store;
    if (store.rowCount() != m_expectedRows)
        return damaged(QStringLiteral("tab %1 declares %2 rows but has %3 before byte %4")
                           .arg(m_tabs.size()).arg(m_expectedRows).arg(store.rowCount()).arg(offset));
    if (store.totalFrameCount() != m_expectedFrames)
        return damaged(QStringLiteral("tab %1 declares %2 frames but has %3")
                           .arg(m_tabs.size()).arg(m_expectedFrames).arg(store.totalFrameCount()));
    return true;
}

bool SessionReader::readTab(const QByteArray &body, qint64 offset)
{
    if (!checkTabComplete(offset))
        return false;
    if (int(m_tabs.size()) >= m_info.tabCount)
        return damaged(QStringLiteral("more tabs than the %1 it declares").arg(m_info.tabCount));
    QString error;
    const QJsonObject object = parseObject(body, error);
    if (!error.isEmpty())
        return damaged(QStringLiteral("the tab section at byte %1 is not valid JSON (%2)").arg(offset).arg(error));
    m_expectedRows = json::toInt(object.value(QStringLiteral("rows")), -1);
    m_expectedFrames = json::toInt(object.value(QStringLiteral("frames")), -1);
    if (m_expectedRows < 0 || m_expectedFrames < 0)
        return damaged(QStringLiteral("the tab section at byte %1 has no row or frame count").arg(offset));
    SessionTab tab;
    tab.state = tabStateFromJson(object);
    tab.store->setStartedAt(json::toDateTime(object.value(QStringLiteral("startedAt"))));
    // Rows the log had lost before the first saved one (log limits): numbers as shown.
    tab.store->setFirstRowNumber(std::max<qint64>(0, json::toInt64(object.value(QStringLiteral("firstRowNumber")))));
    m_tabs.push_back(std::move(tab));
    return true;
}

bool SessionReader::readRows(const QByteArray &body, qint64 offset)
{
    if (m_tabs.empty())
        return damaged(QStringLiteral("rows at byte %1 belong to no tab").arg(offset));
    MessageStore &store = *m_tabs.back().store;
    const QString error = RowCodec::decode(body, store);
    if (!error.isEmpty())
        return damaged(QStringLiteral("tab %1, section at byte %2: %3").arg(m_tabs.size()).arg(offset).arg(error));
    if (store.rowCount() > m_expectedRows)
        return damaged(QStringLiteral("tab %1 has more rows than the %2 it declares").arg(m_tabs.size()).arg(m_expectedRows));
    return true;
}

bool SessionReader::readEnd(const QByteArray &body, qint64 offset)
{
    if (!checkTabComplete(offset))
        return false;
    if (int(m_tabs.size()) != m_info.tabCount)
        return damaged(QStringLiteral("it holds %1 tabs but declares %2").arg(m_tabs.size()).arg(m_info.tabCount));
    QString error;
    parseObject(body, error);
    if (!error.isEmpty())
        return damaged(QStringLiteral("the end section is not valid JSON (%1)").arg(error));
    if (!m_device.atEnd())
        return damaged(QStringLiteral("%1 bytes follow the end of the session").arg(m_device.size() - m_device.pos()));
    m_stage = Stage::Done;
    return false;
}

} // namespace wsi::log
