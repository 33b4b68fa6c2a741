// SPDX-License-Identifier: MIT
#pragma once
// Splits a fuzz input into chunks whose sizes follow from one seed byte taken from the
// input itself, so the fuzzer explores how a parser copes with every split of a stream:
// whole, byte by byte, small pieces and large pieces.
#include <algorithm>
#include <cstddef>
#include <cstdint>

namespace wsi::fuzz {

class FuzzChunker
{
public:
    explicit FuzzChunker(std::uint8_t seed) : m_mode(seed & 3), m_state(0x9E3779B9u ^ (seed * 0x01000193u)) {}

    // The size of the next chunk, at least 1 and at most `remaining` (which must be > 0).
    std::size_t next(std::size_t remaining)
    {
        std::size_t size = remaining;
        switch (m_mode) {
        case 0: // whole
            break;
        case 1: // byte by byte
            size = 1;
            break;
        case 2: // small pieces, as TCP segments cut a header in two
            size = 1 + random() % 16;
            break;
        default: // large pieces
            size = 1 + random() % 4096;
            break;
        }
        return std::min(size, remaining);
    }

    // Calls feed(data, size) for consecutive chunks covering [data, data + size).
    template<typename Feed>
    void split(const std::uint8_t *data, std::size_t size, Feed &&feed)
    {
        std::size_t offset = 0;
        while (offset < size) {
            const std::size_t chunk = next(size - offset);
            feed(data + offset, chunk);
            offset += chunk;
        }
    }

private:
    // xorshift32: deterministic for a given seed, which is all a fuzzer needs.
    std::uint32_t random()
    {
        m_state ^= m_state << 13;
        m_state ^= m_state >> 17;
        m_state ^= m_state << 5;
        return m_state;
    }

    std::uint8_t m_mode;
    std::uint32_t m_state;
};

} // namespace wsi::fuzz
