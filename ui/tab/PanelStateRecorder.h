// SPDX-License-Identifier: MIT
#pragma once
// Keeps what a connection reported that its panels show (the last snapshot, handshake,
// close, error, TLS report and ping statistics), so a session file can save the tab as it
// looks. The ConnectionTab points it at each Connection it starts. UI thread only.
#include "files/session/SessionTab.h"

#include <QObject>

namespace wsi::net {
class Connection;
}

namespace wsi::ui {

class PanelStateRecorder : public QObject
{
    Q_OBJECT
public:
    explicit PanelStateRecorder(QObject *parent = nullptr);

    // Records what `connection` reports from now on (queued: it lives on its worker).
    void watch(net::Connection *connection);
    // A new connection starts: forget the previous one's reports.
    void reset();

    // Title, options and panel URL are the tab's to fill in.
    const log::SessionTabState &state() const { return m_state; }
    // A tab opened from a file keeps the state it was saved with.
    void setState(const log::SessionTabState &state) { m_state = state; }

private:
    log::SessionTabState m_state;
};

} // namespace wsi::ui
