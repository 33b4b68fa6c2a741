// SPDX-License-Identifier: MIT
#pragma once
// Records one traffic source as a tab of a session file, without a window: the CLI's
// `connect --record` and `replay --record`. It reads the source's ordered report stream
// as the window's TabDocument does (rows into a MessageStore, updates into the panels'
// state) and saves both with SessionFile, so the window opens the file like one it saved.
//
// Each attempt's rows are placed on one time line that starts at the first attempt, as
// the window places them.
#include "files/session/SessionTab.h"
#include "files/session/TabStateRecorder.h"
#include "net/source/SourceReport.h"

namespace wsi::log {

class SessionRecorder
{
public:
    // The tab's title and options (saved without secrets unless save() is told otherwise).
    SessionRecorder(const QString &title, const net::ConnectionOptions &options);

    void record(const net::ReportBatch &batch);

    const MessageStore &store() const { return m_store; }
    // Writes the session (one tab) to path atomically; false with *error naming the file.
    bool save(const QString &path, bool includeSecrets, QString *error) const;
    // Several recorders as the tabs of one file, in this order (the proxy's flows).
    static bool saveAll(const QString &path, const QVector<const SessionRecorder *> &recorders, bool includeSecrets,
                        QString *error);

private:
    void placeAttempt(const net::AttemptReport &attempt);

    SessionTabState m_header; // title, options, panel URL
    TabStateRecorder m_panels;
    MessageStore m_store;
    qint64 m_originSteadyNs = -1; // the first attempt's start
    qint64 m_attemptOffsetNs = 0; // the current attempt's start on that time line
};

} // namespace wsi::log
