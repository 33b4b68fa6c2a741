// SPDX-License-Identifier: MIT
#include "decode/JsonPayload.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>

namespace wsi::decode {

bool parseJsonPayload(const QByteArray &text, QJsonValue *value, QString *error, qsizetype base)
{
    // QJsonDocument reads objects and arrays only; a scalar (Socket.IO's error string) is
    // read as the one element of an array, its offsets taken back by the bracket.
    const char first = firstSignificantByte(text);
    const bool scalar = first != '{' && first != '[';
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(scalar ? '[' + text + ']' : text, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        *error = QStringLiteral("invalid JSON at offset %1: %2")
                     .arg(base + qMax(0, parseError.offset - (scalar ? 1 : 0)))
                     .arg(parseError.errorString());
        return false;
    }
    if (scalar)
        *value = document.array().at(0);
    else
        *value = document.isArray() ? QJsonValue(document.array()) : QJsonValue(document.object());
    return true;
}

char firstSignificantByte(const QByteArray &text, qsizetype from)
{
    for (qsizetype i = from; i < text.size(); ++i) {
        const char c = text.at(i);
        if (c != ' ' && c != '\t' && c != '\r' && c != '\n')
            return c;
    }
    return 0;
}

QByteArray peekStringMember(const QByteArray &text, const QByteArray &key, qsizetype window)
{
    const QByteArray head = QByteArray::fromRawData(text.constData(), qMin(window, text.size()));
    const QByteArray quoted = '"' + key + '"';
    qsizetype at = head.indexOf(quoted);
    if (at < 0)
        return {};
    at += quoted.size();
    while (at < head.size() && (head.at(at) == ' ' || head.at(at) == ':'))
        ++at;
    if (at >= head.size() || head.at(at) != '"')
        return {};
    const qsizetype end = head.indexOf('"', at + 1);
    return end < 0 ? QByteArray() : head.mid(at + 1, end - at - 1);
}

QByteArray jsonText(const QJsonValue &value)
{
    if (value.isObject())
        return QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact);
    if (value.isArray())
        return QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact);
    // A scalar: in an array, whose brackets then come off, so a string is escaped as JSON.
    const QByteArray wrapped = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
    return wrapped.mid(1, wrapped.size() - 2);
}

} // namespace wsi::decode
