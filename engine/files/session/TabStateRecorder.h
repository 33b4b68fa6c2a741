// SPDX-License-Identifier: MIT
#pragma once
// Keeps what a source reported that a tab's panels show (the last snapshot, handshake,
// close, error, TLS report and ping statistics), so a session file can save the tab as it
// looks. It reads the same ordered report stream as the panels (the window's TabDocument,
// the CLI's SessionRecorder hand it each update); it subscribes to nothing itself.
#include "files/session/SessionTab.h"
#include "net/source/SourceReport.h"

namespace wsi::log {

class TabStateRecorder
{
public:
    void record(const net::SourceReport &update);
    // A new attempt starts: forget the previous one's reports.
    void reset() { m_state = {}; }

    // Title, options and panel URL are the tab's to fill in.
    const SessionTabState &state() const { return m_state; }
    // A tab opened from a file keeps the state it was saved with.
    void setState(const SessionTabState &state) { m_state = state; }

private:
    SessionTabState m_state;
};

} // namespace wsi::ui
