// SPDX-License-Identifier: MIT
#pragma once
// The frames of a MessageStore, indexed as the store's frame indices.
//
// Most logged frames are the one frame of a text or binary message, and everything in
// such a frame's header but its stream offset and mask key is implied by its row: time,
// opcode (the row's kind), FIN, RSV1 (Compressed), MASK (a non-zero key), length (the
// row's wire size), the minimal header size, the direction. Such a frame is kept
// "compact" in an 8-byte slot (the low half of its stream offset and its mask key; the
// high halves change once per 4 GiB of a stream and are kept per stream, from its first
// offset past 4 GiB on), and its
// FrameRecord is rebuilt from the row on demand. Every other frame (fragments, control
// frames, stray frames, a payload or a header that must be kept as seen, a time apart
// from its row's) keeps its whole 32-byte FrameRecord besides its slot.
// A frame is made compact only when rebuilding it gives back exactly the record it
// replaces (impliedFrame() == the full record), so readers cannot tell the difference.
#include "store/LogRecord.h"
#include "store/SegmentedVector.h"

#include <QHash>

#include <vector>

namespace wsi::log {

class FrameTable
{
public:
    // The record a row implies for its one frame (meaningful for Text/Binary rows).
    static FrameRecord impliedFrame(const LogRecord &row, quint64 streamOffset, quint32 maskKey);
    // True when `frame`, the row's only frame, is exactly what the row implies.
    static bool isImplied(const LogRecord &row, const FrameRecord &frame);
    static bool sameFrame(const FrameRecord &a, const FrameRecord &b);

    int size() const { return int(m_slots.size()); }
    bool isCompact(int index) const
    {
        const size_t bit = size_t(index) + m_bitOffset;
        return (m_compact[bit / 64] >> (bit % 64)) & 1;
    }
    // A frame kept whole (!isCompact).
    const FrameRecord &full(int index) const { return m_full[quint32(m_slots[size_t(index)].low - m_fullBase)]; }
    // A compact frame, rebuilt with the row it belongs to.
    FrameRecord compact(int index, const LogRecord &row) const;

    void appendFull(const FrameRecord &frame);
    // Only for a frame that isImplied() by row.
    void appendCompact(const LogRecord &row, const FrameRecord &frame);
    // A compact frame whose row gains a second frame (a session file restored frame by
    // frame) is kept whole from then on.
    void makeFull(int index, const LogRecord &row);

    void clear();
    // Forgets the first `count` frames (log limits: their rows left the store); indices
    // then start at the first frame kept, and the memory of whole blocks goes back.
    void dropFront(int count);
    std::size_t capacityBytes() const;

private:
    struct Slot {
        quint32 low = 0;     // compact: the low half of the stream offset; full: m_fullBase + index in m_full
        quint32 maskKey = 0; // compact only
    };
    struct Epoch {           // from frame `frame` (m_base + index) on, the stream's compact frames have this high half
        quint32 frame = 0;
        quint32 high = 0;
    };
    static quint64 streamKey(const LogRecord &row);
    quint32 highHalf(int index, const LogRecord &row) const;
    void appendSlot(Slot slot, bool compact);

    SegmentedVector<Slot> m_slots;
    std::vector<quint64> m_compact;      // one bit per frame
    SegmentedVector<FrameRecord, 10> m_full;
    QHash<quint64, std::vector<Epoch>> m_epochs; // by streamKey; only streams that passed 4 GiB
    // After dropFront: frames, full records and bits before these are gone. Epochs and full
    // slots hold absolute numbers (wrapping at 2^32, compared relative to the bases).
    quint32 m_base = 0;
    quint32 m_fullBase = 0;
    size_t m_bitOffset = 0; // bit of frame 0 in m_compact's first word
};

} // namespace wsi::log
