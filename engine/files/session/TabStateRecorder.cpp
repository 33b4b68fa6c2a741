// SPDX-License-Identifier: MIT
#include "files/session/TabStateRecorder.h"

namespace wsi::log {

void TabStateRecorder::record(const net::SourceReport &update)
{
    std::visit(net::Overloaded{[this](const net::ConnectionSnapshot &snapshot) { m_state.snapshot = snapshot; },
                               [this](const net::HandshakeInfo &info) { m_state.handshake = info; },
                               [this](const net::TlsReport &report) { m_state.tlsReport = report; },
                               [this](const net::PingReport &report) { m_state.pingStats = report.stats; },
                               [this](const net::ConnectionError &error) { m_state.error = error; },
                               [this](const net::CloseInfo &info) { m_state.close = info; },
                               [](const auto &) {}},
               update);
}

} // namespace wsi::ui
