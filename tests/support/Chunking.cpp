// SPDX-License-Identifier: MIT
#include "support/Chunking.h"

#include <random>

namespace wsi::test {

std::vector<Chunking> chunkingsFor(std::size_t size, int randomSplits, std::uint32_t seed)
{
    std::vector<Chunking> result;
    result.push_back({"whole", {size}});
    if (size > 1) {
        result.push_back({"byte by byte", std::vector<std::size_t>(size, 1)});
        std::mt19937 rng(seed);
        for (int i = 0; i < randomSplits; ++i) {
            Chunking chunking{"random split " + std::to_string(i), {}};
            std::size_t left = size;
            // Mostly small chunks (headers split everywhere), sometimes large ones.
            std::uniform_int_distribution<std::size_t> small(1, 7);
            std::uniform_int_distribution<std::size_t> large(1, size);
            while (left > 0) {
                std::size_t n = (rng() % 4 == 0) ? large(rng) : small(rng);
                if (n > left)
                    n = left;
                chunking.sizes.push_back(n);
                left -= n;
            }
            result.push_back(std::move(chunking));
        }
    }
    return result;
}

void feedChunked(const std::string &input, const Chunking &chunking,
                 const std::function<void(const std::uint8_t *, std::size_t)> &feed)
{
    std::size_t offset = 0;
    for (std::size_t n : chunking.sizes) {
        // Copy each chunk into its own buffer so a read past its end is caught by ASan.
        std::vector<std::uint8_t> chunk(input.begin() + static_cast<std::ptrdiff_t>(offset),
                                        input.begin() + static_cast<std::ptrdiff_t>(offset + n));
        feed(chunk.data(), chunk.size());
        offset += n;
    }
}

} // namespace wsi::test
