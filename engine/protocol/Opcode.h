// SPDX-License-Identifier: MIT
#pragma once
// RFC 6455 section 5.2: the 4-bit opcode of a frame.
#include <cstdint>

namespace wsi::protocol {

enum class Opcode : std::uint8_t {
    Continuation = 0x0,
    Text = 0x1,
    Binary = 0x2,
    Close = 0x8,
    Ping = 0x9,
    Pong = 0xA,
};

// Control frames have the high bit of the opcode set (section 5.5).
constexpr bool isControlOpcode(std::uint8_t opcode) { return (opcode & 0x8) != 0; }

// 0x3-0x7 and 0xB-0xF are reserved (section 5.2).
constexpr bool isKnownOpcode(std::uint8_t opcode)
{
    return opcode <= 0x2 || (opcode >= 0x8 && opcode <= 0xA);
}

// The one name of an opcode, for the engine's messages, the CLI and the GUI alike:
// "continuation", "text", "binary", "close", "ping", "pong", "reserved-0x3" ... "reserved-0xf",
// and "invalid" for a value that does not fit in 4 bits.
const char *opcodeName(std::uint8_t opcode);

} // namespace wsi::protocol
