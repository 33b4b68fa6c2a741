// SPDX-License-Identifier: MIT
// The decoder interface: one application protocol (Socket.IO, STOMP, MQTT, ...) read from
// one stored message payload. Decoders are stateless objects shared by every tab; whatever a
// protocol carries across messages lives in the tab's DecodeContext. No decoder touches the
// network code: input is the payload the store kept.
#pragma once

#include "decode/Decoded.h"

#include <QByteArray>
#include <QString>

namespace wsi::decode {

class DecodeContext;

enum class PayloadDirection : quint8 { Incoming, Outgoing };

struct DecodeInput
{
    QByteArray payload;
    bool isText = true;
    PayloadDirection direction = PayloadDirection::Incoming;
    // The log's rows need a summary and fields only; the details pane asks for the tree.
    // Decoders skip building it otherwise, so a screenful of rows costs a few strings each.
    bool wantsTree = false;
    // The row's place in its tab (MessageStore row number); -1 outside a log. See DecodeContext.
    qint64 sequence = -1;
};

struct DecodeResult
{
    enum class Status : quint8 {
        NotRecognised, // not this protocol (nothing to show; not an error)
        Decoded,
        Malformed,     // this protocol, but broken: error says where
    };

    Status status = Status::NotRecognised;
    Decoded decoded;
    QString error;

    bool isDecoded() const { return status == Status::Decoded; }
    static DecodeResult notRecognised() { return {}; }
    static DecodeResult malformed(const QString &why)
    {
        DecodeResult result;
        result.status = Status::Malformed;
        result.error = why;
        return result;
    }
    static DecodeResult ok(Decoded decoded)
    {
        DecodeResult result;
        result.status = Status::Decoded;
        result.decoded = std::move(decoded);
        return result;
    }
};

class Decoder
{
public:
    virtual ~Decoder() = default;

    // Stable id ("socketio", "mqtt"), used in settings and by DecoderRegistry::find().
    virtual QString id() const = 0;
    virtual QString displayName() const = 0;
    // A cheap look at the first bytes, for the automatic choice from content. A decoder
    // that cannot tell from content (MQTT, MessagePack, protobuf) answers false: those are
    // chosen from the subprotocol or by hand.
    virtual bool recognises(const DecodeInput &input) const = 0;
    // Malformed input gives Status::Malformed with the offset or field that is wrong;
    // input that is plainly another protocol gives NotRecognised.
    virtual DecodeResult decode(const DecodeInput &input, DecodeContext &context) const = 0;
};

} // namespace wsi::decode
