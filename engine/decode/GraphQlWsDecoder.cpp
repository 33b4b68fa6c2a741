// SPDX-License-Identifier: MIT
#include "decode/GraphQlWsDecoder.h"

#include "decode/JsonPayload.h"

#include <QJsonArray>
#include <QJsonObject>

namespace wsi::decode {

namespace {

const QStringList &transportWsTypes()
{
    static const QStringList types{
        QStringLiteral("connection_init"), QStringLiteral("connection_ack"), QStringLiteral("ping"),
        QStringLiteral("pong"), QStringLiteral("subscribe"), QStringLiteral("next"),
        QStringLiteral("error"), QStringLiteral("complete")};
    return types;
}

const QStringList &legacyTypes()
{
    static const QStringList types{
        QStringLiteral("connection_init"), QStringLiteral("connection_ack"),
        QStringLiteral("connection_error"), QStringLiteral("ka"), QStringLiteral("start"),
        QStringLiteral("data"), QStringLiteral("error"), QStringLiteral("complete"),
        QStringLiteral("stop"), QStringLiteral("connection_terminate")};
    return types;
}

// The operation's name, or the first words of its query when it has none.
QString operationOf(const QJsonObject &payload)
{
    const QString name = payload.value(QLatin1String("operationName")).toString();
    if (!name.isEmpty())
        return name;
    const QString query = payload.value(QLatin1String("query")).toString().simplified();
    return query.left(40);
}

} // namespace

QString GraphQlWsDecoder::id() const
{
    return m_dialect == Dialect::TransportWs ? QStringLiteral("graphql-transport-ws")
                                             : QStringLiteral("subscriptions-transport-ws");
}

QString GraphQlWsDecoder::displayName() const
{
    return m_dialect == Dialect::TransportWs ? QStringLiteral("GraphQL over WebSocket (graphql-transport-ws)")
                                             : QStringLiteral("GraphQL subscriptions-transport-ws (graphql-ws)");
}

bool GraphQlWsDecoder::isRequestType(QStringView type) const
{
    return type == (m_dialect == Dialect::TransportWs ? QLatin1String("subscribe") : QLatin1String("start"));
}

bool GraphQlWsDecoder::isResultType(QStringView type) const
{
    return type == QLatin1String("error") || type == QLatin1String("complete")
        || type == (m_dialect == Dialect::TransportWs ? QLatin1String("next") : QLatin1String("data"));
}

bool GraphQlWsDecoder::recognises(const DecodeInput &input) const
{
    if (!input.isText || firstSignificantByte(input.payload) != '{')
        return false;
    const QString type = QString::fromUtf8(peekStringMember(input.payload, "type"));
    if (type.isEmpty())
        return false;
    // Types both dialects share are claimed by graphql-transport-ws, the current one.
    if (m_dialect == Dialect::TransportWs)
        return transportWsTypes().contains(type);
    return legacyTypes().contains(type) && !transportWsTypes().contains(type);
}

DecodeResult GraphQlWsDecoder::decode(const DecodeInput &input, DecodeContext &) const
{
    QJsonValue value;
    QString error;
    if (!parseJsonPayload(input.payload, &value, &error))
        return DecodeResult::malformed(error);
    if (!value.isObject())
        return DecodeResult::malformed(QStringLiteral("not a JSON object"));
    const QJsonObject message = value.toObject();
    const QJsonValue typeValue = message.value(QLatin1String("type"));
    if (!typeValue.isString())
        return DecodeResult::malformed(QStringLiteral("field \"type\" is missing or not a string"));
    const QString type = typeValue.toString();
    const QStringList &known = m_dialect == Dialect::TransportWs ? transportWsTypes() : legacyTypes();
    if (!known.contains(type))
        return DecodeResult::malformed(QStringLiteral("field \"type\": unknown message type \"%1\"").arg(type));

    Decoded decoded;
    decoded.protocol = id();
    decoded.addField(QStringLiteral("type"), type);
    const QString operationId = message.value(QLatin1String("id")).toString();
    const bool needsId = isRequestType(type) || isResultType(type) || type == QLatin1String("stop");
    if (needsId && operationId.isEmpty())
        return DecodeResult::malformed(QStringLiteral("field \"id\" is missing in a \"%1\" message").arg(type));

    decoded.summary = type;
    if (!operationId.isEmpty()) {
        decoded.addField(QStringLiteral("id"), operationId);
        decoded.summary += QLatin1Char(' ') + operationId;
    }
    const QJsonValue payload = message.value(QLatin1String("payload"));
    if (isRequestType(type)) {
        const QString operation = operationOf(payload.toObject());
        decoded.addField(QStringLiteral("operation"), operation);
        decoded.summary += QLatin1Char(' ') + operation;
        decoded.correlation = {operationId, CorrelationRole::Request};
    } else if (isResultType(type) && input.direction == PayloadDirection::Incoming) {
        // complete also goes client to server (the client ends its subscription): then it is
        // no answer.
        decoded.correlation = {operationId, CorrelationRole::Response};
    }
    if (type == QLatin1String("error") && payload.isArray() && !payload.toArray().isEmpty())
        decoded.summary += QLatin1Char(' ') + payload.toArray().first().toObject().value(QLatin1String("message")).toString();
    else if (!payload.isUndefined() && !isRequestType(type))
        decoded.summary += QLatin1Char(' ') + compactJson(payload, 60);

    if (input.wantsTree)
        decoded.tree = nodeFromJson(displayName(), message);
    return DecodeResult::ok(std::move(decoded));
}

} // namespace wsi::decode
