// SPDX-License-Identifier: MIT
#pragma once
// The opening handshake of Ian Hickson's drafts 75 and 76 (draft-hixie-thewebsocketprotocol),
// both roles, as pure functions over text, like handshake/Handshake.h for RFC 6455.
//
// Draft 76: the client sends Sec-WebSocket-Key1 and Key2 (a number times a count of
// spaces, written with the spaces and noise characters mixed in) and 8 random bytes after
// the head; the server answers with the MD5 of both numbers divided by their spaces and
// those 8 bytes, 16 bytes after its head. Draft 75 has no key: WebSocket-Origin and
// WebSocket-Location, and no body either way.
#include "protocol/handshake/Handshake.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace wsi::protocol {

inline constexpr std::size_t HixieKey3Size = 8;      // the request's body (draft 76)
inline constexpr std::size_t HixieAnswerSize = 16;   // the response's body: an MD5 digest
inline constexpr std::size_t HixieKeyRandomSize = 48; // randomness one key is made from

// Draft 76 section 4.1 (steps 17 to 22): a key whose digits are a random number times a
// random count of spaces (1 to 12), with 1 to 12 noise characters (U+0021-U+002F,
// U+003A-U+007E) and the spaces (never first or last) inserted at random places.
std::string makeHixieKey(const std::uint8_t random[HixieKeyRandomSize]);

// Draft 76 section 5.2 (steps 4 to 7): the key's digits read as one decimal number,
// divided by its count of spaces. False, with a sentence naming the header, when the key
// has no digits, no spaces, a number that is not a multiple of its spaces, or a quotient
// that does not fit in 32 bits (as em-websocket checks).
bool hixieKeyPart(std::string_view key, std::string_view headerName, std::uint32_t &part, std::string &error);

// MD5(part1 and part2 as big-endian 32-bit numbers, then the 8 key3 bytes): the server's
// 16-byte answer (section 5.2 step 8, section 4.1's check of it).
std::string hixieChallengeAnswer(std::uint32_t part1, std::uint32_t part2, std::string_view key3);

// ---- client role -------------------------------------------------------------------

struct HixieClientKeys {
    std::string key1;
    std::string key2;
    std::string key3; // 8 bytes
};

// The request head (draft 76: GET, Upgrade, Connection first, then Host, Origin, the keys;
// draft 75: its fixed order). The origin defaults to http(s)://host, since both drafts
// send one. Subprotocols go in Sec-WebSocket-Protocol (76) or WebSocket-Protocol (75).
// `request.extraHeaders` replace or follow ours as in buildClientRequest(). Draft 76's key3
// is not part of the head: the caller sends it right after.
std::string buildHixieClientRequest(const ClientHandshakeRequest &request, const HixieClientKeys &keys);

// Checks a response head: 101, Upgrade: WebSocket, Connection: Upgrade, and a protocol, if
// any, equal to the one asked for. The answer's Origin and Location echo are shown, not
// judged. Draft 76's 16-byte answer follows the head; check it with hixieChallengeAnswer().
ClientHandshakeCheck checkHixieResponse(const HttpResponseHead &response, const ClientHandshakeRequest &request);

// ---- server role -------------------------------------------------------------------

struct HixieRequestCheck {
    ServerHandshakeOutcome outcome = ServerHandshakeOutcome::BadRequest;
    int status = 400;
    std::string message;
    ProtocolVersion version = ProtocolVersion::Hixie76;
    std::uint32_t part1 = 0; // draft 76: the keys' numbers over their spaces
    std::uint32_t part2 = 0;
    std::string origin;      // echoed
    std::string location;    // ws(s)://Host/target
    std::string requestedSubprotocol;
    std::string selectedSubprotocol; // the request's, when it is one of ours
};

// Checks a hixie request (GET, Upgrade: WebSocket, Connection: Upgrade, Host; draft 76: the
// two keys). The version is the one detectRequestVersion() gives. With refuseOldDrafts the
// outcome is 426, naming version 13.
HixieRequestCheck checkHixieRequest(const HttpRequestHead &request, ProtocolVersion version,
                                    const ServerHandshakeOptions &options);

// The 101 head ("WebSocket Protocol Handshake" (76) or "Web Socket Protocol Handshake"
// (75)), without draft 76's 16-byte answer, which follows it.
std::string buildHixieServerResponse(const HixieRequestCheck &check, const std::vector<HttpHeader> &extraHeaders);

} // namespace wsi::protocol
