// SPDX-License-Identifier: MIT
#pragma once
// A Socket.IO client over Engine.IO's WebSocket transport, I/O-free: messages go in
// (receiveText, receiveBinary), what to send and what happened come out through Output.
//   Engine.IO: the open packet (sid, pingInterval, pingTimeout); version 4 answers the
//   server's pings, version 3 (Socket.IO v2) pings the server itself; either way a
//   silence past pingInterval + pingTimeout fails the session, as the official client does.
//   Socket.IO: joins each namespace (CONNECT with an auth payload in protocol 5; version 3
//   servers join "/" on their own), emits events with an optional ack id (the ack's round
//   trip timed), reports events, acks, CONNECT_ERROR and DISCONNECT, and reassembles binary
//   events and acks from the binary messages that follow them.
// The packet text is read by decode::readSocketIoPacket, the reader the log's decoder uses.
#include <QByteArray>
#include <QJsonArray>
#include <QJsonValue>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

#include <functional>
#include <optional>

namespace wsi::socketio {

struct SocketIoEvent {
    enum class Kind { Open, Connect, ConnectError, Event, Ack, Disconnect, Close };
    Kind kind = Kind::Event;
    QString nameSpace = QStringLiteral("/");
    QString event;        // Event: its name
    QJsonArray args;      // Event, Ack: the arguments (binary attachments as {"_binary": base64})
    qint64 ackId = -1;    // Event: the id the sender wants acknowledged; Ack: the id acknowledged
    qint64 rttMs = -1;    // Ack of our emit: its round trip
    QJsonValue data;      // Open: the open packet; Connect: its payload; ConnectError: the reason
    QString sid;          // Open, Connect
    int attachments = 0;  // binary packets: how many binary messages came with it
};

const char *eventKindName(SocketIoEvent::Kind kind); // "open", "connect", "connect_error", ...

class SocketIoSession
{
public:
    struct Settings {
        int engineIoVersion = 4;                       // 4: Socket.IO v3/v4; 3: Socket.IO v2
        QStringList namespaces{QStringLiteral("/")};   // joined in order once open
        std::optional<QJsonValue> auth;                // CONNECT's payload (protocol 5 only)
    };
    struct Output {
        std::function<void(const QByteArray &)> sendText;
        std::function<void(const QByteArray &)> sendBinary;
        std::function<void(const SocketIoEvent &)> report;
        std::function<void(const QString &)> fail;     // the session cannot go on: why
    };

    SocketIoSession(Settings settings, Output output);

    void receiveText(const QByteArray &message, qint64 nowMs);
    void receiveBinary(const QByteArray &message, qint64 nowMs);
    // Pings (Engine.IO 3) and the ping timeout; call at least every nextTickMs().
    void tick(qint64 nowMs);
    qint64 nextTickMs() const;

    // EVENT [event, ...args] to a namespace; with wantAck, its ack id (else -1).
    qint64 emitEvent(const QString &nameSpace, const QString &event, const QJsonArray &args, bool wantAck, qint64 nowMs);
    // Answers an event's ack id.
    void acknowledge(const QString &nameSpace, qint64 ackId, const QJsonArray &args);
    // Leaves a namespace (DISCONNECT).
    void leave(const QString &nameSpace);

    bool isOpen() const { return m_open; }
    bool hasJoined(const QString &nameSpace) const { return m_joined.contains(nameSpace); }
    bool joinedAll() const;
    int pendingAcks() const { return int(m_pendingAcks.size()); }
    int pingIntervalMs() const { return m_pingIntervalMs; }

private:
    void onOpen(const QByteArray &json, qint64 nowMs);
    void onPacket(const QByteArray &message, qint64 nowMs);
    void deliver(SocketIoEvent event, int type, qint64 nowMs);
    void send(int type, const QString &nameSpace, qint64 ackId, const QByteArray &json);
    void fail(const QString &why);

    Settings m_settings;
    Output m_output;
    bool m_open = false;
    bool m_failed = false;
    int m_pingIntervalMs = 25000;
    int m_pingTimeoutMs = 20000;
    qint64 m_lastHeardMs = 0;  // the last ping (version 4) or pong (version 3)
    qint64 m_lastPingSentMs = -1;
    QStringList m_joined;
    qint64 m_nextAckId = 0;
    QMap<qint64, qint64> m_pendingAcks; // our ack id -> when the emit went
    // A binary packet waiting for its attachments.
    struct Pending {
        SocketIoEvent event;
        int type = 0;
        QJsonValue data;
        QList<QByteArray> attachments;
        int expected = 0;
    };
    std::optional<Pending> m_pending;
};

// The Socket.IO packet encoding: type, "/ns," unless "/", ack id, JSON.
QByteArray writeSocketIoPacket(int type, const QString &nameSpace, qint64 ackId, const QByteArray &json);

} // namespace wsi::socketio
