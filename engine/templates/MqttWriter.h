// SPDX-License-Identifier: MIT
// MQTT control packets written byte by byte (3.1.1: OASIS mqtt-v3.1.1 section 3; 5.0:
// mqtt-v5.0 section 3), for the composer's templates. Only what a person typing a
// conversation by hand needs: CONNECT, SUBSCRIBE, UNSUBSCRIBE, PUBLISH, PUBACK, PINGREQ,
// DISCONNECT. MQTT 5's properties are written empty; a broker accepts that.
#pragma once

#include <QByteArray>
#include <QString>

namespace wsi::templates {

enum class MqttVersion : quint8 { V311 = 4, V5 = 5 };

struct MqttConnect
{
    MqttVersion version = MqttVersion::V311;
    QString clientId;
    bool cleanStart = true;
    quint16 keepAliveSeconds = 60;
    QString username; // empty: not sent
    QString password; // empty: not sent
};

struct MqttPublish
{
    MqttVersion version = MqttVersion::V311;
    QString topic;
    int qos = 0;
    bool retain = false;
    quint16 packetId = 1; // only written when qos > 0
    QByteArray payload;
};

// Each returns the packet, or an empty array with *problem set (a string over 65,535
// UTF-8 bytes, a packet over the 256 MiB the remaining length can say).
QByteArray writeMqttConnect(const MqttConnect &connect, QString *problem);
QByteArray writeMqttSubscribe(MqttVersion version, quint16 packetId, const QString &topicFilter, int qos, QString *problem);
QByteArray writeMqttUnsubscribe(MqttVersion version, quint16 packetId, const QString &topicFilter, QString *problem);
QByteArray writeMqttPublish(const MqttPublish &publish, QString *problem);
QByteArray writeMqttPuback(MqttVersion version, quint16 packetId);
QByteArray writeMqttPingreq();
QByteArray writeMqttDisconnect(MqttVersion version);

// The remaining length's variable byte integer (section 1.5.5 / 2.2.3).
QByteArray mqttVariableLength(quint32 value);

} // namespace wsi::templates
