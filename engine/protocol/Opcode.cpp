// SPDX-License-Identifier: MIT
#include "protocol/Opcode.h"

namespace wsi::protocol {

const char *opcodeName(std::uint8_t opcode)
{
    // One stable string per 4-bit value, so logs and tests can name reserved opcodes too.
    static const char *const names[16] = {
        "continuation", "text",         "binary",       "reserved-0x3",
        "reserved-0x4", "reserved-0x5", "reserved-0x6", "reserved-0x7",
        "close",        "ping",         "pong",         "reserved-0xb",
        "reserved-0xc", "reserved-0xd", "reserved-0xe", "reserved-0xf",
    };
    return opcode < 16 ? names[opcode] : "invalid";
}

} // namespace wsi::protocol
