// SPDX-License-Identifier: MIT
#include "socketio/SocketIoSession.h"

#include "decode/JsonPayload.h"
#include "decode/SocketIoPacket.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace wsi::socketio {

using decode::SocketIoPacket;

namespace {

// Binary attachments back where their placeholders ({"_placeholder":true,"num":N}) are.
QJsonValue withAttachments(const QJsonValue &value, const QList<QByteArray> &attachments)
{
    if (value.isArray()) {
        QJsonArray array;
        for (const QJsonValue &item : value.toArray())
            array.append(withAttachments(item, attachments));
        return array;
    }
    if (!value.isObject())
        return value;
    const QJsonObject object = value.toObject();
    if (object.value(QLatin1String("_placeholder")).toBool()) {
        const int index = object.value(QLatin1String("num")).toInt(-1);
        if (index >= 0 && index < attachments.size())
            return QJsonObject{{QStringLiteral("_binary"), QString::fromLatin1(attachments.at(index).toBase64())}};
        return value;
    }
    QJsonObject result;
    for (auto it = object.begin(); it != object.end(); ++it)
        result.insert(it.key(), withAttachments(it.value(), attachments));
    return result;
}

} // namespace

const char *eventKindName(SocketIoEvent::Kind kind)
{
    switch (kind) {
    case SocketIoEvent::Kind::Open: return "open";
    case SocketIoEvent::Kind::Connect: return "connect";
    case SocketIoEvent::Kind::ConnectError: return "connect_error";
    case SocketIoEvent::Kind::Event: return "event";
    case SocketIoEvent::Kind::Ack: return "ack";
    case SocketIoEvent::Kind::Disconnect: return "disconnect";
    case SocketIoEvent::Kind::Close: return "close";
    }
    return "event";
}

QByteArray writeSocketIoPacket(int type, const QString &nameSpace, qint64 ackId, const QByteArray &json)
{
    QByteArray packet = QByteArray::number(type);
    if (!nameSpace.isEmpty() && nameSpace != QLatin1String("/"))
        packet += nameSpace.toUtf8() + ',';
    if (ackId >= 0)
        packet += QByteArray::number(ackId);
    return packet + json;
}

SocketIoSession::SocketIoSession(Settings settings, Output output) : m_settings(std::move(settings)), m_output(std::move(output))
{
    if (m_settings.namespaces.isEmpty())
        m_settings.namespaces << QStringLiteral("/");
}

bool SocketIoSession::joinedAll() const
{
    for (const QString &nameSpace : m_settings.namespaces) {
        if (!m_joined.contains(nameSpace))
            return false;
    }
    return true;
}

void SocketIoSession::fail(const QString &why)
{
    if (m_failed)
        return;
    m_failed = true;
    if (m_output.fail)
        m_output.fail(why);
}

void SocketIoSession::send(int type, const QString &nameSpace, qint64 ackId, const QByteArray &json)
{
    // Engine.IO's MESSAGE (4) carries the Socket.IO packet.
    m_output.sendText('4' + writeSocketIoPacket(type, nameSpace, ackId, json));
}

void SocketIoSession::receiveText(const QByteArray &message, qint64 nowMs)
{
    if (m_failed || message.isEmpty())
        return;
    switch (message.at(0)) {
    case '0': return onOpen(message.mid(1), nowMs);
    case '1': {
        SocketIoEvent closed;
        closed.kind = SocketIoEvent::Kind::Close;
        m_output.report(closed);
        return;
    }
    case '2': // the server's ping (Engine.IO 4): answered at once
        m_lastHeardMs = nowMs;
        m_output.sendText(QByteArrayLiteral("3") + message.mid(1));
        return;
    case '3': // the pong to our ping (Engine.IO 3)
        m_lastHeardMs = nowMs;
        m_lastPingSentMs = -1;
        return;
    case '4': return onPacket(message, nowMs);
    case '6': return; // noop
    default:
        return fail(QStringLiteral("the server sent an Engine.IO packet of unknown type '%1'").arg(QLatin1Char(message.at(0))));
    }
}

void SocketIoSession::onOpen(const QByteArray &json, qint64 nowMs)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(json, &error);
    if (!document.isObject())
        return fail(QStringLiteral("the Engine.IO open packet is not a JSON object: %1").arg(QString::fromUtf8(json.left(200))));
    const QJsonObject open = document.object();
    m_open = true;
    m_lastHeardMs = nowMs;
    m_pingIntervalMs = open.value(QLatin1String("pingInterval")).toInt(m_pingIntervalMs);
    m_pingTimeoutMs = open.value(QLatin1String("pingTimeout")).toInt(m_pingTimeoutMs);
    SocketIoEvent opened;
    opened.kind = SocketIoEvent::Kind::Open;
    opened.sid = open.value(QLatin1String("sid")).toString();
    opened.data = open;
    m_output.report(opened);
    const QByteArray auth = m_settings.auth && m_settings.engineIoVersion >= 4 ? decode::jsonText(*m_settings.auth) : QByteArray();
    for (const QString &nameSpace : m_settings.namespaces) {
        // Socket.IO v2 joins "/" by itself and takes no CONNECT for it.
        if (m_settings.engineIoVersion < 4 && nameSpace == QLatin1String("/"))
            continue;
        send(SocketIoPacket::Connect, nameSpace, -1, auth);
    }
}

void SocketIoSession::onPacket(const QByteArray &message, qint64 nowMs)
{
    SocketIoPacket packet;
    const QString error = decode::readSocketIoPacket(message, 1, &packet);
    if (!error.isEmpty())
        return fail(QStringLiteral("the server sent a Socket.IO packet that cannot be read: %1").arg(error));
    SocketIoEvent event;
    event.nameSpace = packet.nameSpace;
    event.ackId = packet.ackId;
    event.attachments = packet.attachments;
    if (packet.attachments > 0) {
        m_pending = Pending{event, packet.type, packet.data, {}, packet.attachments};
        return;
    }
    event.data = packet.data;
    deliver(event, packet.type, nowMs);
}

void SocketIoSession::receiveBinary(const QByteArray &message, qint64 nowMs)
{
    if (m_failed)
        return;
    if (!m_pending)
        return fail(QStringLiteral("the server sent a binary message (%1 bytes) that no binary packet announced").arg(message.size()));
    // Engine.IO 3 marks a binary message with a leading 4 (MESSAGE); version 4 sends it bare.
    m_pending->attachments << (m_settings.engineIoVersion < 4 && message.startsWith('\x04') ? message.mid(1) : message);
    if (m_pending->attachments.size() < m_pending->expected)
        return;
    Pending pending = std::move(*m_pending);
    m_pending.reset();
    pending.event.data = withAttachments(pending.data, pending.attachments);
    deliver(pending.event, pending.type == SocketIoPacket::BinaryEvent ? SocketIoPacket::Event : SocketIoPacket::Ack, nowMs);
}

void SocketIoSession::deliver(SocketIoEvent event, int type, qint64 nowMs)
{
    switch (type) {
    case SocketIoPacket::Connect:
        event.kind = SocketIoEvent::Kind::Connect;
        event.sid = event.data.toObject().value(QLatin1String("sid")).toString();
        if (!m_joined.contains(event.nameSpace))
            m_joined << event.nameSpace;
        break;
    case SocketIoPacket::Disconnect:
        event.kind = SocketIoEvent::Kind::Disconnect;
        m_joined.removeAll(event.nameSpace);
        break;
    case SocketIoPacket::Event:
    case SocketIoPacket::BinaryEvent: {
        event.kind = SocketIoEvent::Kind::Event;
        QJsonArray args = event.data.toArray();
        event.event = args.isEmpty() ? QString() : args.first().toString();
        if (!args.isEmpty())
            args.removeFirst();
        event.args = args;
        break;
    }
    case SocketIoPacket::Ack:
    case SocketIoPacket::BinaryAck:
        event.kind = SocketIoEvent::Kind::Ack;
        event.args = event.data.toArray();
        if (const auto sent = m_pendingAcks.find(event.ackId); sent != m_pendingAcks.end()) {
            event.rttMs = nowMs - sent.value();
            m_pendingAcks.erase(sent);
        }
        break;
    case SocketIoPacket::ConnectError:
        event.kind = SocketIoEvent::Kind::ConnectError;
        break;
    default:
        return;
    }
    m_output.report(event);
}

qint64 SocketIoSession::emitEvent(const QString &nameSpace, const QString &event, const QJsonArray &args, bool wantAck, qint64 nowMs)
{
    QJsonArray payload{event};
    for (const QJsonValue &arg : args)
        payload.append(arg);
    const qint64 ackId = wantAck ? m_nextAckId++ : -1;
    if (wantAck)
        m_pendingAcks.insert(ackId, nowMs);
    send(SocketIoPacket::Event, nameSpace, ackId, QJsonDocument(payload).toJson(QJsonDocument::Compact));
    return ackId;
}

void SocketIoSession::acknowledge(const QString &nameSpace, qint64 ackId, const QJsonArray &args)
{
    send(SocketIoPacket::Ack, nameSpace, ackId, QJsonDocument(args).toJson(QJsonDocument::Compact));
}

void SocketIoSession::leave(const QString &nameSpace)
{
    send(SocketIoPacket::Disconnect, nameSpace, -1, {});
    m_joined.removeAll(nameSpace);
}

void SocketIoSession::tick(qint64 nowMs)
{
    if (!m_open || m_failed)
        return;
    if (m_settings.engineIoVersion < 4) {
        if (m_lastPingSentMs >= 0 && nowMs - m_lastPingSentMs > m_pingTimeoutMs)
            return fail(QStringLiteral("no pong from the server within its pingTimeout (%1 ms)").arg(m_pingTimeoutMs));
        if (m_lastPingSentMs < 0 && nowMs - m_lastHeardMs >= m_pingIntervalMs) {
            m_output.sendText(QByteArrayLiteral("2"));
            m_lastPingSentMs = nowMs;
        }
        return;
    }
    if (nowMs - m_lastHeardMs > qint64(m_pingIntervalMs) + m_pingTimeoutMs)
        fail(QStringLiteral("no ping from the server for %1 ms (its pingInterval %2 ms + pingTimeout %3 ms): the connection is gone")
                 .arg(nowMs - m_lastHeardMs)
                 .arg(m_pingIntervalMs)
                 .arg(m_pingTimeoutMs));
}

qint64 SocketIoSession::nextTickMs() const
{
    return std::min(1000, std::max(50, m_pingIntervalMs / 4));
}

} // namespace wsi::socketio
