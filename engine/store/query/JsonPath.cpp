// SPDX-License-Identifier: MIT
#include "store/query/JsonPath.h"

#include "store/query/JsonCursor.h"

namespace wsi::log {

namespace {
bool endsName(QChar c)
{
    return c == QLatin1Char('.') || c == QLatin1Char('[') || c == QLatin1Char(']') || c.isSpace()
        || c == QLatin1Char('=') || c == QLatin1Char('!');
}

// Where "==" or "!=" starts outside quotes and brackets; -1 when there is none.
int comparisonAt(const QString &text)
{
    QChar quote;
    for (int i = 0; i + 1 < text.size(); ++i) {
        const QChar c = text[i];
        if (!quote.isNull()) {
            if (c == quote)
                quote = QChar();
            continue;
        }
        if (c == QLatin1Char('"') || c == QLatin1Char('\''))
            quote = c;
        else if ((c == QLatin1Char('=') || c == QLatin1Char('!')) && text[i + 1] == QLatin1Char('='))
            return i;
    }
    return -1;
}
} // namespace

JsonPath::JsonPath(const QString &text)
{
    const QString trimmed = text.trimmed();
    const int op = comparisonAt(trimmed);
    const QString path = op < 0 ? trimmed : trimmed.left(op).trimmed();
    m_valid = parsePath(path);
    if (m_valid && op >= 0) {
        m_comparison = trimmed[op] == QLatin1Char('=') ? Comparison::Equal : Comparison::NotEqual;
        m_valid = parseExpected(trimmed.mid(op + 2).trimmed());
    }
    if (m_valid && m_comparison == Comparison::Equal && m_expectedType == ValueType::String
        && !m_expected.contains('"') && !m_expected.contains('\\'))
        m_requiredLiteral = '"' + m_expected + '"';
}

bool JsonPath::mayMatch(QByteArrayView json) const
{
    return m_requiredLiteral.isEmpty() || json.indexOf(m_requiredLiteral) >= 0 || json.contains('\\');
}

bool JsonPath::fail(const QString &why)
{
    m_error = why;
    m_segments.clear();
    return false;
}

bool JsonPath::parsePath(const QString &path)
{
    if (path.isEmpty())
        return fail(QStringLiteral("empty JSON path"));
    int at = path.startsWith(QLatin1Char('$')) ? 1 : 0;
    const bool bare = at == 0;
    while (at < path.size()) {
        if (!parseSegment(path, at, bare && m_segments.isEmpty()))
            return false;
    }
    return true;
}

bool JsonPath::parseSegment(const QString &path, int &at, bool first)
{
    const QChar c = path[at];
    if (c == QLatin1Char('['))
        return parseBracket(path, ++at);
    if (c == QLatin1Char('.'))
        ++at;
    else if (!first)
        return fail(QStringLiteral("expected '.' or '[' at position %1").arg(at + 1));
    if (at < path.size() && path[at] == QLatin1Char('*')) {
        ++at;
        m_segments.append({Segment::Kind::AnyKey, {}, 0});
        return true;
    }
    const int start = at;
    while (at < path.size() && !endsName(path[at]))
        ++at;
    if (at == start)
        return fail(QStringLiteral("expected a member name at position %1").arg(start + 1));
    m_segments.append({Segment::Kind::Key, path.mid(start, at - start).toUtf8(), 0});
    return true;
}

bool JsonPath::parseBracket(const QString &path, int &at)
{
    const int close = path.indexOf(QLatin1Char(']'), at);
    if (close < 0)
        return fail(QStringLiteral("missing ']' after position %1").arg(at));
    const QString inside = path.mid(at, close - at).trimmed();
    at = close + 1;
    if (inside == QLatin1String("*")) {
        m_segments.append({Segment::Kind::AnyIndex, {}, 0});
        return true;
    }
    if (inside.size() >= 2 && (inside.front() == QLatin1Char('"') || inside.front() == QLatin1Char('\''))
        && inside.back() == inside.front()) {
        m_segments.append({Segment::Kind::Key, inside.mid(1, inside.size() - 2).toUtf8(), 0});
        return true;
    }
    bool ok = false;
    const qint64 index = inside.toLongLong(&ok);
    if (!ok || index < 0)
        return fail(QStringLiteral("'[%1]' is neither an index, '*' nor a quoted key").arg(inside));
    m_segments.append({Segment::Kind::Index, {}, index});
    return true;
}

bool JsonPath::parseExpected(const QString &value)
{
    if (value.isEmpty())
        return fail(QStringLiteral("nothing to compare with"));
    const QChar first = value.front();
    if (first == QLatin1Char('"') || first == QLatin1Char('\'')) {
        if (value.size() < 2 || value.back() != first)
            return fail(QStringLiteral("unterminated string %1").arg(value));
        const QString inner = value.mid(1, value.size() - 2);
        m_expected = (first == QLatin1Char('"') ? decodeJsonString(inner.toUtf8()) : inner).toUtf8();
        m_expectedType = ValueType::String;
        return true;
    }
    if (first == QLatin1Char('{') || first == QLatin1Char('['))
        return fail(QStringLiteral("compare with a string, number, true, false or null"));
    if (value == QLatin1String("true") || value == QLatin1String("false") || value == QLatin1String("null")) {
        m_expected = value.toUtf8();
        m_expectedType = ValueType::Literal;
        return true;
    }
    bool isNumber = false;
    m_expectedNumber = value.toDouble(&isNumber);
    m_expectedType = isNumber ? ValueType::Number : ValueType::String;
    m_expected = value.toUtf8(); // a bare word compares as a string
    return true;
}

bool JsonPath::matches(QByteArrayView json) const
{
    if (!m_valid || !mayMatch(json))
        return false;
    JsonCursor cursor(json);
    const char first = cursor.peek();
    if (first != '{' && first != '[')
        return false; // not JSON (or a bare scalar, which no path can enter)
    return evaluate(0, cursor);
}

bool JsonPath::evaluate(int segment, JsonCursor cursor) const
{
    if (segment == m_segments.size())
        return testLeaf(cursor);
    switch (m_segments[segment].kind) {
    case Segment::Kind::Key:
    case Segment::Kind::AnyKey:
        return evaluateObject(segment, cursor);
    case Segment::Kind::Index:
    case Segment::Kind::AnyIndex:
        return evaluateArray(segment, cursor);
    }
    return false;
}

bool JsonPath::evaluateObject(int segment, JsonCursor &cursor) const
{
    const Segment &wanted = m_segments[segment];
    if (!cursor.consume('{') || cursor.consume('}'))
        return false;
    do {
        QByteArrayView key;
        bool escaped = false;
        if (!cursor.readString(key, escaped) || !cursor.consume(':'))
            return false;
        const bool hit = wanted.kind == Segment::Kind::AnyKey
            || (escaped ? decodeJsonString(key).toUtf8() == wanted.key : key == wanted.key);
        if (hit && evaluate(segment + 1, cursor))
            return true;
        if (!cursor.skipValue())
            return false;
    } while (cursor.consume(','));
    return false;
}

bool JsonPath::evaluateArray(int segment, JsonCursor &cursor) const
{
    const Segment &wanted = m_segments[segment];
    if (!cursor.consume('[') || cursor.consume(']'))
        return false;
    qint64 index = 0;
    do {
        if (wanted.kind == Segment::Kind::AnyIndex || index == wanted.index) {
            if (evaluate(segment + 1, cursor))
                return true;
            if (wanted.kind == Segment::Kind::Index)
                return false;
        }
        if (!cursor.skipValue())
            return false;
        ++index;
    } while (cursor.consume(','));
    return false;
}

bool JsonPath::testLeaf(JsonCursor &cursor) const
{
    switch (m_comparison) {
    case Comparison::None:
        return cursor.peek() != '\0';
    case Comparison::Equal:
        return equalsExpected(cursor);
    case Comparison::NotEqual: {
        JsonCursor probe = cursor;
        return probe.skipValue() && !equalsExpected(cursor);
    }
    }
    return false;
}

bool JsonPath::equalsExpected(JsonCursor &cursor) const
{
    const char next = cursor.peek();
    if (next == '"') {
        QByteArrayView raw;
        bool escaped = false;
        if (!cursor.readString(raw, escaped) || m_expectedType != ValueType::String)
            return false;
        return escaped ? decodeJsonString(raw).toUtf8() == m_expected : raw == m_expected;
    }
    if (next == '{' || next == '[')
        return false;
    QByteArrayView raw;
    if (!cursor.readScalar(raw))
        return false;
    if (m_expectedType == ValueType::Number) {
        bool ok = false;
        const double number = raw.toDouble(&ok);
        return ok && number == m_expectedNumber;
    }
    return m_expectedType == ValueType::Literal && raw == m_expected;
}

} // namespace wsi::log
