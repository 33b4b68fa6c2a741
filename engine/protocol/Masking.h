// SPDX-License-Identifier: MIT
#pragma once
// RFC 6455 section 5.3: XOR masking. Done a machine word at a time, not a byte loop,
// because unmasking is the hottest loop of a server.
#include "protocol/FrameHeader.h"

#include <cstddef>
#include <cstdint>

namespace wsi::protocol {

// XORs data[0..size) with the key, as if the first byte were at `offset` bytes into the
// frame's payload (so a payload may be unmasked in chunks as it arrives).
void applyMask(std::uint8_t *data, std::size_t size, const MaskKey &key, std::uint64_t offset = 0);

// Copying variant: dst[i] = src[i] ^ key[(offset + i) % 4]. dst and src may be equal.
void applyMaskCopy(std::uint8_t *dst, const std::uint8_t *src, std::size_t size, const MaskKey &key,
                   std::uint64_t offset = 0);

} // namespace wsi::protocol
