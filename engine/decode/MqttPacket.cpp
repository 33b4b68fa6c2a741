// SPDX-License-Identifier: MIT
#include "decode/MqttPacket.h"

#include "decode/ByteReader.h"
#include "decode/MqttProperties.h"

namespace wsi::decode {

namespace {

enum Type : int {
    Connect = 1, Connack, Publish, Puback, Pubrec, Pubrel, Pubcomp, Subscribe, Suback,
    Unsubscribe, Unsuback, Pingreq, Pingresp, Disconnect, Auth
};

void addProperties(ByteReader &body, MqttPacket &packet)
{
    if (packet.version != 5)
        return;
    DecodedNode &properties = packet.tree.add(QStringLiteral("properties"));
    readMqttProperties(body, properties);
    properties.value = QString::number(properties.children.size());
}

void addPacketId(ByteReader &body, MqttPacket &packet, const QString &keyPrefix, CorrelationRole role)
{
    const quint16 id = body.u16("packet identifier");
    packet.summary += QStringLiteral(" id=%1").arg(id);
    packet.fields.append({QStringLiteral("id"), QString::number(id)});
    packet.tree.add(QStringLiteral("packet id"), QString::number(id));
    packet.correlation = {keyPrefix + QString::number(id), role};
}

void readConnect(ByteReader &body, MqttPacket &packet)
{
    const QString protocol = body.utf8("protocol name");
    const quint8 level = body.u8("protocol level");
    const quint8 flags = body.u8("connect flags");
    const quint16 keepAlive = body.u16("keep alive");
    if (body.failed())
        return;
    packet.version = level == 5 ? 5 : 4;
    packet.tree.add(QStringLiteral("protocol"), QStringLiteral("%1 level %2").arg(protocol).arg(level));
    packet.tree.add(QStringLiteral("keep alive"), QString::number(keepAlive));
    packet.tree.add(QStringLiteral("clean start"), (flags & 0x02) ? QStringLiteral("yes") : QStringLiteral("no"));
    addProperties(body, packet);
    const QString clientId = body.utf8("client identifier");
    packet.tree.add(QStringLiteral("client id"), clientId);
    packet.fields.append({QStringLiteral("client"), clientId});
    if (flags & 0x04) { // will flag
        if (packet.version == 5) {
            DecodedNode &willProperties = packet.tree.add(QStringLiteral("will properties"));
            readMqttProperties(body, willProperties);
        }
        packet.tree.add(QStringLiteral("will topic"), body.utf8("will topic"));
        packet.tree.add(QStringLiteral("will payload"), QString::fromUtf8(body.lengthPrefixed("will payload")));
        packet.tree.add(QStringLiteral("will qos"), QString::number((flags >> 3) & 3));
    }
    if (flags & 0x80)
        packet.tree.add(QStringLiteral("username"), body.utf8("user name"));
    if (flags & 0x40) {
        body.lengthPrefixed("password");
        packet.tree.add(QStringLiteral("password"), QStringLiteral("(hidden)"));
    }
    packet.summary += QStringLiteral(" %1 v%2 client=%3 keepalive=%4")
                          .arg(protocol)
                          .arg(packet.version == 5 ? QStringLiteral("5") : QStringLiteral("3.1.1"), clientId)
                          .arg(keepAlive);
    packet.correlation = {QStringLiteral("connect"), CorrelationRole::Request};
}

void readConnack(ByteReader &body, MqttPacket &packet)
{
    const quint8 flags = body.u8("acknowledge flags");
    const quint8 code = body.u8("return code");
    packet.tree.add(QStringLiteral("session present"), (flags & 1) ? QStringLiteral("yes") : QStringLiteral("no"));
    packet.tree.add(packet.version == 5 ? QStringLiteral("reason code") : QStringLiteral("return code"), QString::number(code));
    packet.summary += QStringLiteral(" rc=%1").arg(code);
    addProperties(body, packet);
    packet.correlation = {QStringLiteral("connect"), CorrelationRole::Response};
}

void readPublish(ByteReader &body, MqttPacket &packet)
{
    const int qos = (packet.flags >> 1) & 3;
    if (qos == 3) {
        body.fail(QStringLiteral("PUBLISH at offset %1: QoS 3 is not allowed").arg(body.offset()));
        return;
    }
    const QString topic = body.utf8("topic name");
    packet.summary += QStringLiteral(" %1 qos%2").arg(topic).arg(qos);
    packet.fields.append({QStringLiteral("topic"), topic});
    packet.tree.add(QStringLiteral("topic"), topic);
    packet.tree.add(QStringLiteral("qos"), QString::number(qos));
    packet.tree.add(QStringLiteral("retain"), (packet.flags & 1) ? QStringLiteral("yes") : QStringLiteral("no"));
    packet.tree.add(QStringLiteral("dup"), (packet.flags & 8) ? QStringLiteral("yes") : QStringLiteral("no"));
    if (qos > 0)
        addPacketId(body, packet, QString(), CorrelationRole::Request);
    if (packet.flags & 1)
        packet.summary += QStringLiteral(" retain");
    addProperties(body, packet);
    const QByteArray payload = body.bytes(body.remaining(), "payload");
    packet.summary += QStringLiteral(" (%1 B)").arg(payload.size());
    packet.tree.children.append(nodeFromCbor(QStringLiteral("payload"), QCborValue(payload)));
    packet.tree.children.last().add(QStringLiteral("text"), QString::fromUtf8(payload.left(4096)));
}

// PUBACK, PUBREC, PUBREL, PUBCOMP: a packet id, and in 5.0 a reason code and properties
// when the remaining length says so (section 3.4.2.1).
void readAcknowledgement(ByteReader &body, MqttPacket &packet)
{
    const bool isRelease = packet.type == Pubrel || packet.type == Pubcomp;
    const CorrelationRole role = packet.type == Pubrel ? CorrelationRole::Request : CorrelationRole::Response;
    addPacketId(body, packet, isRelease ? QStringLiteral("rel:") : QString(), role);
    if (packet.version == 5 && !body.atEnd()) {
        const quint8 reason = body.u8("reason code");
        packet.tree.add(QStringLiteral("reason code"), QString::number(reason));
        packet.summary += QStringLiteral(" rc=%1").arg(reason);
        if (!body.atEnd())
            addProperties(body, packet);
    }
}

void readSubscribe(ByteReader &body, MqttPacket &packet, bool withOptions)
{
    addPacketId(body, packet, withOptions ? QStringLiteral("sub:") : QStringLiteral("unsub:"), CorrelationRole::Request);
    addProperties(body, packet);
    DecodedNode &topics = packet.tree.add(QStringLiteral("topics"));
    QStringList names;
    while (!body.atEnd() && !body.failed()) {
        const QString topic = body.utf8("topic filter");
        QString value = topic;
        if (withOptions) {
            const quint8 options = body.u8("subscription options");
            value += QStringLiteral(" qos%1").arg(options & 3);
        }
        topics.add(QStringLiteral("[%1]").arg(names.size()), value);
        packet.fields.append({QStringLiteral("topic"), topic});
        names.append(value);
    }
    if (names.isEmpty() && !body.failed())
        body.fail(QStringLiteral("%1 at offset %2: no topic filter").arg(mqttTypeName(packet.type)).arg(body.offset()));
    packet.summary += QLatin1Char(' ') + names.join(QStringLiteral(", "));
}

void readSubscribeAck(ByteReader &body, MqttPacket &packet)
{
    addPacketId(body, packet, packet.type == Suback ? QStringLiteral("sub:") : QStringLiteral("unsub:"), CorrelationRole::Response);
    addProperties(body, packet);
    // 3.1.1's UNSUBACK has no payload; everything else lists a code per topic.
    QStringList codes;
    while (!body.atEnd() && !body.failed())
        codes.append(QString::number(body.u8("return code")));
    if (!codes.isEmpty()) {
        packet.tree.add(QStringLiteral("codes"), codes.join(QLatin1Char(',')));
        packet.summary += QStringLiteral(" codes=") + codes.join(QLatin1Char(','));
    }
}

// DISCONNECT and AUTH in 5.0: an optional reason code, then optional properties.
void readReasonAndProperties(ByteReader &body, MqttPacket &packet)
{
    if (packet.version != 5 || body.atEnd())
        return;
    const quint8 reason = body.u8("reason code");
    packet.tree.add(QStringLiteral("reason code"), QString::number(reason));
    packet.summary += QStringLiteral(" rc=%1").arg(reason);
    if (!body.atEnd())
        addProperties(body, packet);
}

} // namespace

QString mqttTypeName(int type)
{
    static const char *const names[] = {"RESERVED", "CONNECT", "CONNACK", "PUBLISH", "PUBACK", "PUBREC",
                                        "PUBREL", "PUBCOMP", "SUBSCRIBE", "SUBACK", "UNSUBSCRIBE",
                                        "UNSUBACK", "PINGREQ", "PINGRESP", "DISCONNECT", "AUTH"};
    return QLatin1String(names[type & 15]);
}

void readMqttPacket(ByteReader &body, MqttPacket &packet)
{
    packet.summary = mqttTypeName(packet.type);
    packet.fields.append({QStringLiteral("type"), packet.summary});
    packet.tree.name = packet.summary;
    switch (packet.type) {
    case Connect: readConnect(body, packet); break;
    case Connack: readConnack(body, packet); break;
    case Publish: readPublish(body, packet); break;
    case Puback: case Pubrec: case Pubrel: case Pubcomp: readAcknowledgement(body, packet); break;
    case Subscribe: readSubscribe(body, packet, true); break;
    case Unsubscribe: readSubscribe(body, packet, false); break;
    case Suback: case Unsuback: readSubscribeAck(body, packet); break;
    case Pingreq: packet.correlation = {QStringLiteral("ping"), CorrelationRole::Request}; break;
    case Pingresp: packet.correlation = {QStringLiteral("ping"), CorrelationRole::Response}; break;
    case Disconnect: case Auth: readReasonAndProperties(body, packet); break;
    default:
        body.fail(QStringLiteral("packet type 0 is reserved"));
        return;
    }
    if (!body.failed() && !body.atEnd())
        body.fail(QStringLiteral("%1: %2 B left over at offset %3").arg(packet.summary.section(QLatin1Char(' '), 0, 0)).arg(body.remaining()).arg(body.offset()));
}

} // namespace wsi::decode
