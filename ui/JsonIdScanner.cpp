#include "JsonIdScanner.h"

#include <QByteArray>

#include <cmath>

namespace wsi::ui::JsonIdScanner {

namespace {

class Cursor
{
public:
    Cursor(const char *begin, const char *end) : m_p(begin), m_end(end) {}

    bool atEnd() const { return m_p == m_end; }
    char peek() const { return m_p < m_end ? *m_p : '\0'; }
    void skipSpace()
    {
        while (m_p < m_end && (*m_p == ' ' || *m_p == '\t' || *m_p == '\n' || *m_p == '\r'))
            ++m_p;
    }
    bool take(char c)
    {
        skipSpace();
        if (peek() != c)
            return false;
        ++m_p;
        return true;
    }
    // A string without escapes, after its opening quote; false on an escape or no end.
    bool plainString(QByteArrayView *text)
    {
        const char *start = m_p;
        while (m_p < m_end && *m_p != '"') {
            if (*m_p == '\\')
                return false;
            ++m_p;
        }
        if (m_p == m_end)
            return false;
        *text = QByteArrayView(start, m_p - start);
        ++m_p;
        return true;
    }
    // Any string, after its opening quote.
    bool skipString()
    {
        while (m_p < m_end) {
            const char c = *m_p++;
            if (c == '\\') {
                if (m_p == m_end)
                    return false;
                ++m_p;
            } else if (c == '"') {
                return true;
            }
        }
        return false;
    }
    // A nested object or array, from its opening bracket: strings may hold brackets.
    bool skipNested()
    {
        int depth = 0;
        while (m_p < m_end) {
            const char c = *m_p++;
            if (c == '"') {
                if (!skipString())
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
    // A number or literal: up to the next delimiter.
    QByteArrayView token()
    {
        const char *start = m_p;
        while (m_p < m_end && *m_p != ',' && *m_p != '}' && *m_p != ' ' && *m_p != '\n' && *m_p != '\r' && *m_p != '\t')
            ++m_p;
        return QByteArrayView(start, m_p - start);
    }

private:
    const char *m_p;
    const char *m_end;
};

enum class Value : quint8 { Id, NoId, Broken };

Value readValue(Cursor &cursor, QString *id)
{
    cursor.skipSpace();
    const char first = cursor.peek();
    if (first == '"') {
        cursor.take('"');
        QByteArrayView text;
        if (!cursor.plainString(&text))
            return Value::Broken;
        *id = QLatin1Char('"') + QString::fromUtf8(text) + QLatin1Char('"');
        return Value::Id;
    }
    if (first == '{' || first == '[')
        return cursor.skipNested() ? Value::NoId : Value::Broken;
    const QByteArrayView token = cursor.token();
    if (token == "null")
        return Value::NoId;
    if (token == "true" || token == "false") {
        *id = QString::fromLatin1(token);
        return Value::Id;
    }
    bool ok = false;
    const double number = token.toDouble(&ok);
    if (!ok || token.isEmpty() || !(token.front() == '-' || (token.front() >= '0' && token.front() <= '9')))
        return Value::Broken;
    *id = numberText(number);
    return Value::Id;
}

Value skipValue(Cursor &cursor)
{
    cursor.skipSpace();
    const char first = cursor.peek();
    if (first == '"') {
        cursor.take('"');
        return cursor.skipString() ? Value::NoId : Value::Broken;
    }
    if (first == '{' || first == '[')
        return cursor.skipNested() ? Value::NoId : Value::Broken;
    return cursor.token().isEmpty() ? Value::Broken : Value::NoId;
}

} // namespace

QString numberText(double number)
{
    if (std::abs(number) < 9007199254740992.0 && number == std::floor(number))
        return QString::number(qint64(number));
    return QString::number(number, 'g', 17);
}

Result scan(QByteArrayView json, QByteArrayView key, QString *id)
{
    Cursor cursor(json.data(), json.data() + json.size());
    if (!cursor.take('{'))
        return Result::Unsure;
    bool found = false;
    QString value;
    if (!cursor.take('}')) {
        do {
            QByteArrayView name;
            if (!cursor.take('"') || !cursor.plainString(&name) || !cursor.take(':'))
                return Result::Unsure;
            // The first of duplicate keys decides; the rest is only walked through.
            const bool wanted = !found && name == key;
            const Value read = wanted ? readValue(cursor, &value) : skipValue(cursor);
            if (read == Value::Broken)
                return Result::Unsure;
            if (wanted)
                found = read == Value::Id;
            if (wanted && read == Value::NoId)
                return Result::Absent; // checked no further: null or structured ids do not count
        } while (cursor.take(','));
        if (!cursor.take('}'))
            return Result::Unsure;
    }
    cursor.skipSpace();
    if (!cursor.atEnd())
        return Result::Unsure;
    if (found)
        *id = value;
    return found ? Result::Found : Result::Absent;
}

} // namespace wsi::ui::JsonIdScanner
