// SPDX-License-Identifier: MIT
#pragma once
// Payload bytes of the whole log, appended into large chunks instead of one heap block per
// message: a 64-byte message then costs 64 bytes, not 64 plus a QByteArray header and
// malloc's bookkeeping. A position packs the chunk index (high 32 bits) and the offset in
// it (low 32 bits). Chunks never move, so views stay valid until clear() or until their
// chunk is released (releaseOwnedBefore: the store's oldest rows left memory).
#include <QByteArrayView>
#include <QtGlobal>

#include <memory>
#include <vector>

namespace wsi::log {

class PayloadArena
{
public:
    static constexpr qsizetype ChunkSize = 4 * 1024 * 1024;
    // Larger payloads get a chunk of their own, so a big message does not waste the rest
    // of a shared chunk.
    static constexpr qsizetype DedicatedThreshold = ChunkSize / 4;

    // Stores the bytes and returns their position (0 for empty input).
    quint64 append(QByteArrayView bytes);
    QByteArrayView view(quint64 position, quint32 size) const;

    void clear();
    // Appends from now on belong to `owner` (the store's row number): a chunk remembers
    // the last owner that appended to it.
    void setOwner(quint64 owner) { m_owner = owner; }
    // Frees every chunk whose last owner is before `owner` (their bytes are no longer
    // viewed); positions in other chunks stay valid. Owners are not ordered by chunk
    // (a large payload's dedicated chunk sits between shared ones), so each live chunk is
    // checked. Returns the bytes freed.
    qint64 releaseOwnedBefore(quint64 owner);

    qint64 bytesStored() const { return m_bytesStored; }
    qint64 bytesReserved() const { return m_bytesReserved; }

private:
    struct Chunk {
        std::unique_ptr<char[]> data;
        qsizetype capacity = 0;
        qsizetype used = 0;
        quint64 lastOwner = 0;
    };

    quint64 appendDedicated(QByteArrayView bytes);
    void startSharedChunk();

    std::vector<Chunk> m_chunks;
    qsizetype m_shared = -1; // index of the shared chunk being filled
    quint64 m_released = 0;  // chunks before this one have all been released
    quint64 m_owner = 0;
    qint64 m_bytesStored = 0;
    qint64 m_bytesReserved = 0;
};

} // namespace wsi::log
