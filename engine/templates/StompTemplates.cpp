// SPDX-License-Identifier: MIT
// STOMP 1.2 over WebSocket (the v12.stomp subprotocol): frames as text messages.
#include "templates/StompWriter.h"
#include "templates/TemplateCatalog.h"

namespace wsi::templates {

namespace {

TemplateOutput stompOutput(const QString &command, const StompHeaders &headers, const QByteArray &body = {})
{
    TemplateOutput out;
    out.bytes = writeStompFrame(command, headers, body, &out.problem);
    return out;
}

// Optional headers are left out when empty, rather than sent with an empty value.
void addIfSet(StompHeaders &headers, const QString &name, const QString &value)
{
    if (!value.isEmpty())
        headers.append({name, value});
}

TemplateOutput makeConnect(const TemplateValues &v)
{
    StompHeaders headers{{QStringLiteral("accept-version"), v[QStringLiteral("accept-version")]},
                         {QStringLiteral("host"), v[QStringLiteral("host")]}};
    addIfSet(headers, QStringLiteral("login"), v[QStringLiteral("login")]);
    addIfSet(headers, QStringLiteral("passcode"), v[QStringLiteral("passcode")]);
    addIfSet(headers, QStringLiteral("heart-beat"), v[QStringLiteral("heart-beat")]);
    return stompOutput(QStringLiteral("CONNECT"), headers);
}

TemplateOutput makeSubscribe(const TemplateValues &v)
{
    return stompOutput(QStringLiteral("SUBSCRIBE"), {{QStringLiteral("id"), v[QStringLiteral("id")]},
                                                     {QStringLiteral("destination"), v[QStringLiteral("destination")]},
                                                     {QStringLiteral("ack"), v[QStringLiteral("ack")]}});
}

TemplateOutput makeSend(const TemplateValues &v)
{
    const QByteArray body = v[QStringLiteral("body")].toUtf8();
    StompHeaders headers{{QStringLiteral("destination"), v[QStringLiteral("destination")]}};
    addIfSet(headers, QStringLiteral("content-type"), v[QStringLiteral("content-type")]);
    // content-length lets the body hold any byte, NUL included (section "Header content-length").
    headers.append({QStringLiteral("content-length"), QString::number(body.size())});
    addIfSet(headers, QStringLiteral("receipt"), v[QStringLiteral("receipt")]);
    return stompOutput(QStringLiteral("SEND"), headers, body);
}

TemplateOutput makeUnsubscribe(const TemplateValues &v)
{
    return stompOutput(QStringLiteral("UNSUBSCRIBE"), {{QStringLiteral("id"), v[QStringLiteral("id")]}});
}

TemplateOutput makeDisconnect(const TemplateValues &v)
{
    StompHeaders headers;
    addIfSet(headers, QStringLiteral("receipt"), v[QStringLiteral("receipt")]);
    return stompOutput(QStringLiteral("DISCONNECT"), headers);
}

} // namespace

QList<MessageTemplate> stompTemplates()
{
    const QString stomp = QStringLiteral("STOMP");
    const TemplateField destination = lineField(QStringLiteral("destination"), QStringLiteral("Destination"),
                                                QStringLiteral("/topic/greetings"));
    const TemplateField subscriptionId = lineField(QStringLiteral("id"), QStringLiteral("Subscription id"), QStringLiteral("sub-0"),
                                                   QStringLiteral("Names the subscription in MESSAGE frames and UNSUBSCRIBE"));
    const TemplateField receipt = lineField(QStringLiteral("receipt"), QStringLiteral("Receipt"), {},
                                            QStringLiteral("Ask the broker for a RECEIPT frame with this id (empty: none)"));
    return {
        {QStringLiteral("stomp.connect"), stomp, QStringLiteral("CONNECT"),
         QStringLiteral("Opens the STOMP session; the broker answers CONNECTED or ERROR."),
         {lineField(QStringLiteral("accept-version"), QStringLiteral("Accept versions"), QStringLiteral("1.2")),
          lineField(QStringLiteral("host"), QStringLiteral("Virtual host"), QStringLiteral("/")),
          lineField(QStringLiteral("login"), QStringLiteral("Login"), {}),
          lineField(QStringLiteral("passcode"), QStringLiteral("Passcode"), {}),
          lineField(QStringLiteral("heart-beat"), QStringLiteral("Heart-beat"), QStringLiteral("10000,10000"),
                    QStringLiteral("cx,cy: the ms between our beats, and between the broker's we want (0: none)"))},
         &makeConnect},
        {QStringLiteral("stomp.subscribe"), stomp, QStringLiteral("SUBSCRIBE"),
         QStringLiteral("Receives the destination's messages as MESSAGE frames."),
         {subscriptionId, destination,
          choiceField(QStringLiteral("ack"), QStringLiteral("Acknowledgement"),
                      {QStringLiteral("auto"), QStringLiteral("client"), QStringLiteral("client-individual")})},
         &makeSubscribe},
        {QStringLiteral("stomp.send"), stomp, QStringLiteral("SEND"), QStringLiteral("Sends a message to a destination."),
         {destination, lineField(QStringLiteral("content-type"), QStringLiteral("Content type"), QStringLiteral("text/plain")),
          textField(QStringLiteral("body"), QStringLiteral("Body"), QStringLiteral("Hello, STOMP")), receipt},
         &makeSend},
        {QStringLiteral("stomp.unsubscribe"), stomp, QStringLiteral("UNSUBSCRIBE"), QStringLiteral("Ends a subscription."),
         {subscriptionId}, &makeUnsubscribe},
        {QStringLiteral("stomp.disconnect"), stomp, QStringLiteral("DISCONNECT"),
         QStringLiteral("Ends the session gracefully (with a receipt, the broker confirms it saw everything before)."),
         {receipt}, &makeDisconnect},
    };
}

} // namespace wsi::templates
