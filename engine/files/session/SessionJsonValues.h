// SPDX-License-Identifier: MIT
#pragma once
// Small conversions between Qt values and JSON for the session file's metadata sections,
// exact both ways: 64-bit integers beyond a double's 53 bits become strings, byte arrays
// that are not UTF-8 become {"base64": "..."}.
#include <QByteArray>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QPair>
#include <QStringList>

namespace wsi::log::json {

QJsonValue fromInt64(qint64 value);
QJsonValue fromUInt64(quint64 value);
qint64 toInt64(const QJsonValue &value, qint64 fallback = 0);
quint64 toUInt64(const QJsonValue &value, quint64 fallback = 0);
int toInt(const QJsonValue &value, int fallback = 0);

QJsonValue fromBytes(const QByteArray &bytes);
QByteArray toBytes(const QJsonValue &value);

QJsonValue fromDateTime(const QDateTime &time); // null stays null
QDateTime toDateTime(const QJsonValue &value);

QJsonArray fromHeaders(const QList<QPair<QByteArray, QByteArray>> &headers);
QList<QPair<QByteArray, QByteArray>> toHeaders(const QJsonValue &value);

QStringList toStringList(const QJsonValue &value);

// An enum stored as its number; out of range gives the fallback.
template <typename Enum> Enum toEnum(const QJsonValue &value, Enum last, Enum fallback)
{
    const int number = toInt(value, -1);
    return number >= 0 && number <= int(last) ? Enum(number) : fallback;
}

} // namespace wsi::log::json
