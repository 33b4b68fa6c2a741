// SPDX-License-Identifier: MIT
#include "templates/MqttWriter.h"

namespace wsi::templates {

namespace {

constexpr quint32 MaxRemainingLength = 268435455; // four variable-length bytes

enum PacketType : quint8 {
    Connect = 1, Publish = 3, Puback = 4, Subscribe = 8, Unsubscribe = 10, Pingreq = 12, Disconnect = 14
};

void appendUint16(QByteArray &out, quint16 value)
{
    out.append(char(value >> 8));
    out.append(char(value & 0xff));
}

// A UTF-8 string or binary data: two length bytes, then the bytes.
bool appendPrefixed(QByteArray &out, const QByteArray &bytes, const char *what, QString *problem)
{
    if (bytes.size() > 0xffff) {
        *problem = QStringLiteral("the %1 is %2 bytes; MQTT allows at most 65,535").arg(QLatin1String(what)).arg(bytes.size());
        return false;
    }
    appendUint16(out, quint16(bytes.size()));
    out.append(bytes);
    return true;
}

// MQTT 5 puts a property length before the payload of most packets; ours are empty.
void appendNoProperties(QByteArray &out, MqttVersion version)
{
    if (version == MqttVersion::V5)
        out.append('\0');
}

QByteArray packet(quint8 typeAndFlags, const QByteArray &body, QString *problem)
{
    if (quint64(body.size()) > MaxRemainingLength) {
        *problem = QStringLiteral("the packet's body is %1 bytes; MQTT's remaining length allows at most 268,435,455")
                       .arg(body.size());
        return {};
    }
    QByteArray out;
    out.reserve(body.size() + 5);
    out.append(char(typeAndFlags));
    out.append(mqttVariableLength(quint32(body.size())));
    out.append(body);
    return out;
}

bool checkQos(int qos, QString *problem)
{
    if (qos >= 0 && qos <= 2)
        return true;
    *problem = QStringLiteral("QoS %1 does not exist: use 0, 1 or 2").arg(qos);
    return false;
}

bool checkPacketId(quint16 packetId, QString *problem)
{
    if (packetId != 0)
        return true;
    *problem = QStringLiteral("packet identifier 0 is not allowed: use 1 to 65535");
    return false;
}

// SUBSCRIBE's and UNSUBSCRIBE's body up to the filter's options: packet id, properties,
// the topic filter. Empty with *problem set when a value cannot be written.
QByteArray subscriptionBody(MqttVersion version, quint16 packetId, const QString &topicFilter, QString *problem)
{
    if (!checkPacketId(packetId, problem))
        return {};
    if (topicFilter.isEmpty()) {
        *problem = QStringLiteral("the topic filter is empty: name a topic, or # for all");
        return {};
    }
    QByteArray body;
    appendUint16(body, packetId);
    appendNoProperties(body, version);
    if (!appendPrefixed(body, topicFilter.toUtf8(), "topic filter", problem))
        return {};
    return body;
}

} // namespace

QByteArray mqttVariableLength(quint32 value)
{
    QByteArray out;
    do {
        quint8 digit = value % 128;
        value /= 128;
        if (value > 0)
            digit |= 0x80;
        out.append(char(digit));
    } while (value > 0);
    return out;
}

QByteArray writeMqttConnect(const MqttConnect &connect, QString *problem)
{
    QByteArray body;
    appendPrefixed(body, QByteArrayLiteral("MQTT"), "protocol name", problem);
    body.append(char(connect.version));
    quint8 flags = connect.cleanStart ? 0x02 : 0x00;
    if (!connect.username.isEmpty())
        flags |= 0x80;
    if (!connect.password.isEmpty())
        flags |= 0x40;
    body.append(char(flags));
    appendUint16(body, connect.keepAliveSeconds);
    appendNoProperties(body, connect.version);
    if (!appendPrefixed(body, connect.clientId.toUtf8(), "client identifier", problem))
        return {};
    if (!connect.username.isEmpty() && !appendPrefixed(body, connect.username.toUtf8(), "user name", problem))
        return {};
    if (!connect.password.isEmpty() && !appendPrefixed(body, connect.password.toUtf8(), "password", problem))
        return {};
    return packet(Connect << 4, body, problem);
}

QByteArray writeMqttSubscribe(MqttVersion version, quint16 packetId, const QString &topicFilter, int qos, QString *problem)
{
    if (!checkQos(qos, problem))
        return {};
    QByteArray body = subscriptionBody(version, packetId, topicFilter, problem);
    if (body.isEmpty())
        return {};
    body.append(char(qos)); // 5.0's other option bits (no local, retain handling) stay 0
    // SUBSCRIBE's fixed header flags are 0010 (section 3.8.1).
    return packet(Subscribe << 4 | 0x02, body, problem);
}

QByteArray writeMqttUnsubscribe(MqttVersion version, quint16 packetId, const QString &topicFilter, QString *problem)
{
    const QByteArray body = subscriptionBody(version, packetId, topicFilter, problem);
    return body.isEmpty() ? QByteArray() : packet(Unsubscribe << 4 | 0x02, body, problem);
}

QByteArray writeMqttPublish(const MqttPublish &publish, QString *problem)
{
    if (!checkQos(publish.qos, problem))
        return {};
    if (publish.topic.isEmpty() || publish.topic.contains(QLatin1Char('#')) || publish.topic.contains(QLatin1Char('+'))) {
        *problem = publish.topic.isEmpty()
            ? QStringLiteral("the topic is empty: PUBLISH needs a topic name")
            : QStringLiteral("the topic \"%1\" has a wildcard (+ or #): only SUBSCRIBE takes those").arg(publish.topic);
        return {};
    }
    if (publish.qos > 0 && !checkPacketId(publish.packetId, problem))
        return {};
    QByteArray body;
    if (!appendPrefixed(body, publish.topic.toUtf8(), "topic", problem))
        return {};
    if (publish.qos > 0)
        appendUint16(body, publish.packetId);
    appendNoProperties(body, publish.version);
    body.append(publish.payload);
    const quint8 flags = quint8(publish.qos << 1) | (publish.retain ? 0x01 : 0x00);
    return packet(Publish << 4 | flags, body, problem);
}

QByteArray writeMqttPuback(MqttVersion version, quint16 packetId)
{
    // 5.0 may leave out the reason code and properties when the reason is success (3.4.2.1).
    Q_UNUSED(version);
    QByteArray body;
    appendUint16(body, packetId);
    QString unused;
    return packet(Puback << 4, body, &unused);
}

QByteArray writeMqttPingreq()
{
    return QByteArray("\xc0\x00", 2);
}

QByteArray writeMqttDisconnect(MqttVersion version)
{
    // 3.1.1: no body. 5.0: a reason code and properties may follow; none means 0x00 normal.
    Q_UNUSED(version);
    return QByteArray("\xe0\x00", 2);
}

} // namespace wsi::templates
