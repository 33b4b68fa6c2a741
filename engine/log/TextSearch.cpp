#include "TextSearch.h"

#include <algorithm>
#include <cstring>

namespace wsi::log {

namespace {
constexpr unsigned char foldAscii(unsigned char c) { return c >= 'A' && c <= 'Z' ? c | 0x20 : c; }
constexpr bool isAsciiLetter(unsigned char c) { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; }
} // namespace

TextSearch::TextSearch(const QString &needle, Qt::CaseSensitivity cs)
    : m_needle(needle)
    , m_bytes(needle.toUtf8())
    , m_cs(cs)
    , m_ascii(std::all_of(needle.cbegin(), needle.cend(), [](QChar c) { return c.unicode() < 0x80; }))
{
    if (m_cs == Qt::CaseInsensitive && m_ascii)
        m_bytes = m_bytes.toLower();
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
    const auto *lastStart = begin + (haystack.size() - needleSize);
    const unsigned char first = needle[0];
    const auto restMatches = [&](const unsigned char *at) {
        for (qsizetype i = 1; i < needleSize; ++i) {
            if (foldAscii(at[i]) != needle[i])
                return false;
        }
        return true;
    };

    if (!isAsciiLetter(first)) {
        // The first byte has one form only: let memchr (vectorised) find candidates.
        const unsigned char *at = begin;
        while (at <= lastStart) {
            at = static_cast<const unsigned char *>(std::memchr(at, first, size_t(lastStart - at + 1)));
            if (!at)
                return false;
            if (restMatches(at))
                return true;
            ++at;
        }
        return false;
    }
    // For a letter, c | 0x20 equals the lower-case letter exactly for its two cases.
    for (const unsigned char *at = begin; at <= lastStart; ++at) {
        if ((*at | 0x20) == first && restMatches(at))
            return true;
    }
    return false;
}

bool TextSearch::matchesDecoded(QByteArrayView haystack) const
{
    return QString::fromUtf8(haystack).contains(m_needle, Qt::CaseInsensitive);
}

} // namespace wsi::log
