// SPDX-License-Identifier: MIT
#include "decode/MqttDecoder.h"

#include "decode/ByteReader.h"
#include "decode/DecodeContext.h"
#include "decode/MqttPacket.h"

namespace wsi::decode {

DecodeResult MqttDecoder::decode(const DecodeInput &input, DecodeContext &context) const
{
    if (const DecodeResult *earlier = context.remembered(input.sequence))
        return *earlier;
    const bool firstVisit = context.isFirstVisit(input.direction, input.sequence);
    QByteArray &carry = context.mqttCarry(input.direction);
    if (!firstVisit || carry.isEmpty())
        return decodeBytes(input.payload, 0, input, context, firstVisit);

    // The rest of a packet begun in an earlier message: decode the two as one stream and
    // keep the answer for later visits of this row.
    const QByteArray joined = carry + input.payload;
    const qsizetype carried = carry.size();
    carry.clear();
    DecodeInput whole = input;
    whole.wantsTree = true;
    DecodeResult result = decodeBytes(joined, carried, whole, context, true);
    context.remember(input.sequence, result);
    if (!input.wantsTree)
        result.decoded.tree = {};
    return result;
}

// `carried`: how many bytes at the front came from earlier messages; offsets in errors
// count from this message's first byte, so those are negative.
DecodeResult MqttDecoder::decodeBytes(const QByteArray &bytes, qsizetype carried, const DecodeInput &input,
                                      DecodeContext &context, bool firstVisit) const
{
    if (bytes.isEmpty())
        return DecodeResult::malformed(QStringLiteral("empty message: no MQTT packet"));
    Decoded decoded;
    decoded.protocol = id();
    decoded.tree.name = QStringLiteral("MQTT");
    QStringList summaries;
    int packets = 0;
    ByteReader stream(bytes, 0, bytes.size(), -carried);
    while (!stream.atEnd()) {
        const qsizetype packetStart = stream.offset() + carried;
        const quint8 first = stream.u8("fixed header");
        const quint32 length = stream.mqttVarint("remaining length");
        if (stream.failed() || length > quint32(stream.remaining())) {
            if (stream.failed() && !stream.isCutShort())
                return DecodeResult::malformed(stream.error());
            // A packet whose rest is in the next message of this direction.
            if (firstVisit)
                context.mqttCarry(input.direction) = bytes.mid(packetStart);
            summaries.append(QStringLiteral("partial %1 (%2 of %3 B)")
                                 .arg(mqttTypeName(first >> 4))
                                 .arg(bytes.size() - packetStart)
                                 .arg(stream.failed() ? QStringLiteral("?") : QString::number(qsizetype(length) + stream.offset() + carried - packetStart)));
            break;
        }
        MqttPacket packet;
        packet.type = first >> 4;
        packet.flags = first & 15;
        packet.version = context.mqttSessionVersion();
        ByteReader body = stream.sub(length, "packet body");
        readMqttPacket(body, packet);
        if (body.failed())
            return DecodeResult::malformed(QStringLiteral("%1 packet: %2").arg(mqttTypeName(packet.type), body.error()));
        if (packet.type == 1)
            context.mqttVersion = packet.version;
        summaries.append(packet.summary);
        decoded.fields.append(packet.fields);
        if (++packets == 1)
            decoded.correlation = packet.correlation;
        if (input.wantsTree)
            decoded.tree.children.append(std::move(packet.tree));
    }
    if (packets > 1)
        decoded.correlation = {};
    decoded.summary = summaries.join(QStringLiteral(" · "));
    if (!input.wantsTree)
        decoded.tree = {};
    else if (decoded.tree.children.size() == 1)
        decoded.tree = decoded.tree.children.takeFirst();
    return DecodeResult::ok(std::move(decoded));
}

} // namespace wsi::decode
