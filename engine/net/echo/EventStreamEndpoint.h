// SPDX-License-Identifier: MIT
// The built-in server's EventSource endpoint (EventStreamOptions), on the peers the Driver
// hands over for its path: GET (and HEAD) opens a text/event-stream that stays open, with
// "retry:" first when set, the events a Last-Event-ID missed, keepalive comments and every
// event published from then on; POST publishes its body (?event=TYPE&id=ID) and answers
// {"id": ..., "delivered": N}; OPTIONS answers a CORS preflight; any other method 405.
//
// Thread: the server's. Not a WebSocket: its streams count as the server's clients (they
// end with the server) but get no messages, pings or close frames.
#pragma once

#include "net/echo/EchoServerOptions.h"
#include "protocol/handshake/HttpMessage.h"

#include <QByteArray>
#include <QHash>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QTimer>

#include <deque>
#include <string_view>

namespace wsi::net {

class EchoPeer;

class EventStreamEndpoint : public QObject
{
    Q_OBJECT
public:
    static constexpr qint64 MaxUnreadBytes = 64ll * 1024 * 1024;

    EventStreamEndpoint(EventStreamOptions options, quint64 maxPostBytes, QObject *parent = nullptr);

    const EventStreamOptions &options() const { return m_options; }
    void handleRequest(EchoPeer &peer, const protocol::HttpRequestHead &request, std::string_view bodyStart);
    void handleData(EchoPeer &peer, const char *data, std::size_t size);
    // The peer's connection ended (whatever it was doing here). True when it was a stream.
    bool peerGone(quint64 peerId);

    // Sends an event to every open stream and keeps it for Last-Event-ID. An empty id gets
    // the next number ("1", "2", ...). Returns the id used; `delivered` says to how many.
    QString publish(const QString &type, const QByteArray &data, const QString &id, int *delivered = nullptr);
    int streamCount() const { return int(m_streams.size()); }

Q_SIGNALS:
    void streamOpened(quint64 peerId, const QString &target, const QString &lastEventId, int replayed);
    void published(const QString &id, const QString &type, int delivered);
    // A request that got an answer and no stream (POST, OPTIONS, HEAD, refusals).
    void requestAnswered(quint64 peerId, const QString &method, const QString &target, int status);

private:
    struct KeptEvent {
        QString id;
        QByteArray bytes; // as sent
    };
    struct PendingPost {
        QPointer<EchoPeer> peer;
        QString target;
        QString type;
        QString id;
        qint64 length = 0;
        QByteArray body;
    };

    void openStream(EchoPeer &peer, const protocol::HttpRequestHead &request, bool headOnly);
    void startPost(EchoPeer &peer, const protocol::HttpRequestHead &request, std::string_view bodyStart);
    void finishPost(quint64 peerId);
    void answer(EchoPeer &peer, const QString &method, const QString &target, int status, const QByteArray &reason,
                const QByteArray &contentType, const QByteArray &body, const QByteArray &extraHeaders = {});
    QByteArray configuredHeaders() const;
    void sendKeepalive();

    EventStreamOptions m_options;
    quint64 m_maxPostBytes;
    QHash<quint64, QPointer<EchoPeer>> m_streams;
    QHash<quint64, PendingPost> m_posts;
    std::deque<KeptEvent> m_history;
    quint64 m_nextId = 1;
    QTimer m_keepalive;
};

} // namespace wsi::net
