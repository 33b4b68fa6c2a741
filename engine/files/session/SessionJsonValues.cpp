// SPDX-License-Identifier: MIT
#include "files/session/SessionJsonValues.h"

#include "protocol/Utf8Validator.h"

namespace wsi::log::json {

namespace {
constexpr qint64 ExactInDouble = qint64(1) << 53;
const QLatin1String Base64Key("base64");

bool isUtf8(const QByteArray &bytes)
{
    protocol::Utf8Validator validator;
    return validator.feed(reinterpret_cast<const std::uint8_t *>(bytes.constData()), size_t(bytes.size()))
        && validator.isComplete();
}
} // namespace

QJsonValue fromInt64(qint64 value)
{
    if (value > -ExactInDouble && value < ExactInDouble)
        return double(value);
    return QString::number(value);
}

QJsonValue fromUInt64(quint64 value)
{
    if (value < quint64(ExactInDouble))
        return double(value);
    return QString::number(value);
}

qint64 toInt64(const QJsonValue &value, qint64 fallback)
{
    if (value.isDouble())
        return qint64(value.toDouble());
    bool ok = false;
    const qint64 parsed = value.toString().toLongLong(&ok);
    return ok ? parsed : fallback;
}

quint64 toUInt64(const QJsonValue &value, quint64 fallback)
{
    if (value.isDouble())
        return value.toDouble() < 0 ? fallback : quint64(value.toDouble());
    bool ok = false;
    const quint64 parsed = value.toString().toULongLong(&ok);
    return ok ? parsed : fallback;
}

int toInt(const QJsonValue &value, int fallback)
{
    return value.isDouble() ? value.toInt(fallback) : fallback;
}

QJsonValue fromBytes(const QByteArray &bytes)
{
    if (isUtf8(bytes))
        return QString::fromUtf8(bytes);
    return QJsonObject{{Base64Key, QString::fromLatin1(bytes.toBase64())}};
}

QByteArray toBytes(const QJsonValue &value)
{
    if (value.isString())
        return value.toString().toUtf8();
    return QByteArray::fromBase64(value.toObject().value(Base64Key).toString().toLatin1());
}

// UTC times (certificate dates) end in "Z" and come back in UTC; local times carry their
// offset and come back as local time.
QJsonValue fromDateTime(const QDateTime &time)
{
    if (!time.isValid())
        return QJsonValue::Null;
    if (time.timeSpec() == Qt::UTC)
        return time.toString(Qt::ISODateWithMs);
    return time.toOffsetFromUtc(time.offsetFromUtc()).toString(Qt::ISODateWithMs);
}

QDateTime toDateTime(const QJsonValue &value)
{
    const QString text = value.toString();
    const QDateTime time = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!time.isValid() || text.endsWith(QLatin1Char('Z')))
        return time;
    return time.toLocalTime();
}

QJsonArray fromHeaders(const QList<QPair<QByteArray, QByteArray>> &headers)
{
    QJsonArray array;
    for (const auto &[name, value] : headers)
        array.append(QJsonArray{fromBytes(name), fromBytes(value)});
    return array;
}

QList<QPair<QByteArray, QByteArray>> toHeaders(const QJsonValue &value)
{
    QList<QPair<QByteArray, QByteArray>> headers;
    for (const QJsonValue &pair : value.toArray())
        headers.append({toBytes(pair.toArray().at(0)), toBytes(pair.toArray().at(1))});
    return headers;
}

QStringList toStringList(const QJsonValue &value)
{
    QStringList list;
    for (const QJsonValue &item : value.toArray())
        list.append(item.toString());
    return list;
}

} // namespace wsi::log::json
