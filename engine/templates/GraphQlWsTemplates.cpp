// SPDX-License-Identifier: MIT
// GraphQL over WebSocket, both dialects: graphql-transport-ws (the graphql-ws library's
// protocol: subscribe / complete / ping) and the older graphql-ws of
// subscriptions-transport-ws (start / stop, no client ping).
#include "templates/JsonMessage.h"
#include "templates/TemplateCatalog.h"

#include <QJsonObject>

namespace wsi::templates {

namespace {

const QString TransportWs = QStringLiteral("graphql-transport-ws");
const QString LegacyWs = QStringLiteral("graphql-ws (legacy)");

bool isLegacy(const TemplateValues &v)
{
    return v[QStringLiteral("protocol")] == LegacyWs;
}

TemplateOutput text(QByteArray bytes)
{
    TemplateOutput out;
    out.bytes = std::move(bytes);
    return out;
}

TemplateOutput makeInit(const TemplateValues &v)
{
    return text(orderedJsonObject({{QStringLiteral("type"), QStringLiteral("connection_init")},
                                   {QStringLiteral("payload"), jsonValueOf(v[QStringLiteral("payload")])}}));
}

TemplateOutput makeSubscribe(const TemplateValues &v)
{
    QJsonObject payload{{QStringLiteral("query"), v[QStringLiteral("query")]}};
    const QJsonValue variables = jsonValueOf(v[QStringLiteral("variables")]);
    if (!variables.isUndefined())
        payload.insert(QStringLiteral("variables"), variables);
    if (!v[QStringLiteral("operation")].isEmpty())
        payload.insert(QStringLiteral("operationName"), v[QStringLiteral("operation")]);
    return text(orderedJsonObject({{QStringLiteral("type"), isLegacy(v) ? QStringLiteral("start") : QStringLiteral("subscribe")},
                                   {QStringLiteral("id"), v[QStringLiteral("id")]},
                                   {QStringLiteral("payload"), payload}}));
}

TemplateOutput makeComplete(const TemplateValues &v)
{
    return text(orderedJsonObject({{QStringLiteral("type"), isLegacy(v) ? QStringLiteral("stop") : QStringLiteral("complete")},
                                   {QStringLiteral("id"), v[QStringLiteral("id")]}}));
}

TemplateOutput makePing(const TemplateValues &v)
{
    if (isLegacy(v)) {
        TemplateOutput none;
        none.problem = QStringLiteral("Protocol: subscriptions-transport-ws has no client ping (its server sends \"ka\"); "
                                      "choose graphql-transport-ws");
        return none;
    }
    return text(orderedJsonObject({{QStringLiteral("type"), QStringLiteral("ping")}}));
}

} // namespace

QList<MessageTemplate> graphQlWsTemplates()
{
    const QString group = QStringLiteral("graphql-ws");
    const TemplateField protocol = choiceField(QStringLiteral("protocol"), QStringLiteral("Protocol"), {TransportWs, LegacyWs},
                                               QStringLiteral("The subprotocol the server chose"));
    const TemplateField id = lineField(QStringLiteral("id"), QStringLiteral("Operation id"), QStringLiteral("1"),
                                       QStringLiteral("Unique per operation: the server's next, error and complete carry it"));
    return {
        {QStringLiteral("graphql.init"), group, QStringLiteral("connection_init"),
         QStringLiteral("The first message; the server answers connection_ack."),
         {protocol, jsonField(QStringLiteral("payload"), QStringLiteral("Payload"), {},
                              QStringLiteral("e.g. {\"token\": \"...\"}; empty: none"))},
         &makeInit},
        {QStringLiteral("graphql.subscribe"), group, QStringLiteral("subscribe"),
         QStringLiteral("Starts an operation (a subscription, query or mutation)."),
         {protocol, id, textField(QStringLiteral("query"), QStringLiteral("Query"), QStringLiteral("subscription { greetings }")),
          jsonField(QStringLiteral("variables"), QStringLiteral("Variables"), {}, QStringLiteral("A JSON object; empty: none")),
          lineField(QStringLiteral("operation"), QStringLiteral("Operation name"), {})},
         &makeSubscribe},
        {QStringLiteral("graphql.complete"), group, QStringLiteral("complete"), QStringLiteral("Stops an operation."),
         {protocol, id}, &makeComplete},
        {QStringLiteral("graphql.ping"), group, QStringLiteral("ping"), QStringLiteral("The server answers pong."),
         {protocol}, &makePing},
    };
}

} // namespace wsi::templates
