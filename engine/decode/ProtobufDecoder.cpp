// SPDX-License-Identifier: MIT
#include "decode/ProtobufDecoder.h"

#include "decode/DecodeContext.h"
#include "decode/ProtobufSchema.h"
#include "decode/ProtobufWire.h"

namespace wsi::decode {

DecodeResult ProtobufDecoder::decode(const DecodeInput &input, DecodeContext &context) const
{
    const QString type = input.direction == PayloadDirection::Incoming ? context.protobufIncomingType
                                                                       : context.protobufOutgoingType;
    Decoded decoded;
    decoded.protocol = id();
    if (context.protobufSchema && !type.isEmpty()) {
        QJsonObject json;
        QString error;
        if (!context.protobufSchema->toJson(type, input.payload, &json, &error)) {
            // Say where the bytes stop being protobuf at all, when the wire format can tell.
            const ProtobufWireResult wire = readProtobufWire(input.payload, false);
            return DecodeResult::malformed(wire.error.isEmpty() ? error : error + QStringLiteral(": ") + wire.error);
        }
        decoded.summary = type + QLatin1Char(' ') + compactJson(json, 100);
        decoded.addField(QStringLiteral("type"), type);
        if (input.wantsTree)
            decoded.tree = nodeFromJson(type, json);
        return DecodeResult::ok(std::move(decoded));
    }
    const ProtobufWireResult wire = readProtobufWire(input.payload, input.wantsTree);
    if (!wire.error.isEmpty())
        return DecodeResult::malformed(QStringLiteral("protobuf wire format: ") + wire.error);
    decoded.summary = wire.summary;
    decoded.tree = wire.tree;
    return DecodeResult::ok(std::move(decoded));
}

} // namespace wsi::decode
