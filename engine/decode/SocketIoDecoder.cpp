// SPDX-License-Identifier: MIT
#include "decode/SocketIoDecoder.h"

#include "decode/DecodeContext.h"
#include "decode/JsonPayload.h"
#include "decode/SocketIoPacket.h"

#include <QCborArray>
#include <QCborMap>
#include <QJsonArray>
#include <QJsonObject>

namespace wsi::decode {

namespace {

const char *const kEngineIoTypes[] = {"open", "close", "ping", "pong", "message", "upgrade", "noop"};

// Socket.IO's ack ids count per namespace, so the pair's key names both.
QString ackKey(const SocketIoPacket &packet)
{
    return packet.nameSpace + QLatin1Char('#') + QString::number(packet.ackId);
}

// {"_placeholder":true,"num":n} replaced by the n-th attachment (socket.io-parser's
// reconstructPacket), in CBOR so the tree can show bytes.
QCborValue withAttachments(const QJsonValue &value, const QList<QByteArray> &attachments)
{
    if (value.isObject()) {
        const QJsonObject object = value.toObject();
        if (object.value(QLatin1String("_placeholder")).toBool() && object.value(QLatin1String("num")).isDouble()) {
            const qsizetype num = object.value(QLatin1String("num")).toInteger();
            if (num >= 0 && num < attachments.size())
                return QCborValue(attachments.at(num));
        }
        QCborMap map;
        for (auto it = object.begin(); it != object.end(); ++it)
            map.insert(it.key(), withAttachments(it.value(), attachments));
        return map;
    }
    if (value.isArray()) {
        QCborArray array;
        for (const QJsonValue &item : value.toArray())
            array.append(withAttachments(item, attachments));
        return array;
    }
    return QCborValue::fromJsonValue(value);
}

} // namespace

bool SocketIoDecoder::recognises(const DecodeInput &input) const
{
    const QByteArray &text = input.payload;
    if (!input.isText || text.isEmpty())
        return false;
    switch (text.at(0)) {
    case '0': // open: 0{"sid":...}
        return text.size() > 1 && text.at(1) == '{' && peekStringMember(text, "sid").size() > 0;
    case '4': // a message with a Socket.IO packet in it
        return text.size() > 1 && text.at(1) >= '0' && text.at(1) <= '6';
    case '1': case '5': case '6':
        return text.size() == 1;
    case '2': case '3': // ping, pong, and the upgrade's probes
        return text.size() == 1 || text.mid(1) == "probe";
    default:
        return false;
    }
}

DecodeResult SocketIoDecoder::decode(const DecodeInput &input, DecodeContext &context) const
{
    if (!input.isText)
        return decodeBinary(input, context);
    return decodeText(input, context);
}

DecodeResult SocketIoDecoder::decodeText(const DecodeInput &input, DecodeContext &context) const
{
    const QByteArray &text = input.payload;
    if (text.isEmpty() || text.at(0) < '0' || text.at(0) > '6')
        return DecodeResult::malformed(QStringLiteral("Engine.IO packet type missing or unknown at offset 0"));
    const int engineType = text.at(0) - '0';
    if (engineType == 4 && text.size() > 1)
        return decodeSocketIo(input, context);

    Decoded decoded;
    decoded.protocol = id();
    const QString typeName = QLatin1String(kEngineIoTypes[engineType]);
    decoded.addField(QStringLiteral("type"), typeName);
    decoded.summary = QString::number(engineType) + QLatin1Char(' ') + typeName;
    const QByteArray data = text.mid(1);
    if (engineType == 0) {
        QJsonValue open;
        QString error;
        if (!parseJsonPayload(data, &open, &error, 1))
            return DecodeResult::malformed(QStringLiteral("Engine.IO open: %1").arg(error));
        // Engine.IO 4 added maxPayload to the handshake; 3 has none.
        context.engineIoVersion = open.toObject().contains(QLatin1String("maxPayload")) ? 4 : 3;
        const QString sid = open.toObject().value(QLatin1String("sid")).toString();
        decoded.addField(QStringLiteral("sid"), sid);
        decoded.summary += QStringLiteral(" sid=%1 (Engine.IO v%2)").arg(sid).arg(context.engineIoVersion);
        if (input.wantsTree)
            decoded.tree = nodeFromJson(QStringLiteral("Engine.IO open"), open);
    } else {
        if (!data.isEmpty())
            decoded.summary += QLatin1Char(' ') + QString::fromUtf8(data);
        if (input.wantsTree) {
            decoded.tree.name = QStringLiteral("Engine.IO");
            decoded.tree.add(QStringLiteral("type"), QStringLiteral("%1 (%2)").arg(engineType).arg(typeName));
            if (!data.isEmpty())
                decoded.tree.add(QStringLiteral("data"), QString::fromUtf8(data));
        }
    }
    return DecodeResult::ok(std::move(decoded));
}

DecodeResult SocketIoDecoder::decodeSocketIo(const DecodeInput &input, DecodeContext &context) const
{
    SocketIoPacket packet;
    const QString error = readSocketIoPacket(input.payload, 1, &packet);
    if (!error.isEmpty())
        return DecodeResult::malformed(error);

    Decoded decoded;
    decoded.protocol = id();
    const QString typeName = socketIoTypeName(packet.type, context.engineIoVersion);
    decoded.addField(QStringLiteral("type"), typeName);
    decoded.addField(QStringLiteral("namespace"), packet.nameSpace);
    decoded.summary = QString::fromUtf8(packet.header); // "42", "451-/chat,7"

    const bool isEvent = packet.type == SocketIoPacket::Event || packet.type == SocketIoPacket::BinaryEvent;
    const bool isAck = packet.type == SocketIoPacket::Ack || packet.type == SocketIoPacket::BinaryAck;
    QJsonArray args = packet.data.toArray();
    QString head; // the summary before the arguments, kept for a reassembled binary packet
    if (isEvent) {
        const QString event = args.first().toString();
        args.removeFirst();
        decoded.addField(QStringLiteral("event"), event);
        head = decoded.summary + QStringLiteral(" emit ") + compactJson(QJsonValue(event));
        decoded.summary = head + QLatin1Char(' ') + compactJson(args);
    } else if (isAck) {
        head = decoded.summary + QStringLiteral(" ack");
        decoded.summary = head + QLatin1Char(' ') + compactJson(packet.data);
    } else {
        decoded.summary += QLatin1Char(' ') + typeName.toLower();
        if (!packet.data.isUndefined())
            decoded.summary += QLatin1Char(' ') + compactJson(packet.data);
    }
    if (packet.ackId >= 0) {
        decoded.addField(QStringLiteral("ack"), QString::number(packet.ackId));
        decoded.correlation = {ackKey(packet), isAck ? CorrelationRole::Response : CorrelationRole::Request};
    }
    if (packet.attachments > 0)
        decoded.summary += QStringLiteral(" (awaiting %1 attachments)").arg(packet.attachments);

    // A binary packet's tree is kept for its reassembly, which the details pane may ask for.
    if (input.wantsTree || packet.attachments > 0) {
        decoded.tree.name = QStringLiteral("Socket.IO");
        decoded.tree.add(QStringLiteral("Engine.IO type"), QStringLiteral("4 (message)"));
        decoded.tree.add(QStringLiteral("type"), QStringLiteral("%1 (%2)").arg(packet.type).arg(typeName));
        decoded.tree.add(QStringLiteral("namespace"), packet.nameSpace);
        if (isEvent)
            decoded.tree.add(QStringLiteral("event"), decoded.field(u"event"));
        if (packet.ackId >= 0)
            decoded.tree.add(QStringLiteral("ack id"), QString::number(packet.ackId));
        if (packet.attachments > 0)
            decoded.tree.add(QStringLiteral("attachments"), QString::number(packet.attachments));
        if (isEvent)
            decoded.tree.children.append(nodeFromJson(QStringLiteral("args"), args));
        else if (!packet.data.isUndefined())
            decoded.tree.children.append(nodeFromJson(QStringLiteral("data"), packet.data));
    }

    if (packet.attachments > 0 && context.isFirstVisit(input.direction, input.sequence)) {
        SocketIoPending &pending = context.socketIoPending(input.direction);
        pending = SocketIoPending{decoded, head, packet.data, packet.attachments, {}};
    }
    if (!input.wantsTree)
        decoded.tree = {};
    return DecodeResult::ok(std::move(decoded));
}

DecodeResult SocketIoDecoder::decodeBinary(const DecodeInput &input, DecodeContext &context) const
{
    if (const DecodeResult *earlier = context.remembered(input.sequence))
        return *earlier;
    // Engine.IO 3 sends binary over WebSocket behind a message-type byte (4); 4 does not.
    QByteArray bytes = input.payload;
    if (context.engineIoVersion == 3) {
        if (bytes.isEmpty() || bytes.at(0) != 4)
            return DecodeResult::malformed(QStringLiteral("Engine.IO 3 binary packet: type byte 4 expected at offset 0"));
        bytes.remove(0, 1);
    }

    SocketIoPending &pending = context.socketIoPending(input.direction);
    const bool awaited = pending.attachments.size() < pending.expected;
    if (awaited && context.isFirstVisit(input.direction, input.sequence)) {
        pending.attachments.append(bytes);
        if (pending.attachments.size() == pending.expected) {
            const DecodeResult whole = reassembled(pending, input.wantsTree);
            context.remember(input.sequence, reassembled(pending, true));
            pending = {};
            return whole;
        }
        Decoded decoded;
        decoded.protocol = id();
        decoded.summary = QStringLiteral("attachment %1/%2 (%3 B) of %4")
                              .arg(pending.attachments.size())
                              .arg(pending.expected)
                              .arg(bytes.size())
                              .arg(pending.packet.summary);
        DecodeResult partial = DecodeResult::ok(std::move(decoded));
        context.remember(input.sequence, partial);
        return partial;
    }

    Decoded decoded;
    decoded.protocol = id();
    decoded.summary = QStringLiteral("4 message <binary %1 B>").arg(bytes.size());
    decoded.addField(QStringLiteral("type"), QStringLiteral("message"));
    if (input.wantsTree) {
        decoded.tree.name = QStringLiteral("Engine.IO");
        decoded.tree.children.append(nodeFromCbor(QStringLiteral("binary"), QCborValue(bytes)));
    }
    return DecodeResult::ok(std::move(decoded));
}

DecodeResult SocketIoDecoder::reassembled(const SocketIoPending &pending, bool wantsTree) const
{
    Decoded decoded = pending.packet;
    const QCborValue data = withAttachments(pending.data, pending.attachments);
    QCborArray args = data.toArray();
    const bool isEvent = !decoded.field(u"event").isNull();
    if (isEvent)
        args.removeFirst();
    decoded.summary = pending.head + QLatin1Char(' ') + compactCbor(isEvent ? QCborValue(args) : data);
    decoded.summary += QStringLiteral(" (%1 attachments)").arg(pending.attachments.size());
    if (wantsTree) {
        decoded.tree.name = QStringLiteral("Socket.IO");
        decoded.tree.children.removeLast(); // args or data with placeholders
        decoded.tree.children.append(isEvent ? nodeFromCbor(QStringLiteral("args"), args)
                                             : nodeFromCbor(QStringLiteral("data"), data));
    } else {
        decoded.tree = {};
    }
    return DecodeResult::ok(std::move(decoded));
}

} // namespace wsi::decode
