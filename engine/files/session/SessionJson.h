// SPDX-License-Identifier: MIT
#pragma once
// A tab's state (everything but its log) as the JSON of a session file's tab section, and
// back. Missing members read as their defaults, so later versions can add members; values
// out of range read as defaults too (a damaged file is caught by the section checksum).
#include "files/session/SessionTab.h"

#include <QJsonObject>

namespace wsi::log {

QJsonObject tabStateToJson(const SessionTabState &state);
SessionTabState tabStateFromJson(const QJsonObject &object);

QJsonObject optionsToJson(const net::ConnectionOptions &options);
net::ConnectionOptions optionsFromJson(const QJsonObject &object);
QJsonObject handshakeToJson(const net::HandshakeInfo &info);
net::HandshakeInfo handshakeFromJson(const QJsonObject &object);
QJsonObject tlsReportToJson(const net::TlsReport &report);
net::TlsReport tlsReportFromJson(const QJsonObject &object);
QJsonObject pingStatsToJson(const net::PingStats &stats);
net::PingStats pingStatsFromJson(const QJsonObject &object);

} // namespace wsi::log
