// SPDX-License-Identifier: MIT
#include "protocol/FrameHeader.h"

namespace wsi::protocol {
namespace {

std::size_t putBigEndian(std::uint8_t *out, std::uint64_t value, std::size_t bytes)
{
    for (std::size_t i = 0; i < bytes; ++i)
        out[i] = static_cast<std::uint8_t>(value >> (8 * (bytes - 1 - i)));
    return bytes;
}

} // namespace

EncodedHeader encodeFrameHeader(const FrameHeader &header)
{
    return encodeFrameHeader(header, LengthEncoding::Minimal);
}

EncodedHeader encodeFrameHeader(const FrameHeader &header, LengthEncoding encoding)
{
    EncodedHeader out;
    std::uint8_t *p = out.bytes.data();
    p[0] = static_cast<std::uint8_t>((header.fin ? 0x80 : 0) | (header.rsv1 ? 0x40 : 0)
                                     | (header.rsv2 ? 0x20 : 0) | (header.rsv3 ? 0x10 : 0)
                                     | (header.opcode & 0x0f));
    const std::uint8_t maskBit = header.masked ? 0x80 : 0;
    const std::uint64_t length = header.payloadLength;

    // Section 5.2: 0-125 in 7 bits, up to 65535 as 126 + 16 bits, else 127 + 64 bits.
    // Force16 cannot express more than 65535, so such lengths fall back to 64 bits.
    const bool use64 = encoding == LengthEncoding::Force64 || length > 0xffff;
    const bool use16 = !use64 && (encoding == LengthEncoding::Force16 || length > 125);
    std::size_t size = 2;
    if (use64) {
        p[1] = maskBit | 127;
        size += putBigEndian(p + size, length, 8);
    } else if (use16) {
        p[1] = maskBit | 126;
        size += putBigEndian(p + size, length, 2);
    } else {
        p[1] = static_cast<std::uint8_t>(maskBit | length);
    }
    if (header.masked) {
        for (std::uint8_t b : header.maskKey)
            p[size++] = b;
    }
    out.size = size;
    return out;
}

} // namespace wsi::protocol
