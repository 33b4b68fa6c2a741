#include "PayloadArena.h"

#include <algorithm>
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

qint64 PayloadArena::releaseChunksBefore(quint64 chunk)
{
    // Released chunks keep their (empty) entry: positions are chunk indices, and an entry
    // costs 32 bytes per 4 MiB that went away. The shared chunk being filled stays; the
    // watermark waits for it, and entries already released are skipped at no cost.
    qint64 freed = 0;
    chunk = std::min<quint64>(chunk, m_chunks.size());
    for (quint64 i = m_released; i < chunk; ++i) {
        if (qsizetype(i) == m_shared)
            continue;
        Chunk &old = m_chunks[size_t(i)];
        freed += old.capacity;
        m_bytesReserved -= old.capacity;
        m_bytesStored -= old.used;
        old = Chunk{};
    }
    if (m_shared < 0 || quint64(m_shared) >= chunk)
        m_released = std::max(m_released, chunk);
    else
        m_released = quint64(m_shared);
    return freed;
}

quint64 PayloadArena::appendDedicated(QByteArrayView bytes)
{
    Chunk chunk;
    chunk.data.reset(new char[size_t(bytes.size())]);
    chunk.capacity = chunk.used = bytes.size();
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
