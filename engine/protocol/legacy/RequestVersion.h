// SPDX-License-Identifier: MIT
#pragma once
// The server role's first decision: which protocol a client's upgrade request speaks, so
// the caller can hand the connection to the Driver (13, 8, 7) or to the HixieDriver
// (drafts 76 and 75). The rule is em-websocket's (lib/em-websocket/handshake.rb) and
// websocket-driver's: a Sec-WebSocket-Version header means hybi with that number; else
// Sec-WebSocket-Key1 or Key2 means draft 76; else draft 75.
//
// The caller reads the head with an HttpHeadReader, asks detectRequestVersion(), builds
// the driver, then feeds it the head and whatever followed it in the same read: a draft-76
// request's 8-byte body may be there, or come in a later read (the driver waits for it).
#include "protocol/handshake/HttpMessage.h"
#include "protocol/ProtocolVersion.h"

#include <cstddef>
#include <string>
#include <string_view>

namespace wsi::protocol {

struct RequestVersion {
    // "Upgrade: websocket" (any case) is present: a WebSocket request of some version.
    bool isUpgrade = false;
    ProtocolVersion version = ProtocolVersion::Rfc6455_13;
    // The Sec-WebSocket-Version value as sent ("13", "8", "6", ...); empty for the hixie
    // drafts, which send none.
    std::string versionHeader;
    // 13, 8, 7, hixie-76 or hixie-75: a version wsinspect answers. False for other hybi
    // numbers (the Driver answers them 426 with "Sec-WebSocket-Version: 13").
    bool supported = false;
    // Bytes that follow the head before the handshake is complete: 8 for draft 76 (key3).
    std::size_t bodySize = 0;
    std::string description; // "hybi-08 (Sec-WebSocket-Version: 8)", "hixie-76 (...)"
    bool usesHixieDriver() const { return isUpgrade && supported && isHixie(version); }
};

RequestVersion detectRequestVersion(const HttpRequestHead &request);
// From a complete head as read (HttpHeadReader::head()). A head that does not parse is
// reported as not an upgrade, with the parser's message as its description.
RequestVersion detectRequestVersion(std::string_view head);

} // namespace wsi::protocol
