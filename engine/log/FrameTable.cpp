#include "FrameTable.h"

#include <algorithm>

namespace wsi::log {

namespace {
constexpr quint8 TextOpcode = 0x1;
constexpr quint8 BinaryOpcode = 0x2;

// RFC 6455 section 5.2: 7-bit, 16-bit or 64-bit length, then the 4-byte key when masked.
quint8 minimalHeaderSize(quint64 length, bool masked)
{
    const quint8 lengthBytes = length <= 125 ? 0 : length <= 0xffff ? 2 : 8;
    return quint8(2 + lengthBytes + (masked ? 4 : 0));
}
} // namespace

FrameRecord FrameTable::impliedFrame(const LogRecord &row, quint64 streamOffset, quint32 maskKey)
{
    FrameRecord frame;
    frame.timeNs = row.timeNs;
    frame.streamOffset = streamOffset;
    frame.length = row.wireSize;
    frame.maskKey = maskKey;
    frame.opcode = row.kind == LogEntryKind::Text ? TextOpcode : BinaryOpcode;
    frame.flags = net::FrameFlag::Fin;
    if (row.isCompressed())
        frame.flags |= net::FrameFlag::Rsv1;
    if (maskKey != 0)
        frame.flags |= net::FrameFlag::Masked;
    frame.headerSize = minimalHeaderSize(frame.length, maskKey != 0);
    frame.bits = row.bits & RecordBit::DirectionMask;
    return frame;
}

bool FrameTable::sameFrame(const FrameRecord &a, const FrameRecord &b)
{
    return a.timeNs == b.timeNs && a.streamOffset == b.streamOffset && a.length == b.length && a.maskKey == b.maskKey
        && a.opcode == b.opcode && a.flags == b.flags && a.headerSize == b.headerSize && a.bits == b.bits;
}

bool FrameTable::isImplied(const LogRecord &row, const FrameRecord &frame)
{
    if (row.kind != LogEntryKind::Text && row.kind != LogEntryKind::Binary)
        return false;
    return sameFrame(frame, impliedFrame(row, frame.streamOffset, frame.maskKey));
}

quint64 FrameTable::streamKey(const LogRecord &row)
{
    return (quint64(row.clientId) << 2) | (row.bits & RecordBit::DirectionMask);
}

FrameRecord FrameTable::compact(int index, const LogRecord &row) const
{
    const Slot slot = m_slots[size_t(index)];
    return impliedFrame(row, (quint64(highHalf(index, row)) << 32) | slot.low, slot.maskKey);
}

// A stream's offsets are below 4 GiB until its first epoch (most logs never have one).
quint32 FrameTable::highHalf(int index, const LogRecord &row) const
{
    if (m_epochs.isEmpty())
        return 0;
    const auto found = m_epochs.constFind(streamKey(row));
    if (found == m_epochs.constEnd())
        return 0;
    const auto after = std::upper_bound(found->begin(), found->end(), quint32(index),
                                        [](quint32 frame, const Epoch &epoch) { return frame < epoch.frame; });
    return after == found->begin() ? 0 : std::prev(after)->high;
}

void FrameTable::appendSlot(Slot slot, bool compact)
{
    const size_t index = m_slots.size();
    if (index % 64 == 0)
        m_compact.push_back(0);
    if (compact)
        m_compact.back() |= quint64(1) << (index % 64);
    m_slots.append(slot);
}

void FrameTable::appendFull(const FrameRecord &frame)
{
    m_full.append(frame);
    appendSlot({quint32(m_full.size() - 1), 0}, false);
}

void FrameTable::appendCompact(const LogRecord &row, const FrameRecord &frame)
{
    const quint32 high = quint32(frame.streamOffset >> 32);
    if (high != 0 || !m_epochs.isEmpty()) {
        std::vector<Epoch> &epochs = m_epochs[streamKey(row)];
        if ((epochs.empty() ? 0 : epochs.back().high) != high)
            epochs.push_back({quint32(m_slots.size()), high});
        if (epochs.empty())
            m_epochs.remove(streamKey(row)); // keep "no epochs anywhere" cheap to tell
    }
    appendSlot({quint32(frame.streamOffset), frame.maskKey}, true);
}

void FrameTable::makeFull(int index, const LogRecord &row)
{
    const FrameRecord frame = compact(index, row);
    m_full.append(frame);
    m_slots[size_t(index)] = {quint32(m_full.size() - 1), 0};
    m_compact[size_t(index) / 64] &= ~(quint64(1) << (index % 64));
}

void FrameTable::clear()
{
    m_slots.clear();
    m_compact = {};
    m_full.clear();
    m_epochs.clear();
}

std::size_t FrameTable::capacityBytes() const
{
    return m_slots.capacityBytes() + m_compact.capacity() * sizeof(quint64) + m_full.capacityBytes();
}

} // namespace wsi::log
