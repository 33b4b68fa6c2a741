// SPDX-License-Identifier: MIT
#include "ui/panels/latency/JsonIdScanner.h"

#include "store/query/JsonCursor.h"

#include <QByteArray>

#include <cmath>

namespace wsi::ui::JsonIdScanner {

namespace {

enum class Value : quint8 { Id, NoId, Broken };

Value readValue(log::JsonCursor &cursor, QString *id)
{
    const char first = cursor.peek();
    if (first == '"') {
        QByteArrayView text;
        bool escaped = false;
        if (!cursor.readString(text, escaped) || escaped)
            return Value::Broken; // an escaped id is left to the full parser
        *id = QLatin1Char('"') + QString::fromUtf8(text) + QLatin1Char('"');
        return Value::Id;
    }
    if (first == '{' || first == '[')
        return cursor.skipValue() ? Value::NoId : Value::Broken;
    QByteArrayView token;
    if (!cursor.readScalar(token))
        return Value::Broken;
    if (token == "null")
        return Value::NoId;
    if (token == "true" || token == "false") {
        *id = QString::fromLatin1(token);
        return Value::Id;
    }
    bool ok = false;
    const double number = token.toDouble(&ok);
    if (!ok || !(token.front() == '-' || (token.front() >= '0' && token.front() <= '9')))
        return Value::Broken;
    *id = numberText(number);
    return Value::Id;
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
    log::JsonCursor cursor(json);
    if (!cursor.consume('{'))
        return Result::Unsure;
    bool found = false;
    QString value;
    if (!cursor.consume('}')) {
        do {
            QByteArrayView name;
            bool escaped = false;
            if (!cursor.readString(name, escaped) || escaped || !cursor.consume(':'))
                return Result::Unsure;
            // The first of duplicate keys decides; the rest is only walked through.
            if (found || name != key) {
                if (!cursor.skipValue())
                    return Result::Unsure;
                continue;
            }
            switch (readValue(cursor, &value)) {
            case Value::Broken:
                return Result::Unsure;
            case Value::NoId:
                return Result::Absent; // checked no further: null or structured ids do not count
            case Value::Id:
                found = true;
                break;
            }
        } while (cursor.consume(','));
        if (!cursor.consume('}'))
            return Result::Unsure;
    }
    if (!cursor.atEnd())
        return Result::Unsure;
    if (found)
        *id = value;
    return found ? Result::Found : Result::Absent;
}

} // namespace wsi::ui::JsonIdScanner
