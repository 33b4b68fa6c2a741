// SPDX-License-Identifier: MIT
#include "files/session/LogSpill.h"

#include "files/session/SessionFormat.h"
#include "files/session/SessionJournal.h"

#include <QDir>
#include <QFileInfo>

#include <chrono>

namespace wsi::log {

namespace {
constexpr quint32 SpillTabId = 1;
const char JournalRowsTag[4] = {'J', 'R', 'O', 'W'};

int framesOf(const MessageStore &store, int count)
{
    if (count <= 0)
        return 0;
    return store.firstFrame(count - 1) + store.frameCount(count - 1) - store.firstFrame(0);
}
} // namespace

LogSpill::LogSpill(const QString &path) : m_path(path) {}

LogSpill::~LogSpill()
{
    if (m_writing.valid())
        m_writing.wait();
    if (m_writer)
        m_writer->discard();
}

bool LogSpill::append(const SessionTabState &state, const MessageStore &store, int count)
{
    if (!start(state, store, count))
        return false;
    const Write result = finish(true);
    return result == Write::Written || result == Write::Idle;
}

bool LogSpill::start(const SessionTabState &state, const MessageStore &store, int count)
{
    count = std::min(count, store.rowCount());
    if (count <= 0 || m_writing.valid())
        return true;
    if (!m_writer) {
        if (!QDir().mkpath(QFileInfo(m_path).absolutePath())) {
            m_error = QStringLiteral("cannot create the folder %1")
                          .arg(QDir::toNativeSeparators(QFileInfo(m_path).absolutePath()));
            return false;
        }
        // Never touch a file that was there before (a path the caller got wrong).
        if (QFileInfo::exists(m_path)) {
            m_error = QStringLiteral("%1 already exists").arg(QDir::toNativeSeparators(m_path));
            return false;
        }
        auto writer = std::make_unique<JournalWriter>(m_path);
        writer->setSyncToDisk(false);
        if (!writer->open(&m_error)) {
            if (m_error.isEmpty())
                m_error = writer->errorString();
            writer->discard(); // what open() created
            return false;
        }
        m_writer = std::move(writer);
        m_firstRowNumber = store.firstRowNumber();
    }
    m_writer->noteState(SpillTabId, state, store);
    if (m_rows == 0)
        m_writer->noteCut(SpillTabId, store.firstRowNumber());
    m_writer->noteRows(SpillTabId, store, 0, count);
    m_writingRows = count;
    m_writingFrames = framesOf(store, count);
    // The worker is the writer's only user until finish() has joined it.
    m_writing = std::async(std::launch::async,
                           [writer = m_writer.get(), bytes = m_writer->takePending()] { return writer->write(bytes); });
    return true;
}

LogSpill::Write LogSpill::finish(bool wait)
{
    if (!m_writing.valid())
        return Write::Idle;
    if (!wait && m_writing.wait_for(std::chrono::seconds(0)) != std::future_status::ready)
        return Write::Pending;
    const bool ok = m_writing.get();
    if (!ok) {
        m_error = m_writer->errorString();
        return Write::Failed;
    }
    m_error.clear();
    m_rows += m_writingRows;
    m_frames += m_writingFrames;
    return Write::Written;
}

bool LogSpill::read(SessionTab *tab, QString *error) const
{
    std::vector<SessionTab> tabs;
    if (m_rows == 0 || !JournalReader::read(m_path, &tabs, error) || tabs.empty()) {
        if (error && error->isEmpty())
            *error = QStringLiteral("No messages are on disk.");
        return false;
    }
    *tab = std::move(tabs.front());
    return true;
}

LogSpillReader::LogSpillReader(const QString &path) : m_file(path) {}

bool LogSpillReader::fail(const QString &why)
{
    m_error = QStringLiteral("the messages on disk (%1) %2").arg(QDir::toNativeSeparators(m_file.fileName()), why);
    return false;
}

bool LogSpillReader::next(QByteArray *rows)
{
    if (!m_error.isEmpty())
        return false;
    if (!m_started) {
        m_started = true;
        if (!m_file.open(QIODevice::ReadOnly))
            return fail(QStringLiteral("cannot be read: ") + m_file.errorString());
        if (m_file.read(SessionFormat::FileHeaderSize) != SessionFormat::fileHeader())
            return fail(QStringLiteral("are not in the journal format"));
    }
    SessionFormat::Section section;
    QString detail;
    for (;;) {
        switch (SessionFormat::readSection(m_file, section, detail)) {
        case SessionFormat::ReadResult::EndOfFile:
            return false;
        case SessionFormat::ReadResult::Truncated:
        case SessionFormat::ReadResult::Damaged:
            return fail(QStringLiteral("are damaged: ") + detail);
        case SessionFormat::ReadResult::Section:
            break;
        }
        if (section.tag == QByteArrayView(JournalRowsTag, 4) && section.body.size() >= 4) {
            *rows = section.body.sliced(4); // without the tab id
            return true;
        }
    }
}

} // namespace wsi::log
