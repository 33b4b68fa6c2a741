// SPDX-License-Identifier: MIT
#include "decode/WampDecoder.h"

#include "decode/JsonPayload.h"
#include "decode/MessagePackDecoder.h"

#include <QCborArray>
#include <QJsonArray>

namespace wsi::decode {

namespace {

enum class Pairing : quint8 { None, Request, Response, InvocationRequest, InvocationResponse };

struct MessageType
{
    int code;
    const char *name;
    // Positions after the code; "Args"/"ArgsKw" are optional at the end.
    const char *fields[6];
    Pairing pairing;
};

// WAMP v2 message codes (the basic profile's and the advanced profile's CHALLENGE,
// AUTHENTICATE, CANCEL, INTERRUPT).
constexpr MessageType kTypes[] = {
    {1, "HELLO", {"realm", "details"}, Pairing::None},
    {2, "WELCOME", {"session", "details"}, Pairing::None},
    {3, "ABORT", {"details", "reason"}, Pairing::None},
    {4, "CHALLENGE", {"authmethod", "extra"}, Pairing::None},
    {5, "AUTHENTICATE", {"signature", "extra"}, Pairing::None},
    {6, "GOODBYE", {"details", "reason"}, Pairing::None},
    {8, "ERROR", {"request type", "request", "details", "error", "args", "kwargs"}, Pairing::Response},
    {16, "PUBLISH", {"request", "options", "topic", "args", "kwargs"}, Pairing::Request},
    {17, "PUBLISHED", {"request", "publication"}, Pairing::Response},
    {32, "SUBSCRIBE", {"request", "options", "topic"}, Pairing::Request},
    {33, "SUBSCRIBED", {"request", "subscription"}, Pairing::Response},
    {34, "UNSUBSCRIBE", {"request", "subscription"}, Pairing::Request},
    {35, "UNSUBSCRIBED", {"request"}, Pairing::Response},
    {36, "EVENT", {"subscription", "publication", "details", "args", "kwargs"}, Pairing::None},
    {48, "CALL", {"request", "options", "procedure", "args", "kwargs"}, Pairing::Request},
    {49, "CANCEL", {"request", "options"}, Pairing::None},
    {50, "RESULT", {"request", "details", "args", "kwargs"}, Pairing::Response},
    {64, "REGISTER", {"request", "options", "procedure"}, Pairing::Request},
    {65, "REGISTERED", {"request", "registration"}, Pairing::Response},
    {66, "UNREGISTER", {"request", "registration"}, Pairing::Request},
    {67, "UNREGISTERED", {"request"}, Pairing::Response},
    {68, "INVOCATION", {"request", "registration", "details", "args", "kwargs"}, Pairing::InvocationRequest},
    {69, "INTERRUPT", {"request", "options"}, Pairing::None},
    {70, "YIELD", {"request", "options", "args", "kwargs"}, Pairing::InvocationResponse},
};

const MessageType *findType(qint64 code)
{
    for (const MessageType &type : kTypes) {
        if (type.code == code)
            return &type;
    }
    return nullptr;
}

int requiredCount(const MessageType &type)
{
    int count = 0;
    for (const char *field : type.fields) {
        if (!field || !qstrcmp(field, "args"))
            break;
        ++count;
    }
    return count;
}

bool isUriField(const char *field)
{
    return !qstrcmp(field, "realm") || !qstrcmp(field, "topic") || !qstrcmp(field, "procedure")
        || !qstrcmp(field, "error") || !qstrcmp(field, "reason");
}

DecodeResult describe(const QJsonArray &message, const QString &protocol, bool wantsTree)
{
    if (message.isEmpty() || !message.at(0).isDouble())
        return DecodeResult::malformed(QStringLiteral("element 0: a message code expected"));
    const qint64 code = message.at(0).toInteger();
    const MessageType *type = findType(code);
    if (!type)
        return DecodeResult::malformed(QStringLiteral("element 0: unknown message code %1").arg(code));
    if (message.size() - 1 < requiredCount(*type))
        return DecodeResult::malformed(QStringLiteral("%1 needs %2 elements after its code, has %3")
                                           .arg(QLatin1String(type->name)).arg(requiredCount(*type)).arg(message.size() - 1));
    Decoded decoded;
    decoded.protocol = protocol;
    decoded.addField(QStringLiteral("type"), QLatin1String(type->name));
    decoded.summary = QLatin1String(type->name);
    decoded.tree.name = QStringLiteral("WAMP %1 (%2)").arg(QLatin1String(type->name)).arg(code);
    QString request;
    for (int i = 0; i < 6 && type->fields[i] && i + 1 < message.size(); ++i) {
        const char *field = type->fields[i];
        const QJsonValue value = message.at(i + 1);
        if (isUriField(field) && value.isString()) {
            decoded.addField(QLatin1String(field), value.toString());
            decoded.summary += QLatin1Char(' ') + value.toString();
        } else if (!qstrcmp(field, "request")) {
            request = compactJson(value, 0);
            decoded.addField(QStringLiteral("id"), request);
        } else if (!qstrcmp(field, "args") || !qstrcmp(field, "kwargs")) {
            decoded.summary += QLatin1Char(' ') + compactJson(value, 60);
        }
        if (wantsTree)
            decoded.tree.children.append(nodeFromJson(QLatin1String(field), value));
    }
    if (!request.isEmpty())
        decoded.summary += QStringLiteral(" #") + request;
    switch (type->pairing) {
    case Pairing::Request: decoded.correlation = {request, CorrelationRole::Request}; break;
    case Pairing::Response: decoded.correlation = {request, CorrelationRole::Response}; break;
    // A router's INVOCATION and the callee's YIELD count their own ids.
    case Pairing::InvocationRequest: decoded.correlation = {QStringLiteral("invocation ") + request, CorrelationRole::Request}; break;
    case Pairing::InvocationResponse: decoded.correlation = {QStringLiteral("invocation ") + request, CorrelationRole::Response}; break;
    case Pairing::None: break;
    }
    if (!wantsTree)
        decoded.tree = {};
    return DecodeResult::ok(std::move(decoded));
}

} // namespace

QString WampDecoder::id() const
{
    return m_serialization == Serialization::Json ? QStringLiteral("wamp.json") : QStringLiteral("wamp.msgpack");
}

QString WampDecoder::displayName() const
{
    return m_serialization == Serialization::Json ? QStringLiteral("WAMP v2 (JSON)") : QStringLiteral("WAMP v2 (MessagePack)");
}

bool WampDecoder::recognises(const DecodeInput &input) const
{
    // [code, ... with a known code right after the bracket; MessagePack is chosen by the
    // subprotocol only.
    if (m_serialization != Serialization::Json || !input.isText || firstSignificantByte(input.payload) != '[')
        return false;
    const qsizetype open = input.payload.indexOf('[');
    qsizetype end = open + 1;
    while (end < input.payload.size() && end - open < 5 && input.payload.at(end) >= '0' && input.payload.at(end) <= '9')
        ++end;
    if (end == open + 1 || end >= input.payload.size() || input.payload.at(end) != ',')
        return false;
    return findType(input.payload.mid(open + 1, end - open - 1).toLongLong()) != nullptr;
}

DecodeResult WampDecoder::decode(const DecodeInput &input, DecodeContext &) const
{
    QJsonValue value;
    QString error;
    if (m_serialization == Serialization::Json) {
        if (!parseJsonPayload(input.payload, &value, &error))
            return DecodeResult::malformed(error);
    } else {
        QList<QCborValue> values;
        if (!readMessagePack(input.payload, &values, &error))
            return DecodeResult::malformed(QStringLiteral("MessagePack ") + error);
        if (values.size() != 1)
            return DecodeResult::malformed(QStringLiteral("one MessagePack array expected, found %1 values").arg(values.size()));
        value = values.first().toJsonValue();
    }
    if (!value.isArray())
        return DecodeResult::malformed(QStringLiteral("a WAMP message is an array"));
    return describe(value.toArray(), id(), input.wantsTree);
}

} // namespace wsi::decode
