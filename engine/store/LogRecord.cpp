// SPDX-License-Identifier: MIT
#include "store/LogRecord.h"

#include "protocol/Opcode.h"

namespace wsi::log {

const char *kindName(LogEntryKind kind)
{
    switch (kind) {
    case LogEntryKind::Text:
        return "text";
    case LogEntryKind::Binary:
        return "binary";
    case LogEntryKind::Ping:
        return "ping";
    case LogEntryKind::Pong:
        return "pong";
    case LogEntryKind::Close:
        return "close";
    case LogEntryKind::Error:
        return "error";
    case LogEntryKind::Info:
        return "info";
    case LogEntryKind::Frame:
        return "frame";
    case LogEntryKind::Attempt:
        return "attempt";
    case LogEntryKind::Handshake:
        return "handshake";
    case LogEntryKind::Event:
        return "event";
    case LogEntryKind::Comment:
        return "comment";
    }
    return "?";
}

LogEntryKind rowKindOfLoneFrame(quint8 opcode)
{
    switch (protocol::Opcode(opcode)) {
    case protocol::Opcode::Ping:
        return LogEntryKind::Ping;
    case protocol::Opcode::Pong:
        return LogEntryKind::Pong;
    default:
        return LogEntryKind::Frame;
    }
}

} // namespace wsi::log
