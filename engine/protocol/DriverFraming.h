// SPDX-License-Identifier: MIT
#pragma once
// Limits and small helpers shared by the Driver's receive side (DriverReceive.cpp) and its
// send side (Driver.cpp). Internal to engine/protocol: not part of the Driver's API.
#include "protocol/FrameHeader.h"

#include <cstdint>
#include <string>
#include <string_view>

namespace wsi::protocol::driver_framing {

inline constexpr std::size_t MaxControlPayload = 125; // RFC 6455 section 5.5
inline constexpr std::size_t MaxCloseReason = 123;    // 125 minus the 2-byte code
inline constexpr std::size_t MaxPendingPings = 1024;  // unanswered pings remembered for matching
// The reassembly buffer keeps up to this much capacity between messages, and is reserved
// up to this much from a frame's announced length: large messages then cost no realloc
// copies or fresh page faults, while a lying header cannot make us reserve more.
inline constexpr std::uint64_t RetainedMessageBuffer = 16u * 1024 * 1024;

// Copies a header field by field. Headers are built a field at a time just before they are
// copied, and a whole-struct copy (one wide load over several small stores still in
// flight) cannot take them from the store buffer: it waits for them to reach the cache,
// which for a small frame costs as much as a good part of its parsing.
inline void copyHeader(FrameHeader &to, const FrameHeader &from)
{
    to.fin = from.fin;
    to.rsv1 = from.rsv1;
    to.rsv2 = from.rsv2;
    to.rsv3 = from.rsv3;
    to.opcode = from.opcode;
    to.masked = from.masked;
    to.maskKey = from.maskKey;
    to.payloadLength = from.payloadLength;
}

inline std::uint16_t readBigEndian16(std::string_view bytes)
{
    return static_cast<std::uint16_t>((static_cast<std::uint8_t>(bytes[0]) << 8)
                                      | static_cast<std::uint8_t>(bytes[1]));
}

// Cuts a reason to 123 bytes without splitting a UTF-8 sequence.
inline std::string_view truncateReason(std::string_view reason)
{
    if (reason.size() <= MaxCloseReason)
        return reason;
    std::size_t end = MaxCloseReason;
    while (end > 0 && (static_cast<std::uint8_t>(reason[end]) & 0xC0) == 0x80)
        --end;
    return reason.substr(0, end);
}

inline std::string closePayload(std::uint16_t code, std::string_view reason)
{
    std::string payload;
    if (code == 0)
        return payload;
    payload.reserve(2 + reason.size());
    payload += static_cast<char>(code >> 8);
    payload += static_cast<char>(code & 0xFF);
    payload.append(reason.data(), reason.size());
    return payload;
}

} // namespace wsi::protocol::driver_framing
