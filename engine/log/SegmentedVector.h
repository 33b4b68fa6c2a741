#pragma once
// An append-only array stored in fixed-size blocks. Growing never moves what is already
// stored, so references stay valid and a million records never pay for a reallocation
// copy or for the doubling slack of std::vector (which would add up to 100% to RSS).
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
        return m_blocks[index >> BlockBits][index & (BlockSize - 1)];
    }
    T &operator[](std::size_t index) { return m_blocks[index >> BlockBits][index & (BlockSize - 1)]; }

    void append(const T &value)
    {
        if ((m_size & (BlockSize - 1)) == 0 && (m_size >> BlockBits) == m_blocks.size())
            m_blocks.emplace_back(new T[BlockSize]);
        (*this)[m_size] = value;
        ++m_size;
    }

    void clear()
    {
        m_blocks.clear();
        m_blocks.shrink_to_fit();
        m_size = 0;
    }

    // Bytes held, for memory reports.
    std::size_t capacityBytes() const { return m_blocks.size() * BlockSize * sizeof(T); }

private:
    std::vector<std::unique_ptr<T[]>> m_blocks;
    std::size_t m_size = 0;
};

} // namespace wsi::log
