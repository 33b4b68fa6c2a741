// SPDX-License-Identifier: MIT
// What decoding one tab's messages carries from message to message: the negotiated
// subprotocol, versions learnt from handshakes (Engine.IO, MQTT), the protobuf schema, and
// reassembly across messages (Socket.IO binary attachments, MQTT packets split over
// WebSocket messages). One per tab, used on the UI thread.
//
// Reassembly needs the messages in order. Each input carries its row's sequence number:
// the first visit of a sequence (higher than any before in its direction) may change the
// state; a later visit (a view decoding that row again) finds the result it gave then, so a
// row decodes the same however often and in whatever order the views ask.
#pragma once

#include "decode/Decoded.h"
#include "decode/Decoder.h"

#include <QHash>
#include <QJsonValue>
#include <QList>
#include <memory>

namespace wsi::decode {

class ProtobufSchema;

// A Socket.IO packet whose binary attachments are still to come.
struct SocketIoPending
{
    Decoded packet;          // as decoded, placeholders in place, with its tree
    QString head;            // its summary up to the arguments: `451-/chat,7 emit "upload"`
    QJsonValue data;         // its arguments, placeholders to be replaced
    int expected = 0;
    QList<QByteArray> attachments;
};

class DecodeContext
{
public:
    QString subprotocol;
    int engineIoVersion = 0; // 3 or 4 once an open packet told; 0 unknown (read as 4)
    int mqttVersion = 0;     // 4 (3.1.1) or 5 once a CONNECT told; 0 unknown (read as 4)
    int mqttSessionVersion() const { return mqttVersion == 5 ? 5 : 4; }

    std::shared_ptr<const ProtobufSchema> protobufSchema;
    QString protobufIncomingType; // full message names, e.g. "demo.Reading"
    QString protobufOutgoingType;

    // True once per sequence, for the first sequence past the last in that direction;
    // a sequence < 0 (a payload outside any log) is never a first visit.
    bool isFirstVisit(PayloadDirection direction, qint64 sequence);
    // Results of messages that completed a reassembly, found again on later visits.
    void remember(qint64 sequence, const DecodeResult &result);
    const DecodeResult *remembered(qint64 sequence) const;

    SocketIoPending &socketIoPending(PayloadDirection direction);
    QByteArray &mqttCarry(PayloadDirection direction); // bytes of a packet cut short

    void reset();

private:
    static int index(PayloadDirection direction) { return direction == PayloadDirection::Incoming ? 0 : 1; }

    qint64 m_lastSequence[2] = {-1, -1};
    SocketIoPending m_socketIoPending[2];
    QByteArray m_mqttCarry[2];
    QHash<qint64, DecodeResult> m_remembered;
};

} // namespace wsi::decode
