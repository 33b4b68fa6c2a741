// SPDX-License-Identifier: MIT
#include "files/session/SessionJournal.h"

#include "files/session/LittleEndianCodec.h"
#include "files/session/RowCodec.h"
#include "files/session/SessionFormat.h"
#include "files/session/SessionJson.h"
#include "files/session/SessionJsonValues.h"
#include "files/session/SessionSecrets.h"

#include <QDir>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <map>
#include <utility>

#ifdef Q_OS_UNIX
#include <unistd.h>
#endif

namespace wsi::log {

namespace {
const char JournalTab[4] = {'J', 'T', 'A', 'B'};
const char JournalRows[4] = {'J', 'R', 'O', 'W'};
const char JournalClear[4] = {'J', 'C', 'L', 'R'};
const char JournalDelete[4] = {'J', 'D', 'E', 'L'};
const char JournalCut[4] = {'J', 'C', 'U', 'T'};
const QLatin1String FormatName("wsinspect-journal");

QByteArray stateJson(const SessionTabState &state, const MessageStore &store)
{
    QJsonObject object = tabStateToJson(redactState(state));
    object.insert(QStringLiteral("startedAt"), json::fromDateTime(store.startedAt()));
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}
} // namespace

JournalWriter::JournalWriter(const QString &path) : m_file(path) {}

JournalWriter::~JournalWriter()
{
    flush();
}

bool JournalWriter::open(QString *error)
{
    if (!m_file.open(QIODevice::WriteOnly | QIODevice::Truncate | QIODevice::Unbuffered)) {
        if (error)
            *error = m_file.errorString();
        return false;
    }
    m_file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    m_open = true;
    m_pending = SessionFormat::fileHeader();
    const QJsonObject info{{QStringLiteral("format"), FormatName}, {QStringLiteral("version"), int(SessionFormat::Version)}};
    const QByteArray body = QJsonDocument(info).toJson(QJsonDocument::Compact);
    m_pending += SessionFormat::sectionHeader(SessionFormat::InfoTag, body) + body;
    return flush();
}

void JournalWriter::section(const char tag[4], quint32 id, QByteArrayView body)
{
    QByteArray withId;
    withId.reserve(body.size() + 4);
    LittleEndianWriter(withId).u32(id);
    withId.append(body);
    m_pending += SessionFormat::sectionHeader(tag, withId);
    m_pending += withId;
}

bool JournalWriter::sameRow(const LogRecord &a, const LogRecord &b)
{
    return a.timeNs == b.timeNs && a.payloadSize == b.payloadSize && a.firstFrame == b.firstFrame && a.kind == b.kind
        && a.bits == b.bits && a.wireSize == b.wireSize;
}

void JournalWriter::noteState(quint32 id, const SessionTabState &state, const MessageStore &store)
{
    Tracked &tracked = m_tabs[id];
    const QByteArray json = stateJson(state, store);
    if (json != tracked.stateJson) {
        tracked.stateJson = json;
        section(JournalTab, id, json);
    }
}

void JournalWriter::noteCut(quint32 id, qint64 firstRowNumber)
{
    Tracked &tracked = m_tabs[id];
    if (firstRowNumber <= tracked.cut)
        return;
    QByteArray body;
    LittleEndianWriter(body).u64(quint64(firstRowNumber));
    section(JournalCut, id, body);
    tracked.cut = firstRowNumber;
    tracked.rows = std::max(tracked.rows, firstRowNumber);
}

void JournalWriter::noteRows(quint32 id, const MessageStore &store, int first, int end)
{
    Tracked &tracked = m_tabs[id];
    int row = first;
    while (row < end) {
        QByteArray body;
        row = RowCodec::encode(store, row, end, SessionFormat::RowsSectionTarget, body);
        section(JournalRows, id, body);
    }
    if (end > first) {
        tracked.rows = store.firstRowNumber() + end;
        tracked.last = store.record(end - 1);
    }
}

void JournalWriter::updateTab(quint32 id, const SessionTabState &state, const MessageStore &store, int maxRows)
{
    if (!m_open)
        return;
    noteState(id, state, store);
    updateRows(id, store, maxRows);
}

int JournalWriter::updateRows(quint32 id, const MessageStore &store, int maxRows)
{
    if (!m_open)
        return 0;
    Tracked &tracked = m_tabs[id];
    // Rows are counted by number in the whole log: rows that left the front of the store
    // (log limits) are not a clear. A cleared log has fewer rows, or (refilled since)
    // another row where the last journaled one was.
    const qint64 first = store.firstRowNumber();
    const qint64 lastKept = tracked.rows - first - 1; // index of the last journaled row, if still in memory
    if (tracked.rows > first + store.rowCount()
        || (lastKept >= 0 && !sameRow(store.record(int(lastKept)), tracked.last))) {
        section(JournalClear, id, {});
        tracked.rows = 0;
        tracked.cut = 0;
    }
    // Rows that left memory before they were journaled are gone from the journal too.
    noteCut(id, first);
    const int from = int(tracked.rows - first);
    const int end = int(std::min<qint64>(store.rowCount(), from + qint64(maxRows)));
    noteRows(id, store, from, end);
    return std::max(0, end - from);
}

void JournalWriter::removeTab(quint32 id)
{
    if (m_tabs.remove(id) && m_open)
        section(JournalDelete, id, {});
}

bool JournalWriter::flush()
{
    if (m_pending.isEmpty() || !m_open)
        return true;
    return write(takePending());
}

QByteArray JournalWriter::takePending()
{
    return std::exchange(m_pending, QByteArray());
}

bool JournalWriter::write(const QByteArray &bytes)
{
    if (bytes.isEmpty() || !m_file.isOpen())
        return true;
    const qint64 goodSize = m_file.size();
    const bool ok = m_file.write(bytes) == bytes.size();
    if (ok) {
        m_bytesWritten += bytes.size();
        m_error.clear();
    } else {
        // A torn section would hide every later one from the reader: cut it off.
        m_error = m_file.errorString();
        m_file.resize(goodSize);
        m_file.seek(goodSize);
    }
#ifdef Q_OS_UNIX
    // Past the kernel's cache too: the journal is for power cuts as well as crashes.
    if (m_sync)
        ::fdatasync(m_file.handle());
#endif
    return ok;
}

void JournalWriter::discard()
{
    m_pending.clear();
    m_tabs.clear();
    m_open = false;
    if (m_file.isOpen())
        m_file.close();
    m_file.remove();
}

namespace JournalReader {

bool read(const QString &path, std::vector<SessionTab> *tabs, QString *error, bool *complete)
{
    const QString name = QDir::toNativeSeparators(path);
    auto refuse = [&](const QString &why) {
        if (error)
            *error = QStringLiteral("“%1” %2.").arg(name, why);
        return false;
    };
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return refuse(QStringLiteral("cannot be opened: ") + file.errorString());
    const QByteArray header = file.read(SessionFormat::FileHeaderSize);
    if (header != SessionFormat::fileHeader())
        return refuse(QStringLiteral("is not a wsinspect journal"));
    SessionFormat::Section section;
    QString detail;
    if (SessionFormat::readSection(file, section, detail) != SessionFormat::ReadResult::Section
        || section.tag != QByteArrayView(SessionFormat::InfoTag, 4)
        || QJsonDocument::fromJson(section.body).object().value(QStringLiteral("format")).toString() != FormatName)
        return refuse(QStringLiteral("is not a wsinspect journal"));

    std::map<quint32, SessionTab> byId;
    std::vector<quint32> order;
    bool whole = false;
    for (;;) {
        const SessionFormat::ReadResult result = SessionFormat::readSection(file, section, detail);
        if (result == SessionFormat::ReadResult::EndOfFile) {
            whole = true;
            break;
        }
        if (result != SessionFormat::ReadResult::Section || section.body.size() < 4)
            break; // torn by the crash: what came before is what we have
        const quint32 id = LittleEndianReader(section.body).u32();
        const QByteArrayView body = QByteArrayView(section.body).sliced(4);
        const QByteArray tag = section.tag;
        if (tag == QByteArrayView(JournalTab, 4)) {
            if (!byId.count(id))
                order.push_back(id);
            SessionTab &tab = byId[id];
            const QJsonObject object = QJsonDocument::fromJson(body.toByteArray()).object();
            tab.state = tabStateFromJson(object);
            tab.store->setStartedAt(json::toDateTime(object.value(QStringLiteral("startedAt"))));
        } else if (tag == QByteArrayView(JournalRows, 4) && byId.count(id)) {
            if (!RowCodec::decode(body, *byId[id].store).isEmpty())
                break;
        } else if (tag == QByteArrayView(JournalClear, 4) && byId.count(id)) {
            const QDateTime startedAt = byId[id].store->startedAt();
            byId[id].store = std::make_unique<MessageStore>();
            byId[id].store->setStartedAt(startedAt);
        } else if (tag == QByteArrayView(JournalDelete, 4)) {
            byId.erase(id);
        } else if (tag == QByteArrayView(JournalCut, 4) && byId.count(id) && body.size() == 8) {
            MessageStore &store = *byId[id].store;
            const qint64 cut = qint64(LittleEndianReader(body).u64());
            store.dropOldestRows(int(std::clamp<qint64>(cut - store.firstRowNumber(), 0, store.rowCount())));
            if (store.rowCount() == 0 && cut > store.firstRowNumber())
                store.setFirstRowNumber(cut);
        }
    }
    tabs->clear();
    for (quint32 id : order) {
        auto it = byId.find(id);
        if (it != byId.end())
            tabs->push_back(std::move(it->second));
    }
    if (complete)
        *complete = whole;
    return true;
}

} // namespace JournalReader

} // namespace wsi::log
