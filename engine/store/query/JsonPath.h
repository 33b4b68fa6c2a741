// SPDX-License-Identifier: MIT
#pragma once
// A small JSON path for the log's search field, evaluated on raw payload bytes:
//   $.params.id            the member exists
//   result[0].name == "x"  compared with a string, number, true, false or null
//   $.items[*].id != 3     any element; "!=" needs the value to exist and differ
//   $["odd key"].v == ok   bracketed keys; a bare word compares as a string
//   $.price >= 10.5        <, <=, >, >=: numbers by value, strings by code point
//   $.text contains "err"  a string holding the text
//   $.topic =~ /^sensor\d+$/i   a string (or the text of a number) matching the regex
//   $.a == 1 && $.b || $.c      conditions joined; && binds tighter than ||
// The leading "$" is optional. Objects and arrays cannot be compared.
#include <QByteArray>
#include <QByteArrayView>
#include <QRegularExpression>
#include <QString>
#include <QVector>

namespace wsi::log {

class JsonCursor;

class JsonPath
{
public:
    // An empty path that matches nothing; see isValid().
    JsonPath() = default;
    // Parses text; on a syntax error isValid() is false and errorString() says where.
    explicit JsonPath(const QString &text);

    bool isValid() const { return m_valid; }
    QString errorString() const { return m_error; }

    // Whether json (UTF-8 bytes) holds a value at the path that passes the comparison.
    bool matches(QByteArrayView json) const;

private:
    struct Segment {
        enum class Kind : quint8 { Key, AnyKey, Index, AnyIndex } kind = Kind::Key;
        QByteArray key; // UTF-8
        qint64 index = 0;
    };
    enum class Comparison : quint8 { None, Equal, NotEqual, Less, LessOrEqual, Greater, GreaterOrEqual, Contains, Matches };
    enum class ValueType : quint8 { String, Number, Literal };

    // One "path [operator value]" of the expression.
    struct Condition {
        QVector<Segment> segments;
        Comparison comparison = Comparison::None;
        ValueType expectedType = ValueType::String;
        QByteArray expected; // UTF-8 string, or the literal / number token
        double expectedNumber = 0;
        QRegularExpression pattern; // Matches
        // The compared string, quoted, which a matching document contains unless it uses
        // escapes: a document without it is refused at memchr speed. (Keys are not used
        // this way: they are in nearly every message of a feed, so the scan would not pay.)
        QByteArray requiredLiteral;

        bool mayMatch(QByteArrayView json) const;
        bool evaluate(int segment, JsonCursor cursor) const;
        bool evaluateObject(int segment, JsonCursor &cursor) const;
        bool evaluateArray(int segment, JsonCursor &cursor) const;
        bool testLeaf(JsonCursor &cursor) const;
        bool equalsExpected(JsonCursor &cursor) const;
        bool ordersAsExpected(JsonCursor &cursor) const;
        bool holdsExpected(JsonCursor &cursor) const;
    };

    bool parseCondition(const QString &text, int offset);
    bool parsePath(const QString &path, int offset, Condition &condition);
    bool parseSegment(const QString &path, int &at, bool first, int offset, Condition &condition);
    bool parseBracket(const QString &path, int &at, int offset, Condition &condition);
    bool parseExpected(const QString &value, Condition &condition);
    bool fail(const QString &why);

    QVector<QVector<Condition>> m_anyOf; // || of && of conditions
    bool m_valid = false;
    QString m_error;
};

} // namespace wsi::log
