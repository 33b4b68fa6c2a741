// SPDX-License-Identifier: MIT
#pragma once
// An append-only array stored in fixed-size blocks. Growing never moves what is already
// stored, so references stay valid and a million records never pay for a reallocation
// copy or for the doubling slack of std::vector (which would add up to 100% to RSS).
// The oldest elements can leave from the front (dropFront): index 0 is then the oldest
// one kept, and blocks that hold nothing kept any more are freed.
#include <cstddef>
#include <memory>
#include <type_traits>
#include <vector>

namespace wsi::log {

template <typename T, unsigned BlockBits = 14>
class SegmentedVector
{
    static_assert(std::is_trivially_copyable_v<T>, "records are plain data");

public:
    static constexpr std::size_t BlockSize = std::size_t(1) << BlockBits;

    std::size_t size() const { return m_size; }
    bool isEmpty() const { return m_size == 0; }

    const T &operator[](std::size_t index) const
    {
        const std::size_t at = index + m_front;
        return m_blocks[at >> BlockBits][at & (BlockSize - 1)];
    }
    T &operator[](std::size_t index)
    {
        const std::size_t at = index + m_front;
        return m_blocks[at >> BlockBits][at & (BlockSize - 1)];
    }

    void append(const T &value)
    {
        const std::size_t at = m_size + m_front;
        if ((at & (BlockSize - 1)) == 0 && (at >> BlockBits) == m_blocks.size())
            m_blocks.emplace_back(new T[BlockSize]);
        (*this)[m_size] = value;
        ++m_size;
    }

    // Forgets the first `count` elements (at most size()); whole blocks before the new
    // first element are freed. Costs one pointer move per block kept, not per element.
    void dropFront(std::size_t count)
    {
        if (count >= m_size) {
            clear();
            return;
        }
        m_front += count;
        m_size -= count;
        const std::size_t freed = m_front >> BlockBits;
        if (freed > 0) {
            m_blocks.erase(m_blocks.begin(), m_blocks.begin() + std::ptrdiff_t(freed));
            m_front &= BlockSize - 1;
        }
    }

    void clear()
    {
        m_blocks.clear();
        m_blocks.shrink_to_fit();
        m_size = 0;
        m_front = 0;
    }

    // Bytes held, for memory reports.
    std::size_t capacityBytes() const { return m_blocks.size() * BlockSize * sizeof(T); }

private:
    std::vector<std::unique_ptr<T[]>> m_blocks;
    std::size_t m_size = 0;
    std::size_t m_front = 0; // position of element 0 in the first block
};

} // namespace wsi::log
