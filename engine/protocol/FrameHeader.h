// SPDX-License-Identifier: MIT
#pragma once
// RFC 6455 section 5.2: the fields of one frame header, and its encoding on the wire.
#include <array>
#include <cstddef>
#include <cstdint>

namespace wsi::protocol {

using MaskKey = std::array<std::uint8_t, 4>;

struct FrameHeader {
    bool fin = true;
    bool rsv1 = false;
    bool rsv2 = false;
    bool rsv3 = false;
    std::uint8_t opcode = 0; // raw 4-bit value, so invalid opcodes can be represented
    bool masked = false;
    MaskKey maskKey{};
    std::uint64_t payloadLength = 0;
};

// Largest encoded header: 2 + 8 (64-bit length) + 4 (mask key).
constexpr std::size_t MaxFrameHeaderSize = 14;

struct EncodedHeader {
    std::array<std::uint8_t, MaxFrameHeaderSize> bytes{};
    std::size_t size = 0;
};

// Encodes with the minimal length form (7, 16 or 64 bit), as section 5.2 requires of senders.
EncodedHeader encodeFrameHeader(const FrameHeader &header);

// How a raw frame states its length: minimal, or deliberately in a longer form (for
// exploring how a peer handles non-minimal encodings).
enum class LengthEncoding : std::uint8_t { Minimal, Force16, Force64 };
EncodedHeader encodeFrameHeader(const FrameHeader &header, LengthEncoding encoding);

} // namespace wsi::protocol
