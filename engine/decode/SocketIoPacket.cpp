// SPDX-License-Identifier: MIT
#include "decode/SocketIoPacket.h"

#include "decode/JsonPayload.h"

#include <QJsonArray>

namespace wsi::decode {

namespace {

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

} // namespace

QString readSocketIoPacket(const QByteArray &text, qsizetype from, SocketIoPacket *packet)
{
    qsizetype at = from;
    if (at >= text.size() || text.at(at) < '0' || text.at(at) > '6')
        return QStringLiteral("Socket.IO packet type missing or unknown at offset %1").arg(at);
    packet->type = text.at(at++) - '0';

    if (packet->type == SocketIoPacket::BinaryEvent || packet->type == SocketIoPacket::BinaryAck) {
        const qsizetype start = at;
        while (at < text.size() && isDigit(text.at(at)))
            ++at;
        if (at == start || at >= text.size() || text.at(at) != '-')
            return QStringLiteral("binary packet: attachment count and '-' expected at offset %1").arg(start);
        packet->attachments = text.mid(start, at - start).toInt();
        ++at;
    }
    if (at < text.size() && text.at(at) == '/') {
        const qsizetype comma = text.indexOf(',', at);
        const qsizetype end = comma < 0 ? text.size() : comma;
        packet->nameSpace = QString::fromUtf8(text.mid(at, end - at));
        at = comma < 0 ? end : comma + 1;
    }
    const qsizetype idStart = at;
    while (at < text.size() && isDigit(text.at(at)))
        ++at;
    if (at > idStart)
        packet->ackId = text.mid(idStart, at - idStart).toLongLong();
    packet->header = text.mid(from - 1, at - from + 1);

    if (at < text.size()) {
        QString error;
        QJsonValue data;
        const QByteArray json = text.mid(at);
        if (!parseJsonPayload(json, &data, &error, at))
            return QStringLiteral("Socket.IO payload: %1").arg(error);
        packet->data = data;
    }
    const bool isEvent = packet->type == SocketIoPacket::Event || packet->type == SocketIoPacket::BinaryEvent;
    if (isEvent && (!packet->data.isArray() || packet->data.toArray().isEmpty()))
        return QStringLiteral("event packet: arguments must be a non-empty array (offset %1)").arg(at);
    return {};
}

QString socketIoTypeName(int type, int engineIoVersion)
{
    switch (type) {
    case SocketIoPacket::Connect: return QStringLiteral("CONNECT");
    case SocketIoPacket::Disconnect: return QStringLiteral("DISCONNECT");
    case SocketIoPacket::Event: return QStringLiteral("EVENT");
    case SocketIoPacket::Ack: return QStringLiteral("ACK");
    case SocketIoPacket::ConnectError:
        return engineIoVersion == 3 ? QStringLiteral("ERROR") : QStringLiteral("CONNECT_ERROR");
    case SocketIoPacket::BinaryEvent: return QStringLiteral("BINARY_EVENT");
    case SocketIoPacket::BinaryAck: return QStringLiteral("BINARY_ACK");
    default: return QStringLiteral("?");
    }
}

} // namespace wsi::decode
