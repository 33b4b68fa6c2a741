// SPDX-License-Identifier: MIT
#pragma once
// Which WebSocket protocol a connection speaks: RFC 6455 (version 13), the hybi drafts 07
// and 08 that browsers shipped in 2011 (RFC 6455's framing, an older handshake header
// set), or Ian Hickson's drafts 75 and 76 (another handshake, 0x00 ... 0xFF framing).
// The Driver speaks the first three, legacy/HixieDriver the last two.
#include <cstdint>
#include <string_view>

namespace wsi::protocol {

enum class ProtocolVersion : std::uint8_t {
    Rfc6455_13, // Sec-WebSocket-Version: 13
    Hybi08,     // Sec-WebSocket-Version: 8, Sec-WebSocket-Origin
    Hybi07,     // Sec-WebSocket-Version: 7, Sec-WebSocket-Origin
    Hixie76,    // Sec-WebSocket-Key1/Key2, the 8-byte body, the MD5 answer
    Hixie75,    // no key, WebSocket-Origin/WebSocket-Location
};

constexpr bool isHixie(ProtocolVersion version)
{
    return version == ProtocolVersion::Hixie75 || version == ProtocolVersion::Hixie76;
}

// The Sec-WebSocket-Version number of a hybi version (13, 8 or 7); 0 for the hixie drafts,
// which send none.
int hybiVersionNumber(ProtocolVersion version);

// The one name of a version, as the CLI's --ws-version takes it and as logs show it:
// "13", "8", "7", "hixie-76", "hixie-75".
const char *protocolVersionName(ProtocolVersion version);

// Parses a name of protocolVersionName() (also "hybi-07", "hybi-08", "draft-76",
// "draft-75", "76", "75"). False for anything else, `out` unchanged.
bool parseProtocolVersion(std::string_view name, ProtocolVersion &out);

} // namespace wsi::protocol
