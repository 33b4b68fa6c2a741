// SPDX-License-Identifier: MIT
// MQTT over WebSocket (the mqtt subprotocol): each control packet a binary message.
#include "templates/MqttWriter.h"
#include "templates/TemplateCatalog.h"

namespace wsi::templates {

namespace {

MqttVersion versionOf(const TemplateValues &v)
{
    return v[QStringLiteral("version")] == QLatin1String("5.0") ? MqttVersion::V5 : MqttVersion::V311;
}

quint16 packetIdOf(const TemplateValues &v)
{
    return quint16(v[QStringLiteral("packet-id")].toUInt());
}

TemplateOutput binary(QByteArray bytes, const QString &problem)
{
    TemplateOutput out;
    out.isText = false;
    out.bytes = std::move(bytes);
    out.problem = problem;
    return out;
}

TemplateOutput makeConnect(const TemplateValues &v)
{
    MqttConnect connect;
    connect.version = versionOf(v);
    connect.clientId = v[QStringLiteral("client-id")];
    connect.cleanStart = v[QStringLiteral("clean")] == QLatin1String("true");
    connect.keepAliveSeconds = quint16(v[QStringLiteral("keep-alive")].toUInt());
    connect.username = v[QStringLiteral("username")];
    connect.password = v[QStringLiteral("password")];
    QString problem;
    QByteArray bytes = writeMqttConnect(connect, &problem);
    return binary(std::move(bytes), problem);
}

TemplateOutput makeSubscribe(const TemplateValues &v)
{
    QString problem;
    QByteArray bytes = writeMqttSubscribe(versionOf(v), packetIdOf(v), v[QStringLiteral("topic")],
                                          v[QStringLiteral("qos")].toInt(), &problem);
    return binary(std::move(bytes), problem);
}

TemplateOutput makeUnsubscribe(const TemplateValues &v)
{
    QString problem;
    QByteArray bytes = writeMqttUnsubscribe(versionOf(v), packetIdOf(v), v[QStringLiteral("topic")], &problem);
    return binary(std::move(bytes), problem);
}

TemplateOutput makePublish(const TemplateValues &v)
{
    MqttPublish publish;
    publish.version = versionOf(v);
    publish.topic = v[QStringLiteral("topic")];
    publish.qos = v[QStringLiteral("qos")].toInt();
    publish.retain = v[QStringLiteral("retain")] == QLatin1String("true");
    publish.packetId = packetIdOf(v);
    publish.payload = v[QStringLiteral("payload")].toUtf8();
    QString problem;
    QByteArray bytes = writeMqttPublish(publish, &problem);
    return binary(std::move(bytes), problem);
}

TemplateOutput makePuback(const TemplateValues &v)
{
    return binary(writeMqttPuback(versionOf(v), packetIdOf(v)), {});
}

TemplateOutput makePingreq(const TemplateValues &)
{
    return binary(writeMqttPingreq(), {});
}

TemplateOutput makeDisconnect(const TemplateValues &v)
{
    return binary(writeMqttDisconnect(versionOf(v)), {});
}

} // namespace

QList<MessageTemplate> mqttTemplates()
{
    const QString mqtt = QStringLiteral("MQTT");
    const TemplateField version = choiceField(QStringLiteral("version"), QStringLiteral("Version"),
                                              {QStringLiteral("3.1.1"), QStringLiteral("5.0")},
                                              QStringLiteral("Later packets must use the version CONNECT chose"));
    const TemplateField packetId = numberField(QStringLiteral("packet-id"), QStringLiteral("Packet id"), 1, 1, 65535,
                                               QStringLiteral("Pairs the packet with its acknowledgement"));
    const TemplateField qos = choiceField(QStringLiteral("qos"), QStringLiteral("QoS"),
                                          {QStringLiteral("0"), QStringLiteral("1"), QStringLiteral("2")});
    const TemplateField filter = lineField(QStringLiteral("topic"), QStringLiteral("Topic filter"), QStringLiteral("sensors/#"),
                                           QStringLiteral("+ matches one level, # the rest"));
    return {
        {QStringLiteral("mqtt.connect"), mqtt, QStringLiteral("CONNECT"),
         QStringLiteral("Opens the MQTT session; the broker answers CONNACK."),
         {version, lineField(QStringLiteral("client-id"), QStringLiteral("Client id"), QStringLiteral("wsinspect"),
                             QStringLiteral("Empty: the broker assigns one (with clean start)")),
          checkField(QStringLiteral("clean"), QStringLiteral("Clean start"), true),
          numberField(QStringLiteral("keep-alive"), QStringLiteral("Keep alive (s)"), 60, 0, 65535,
                      QStringLiteral("The broker drops us after 1.5 times this without a packet; 0: never")),
          lineField(QStringLiteral("username"), QStringLiteral("User name"), {}),
          lineField(QStringLiteral("password"), QStringLiteral("Password"), {})},
         &makeConnect},
        {QStringLiteral("mqtt.subscribe"), mqtt, QStringLiteral("SUBSCRIBE"),
         QStringLiteral("Receives PUBLISH packets for the topics the filter matches; the broker answers SUBACK."),
         {version, packetId, filter, qos}, &makeSubscribe},
        {QStringLiteral("mqtt.publish"), mqtt, QStringLiteral("PUBLISH"),
         QStringLiteral("Publishes a payload to a topic (QoS 1 is answered with PUBACK, 2 with PUBREC)."),
         {version, lineField(QStringLiteral("topic"), QStringLiteral("Topic"), QStringLiteral("sensors/1")), qos,
          checkField(QStringLiteral("retain"), QStringLiteral("Retain"), false,
                     QStringLiteral("The broker keeps it and gives it to later subscribers")),
          packetId, textField(QStringLiteral("payload"), QStringLiteral("Payload"), QStringLiteral("{\"celsius\": 21.5}"))},
         &makePublish},
        {QStringLiteral("mqtt.puback"), mqtt, QStringLiteral("PUBACK"),
         QStringLiteral("Acknowledges a QoS 1 PUBLISH the broker sent."), {version, packetId}, &makePuback},
        {QStringLiteral("mqtt.unsubscribe"), mqtt, QStringLiteral("UNSUBSCRIBE"), QStringLiteral("Ends a subscription."),
         {version, packetId, filter}, &makeUnsubscribe},
        {QStringLiteral("mqtt.pingreq"), mqtt, QStringLiteral("PINGREQ"),
         QStringLiteral("Keeps the session alive; the broker answers PINGRESP."), {}, &makePingreq},
        {QStringLiteral("mqtt.disconnect"), mqtt, QStringLiteral("DISCONNECT"),
         QStringLiteral("Ends the session; the broker discards the will message."), {version}, &makeDisconnect},
    };
}

} // namespace wsi::templates
