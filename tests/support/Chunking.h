// SPDX-License-Identifier: MIT
#pragma once
// Every test stream is fed whole, byte by byte and in random splits; the events must be
// identical every time.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace wsi::test {

struct Chunking {
    std::string name;                // "whole", "byte by byte", "random split 3"
    std::vector<std::size_t> sizes;  // chunk sizes, summing to the input size
};

// whole, byte by byte, and `randomSplits` seeded random splits.
std::vector<Chunking> chunkingsFor(std::size_t size, int randomSplits = 8, std::uint32_t seed = 1);

// Calls feed(chunk) for each chunk of `input` according to `chunking`.
void feedChunked(const std::string &input, const Chunking &chunking,
                 const std::function<void(const std::uint8_t *, std::size_t)> &feed);

} // namespace wsi::test
