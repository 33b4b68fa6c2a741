// SPDX-License-Identifier: MIT
#include "files/profiles/OptionsJsonCheck.h"

#include "protocol/ProtocolVersion.h"

#include <QJsonArray>

#include <cmath>
#include <iterator>

namespace wsi::log {

namespace {

enum class Kind { String, Bool, Integer, Number, UInt64, Bytes, Headers, StringList, Object, WebSocketVersion };

struct Field {
    const char *name;
    Kind kind;
    double min = 0;
    double max = 0;
    const Field *members = nullptr; // Kind::Object
    size_t memberCount = 0;
};

constexpr double MaxMs = 24.0 * 60 * 60 * 1000;
constexpr double MaxInt = 2147483647.0;

Field ms(const char *name) { return {name, Kind::Integer, 0, MaxMs}; }

const Field DeflateOfferFields[] = {
    {"serverNoContextTakeover", Kind::Bool},
    {"clientNoContextTakeover", Kind::Bool},
    {"serverMaxWindowBits", Kind::Integer, 0, 15},
    {"clientMaxWindowBits", Kind::Integer, -1, 15},
};

const Field TlsFields[] = {
    {"verify", Kind::Bool},          {"caFile", Kind::String},    {"caDirectory", Kind::String},
    {"clientCertificate", Kind::String}, {"clientKey", Kind::String}, {"clientKeyPassphrase", Kind::Bytes},
};

const Field ProxyFields[] = {
    {"mode", Kind::Integer, 0, 3}, // net::ProxyMode
    {"url", Kind::String},
    {"headers", Kind::Headers},
};

const Field ReconnectFields[] = {
    {"enabled", Kind::Bool},
    ms("initialDelayMs"),
    ms("maxDelayMs"),
    {"multiplier", Kind::Number, 1, 10},
    {"maxAttempts", Kind::Integer, 0, MaxInt},
};

const Field OptionFields[] = {
    {"url", Kind::String},
    {"headers", Kind::Headers},
    {"subprotocols", Kind::StringList},
    {"origin", Kind::String},
    {"webSocketVersion", Kind::WebSocketVersion},
    {"deflate", Kind::Bool},
    {"deflateOffer", Kind::Object, 0, 0, DeflateOfferFields, std::size(DeflateOfferFields)},
    {"maxMessageSize", Kind::UInt64},
    {"autoPong", Kind::Bool},
    ms("connectTimeoutMs"),
    ms("openTimeoutMs"),
    ms("writeTimeoutMs"),
    ms("pingTimeoutMs"),
    ms("closeTimeoutMs"),
    ms("pingIntervalMs"),
    {"pingTimeoutCloses", Kind::Bool},
    {"tls", Kind::Object, 0, 0, TlsFields, std::size(TlsFields)},
    {"proxy", Kind::Object, 0, 0, ProxyFields, std::size(ProxyFields)},
    {"reconnect", Kind::Object, 0, 0, ReconnectFields, std::size(ReconnectFields)},
    {"rawRequestOverride", Kind::Bytes},
    {"tlsReportOnly", Kind::Bool},
    {"eventDetail", Kind::Integer, 0, 2}, // net::EventDetail
    {"maxEventsInFlight", Kind::Integer, 0, MaxInt},
};

QString found(const QJsonValue &value)
{
    return OptionsJsonCheck::describe(value);
}

QString wrongType(const QString &path, const char *expected, const QJsonValue &value)
{
    return QStringLiteral("\"%1\" should be %2, not %3.").arg(path, QLatin1String(expected), found(value));
}

bool isBytes(const QJsonValue &value)
{
    return value.isString() || (value.isObject() && value.toObject().value(QStringLiteral("base64")).isString());
}

QString checkNumber(const QString &path, const QJsonValue &value, const Field &field)
{
    if (!value.isDouble())
        return wrongType(path, "a number", value);
    const double number = value.toDouble();
    const bool whole = field.kind == Kind::Integer;
    if ((whole && std::floor(number) != number) || number < field.min || number > field.max) {
        return QStringLiteral("\"%1\" is %2; it should be %3 from %4 to %5.")
            .arg(path, QString::number(number, 'g', 17), whole ? QStringLiteral("a whole number") : QStringLiteral("a number"),
                 QString::number(field.min, 'g', 17), QString::number(field.max, 'g', 17));
    }
    return {};
}

QString checkUInt64(const QString &path, const QJsonValue &value)
{
    // SessionJsonValues writes numbers beyond 2^53 as decimal strings.
    bool ok = false;
    if (value.isString())
        value.toString().toULongLong(&ok);
    else if (value.isDouble())
        ok = value.toDouble() >= 0 && std::floor(value.toDouble()) == value.toDouble();
    return ok ? QString() : wrongType(path, "a whole number of 0 or more", value);
}

QString checkHeaders(const QString &path, const QJsonValue &value)
{
    if (!value.isArray())
        return wrongType(path, "an array of [name, value] pairs", value);
    const QJsonArray headers = value.toArray();
    for (qsizetype i = 0; i < headers.size(); ++i) {
        const QString item = QStringLiteral("%1[%2]").arg(path).arg(i);
        const QJsonArray pair = headers.at(i).toArray();
        if (!headers.at(i).isArray() || pair.size() != 2)
            return wrongType(item, "a [name, value] pair", headers.at(i));
        for (int part = 0; part < 2; ++part) {
            if (!isBytes(pair.at(part)))
                return wrongType(QStringLiteral("%1[%2]").arg(item).arg(part), "a string", pair.at(part));
        }
    }
    return {};
}

QString checkStringList(const QString &path, const QJsonValue &value)
{
    if (!value.isArray())
        return wrongType(path, "an array of strings", value);
    const QJsonArray list = value.toArray();
    for (qsizetype i = 0; i < list.size(); ++i) {
        if (!list.at(i).isString())
            return wrongType(QStringLiteral("%1[%2]").arg(path).arg(i), "a string", list.at(i));
    }
    return {};
}

QString checkObject(const QJsonObject &object, const Field *fields, size_t count, const QString &prefix);

QString checkField(const QString &path, const QJsonValue &value, const Field &field)
{
    switch (field.kind) {
    case Kind::String:
        return value.isString() ? QString() : wrongType(path, "a string", value);
    case Kind::Bool:
        return value.isBool() ? QString() : wrongType(path, "true or false", value);
    case Kind::Integer:
    case Kind::Number:
        return checkNumber(path, value, field);
    case Kind::UInt64:
        return checkUInt64(path, value);
    case Kind::Bytes:
        return isBytes(value) ? QString() : wrongType(path, "a string", value);
    case Kind::Headers:
        return checkHeaders(path, value);
    case Kind::StringList:
        return checkStringList(path, value);
    case Kind::WebSocketVersion: {
        protocol::ProtocolVersion version = protocol::ProtocolVersion::Rfc6455_13;
        if (!value.isString())
            return wrongType(path, "a string", value);
        if (!protocol::parseProtocolVersion(value.toString().toStdString(), version))
            return QStringLiteral("\"%1\" should be \"13\", \"8\", \"7\", \"hixie-76\" or \"hixie-75\", not %2.")
                .arg(path, found(value));
        return {};
    }
    case Kind::Object:
        if (!value.isObject())
            return wrongType(path, "an object", value);
        return checkObject(value.toObject(), field.members, field.memberCount, path + QLatin1Char('.'));
    }
    return {};
}

QString checkObject(const QJsonObject &object, const Field *fields, size_t count, const QString &prefix)
{
    for (size_t i = 0; i < count; ++i) {
        const QString name = QLatin1String(fields[i].name);
        if (!object.contains(name))
            continue;
        const QString problem = checkField(prefix + name, object.value(name), fields[i]);
        if (!problem.isEmpty())
            return problem;
    }
    return {};
}

} // namespace

QString OptionsJsonCheck::check(const QJsonObject &options, const QString &prefix)
{
    return checkObject(options, OptionFields, std::size(OptionFields), prefix);
}

QString OptionsJsonCheck::describe(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Null:
        return QStringLiteral("null");
    case QJsonValue::Bool:
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QJsonValue::Double:
        return QStringLiteral("a number");
    case QJsonValue::String:
        return QStringLiteral("a string");
    case QJsonValue::Array:
        return QStringLiteral("an array");
    case QJsonValue::Object:
        return QStringLiteral("an object");
    case QJsonValue::Undefined:
        break;
    }
    return QStringLiteral("nothing");
}

} // namespace wsi::log
