// SPDX-License-Identifier: MIT
#pragma once
// A forward-only reader over JSON bytes that skips what it is not asked about, without
// building a document: a JSON path test over a million messages then costs a scan of the
// bytes up to the value, not a parse into QJsonDocument (tens of times slower). It is
// lenient: it finds values in well-formed JSON and gives up (returns false) on anything
// it does not understand; it does not validate.
#include <QByteArrayView>
#include <QString>

namespace wsi::log {

class JsonCursor
{
public:
    explicit JsonCursor(QByteArrayView json) : m_at(json.data()), m_end(json.data() + json.size()) {}

    void skipSpace();
    // The next byte after white space ('\0' at the end).
    char peek();
    // Skips white space, then consumes c if it is next.
    bool consume(char c);
    // Skips white space; true when nothing else is left.
    bool atEnd();

    // Reads a string token; raw is what lies between the quotes, still escaped.
    bool readString(QByteArrayView &raw, bool &escaped);
    // Reads a number, true, false or null as its raw token.
    bool readScalar(QByteArrayView &raw);
    // Skips one value of any type, nested ones included.
    bool skipValue();

private:
    bool skipStringBody(bool *escaped = nullptr); // from after the opening quote to after the closing one
    bool skipNested();

    const char *m_at;
    const char *m_end;
};

// The text of an escaped string token's raw bytes (section 7 of RFC 8259).
QString decodeJsonString(QByteArrayView raw);

} // namespace wsi::log
