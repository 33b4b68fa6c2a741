// SPDX-License-Identifier: MIT
#include "store/query/JsonPath.h"

#include "store/query/JsonCursor.h"

#include <QHash>

namespace wsi::log {

namespace {
bool endsName(QChar c)
{
    return c == QLatin1Char('.') || c == QLatin1Char('[') || c == QLatin1Char(']') || c.isSpace()
        || c == QLatin1Char('=') || c == QLatin1Char('!') || c == QLatin1Char('<') || c == QLatin1Char('>');
}

// Scans `text` outside quotes, brackets and /regex/ literals, calling `at(i)` at each
// position until it returns true; returns that position, or -1.
template <typename At> int scanOutside(const QString &text, At at)
{
    QChar quote;
    int depth = 0;
    for (int i = 0; i < text.size(); ++i) {
        const QChar c = text[i];
        if (!quote.isNull()) {
            if (c == QLatin1Char('\\') && quote == QLatin1Char('/'))
                ++i; // an escaped character inside a regex
            else if (c == quote)
                quote = QChar();
            continue;
        }
        if (c == QLatin1Char('"') || c == QLatin1Char('\'')) {
            quote = c;
            continue;
        }
        // A regex literal starts with '/' right after "=~" (and spaces).
        if (c == QLatin1Char('/') && text.left(i).trimmed().endsWith(QLatin1String("=~"))) {
            quote = c;
            continue;
        }
        if (c == QLatin1Char('['))
            ++depth;
        else if (c == QLatin1Char(']'))
            --depth;
        else if (depth == 0 && at(i))
            return i;
    }
    return -1;
}

struct Operator {
    int at = -1;
    int length = 0;
    QLatin1String token;
};

// The comparison in one condition, if any: the first operator outside quotes and brackets.
Operator findOperator(const QString &text)
{
    static const QLatin1String tokens[] = {QLatin1String("=="), QLatin1String("!="), QLatin1String("<="),
                                           QLatin1String(">="), QLatin1String("=~"), QLatin1String("<"),
                                           QLatin1String(">"),  QLatin1String(" contains ")};
    Operator found;
    scanOutside(text, [&](int i) {
        for (const QLatin1String &token : tokens) {
            if (QStringView(text).mid(i).startsWith(token)) {
                found = {i, int(token.size()), token};
                return true;
            }
        }
        return false;
    });
    return found;
}
// A JSON string's text, escapes decoded.
bool readText(JsonCursor &cursor, QByteArray &text)
{
    QByteArrayView raw;
    bool escaped = false;
    if (!cursor.readString(raw, escaped))
        return false;
    text = escaped ? decodeJsonString(raw).toUtf8() : raw.toByteArray();
    return true;
}
} // namespace

JsonPath::JsonPath(const QString &text)
{
    // "a && b || c && d": ORs of ANDs, each condition parsed with its place in the text.
    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty()) {
        fail(QStringLiteral("empty JSON path"));
        return;
    }
    QVector<QPair<int, int>> ors; // [start, end) of each || part
    int from = 0;
    while (true) {
        const int bar = scanOutside(trimmed.mid(from), [&](int i) {
            return QStringView(trimmed).mid(from + i).startsWith(QLatin1String("||"));
        });
        ors.append({from, bar < 0 ? int(trimmed.size()) : from + bar});
        if (bar < 0)
            break;
        from += bar + 2;
    }
    for (const auto &[orStart, orEnd] : ors) {
        m_anyOf.append(QVector<Condition>());
        int at = orStart;
        while (true) {
            const QString part = trimmed.mid(at, orEnd - at);
            const int amp = scanOutside(part, [&](int i) { return QStringView(part).mid(i).startsWith(QLatin1String("&&")); });
            const QString condition = amp < 0 ? part : part.left(amp);
            if (!parseCondition(condition, at))
                return;
            if (amp < 0)
                break;
            at += amp + 2;
        }
    }
    m_valid = true;
}

bool JsonPath::parseCondition(const QString &text, int offset)
{
    const QString trimmed = text.trimmed();
    const int lead = trimmed.isEmpty() ? 0 : int(text.indexOf(trimmed)); // where it starts, for positions
    if (trimmed.isEmpty())
        return fail(QStringLiteral("a condition is missing at position %1 (around && or ||)").arg(offset + 1));
    Condition condition;
    const Operator op = findOperator(trimmed);
    const QString path = op.at < 0 ? trimmed : trimmed.left(op.at).trimmed();
    if (!parsePath(path, offset + lead, condition))
        return false;
    if (op.at >= 0) {
        const QString token = QString(op.token).trimmed();
        static const QHash<QString, Comparison> comparisons = {
            {QStringLiteral("=="), Comparison::Equal},       {QStringLiteral("!="), Comparison::NotEqual},
            {QStringLiteral("<"), Comparison::Less},         {QStringLiteral("<="), Comparison::LessOrEqual},
            {QStringLiteral(">"), Comparison::Greater},      {QStringLiteral(">="), Comparison::GreaterOrEqual},
            {QStringLiteral("contains"), Comparison::Contains}, {QStringLiteral("=~"), Comparison::Matches}};
        condition.comparison = comparisons.value(token);
        const QString value = trimmed.mid(op.at + op.length).trimmed();
        if (condition.comparison == Comparison::Matches) {
            // /pattern/flags, flags from "i", "s", "x", "m".
            const int close = value.lastIndexOf(QLatin1Char('/'));
            if (!value.startsWith(QLatin1Char('/')) || close <= 0)
                return fail(QStringLiteral("=~ wants a regex between slashes, e.g. $.topic =~ /^sensor\\d+$/i"));
            QRegularExpression::PatternOptions options;
            for (const QChar flag : value.mid(close + 1)) {
                if (flag == QLatin1Char('i'))
                    options |= QRegularExpression::CaseInsensitiveOption;
                else if (flag == QLatin1Char('s'))
                    options |= QRegularExpression::DotMatchesEverythingOption;
                else if (flag == QLatin1Char('m'))
                    options |= QRegularExpression::MultilineOption;
                else if (flag == QLatin1Char('x'))
                    options |= QRegularExpression::ExtendedPatternSyntaxOption;
                else
                    return fail(QStringLiteral("unknown regex flag '%1' (i, s, m or x)").arg(flag));
            }
            condition.pattern = QRegularExpression(value.mid(1, close - 1), options);
            if (!condition.pattern.isValid())
                return fail(QStringLiteral("bad regex /%1/: %2").arg(value.mid(1, close - 1), condition.pattern.errorString()));
        } else if (!parseExpected(value, condition)) {
            return false;
        }
        if (condition.comparison == Comparison::Contains && condition.expectedType != ValueType::String
            && condition.expectedType != ValueType::Number)
            return fail(QStringLiteral("contains wants a string, e.g. $.text contains \"error\""));
    }
    if (condition.comparison == Comparison::Equal && condition.expectedType == ValueType::String
        && !condition.expected.contains('"') && !condition.expected.contains('\\'))
        condition.requiredLiteral = '"' + condition.expected + '"';
    m_anyOf.last().append(condition);
    return true;
}

bool JsonPath::Condition::mayMatch(QByteArrayView json) const
{
    return requiredLiteral.isEmpty() || json.indexOf(requiredLiteral) >= 0 || json.contains('\\');
}

bool JsonPath::fail(const QString &why)
{
    m_error = why;
    m_anyOf.clear();
    m_valid = false;
    return false;
}

bool JsonPath::parsePath(const QString &path, int offset, Condition &condition)
{
    if (path.isEmpty())
        return fail(QStringLiteral("a path is missing at position %1").arg(offset + 1));
    int at = path.startsWith(QLatin1Char('$')) ? 1 : 0;
    const bool bare = at == 0;
    while (at < path.size()) {
        if (!parseSegment(path, at, bare && condition.segments.isEmpty(), offset, condition))
            return false;
    }
    return true;
}

bool JsonPath::parseSegment(const QString &path, int &at, bool first, int offset, Condition &condition)
{
    const QChar c = path[at];
    if (c == QLatin1Char('['))
        return parseBracket(path, ++at, offset, condition);
    if (c == QLatin1Char('.'))
        ++at;
    else if (!first)
        return fail(QStringLiteral("expected '.' or '[' at position %1").arg(offset + at + 1));
    if (at < path.size() && path[at] == QLatin1Char('*')) {
        ++at;
        condition.segments.append({Segment::Kind::AnyKey, {}, 0});
        return true;
    }
    const int start = at;
    while (at < path.size() && !endsName(path[at]))
        ++at;
    if (at == start)
        return fail(QStringLiteral("expected a member name at position %1").arg(offset + start + 1));
    condition.segments.append({Segment::Kind::Key, path.mid(start, at - start).toUtf8(), 0});
    return true;
}

bool JsonPath::parseBracket(const QString &path, int &at, int offset, Condition &condition)
{
    const int close = path.indexOf(QLatin1Char(']'), at);
    if (close < 0)
        return fail(QStringLiteral("missing ']' after position %1").arg(offset + at));
    const QString inside = path.mid(at, close - at).trimmed();
    at = close + 1;
    if (inside == QLatin1String("*")) {
        condition.segments.append({Segment::Kind::AnyIndex, {}, 0});
        return true;
    }
    if (inside.size() >= 2 && (inside.front() == QLatin1Char('"') || inside.front() == QLatin1Char('\''))
        && inside.back() == inside.front()) {
        condition.segments.append({Segment::Kind::Key, inside.mid(1, inside.size() - 2).toUtf8(), 0});
        return true;
    }
    bool ok = false;
    const qint64 index = inside.toLongLong(&ok);
    if (!ok || index < 0)
        return fail(QStringLiteral("'[%1]' is neither an index, '*' nor a quoted key").arg(inside));
    condition.segments.append({Segment::Kind::Index, {}, index});
    return true;
}

bool JsonPath::parseExpected(const QString &value, Condition &condition)
{
    if (value.isEmpty())
        return fail(QStringLiteral("nothing to compare with"));
    const QChar first = value.front();
    if (first == QLatin1Char('"') || first == QLatin1Char('\'')) {
        if (value.size() < 2 || value.back() != first)
            return fail(QStringLiteral("unterminated string %1").arg(value));
        const QString inner = value.mid(1, value.size() - 2);
        condition.expected = (first == QLatin1Char('"') ? decodeJsonString(inner.toUtf8()) : inner).toUtf8();
        condition.expectedType = ValueType::String;
        return true;
    }
    if (first == QLatin1Char('{') || first == QLatin1Char('['))
        return fail(QStringLiteral("compare with a string, number, true, false or null"));
    if (value == QLatin1String("true") || value == QLatin1String("false") || value == QLatin1String("null")) {
        condition.expected = value.toUtf8();
        condition.expectedType = ValueType::Literal;
        return true;
    }
    bool isNumber = false;
    condition.expectedNumber = value.toDouble(&isNumber);
    condition.expectedType = isNumber ? ValueType::Number : ValueType::String;
    condition.expected = value.toUtf8(); // a bare word compares as a string
    return true;
}

bool JsonPath::matches(QByteArrayView json) const
{
    if (!m_valid)
        return false;
    JsonCursor cursor(json);
    const char first = cursor.peek();
    if (first != '{' && first != '[')
        return false; // not JSON (or a bare scalar, which no path can enter)
    for (const QVector<Condition> &allOf : m_anyOf) {
        bool all = true;
        for (const Condition &condition : allOf) {
            if (!condition.mayMatch(json) || !condition.evaluate(0, cursor)) {
                all = false;
                break;
            }
        }
        if (all)
            return true;
    }
    return false;
}

bool JsonPath::Condition::evaluate(int segment, JsonCursor cursor) const
{
    if (segment == segments.size())
        return testLeaf(cursor);
    switch (segments[segment].kind) {
    case Segment::Kind::Key:
    case Segment::Kind::AnyKey:
        return evaluateObject(segment, cursor);
    case Segment::Kind::Index:
    case Segment::Kind::AnyIndex:
        return evaluateArray(segment, cursor);
    }
    return false;
}

bool JsonPath::Condition::evaluateObject(int segment, JsonCursor &cursor) const
{
    const Segment &wanted = segments[segment];
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

bool JsonPath::Condition::evaluateArray(int segment, JsonCursor &cursor) const
{
    const Segment &wanted = segments[segment];
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

bool JsonPath::Condition::testLeaf(JsonCursor &cursor) const
{
    switch (comparison) {
    case Comparison::None:
        return cursor.peek() != '\0';
    case Comparison::Equal:
        return equalsExpected(cursor);
    case Comparison::NotEqual: {
        JsonCursor probe = cursor;
        return probe.skipValue() && !equalsExpected(cursor);
    }
    case Comparison::Less:
    case Comparison::LessOrEqual:
    case Comparison::Greater:
    case Comparison::GreaterOrEqual:
        return ordersAsExpected(cursor);
    case Comparison::Contains:
    case Comparison::Matches:
        return holdsExpected(cursor);
    }
    return false;
}

bool JsonPath::Condition::equalsExpected(JsonCursor &cursor) const
{
    const char next = cursor.peek();
    if (next == '"') {
        QByteArrayView raw;
        bool escaped = false;
        if (!cursor.readString(raw, escaped) || expectedType != ValueType::String)
            return false;
        return escaped ? decodeJsonString(raw).toUtf8() == expected : raw == expected;
    }
    if (next == '{' || next == '[')
        return false;
    QByteArrayView raw;
    if (!cursor.readScalar(raw))
        return false;
    if (expectedType == ValueType::Number) {
        bool ok = false;
        const double number = raw.toDouble(&ok);
        return ok && number == expectedNumber;
    }
    return expectedType == ValueType::Literal && raw == expected;
}

// <, <=, >, >=: a number with a number, a string with a string (by code point, which
// UTF-8 bytes order the same way); anything else does not compare.
bool JsonPath::Condition::ordersAsExpected(JsonCursor &cursor) const
{
    int order = 0;
    const char next = cursor.peek();
    if (next == '"') {
        QByteArray text;
        if (expectedType != ValueType::String || !readText(cursor, text))
            return false;
        order = text < expected ? -1 : (expected < text ? 1 : 0);
    } else {
        QByteArrayView raw;
        if (next == '{' || next == '[' || !cursor.readScalar(raw) || expectedType != ValueType::Number)
            return false;
        bool ok = false;
        const double number = raw.toDouble(&ok);
        if (!ok)
            return false;
        order = number < expectedNumber ? -1 : (number > expectedNumber ? 1 : 0);
    }
    switch (comparison) {
    case Comparison::Less: return order < 0;
    case Comparison::LessOrEqual: return order <= 0;
    case Comparison::Greater: return order > 0;
    case Comparison::GreaterOrEqual: return order >= 0;
    default: return false;
    }
}

// contains and =~: on a string's text, or on a number's or literal's token.
bool JsonPath::Condition::holdsExpected(JsonCursor &cursor) const
{
    QByteArray text;
    const char next = cursor.peek();
    if (next == '"') {
        if (!readText(cursor, text))
            return false;
    } else {
        QByteArrayView raw;
        if (next == '{' || next == '[' || !cursor.readScalar(raw))
            return false;
        text = raw.toByteArray();
    }
    if (comparison == Comparison::Contains)
        return text.contains(expected);
    return pattern.match(QString::fromUtf8(text)).hasMatch();
}

} // namespace wsi::log
