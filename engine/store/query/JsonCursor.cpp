// SPDX-License-Identifier: MIT
#include "store/query/JsonCursor.h"

namespace wsi::log {

void JsonCursor::skipSpace()
{
    while (m_at < m_end && (*m_at == ' ' || *m_at == '\n' || *m_at == '\r' || *m_at == '\t'))
        ++m_at;
}

char JsonCursor::peek()
{
    skipSpace();
    return m_at < m_end ? *m_at : '\0';
}

bool JsonCursor::atEnd()
{
    skipSpace();
    return m_at == m_end;
}

bool JsonCursor::consume(char c)
{
    if (peek() != c)
        return false;
    ++m_at;
    return true;
}

// Strings in messages are short: a byte loop beats memchr's call overhead here, and it
// notes escapes on the way.
bool JsonCursor::skipStringBody(bool *escaped)
{
    while (m_at < m_end) {
        const char c = *m_at++;
        if (c == '"')
            return true;
        if (c == '\\') {
            if (escaped)
                *escaped = true;
            if (m_at == m_end)
                return false;
            ++m_at; // the escaped character, a quote included
        }
    }
    return false;
}

bool JsonCursor::readString(QByteArrayView &raw, bool &escaped)
{
    if (!consume('"'))
        return false;
    const char *start = m_at;
    escaped = false;
    if (!skipStringBody(&escaped))
        return false;
    raw = QByteArrayView(start, m_at - 1 - start);
    return true;
}

bool JsonCursor::readScalar(QByteArrayView &raw)
{
    skipSpace();
    const char *start = m_at;
    while (m_at < m_end && *m_at != ',' && *m_at != '}' && *m_at != ']' && *m_at != ' ' && *m_at != '\n'
           && *m_at != '\r' && *m_at != '\t' && *m_at != '"' && *m_at != '{' && *m_at != '[' && *m_at != ':')
        ++m_at;
    raw = QByteArrayView(start, m_at - start);
    return !raw.isEmpty();
}

bool JsonCursor::skipNested()
{
    int depth = 0;
    while (m_at < m_end) {
        const char c = *m_at++;
        if (c == '"') {
            if (!skipStringBody())
                return false;
        } else if (c == '{' || c == '[') {
            ++depth;
        } else if (c == '}' || c == ']') {
            if (--depth == 0)
                return true;
        }
    }
    return false;
}

bool JsonCursor::skipValue()
{
    switch (peek()) {
    case '"': {
        ++m_at;
        return skipStringBody();
    }
    case '{':
    case '[':
        return skipNested();
    default: {
        QByteArrayView raw;
        return readScalar(raw);
    }
    }
}

namespace {
int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f')
        return (c | 0x20) - 'a' + 10;
    return -1;
}

char16_t readHex4(QByteArrayView raw, qsizetype at)
{
    int value = 0;
    for (qsizetype i = at; i < at + 4 && i < raw.size(); ++i)
        value = value * 16 + qMax(0, hexValue(raw[i]));
    return char16_t(value);
}

char simpleEscape(char c)
{
    switch (c) {
    case 'n':
        return '\n';
    case 't':
        return '\t';
    case 'r':
        return '\r';
    case 'b':
        return '\b';
    case 'f':
        return '\f';
    default:
        return c; // \" \\ \/ and anything unknown stand for themselves
    }
}
} // namespace

QString decodeJsonString(QByteArrayView raw)
{
    QString text;
    qsizetype plainStart = 0;
    for (qsizetype i = 0; i < raw.size(); ++i) {
        if (raw[i] != '\\')
            continue;
        text += QString::fromUtf8(raw.sliced(plainStart, i - plainStart));
        if (i + 1 >= raw.size())
            return text;
        const char escape = raw[++i];
        if (escape == 'u') {
            text += QChar(readHex4(raw, i + 1)); // surrogate pairs combine in UTF-16 as they come
            i += 4;
        } else {
            text += QLatin1Char(simpleEscape(escape));
        }
        plainStart = i + 1;
    }
    if (plainStart < raw.size())
        text += QString::fromUtf8(raw.sliced(plainStart));
    return text;
}

} // namespace wsi::log
