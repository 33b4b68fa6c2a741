// SPDX-License-Identifier: MIT
// Socket.IO packets as Engine.IO messages (4 = message): an event emitted, with or without
// an ack id, and a namespace joined. For a full Socket.IO session (the Engine.IO open, pings
// answered) use `wsinspect-cli socketio`; these are for a connection already open by hand.
#include "templates/JsonMessage.h"
#include "templates/TemplateCatalog.h"

#include "decode/JsonPayload.h"
#include "socketio/SocketIoSession.h"

#include <QJsonArray>

namespace wsi::templates {

namespace {

constexpr int SocketIoConnect = 0;
constexpr int SocketIoEvent = 2;

TemplateOutput makeEmit(const TemplateValues &v)
{
    TemplateOutput out;
    const QJsonValue args = jsonValueOf(v[QStringLiteral("args")]);
    if (!args.isUndefined() && !args.isArray()) {
        out.problem = QStringLiteral("Arguments: a JSON array, e.g. [\"hi\", {\"room\": 1}]");
        return out;
    }
    QJsonArray data{v[QStringLiteral("event")]};
    for (const QJsonValue &arg : args.toArray())
        data.append(arg);
    qint64 ackId = -1;
    if (!v[QStringLiteral("ack")].isEmpty()) {
        bool isNumber = false;
        ackId = v[QStringLiteral("ack")].trimmed().toLongLong(&isNumber);
        if (!isNumber || ackId < 0) {
            out.problem = QStringLiteral("Ack id: \"%1\" is not a whole number of 0 or more (empty: no ack)")
                              .arg(v[QStringLiteral("ack")]);
            return out;
        }
    }
    out.bytes = '4' + socketio::writeSocketIoPacket(SocketIoEvent, v[QStringLiteral("namespace")], ackId, decode::jsonText(data));
    return out;
}

TemplateOutput makeJoin(const TemplateValues &v)
{
    TemplateOutput out;
    const QJsonValue auth = jsonValueOf(v[QStringLiteral("auth")]);
    const QByteArray json = auth.isUndefined() ? QByteArray() : decode::jsonText(auth);
    out.bytes = '4' + socketio::writeSocketIoPacket(SocketIoConnect, v[QStringLiteral("namespace")], -1, json);
    return out;
}

} // namespace

QList<MessageTemplate> socketIoTemplates()
{
    const QString group = QStringLiteral("Socket.IO");
    const TemplateField nameSpace = lineField(QStringLiteral("namespace"), QStringLiteral("Namespace"), QStringLiteral("/"));
    // A line, not a Number field: empty is allowed and means no ack (checked in makeEmit).
    const TemplateField ack = lineField(QStringLiteral("ack"), QStringLiteral("Ack id"), {},
                                        QStringLiteral("A number asks the server to acknowledge; empty: no ack"));
    return {
        {QStringLiteral("socketio.emit"), group, QStringLiteral("emit"),
         QStringLiteral("An event with JSON arguments (Engine.IO message 4, Socket.IO EVENT 2)."),
         {nameSpace, lineField(QStringLiteral("event"), QStringLiteral("Event"), QStringLiteral("chat")),
          jsonField(QStringLiteral("args"), QStringLiteral("Arguments"), QStringLiteral("[\"hi\"]")), ack},
         &makeEmit},
        {QStringLiteral("socketio.join"), group, QStringLiteral("join namespace"),
         QStringLiteral("CONNECT to a namespace, with an auth payload (Socket.IO v4)."),
         {nameSpace, jsonField(QStringLiteral("auth"), QStringLiteral("Auth"), {}, QStringLiteral("A JSON object; empty: none"))},
         &makeJoin},
    };
}

} // namespace wsi::templates
