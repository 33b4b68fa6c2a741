// SPDX-License-Identifier: MIT
#pragma once
// A small JSON path for the log's search field, evaluated on raw payload bytes:
//   $.params.id            the member exists
//   result[0].name == "x"  compared with a string, number, true, false or null
//   $.items[*].id != 3     any element; "!=" needs the value to exist and differ
//   $["odd key"].v == ok   bracketed keys; a bare word compares as a string
// The leading "$" is optional. Objects and arrays cannot be compared.
#include <QByteArray>
#include <QByteArrayView>
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
    enum class Comparison : quint8 { None, Equal, NotEqual };
    enum class ValueType : quint8 { String, Number, Literal };

    bool parsePath(const QString &path);
    bool parseSegment(const QString &path, int &at, bool first);
    bool parseBracket(const QString &path, int &at);
    bool parseExpected(const QString &value);
    bool fail(const QString &why);
    bool mayMatch(QByteArrayView json) const;

    bool evaluate(int segment, JsonCursor cursor) const;
    bool evaluateObject(int segment, JsonCursor &cursor) const;
    bool evaluateArray(int segment, JsonCursor &cursor) const;
    bool testLeaf(JsonCursor &cursor) const;
    bool equalsExpected(JsonCursor &cursor) const;

    QVector<Segment> m_segments;
    Comparison m_comparison = Comparison::None;
    ValueType m_expectedType = ValueType::String;
    QByteArray m_expected; // UTF-8 string, or the literal / number token
    double m_expectedNumber = 0;
    // The compared string, quoted, which a matching document contains unless it uses
    // escapes: a document without it is refused at memchr speed. (Keys are not used
    // this way: they are in nearly every message of a feed, so the scan would not pay.)
    QByteArray m_requiredLiteral;
    bool m_valid = false;
    QString m_error;
};

} // namespace wsi::log
