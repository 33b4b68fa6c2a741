// SPDX-License-Identifier: MIT
#include "protocol/sse/StreamWindow.h"

#include <algorithm>

namespace wsi::protocol::sse {

void StreamWindow::beginChunk(const std::uint8_t *data, std::size_t size)
{
    m_chunk = reinterpret_cast<const char *>(data);
    m_chunkSize = size;
}

void StreamWindow::endChunk(std::uint64_t keepFrom)
{
    const std::uint64_t base = chunkBase();
    const std::uint64_t end = base + m_chunkSize;
    keepFrom = std::clamp(keepFrom, m_carriedBase, end);
    if (keepFrom >= base) {
        m_carried.assign(m_chunk + (keepFrom - base), std::size_t(end - keepFrom));
    } else {
        m_carried.erase(0, std::size_t(keepFrom - m_carriedBase));
        m_carried.append(m_chunk, m_chunkSize);
    }
    m_carriedBase = keepFrom;
    m_chunk = nullptr;
    m_chunkSize = 0;
}

std::string_view StreamWindow::bytes(std::uint64_t begin, std::uint64_t end) const
{
    const std::uint64_t base = chunkBase();
    if (end < begin || begin < m_carriedBase || end > base + m_chunkSize)
        return {};
    if (begin >= base) // within the chunk (the usual case)
        return std::string_view(m_chunk + (begin - base), std::size_t(end - begin));
    if (end <= base)   // within the carried bytes
        return std::string_view(m_carried).substr(std::size_t(begin - m_carriedBase), std::size_t(end - begin));
    // The carried start of an event and its end in the chunk.
    m_joined.assign(m_carried, std::size_t(begin - m_carriedBase), std::string::npos);
    m_joined.append(m_chunk, std::size_t(end - base));
    return m_joined;
}

} // namespace wsi::protocol::sse
