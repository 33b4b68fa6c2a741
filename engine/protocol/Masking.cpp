#include "Masking.h"

#include <cstring>

namespace wsi::protocol {
namespace {

// The key as 8 bytes starting at phase `offset % 4`, so byte i of a block that starts on
// an 8-byte boundary of the chunk is XORed with keyBytes[i % 8].
struct RotatedKey {
    std::uint8_t bytes[8];
    std::uint64_t word;
};

RotatedKey rotatedKey(const MaskKey &key, std::uint64_t offset)
{
    RotatedKey rotated{};
    for (std::size_t i = 0; i < 8; ++i) {
        rotated.bytes[i] = key[(offset + i) & 3];
        // The word as it would be read from `bytes`, whatever the host's endianness, but
        // built in a register: reading back eight fresh byte stores as one word stalls.
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
        rotated.word |= std::uint64_t(rotated.bytes[i]) << (8 * (7 - i));
#else
        rotated.word |= std::uint64_t(rotated.bytes[i]) << (8 * i);
#endif
    }
    return rotated;
}

// 64 bytes per step through local words: memcpy makes the unaligned loads and stores
// well defined, and all loads complete before the stores, so dst == src is fine. Clang and
// GCC turn this into vector loads, XORs and stores at -O2 (SSE2 without -march); 64 rather
// than 32 bytes keeps more loads in flight and measured ~20% faster on 64 KiB payloads.
inline void mask64(std::uint8_t *dst, const std::uint8_t *src, std::uint64_t key)
{
    std::uint64_t w[8];
    std::memcpy(w, src, sizeof w);
    for (std::uint64_t &word : w)
        word ^= key;
    std::memcpy(dst, w, sizeof w);
}

inline void mask8(std::uint8_t *dst, const std::uint8_t *src, std::uint64_t key)
{
    std::uint64_t w;
    std::memcpy(&w, src, sizeof w);
    w ^= key;
    std::memcpy(dst, &w, sizeof w);
}

} // namespace

void applyMaskCopy(std::uint8_t *dst, const std::uint8_t *src, std::size_t size, const MaskKey &key,
                   std::uint64_t offset)
{
    const RotatedKey rotated = rotatedKey(key, offset);
    std::size_t i = 0;
    for (; i + 64 <= size; i += 64)
        mask64(dst + i, src + i, rotated.word);
    for (; i + 8 <= size; i += 8)
        mask8(dst + i, src + i, rotated.word);
    // i is a multiple of 8 here, so the tail continues the same key phase.
    for (; i < size; ++i)
        dst[i] = src[i] ^ rotated.bytes[i & 7];
}

void applyMask(std::uint8_t *data, std::size_t size, const MaskKey &key, std::uint64_t offset)
{
    applyMaskCopy(data, data, size, key, offset);
}

} // namespace wsi::protocol
