// SPDX-License-Identifier: MIT
#include "protocol/ProtocolError.h"

#include "protocol/CloseCode.h"

namespace wsi::protocol {

std::uint16_t closeCodeFor(ProtocolError error)
{
    switch (error) {
    case ProtocolError::None:
        return CloseCode::Normal;
    case ProtocolError::InvalidUtf8:
    // Corrupt deflate data is a payload that is not consistent with the message type
    // (RFC 6455 section 7.4.1, 1007), as Node's ws and Autobahn-tested servers answer it.
    case ProtocolError::InflateFailed:
        return CloseCode::InvalidPayload;
    case ProtocolError::FrameTooLarge:
    case ProtocolError::MessageTooLarge:
        return CloseCode::MessageTooBig;
    case ProtocolError::ReservedBitsSet:
    case ProtocolError::ReservedOpcode:
    case ProtocolError::MaskRequired:
    case ProtocolError::MaskForbidden:
    case ProtocolError::NonMinimalLength:
    case ProtocolError::LengthHighBitSet:
    case ProtocolError::ControlFrameTooLarge:
    case ProtocolError::ControlFrameFragmented:
    case ProtocolError::UnexpectedContinuation:
    case ProtocolError::ExpectedContinuation:
    case ProtocolError::InvalidClosePayload:
    case ProtocolError::InvalidCloseCode:
    case ProtocolError::CompressedControlFrame:
    case ProtocolError::CompressedContinuation:
    case ProtocolError::InvalidHixieClose:
        return CloseCode::ProtocolError;
    }
    return CloseCode::ProtocolError;
}

const char *protocolErrorId(ProtocolError error)
{
    switch (error) {
    case ProtocolError::None:
        return "none";
    case ProtocolError::ReservedBitsSet:
        return "reserved-bits-set";
    case ProtocolError::ReservedOpcode:
        return "reserved-opcode";
    case ProtocolError::MaskRequired:
        return "mask-required";
    case ProtocolError::MaskForbidden:
        return "mask-forbidden";
    case ProtocolError::NonMinimalLength:
        return "non-minimal-length";
    case ProtocolError::LengthHighBitSet:
        return "length-high-bit-set";
    case ProtocolError::ControlFrameTooLarge:
        return "control-frame-too-large";
    case ProtocolError::ControlFrameFragmented:
        return "control-frame-fragmented";
    case ProtocolError::UnexpectedContinuation:
        return "unexpected-continuation";
    case ProtocolError::ExpectedContinuation:
        return "expected-continuation";
    case ProtocolError::InvalidUtf8:
        return "invalid-utf8";
    case ProtocolError::InvalidClosePayload:
        return "invalid-close-payload";
    case ProtocolError::InvalidCloseCode:
        return "invalid-close-code";
    case ProtocolError::FrameTooLarge:
        return "frame-too-large";
    case ProtocolError::MessageTooLarge:
        return "message-too-large";
    case ProtocolError::CompressedControlFrame:
        return "compressed-control-frame";
    case ProtocolError::CompressedContinuation:
        return "compressed-continuation";
    case ProtocolError::InflateFailed:
        return "inflate-failed";
    case ProtocolError::InvalidHixieClose:
        return "invalid-hixie-close";
    }
    return "unknown";
}

} // namespace wsi::protocol
