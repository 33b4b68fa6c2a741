// SPDX-License-Identifier: MIT
// The Socket.IO packet encoding (socket.io-protocol): type digit, attachment count and '-'
// for binary packets, "/namespace," unless it is "/", ack id digits, then JSON.
#pragma once

#include <QByteArray>
#include <QJsonValue>
#include <QString>

namespace wsi::decode {

struct SocketIoPacket
{
    enum Type : int { Connect = 0, Disconnect, Event, Ack, ConnectError, BinaryEvent, BinaryAck };

    int type = -1;
    int attachments = 0;
    QString nameSpace = QStringLiteral("/");
    qint64 ackId = -1;
    QJsonValue data = QJsonValue(QJsonValue::Undefined); // undefined when the packet has none
    QByteArray header; // the message up to the JSON, e.g. "451-/chat,7"
};

// Reads a packet from `text` starting at `from` (just after the Engine.IO type). Returns an
// empty string on success, else what is wrong and at which offset of the message.
QString readSocketIoPacket(const QByteArray &text, qsizetype from, SocketIoPacket *packet);

// "EVENT", "BINARY_ACK", ...; protocol 4 (Socket.IO v2) calls type 4 ERROR, 5 CONNECT_ERROR.
QString socketIoTypeName(int type, int engineIoVersion);

} // namespace wsi::decode
