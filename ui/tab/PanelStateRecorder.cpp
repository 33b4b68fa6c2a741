// SPDX-License-Identifier: MIT
#include "ui/tab/PanelStateRecorder.h"

#include "net/Connection.h"

namespace wsi::ui {

PanelStateRecorder::PanelStateRecorder(QObject *parent) : QObject(parent) {}

void PanelStateRecorder::reset()
{
    m_state = {};
}

void PanelStateRecorder::watch(net::Connection *connection)
{
    connect(connection, &net::Connection::snapshotChanged, this,
            [this](const net::ConnectionSnapshot &snapshot) { m_state.snapshot = snapshot; });
    connect(connection, &net::Connection::handshakeFinished, this,
            [this](const net::HandshakeInfo &info) { m_state.handshake = info; });
    connect(connection, &net::Connection::tlsReportReady, this,
            [this](const net::TlsReport &report) { m_state.tlsReport = report; });
    connect(connection, &net::Connection::latencySample, this,
            [this](const net::PingSample &, const net::PingStats &stats) { m_state.pingStats = stats; });
    connect(connection, &net::Connection::errorOccurred, this,
            [this](const net::ConnectionError &error) { m_state.error = error; });
    connect(connection, &net::Connection::closed, this, [this](const net::CloseInfo &info) { m_state.close = info; });
}

} // namespace wsi::ui
