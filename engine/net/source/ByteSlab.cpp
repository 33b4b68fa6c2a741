// SPDX-License-Identifier: MIT
#include "net/source/ByteSlab.h"

#include <cstring>

namespace wsi::net {

namespace {

// References taken at once: one atomic add per this many strings.
constexpr int PrepaidReferences = 4096;

} // namespace

// Room for `size` elements and a terminator, in the current block or a new one. Written
// through the block's storage without detaching it: its handed-out strings share it, and
// what is written next lies beyond all of them.
template <typename String> auto *ByteSlab::Block<String>::room(qsizetype size, qsizetype blockSize)
{
    if (array.isNull() || used + size + 1 > blockSize) {
        retire();
        array = String(blockSize, Qt::Uninitialized);
    }
    return array.data_ptr().data() + used;
}

// A string sharing the block's allocation: its header, our range. QArrayDataPointer is how
// QByteArray and QString hold any data (begin, size and a shared header); Qt's own
// mid()-like moves make such pointers too. The string owns one of the prepaid references.
template <typename String> template <typename Char> String ByteSlab::Block<String>::take(Char *begin, qsizetype size)
{
    auto *header = array.data_ptr().d_ptr();
    if (prepaid == 0) {
        header->ref_.fetchAndAddRelaxed(PrepaidReferences);
        prepaid = PrepaidReferences;
    }
    --prepaid;
    used += size + 1;
    return String(typename String::DataPointer(header, begin, size));
}

// Gives back the references no string took (the block's own keeps it alive meanwhile),
// then the block's own.
template <typename String> void ByteSlab::Block<String>::retire()
{
    if (prepaid > 0)
        array.data_ptr().d_ptr()->ref_.fetchAndSubRelaxed(prepaid);
    prepaid = 0;
    array = String();
    used = 0;
}

ByteSlab::~ByteSlab()
{
    m_bytes.retire();
    m_text.retire();
}

QByteArray ByteSlab::bytes(QByteArrayView bytes)
{
    const qsizetype size = bytes.size();
    if (size > MaxSliceBytes)
        return bytes.toByteArray();
    char *out = m_bytes.room(size, BlockBytes);
    if (size > 0)
        std::memcpy(out, bytes.data(), std::size_t(size));
    out[size] = '\0';
    return m_bytes.take(out, size);
}

QString ByteSlab::widened(QByteArrayView first, char separator, QByteArrayView second, bool joined)
{
    const qsizetype size = first.size() + (joined ? 1 + second.size() : 0);
    const auto converted = [&] {
        return joined ? QString::fromUtf8(first) + QLatin1Char(separator) + QString::fromUtf8(second)
                      : QString::fromUtf8(first);
    };
    if (size > MaxSliceBytes)
        return converted();
    // Most event types and ids are ASCII: widened here as they are checked. Anything else
    // is converted by Qt as before (and the room written here is left unused).
    char16_t *const out = m_text.room(size, BlockBytes / 2);
    char16_t *at = out;
    quint8 seen = 0;
    const auto widen = [&](QByteArrayView bytes) {
        for (const char c : bytes) {
            seen |= quint8(c);
            *at++ = char16_t(quint8(c));
        }
    };
    widen(first);
    if (joined) {
        *at++ = char16_t(quint8(separator));
        widen(second);
    }
    if (seen & 0x80)
        return converted();
    *at = u'\0';
    return m_text.take(out, size);
}

} // namespace wsi::net
