// SPDX-License-Identifier: MIT
#include "net/source/ByteSlab.h"

#include <cstring>

namespace wsi::net {

namespace {

// A string sharing `block`'s allocation: its header, our range. QArrayDataPointer is how
// QByteArray and QString hold any data (begin, size and a shared header); Qt's own
// mid()-like moves make such pointers too. The reference taken here is the slice's.
template <typename String, typename Char> String sliceOf(String &block, const Char *begin, qsizetype size)
{
    typename String::DataPointer slice(block.data_ptr().d_ptr(), const_cast<Char *>(begin), size);
    slice.ref();
    return String(std::move(slice));
}

// The writable start of a block, without detaching it (its handed-out strings share it;
// what is written next lies beyond all of them).
template <typename String> auto *storageOf(String &block)
{
    return const_cast<typename String::value_type *>(block.constData());
}

} // namespace

QByteArray ByteSlab::bytes(QByteArrayView bytes)
{
    const qsizetype size = bytes.size();
    if (size > MaxSliceBytes)
        return bytes.toByteArray();
    if (m_block.isNull() || m_used + size + 1 > BlockBytes) {
        m_block = QByteArray(BlockBytes, Qt::Uninitialized);
        m_used = 0;
    }
    char *out = storageOf(m_block) + m_used;
    if (size > 0)
        std::memcpy(out, bytes.data(), std::size_t(size));
    out[size] = '\0';
    m_used += size + 1;
    return sliceOf(m_block, out, size);
}

QString ByteSlab::text(QByteArrayView utf8)
{
    const qsizetype size = utf8.size();
    if (size > MaxSliceBytes)
        return QString::fromUtf8(utf8);
    if (m_textBlock.isNull() || m_textUsed + size + 1 > BlockBytes / 2) {
        m_textBlock = QString(BlockBytes / 2, Qt::Uninitialized);
        m_textUsed = 0;
    }
    // Most event types and ids are ASCII: widened here as they are checked. Anything else
    // is converted by Qt as before (and the bytes written here are left unused).
    auto *out = reinterpret_cast<char16_t *>(storageOf(m_textBlock)) + m_textUsed;
    const auto *in = reinterpret_cast<const quint8 *>(utf8.data());
    quint8 seen = 0;
    for (qsizetype i = 0; i < size; ++i) {
        seen |= in[i];
        out[i] = in[i];
    }
    if (seen & 0x80)
        return QString::fromUtf8(utf8);
    out[size] = u'\0';
    m_textUsed += size + 1;
    return sliceOf(m_textBlock, out, size);
}

} // namespace wsi::net
