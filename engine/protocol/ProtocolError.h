// SPDX-License-Identifier: MIT
#pragma once
// Every way a peer can break RFC 6455 / RFC 7692 (or the hixie drafts), each with the close code we answer it
// with (in the spirit of Boost.Beast's error enum). The driver reports one of these with
// a sentence naming the offending value, then closes.
#include <cstdint>

namespace wsi::protocol {

enum class ProtocolError : std::uint8_t {
    None,
    // Frame layer (section 5.2 - 5.5)
    ReservedBitsSet,          // RSV1-3 set without an extension claiming them
    ReservedOpcode,           // 0x3-0x7, 0xB-0xF
    MaskRequired,             // server received an unmasked frame (5.1)
    MaskForbidden,            // client received a masked frame (5.1)
    NonMinimalLength,         // length not in its minimal encoding (5.2)
    LengthHighBitSet,         // 64-bit length with the most significant bit set (5.2)
    ControlFrameTooLarge,     // control payload > 125 bytes (5.5)
    ControlFrameFragmented,   // control frame with FIN=0 (5.5)
    UnexpectedContinuation,   // continuation without a message in progress (5.4)
    ExpectedContinuation,     // new data frame while a message is in progress (5.4)
    // Payload
    InvalidUtf8,              // text message or close reason not UTF-8 (8.1)
    InvalidClosePayload,      // close payload of exactly one byte (5.5.1)
    InvalidCloseCode,         // close code not allowed on the wire (7.4)
    // Limits
    FrameTooLarge,            // frame payload over the configured maximum
    MessageTooLarge,          // message (or inflated message) over the configured maximum
    // permessage-deflate (RFC 7692)
    CompressedControlFrame,   // RSV1 on a control frame (7692 section 6)
    CompressedContinuation,   // RSV1 on a continuation frame (7692 section 6.1)
    InflateFailed,            // zlib reported corrupt data
    // The hixie drafts (legacy/HixieFraming.h)
    InvalidHixieClose,        // draft 76: frame type 0xFF with a length other than 0
};

// The close code this error is answered with: 1002, 1007 or 1009.
std::uint16_t closeCodeFor(ProtocolError error);

// A short stable identifier, e.g. "mask-required", for logs, JSON output and tests.
const char *protocolErrorId(ProtocolError error);

} // namespace wsi::protocol
