// SPDX-License-Identifier: MIT
#include "store/query/TextSearch.h"

#include <algorithm>
#include <cstring>

namespace wsi::log {

namespace {
constexpr unsigned char foldAscii(unsigned char c) { return c >= 'A' && c <= 'Z' ? c | 0x20 : c; }
constexpr bool isAsciiLetter(unsigned char c) { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; }

// How common a (folded) byte is in JSON and English text, roughly: 9 everywhere, 1 rare.
int commonness(unsigned char c)
{
    static const char *const classes[] = {
        " \"e",          // 9
        "taoinsr:,",     // 8
        "hldcum01.",     // 7
        "pfgwyb2{}_-",   // 6
        "3456789vk[]\n", // 5
        "xjqz/=\\",      // 4
    };
    for (int i = 0; i < 6; ++i) {
        if (std::strchr(classes[i], c) && c != 0)
            return 9 - i;
    }
    return c < 0x80 ? 3 : 1;
}

qsizetype rarestIndex(const QByteArray &needle)
{
    qsizetype best = 0;
    for (qsizetype i = 1; i < needle.size(); ++i) {
        if (commonness(static_cast<unsigned char>(needle[i])) < commonness(static_cast<unsigned char>(needle[best])))
            best = i;
    }
    return best;
}
} // namespace

TextSearch::TextSearch(const QString &needle, Qt::CaseSensitivity cs)
    : m_needle(needle)
    , m_bytes(needle.toUtf8())
    , m_cs(cs)
    , m_ascii(std::all_of(needle.cbegin(), needle.cend(), [](QChar c) { return c.unicode() < 0x80; }))
{
    if (m_cs == Qt::CaseInsensitive && m_ascii) {
        m_bytes = m_bytes.toLower();
        m_rareIndex = rarestIndex(m_bytes);
    }
}

bool TextSearch::matches(QByteArrayView haystack) const
{
    if (m_bytes.isEmpty())
        return true;
    if (m_cs == Qt::CaseSensitive)
        return haystack.indexOf(m_bytes) >= 0; // UTF-8 bytes match exactly when the text does
    return m_ascii ? matchesAsciiFolded(haystack) : matchesDecoded(haystack);
}

// Folding only A-Z is exact here: in UTF-8 every byte of a non-ASCII character is >= 0x80,
// so no part of one can equal an ASCII needle byte in either case.
bool TextSearch::matchesAsciiFolded(QByteArrayView haystack) const
{
    const auto *needle = reinterpret_cast<const unsigned char *>(m_bytes.constData());
    const qsizetype needleSize = m_bytes.size();
    if (haystack.size() < needleSize)
        return false;
    const auto *begin = reinterpret_cast<const unsigned char *>(haystack.data());
    const auto matchesAt = [&](const unsigned char *start) {
        for (qsizetype i = 0; i < needleSize; ++i) {
            if (foldAscii(start[i]) != needle[i])
                return false;
        }
        return true;
    };
    // Candidates are where the rarest needle byte occurs, shifted back to the needle's start.
    const unsigned char rare = needle[m_rareIndex];
    const unsigned char *at = begin + m_rareIndex;
    const unsigned char *end = begin + (haystack.size() - needleSize) + m_rareIndex + 1;
    const auto find = [&end](const unsigned char *from, unsigned char byte) {
        const void *found = from < end ? std::memchr(from, byte, size_t(end - from)) : nullptr;
        return found ? static_cast<const unsigned char *>(found) : end;
    };
    // A letter has two forms: follow both with memchr (vectorised) and test the nearer.
    const unsigned char other = isAsciiLetter(rare) ? rare ^ 0x20 : rare;
    const unsigned char *nextRare = find(at, rare);
    const unsigned char *nextOther = other == rare ? end : find(at, other);
    while (nextRare < end || nextOther < end) {
        const bool rareFirst = nextRare < nextOther;
        const unsigned char *candidate = rareFirst ? nextRare : nextOther;
        if (matchesAt(candidate - m_rareIndex))
            return true;
        if (rareFirst)
            nextRare = find(candidate + 1, rare);
        else
            nextOther = find(candidate + 1, other);
    }
    return false;
}

bool TextSearch::matchesDecoded(QByteArrayView haystack) const
{
    return QString::fromUtf8(haystack).contains(m_needle, Qt::CaseInsensitive);
}

} // namespace wsi::log
