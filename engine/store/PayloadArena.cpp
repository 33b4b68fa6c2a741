// SPDX-License-Identifier: MIT
#include "store/PayloadArena.h"

#include <cstring>

namespace wsi::log {

namespace {
constexpr quint64 position(qsizetype chunk, qsizetype offset)
{
    return (quint64(chunk) << 32) | quint64(offset);
}
} // namespace

quint64 PayloadArena::append(QByteArrayView bytes)
{
    if (bytes.isEmpty())
        return 0;
    if (bytes.size() >= DedicatedThreshold)
        return appendDedicated(bytes);
    if (m_shared < 0 || m_chunks[size_t(m_shared)].capacity - m_chunks[size_t(m_shared)].used < bytes.size())
        startSharedChunk();
    Chunk &chunk = m_chunks[size_t(m_shared)];
    const qsizetype offset = chunk.used;
    std::memcpy(chunk.data.get() + offset, bytes.data(), size_t(bytes.size()));
    chunk.used += bytes.size();
    chunk.lastOwner = m_owner;
    m_bytesStored += bytes.size();
    return position(m_shared, offset);
}

QByteArrayView PayloadArena::view(quint64 position, quint32 size) const
{
    if (size == 0)
        return {};
    const Chunk &chunk = m_chunks[size_t(position >> 32)];
    return QByteArrayView(chunk.data.get() + (position & 0xffffffffu), qsizetype(size));
}

void PayloadArena::clear()
{
    m_chunks.clear();
    m_chunks.shrink_to_fit();
    m_shared = -1;
    m_released = 0;
    m_bytesStored = 0;
    m_bytesReserved = 0;
}

qint64 PayloadArena::releaseOwnedBefore(quint64 owner)
{
    // Released chunks keep their (empty) entry: positions are chunk indices, and an entry
    // costs 40 bytes per chunk that went away.
    qint64 freed = 0;
    for (size_t i = size_t(m_released); i < m_chunks.size(); ++i) {
        Chunk &chunk = m_chunks[i];
        if (!chunk.data || chunk.lastOwner >= owner)
            continue;
        freed += chunk.capacity;
        m_bytesReserved -= chunk.capacity;
        m_bytesStored -= chunk.used;
        chunk = Chunk{};
        if (qsizetype(i) == m_shared)
            m_shared = -1; // the next append starts a new one
    }
    while (m_released < m_chunks.size() && !m_chunks[size_t(m_released)].data)
        ++m_released;
    return freed;
}

quint64 PayloadArena::appendDedicated(QByteArrayView bytes)
{
    Chunk chunk;
    chunk.data.reset(new char[size_t(bytes.size())]);
    chunk.capacity = chunk.used = bytes.size();
    chunk.lastOwner = m_owner;
    std::memcpy(chunk.data.get(), bytes.data(), size_t(bytes.size()));
    m_chunks.push_back(std::move(chunk));
    m_bytesStored += bytes.size();
    m_bytesReserved += bytes.size();
    return position(qsizetype(m_chunks.size()) - 1, 0);
}

void PayloadArena::startSharedChunk()
{
    Chunk chunk;
    // Not value-initialised: pages the kernel never touches stay out of resident memory.
    chunk.data.reset(new char[ChunkSize]);
    chunk.capacity = ChunkSize;
    m_chunks.push_back(std::move(chunk));
    m_shared = qsizetype(m_chunks.size()) - 1;
    m_bytesReserved += ChunkSize;
}

} // namespace wsi::log
