// SPDX-License-Identifier: MIT
#include "net/ConnectionTypes.h"

#include "net/ConnectionOptions.h"
#include "protocol/CloseCode.h"

namespace wsi::net {

const char *connectionStateName(ConnectionState state)
{
    switch (state) {
    case ConnectionState::Idle: return "idle";
    case ConnectionState::Resolving: return "resolving";
    case ConnectionState::Connecting: return "connecting";
    case ConnectionState::ProxyTunnel: return "proxy tunnel";
    case ConnectionState::TlsHandshake: return "TLS handshake";
    case ConnectionState::Upgrading: return "upgrading";
    case ConnectionState::Open: return "open";
    case ConnectionState::Closing: return "closing";
    case ConnectionState::Closed: return "closed";
    }
    return "unknown";
}

const char *connectionStateName(ConnectionState state, TrafficKind kind)
{
    // No upgrade happens on an EventSource: its one request waits for a 200 and the stream.
    if (kind == TrafficKind::EventSource && state == ConnectionState::Upgrading)
        return "requesting";
    return connectionStateName(state);
}

const char *errorPhaseName(ErrorPhase phase)
{
    switch (phase) {
    case ErrorPhase::Options: return "options";
    case ErrorPhase::Resolve: return "resolve";
    case ErrorPhase::Connect: return "connect";
    case ErrorPhase::Proxy: return "proxy";
    case ErrorPhase::Tls: return "tls";
    case ErrorPhase::Upgrade: return "upgrade";
    case ErrorPhase::Protocol: return "protocol";
    case ErrorPhase::Write: return "write";
    case ErrorPhase::Ping: return "ping";
    case ErrorPhase::Close: return "close";
    case ErrorPhase::Transport: return "transport";
    }
    return "unknown";
}

const char *closeInitiatorName(CloseInitiator initiator)
{
    switch (initiator) {
    case CloseInitiator::Local: return "local";
    case CloseInitiator::Remote: return "remote";
    case CloseInitiator::Transport: return "transport";
    }
    return "unknown";
}

QString describeCloseFrame(const CloseFrameInfo &frame)
{
    if (!frame.present)
        return QStringLiteral("none");
    QString text = frame.code ? QStringLiteral("%1 (%2)").arg(frame.code).arg(QLatin1String(protocol::closeCodeMeaning(frame.code)))
                              : QStringLiteral("no status code");
    if (!frame.reason.isEmpty())
        text += QStringLiteral(" \"%1\"").arg(frame.reason);
    return text;
}

CloseInfo abnormalClose(CloseInitiator initiator, QString reason)
{
    CloseInfo info;
    info.code = 1006;
    info.initiator = initiator;
    info.reason = std::move(reason);
    info.clean = false;
    return info;
}

} // namespace wsi::net
