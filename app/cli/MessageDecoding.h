// SPDX-License-Identifier: MIT
#pragma once
// `connect --decode`: what each message means in its application protocol (MQTT, STOMP,
// Socket.IO, graphql-ws, JSON-RPC, ...), read by engine/decode as the window's log reads it.
// EventPrinter sees only this interface, so code that prints without decoding (the log
// view's tests compile EventPrinter) links no decoder.
#include "net/LogEvent.h"

#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>

#include <memory>

struct DecodedMessage
{
    bool decoded = false;
    QString protocol; // the decoder's id, "mqtt"
    QString summary;  // "PUBLISH sensors/1 qos1 id=5 (4 B)"
    QList<QPair<QString, QString>> fields;
    QString correlation; // the key that pairs a request with its response, or empty
    QString error;       // when the chosen decoder found the message broken
};

class MessageDecoding
{
public:
    virtual ~MessageDecoding() = default;
    // The negotiated subprotocol picks the decoder when the choice is "auto".
    virtual void setSubprotocol(const QString &subprotocol) = 0;
    // Every message goes through, in both directions and in order: some protocols carry
    // state from one to the next (MQTT's version, Socket.IO's binary attachments).
    virtual DecodedMessage decode(const wsi::net::LogEvent &message) = 0;
};

// "auto" or a decoder's id; nullptr with *problem set when there is no such decoder.
std::unique_ptr<MessageDecoding> makeMessageDecoding(const QString &choice, QString *problem);
// "auto" and every decoder's id, for --help and the completions.
QStringList messageDecodingChoices();
