// SPDX-License-Identifier: MIT
#pragma once
// Reads a session (SessionFormat) from a device a section at a time, checking everything
// a damaged, truncated or foreign file could get wrong: the signature and version, each
// section's length and checksum, the section order, each row's fields, and the row and
// frame counts each tab declares. On any of these it stops with one specific sentence
// naming the file; it never trusts a length before checking it against the bytes left.
#include "files/session/SessionTab.h"

#include <QDateTime>
#include <QString>

#include <vector>

class QIODevice;

namespace wsi::log {

struct SessionInfo {
    QString applicationVersion;
    QDateTime savedAt;
    bool secretsIncluded = false;
    int tabCount = 0;
};

class SessionReader
{
public:
    // displayName names the file in error messages.
    SessionReader(QIODevice &device, const QString &displayName);

    // Reads the next section; true while there is more to read.
    bool step();
    bool isFinished() const { return m_stage == Stage::Done; }
    bool hasFailed() const { return m_stage == Stage::Failed; }
    QString errorString() const { return m_error; }
    // Fraction of the file read so far.
    double progress() const;

    const SessionInfo &info() const { return m_info; }
    // The tabs read; complete once isFinished().
    std::vector<SessionTab> takeTabs() { return std::move(m_tabs); }

private:
    enum class Stage { Header, Info, Sections, Done, Failed };

    bool readHeader();
    bool readSection();
    bool readInfo(const QByteArray &body);
    bool readTab(const QByteArray &body, qint64 offset);
    bool readRows(const QByteArray &body, qint64 offset);
    bool readEnd(const QByteArray &body, qint64 offset);
    bool checkTabComplete(qint64 offset);
    bool fail(const QString &kind, const QString &detail);
    bool refuse(const QString &sentence); // the file's name, the sentence, a full stop
    bool damaged(const QString &detail) { return fail(QStringLiteral("is damaged"), detail); }
    bool truncated(const QString &detail) { return fail(QStringLiteral("is truncated"), detail); }

    QIODevice &m_device;
    QString m_name;
    Stage m_stage = Stage::Header;
    SessionInfo m_info;
    std::vector<SessionTab> m_tabs;
    int m_expectedRows = 0;   // of the tab being read
    int m_expectedFrames = 0;
    QString m_error;
};

} // namespace wsi::log
