// SPDX-License-Identifier: MIT
#include "LineEscaping.h"

namespace {

bool isC0OrDelete(unsigned char c)
{
    return (c < 0x20 && c != '\t') || c == 0x7f;
}

// U+0080-U+009F in UTF-8: 0xC2 then 0x80-0x9F.
bool isC1At(QByteArrayView text, qsizetype i)
{
    return (unsigned char)text[i] == 0xc2 && i + 1 < text.size() && ((unsigned char)text[i + 1] & 0xe0) == 0x80;
}

bool needsEscaping(QByteArrayView text)
{
    for (qsizetype i = 0; i < text.size(); ++i) {
        if (isC0OrDelete((unsigned char)text[i]) || isC1At(text, i))
            return true;
    }
    return false;
}

} // namespace

QByteArray escapeForLine(const QByteArray &utf8)
{
    if (!needsEscaping(utf8)) // the usual case: one pass, the same bytes shared
        return utf8;
    static const char hex[] = "0123456789abcdef";
    QByteArray out;
    out.reserve(utf8.size() + 16);
    for (qsizetype i = 0; i < utf8.size(); ++i) {
        const unsigned char c = (unsigned char)utf8[i];
        if (c == '\n') {
            out.append("\\n");
        } else if (c == '\r') {
            out.append("\\r");
        } else if (isC0OrDelete(c)) {
            out.append("\\x").append(hex[c >> 4]).append(hex[c & 0xf]);
        } else if (isC1At(utf8, i)) {
            const unsigned char second = (unsigned char)utf8[++i];
            out.append("\\u00").append(hex[second >> 4]).append(hex[second & 0xf]);
        } else {
            out.append(char(c));
        }
    }
    return out;
}
