// SPDX-License-Identifier: MIT
#include "store/FrameTable.h"

#include "protocol/Opcode.h"

#include <algorithm>

namespace wsi::log {

namespace {
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
    frame.opcode = quint8(row.kind == LogEntryKind::Text ? protocol::Opcode::Text : protocol::Opcode::Binary);
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
    const quint32 base = m_base;
    const auto after = std::upper_bound(found->begin(), found->end(), quint32(index), [base](quint32 frame, const Epoch &epoch) {
        return frame < quint32(epoch.frame - base);
    });
    return after == found->begin() ? 0 : std::prev(after)->high;
}

void FrameTable::appendSlot(Slot slot, bool compact)
{
    const size_t bit = m_slots.size() + m_bitOffset;
    if (bit / 64 == m_compact.size())
        m_compact.push_back(0);
    if (compact)
        m_compact.back() |= quint64(1) << (bit % 64);
    m_slots.append(slot);
}

void FrameTable::appendFull(const FrameRecord &frame)
{
    m_full.append(frame);
    appendSlot({m_fullBase + quint32(m_full.size() - 1), 0}, false);
}

void FrameTable::appendCompact(const LogRecord &row, const FrameRecord &frame)
{
    const quint32 high = quint32(frame.streamOffset >> 32);
    if (high != 0 || !m_epochs.isEmpty()) {
        std::vector<Epoch> &epochs = m_epochs[streamKey(row)];
        if ((epochs.empty() ? 0 : epochs.back().high) != high)
            epochs.push_back({m_base + quint32(m_slots.size()), high});
        if (epochs.empty())
            m_epochs.remove(streamKey(row)); // keep "no epochs anywhere" cheap to tell
    }
    appendSlot({quint32(frame.streamOffset), frame.maskKey}, true);
}

void FrameTable::makeFull(int index, const LogRecord &row)
{
    const FrameRecord frame = compact(index, row);
    m_full.append(frame);
    m_slots[size_t(index)] = {m_fullBase + quint32(m_full.size() - 1), 0};
    const size_t bit = size_t(index) + m_bitOffset;
    m_compact[bit / 64] &= ~(quint64(1) << (bit % 64));
}

void FrameTable::clear()
{
    m_slots.clear();
    m_compact = {};
    m_full.clear();
    m_epochs.clear();
    m_base = 0;
    m_fullBase = 0;
    m_bitOffset = 0;
}

void FrameTable::dropFront(int count)
{
    count = std::min(count, size());
    if (count <= 0)
        return;
    // Full records are appended in frame order, so the dropped frames' ones come first.
    int fullDropped = 0;
    for (int i = 0; i < count; ++i)
        fullDropped += isCompact(i) ? 0 : 1;
    const quint32 newBase = m_base + quint32(count);
    if (count == size()) {
        m_slots.clear();
        m_compact = {};
        m_bitOffset = 0;
        m_epochs.clear(); // a stream past 4 GiB starts one again at its next compact frame
    } else {
        m_slots.dropFront(size_t(count));
        m_bitOffset += size_t(count);
        m_compact.erase(m_compact.begin(), m_compact.begin() + std::ptrdiff_t(m_bitOffset / 64));
        m_bitOffset %= 64;
        // Of the epochs at or before the new first frame only the last still applies.
        for (std::vector<Epoch> &epochs : m_epochs) {
            const auto firstAfter = std::partition_point(epochs.begin(), epochs.end(), [&](const Epoch &epoch) {
                return quint32(epoch.frame - m_base) <= quint32(count);
            });
            if (firstAfter != epochs.begin()) {
                epochs.erase(epochs.begin(), firstAfter - 1);
                epochs.front().frame = newBase;
            }
        }
    }
    m_full.dropFront(size_t(fullDropped));
    m_fullBase += quint32(fullDropped);
    m_base = newBase;
}

std::size_t FrameTable::capacityBytes() const
{
    return m_slots.capacityBytes() + m_compact.capacity() * sizeof(quint64) + m_full.capacityBytes();
}

} // namespace wsi::log
