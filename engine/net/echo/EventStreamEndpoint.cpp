// SPDX-License-Identifier: MIT
#include "net/echo/EventStreamEndpoint.h"

#include "net/echo/EchoPeer.h"
#include "protocol/sse/EventStreamWriter.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QUrlQuery>

#include <algorithm>

namespace wsi::net {

namespace {

QString fromStd(const std::string &text)
{
    return QString::fromUtf8(text.data(), qsizetype(text.size()));
}

QString queryValue(const protocol::HttpRequestHead &request, const QString &name)
{
    return QUrlQuery(fromStd(request.query)).queryItemValue(name, QUrl::FullyDecoded);
}

} // namespace

EventStreamEndpoint::EventStreamEndpoint(EventStreamOptions options, quint64 maxPostBytes, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_maxPostBytes(maxPostBytes)
    , m_keepalive(this)
{
    connect(&m_keepalive, &QTimer::timeout, this, &EventStreamEndpoint::sendKeepalive);
    if (m_options.keepaliveMs > 0)
        m_keepalive.start(m_options.keepaliveMs);
}

QByteArray EventStreamEndpoint::configuredHeaders() const
{
    QByteArray headers;
    for (const auto &[name, value] : m_options.headers)
        headers += name + ": " + value + "\r\n";
    return headers;
}

void EventStreamEndpoint::handleRequest(EchoPeer &peer, const protocol::HttpRequestHead &request, std::string_view bodyStart)
{
    const QString method = fromStd(request.method);
    const QString target = fromStd(request.target);
    if (method == QLatin1String("GET") || method == QLatin1String("HEAD")) {
        openStream(peer, request, method == QLatin1String("HEAD"));
    } else if (method == QLatin1String("POST") && m_options.acceptPosts) {
        startPost(peer, request, bodyStart);
    } else if (method == QLatin1String("OPTIONS")) {
        // A browser's CORS preflight before a POST: the configured headers say what is allowed.
        answer(peer, method, target, 204, "No Content", {}, {},
               m_options.acceptPosts ? "Allow: GET, HEAD, POST, OPTIONS\r\n" : "Allow: GET, HEAD, OPTIONS\r\n");
    } else {
        const QByteArray allowed = m_options.acceptPosts ? "GET, HEAD, POST, OPTIONS" : "GET, HEAD, OPTIONS";
        answer(peer, method, target, 405, "Method Not Allowed", "text/plain; charset=utf-8",
               "This is an EventSource endpoint: GET it for a stream of events" + QByteArray(m_options.acceptPosts ? ", POST to publish one" : "")
                   + ".\n",
               "Allow: " + allowed + "\r\n");
    }
}

void EventStreamEndpoint::openStream(EchoPeer &peer, const protocol::HttpRequestHead &request, bool headOnly)
{
    // No Content-Length and Connection: close: the stream is the rest of the connection,
    // which every EventSource reads (and no chunked framing hides the bytes from a capture).
    QByteArray bytes = "HTTP/1.1 200 OK\r\n"
                       "Content-Type: text/event-stream; charset=utf-8\r\n"
                       "Cache-Control: no-cache\r\n"
                       "Server: wsinspect\r\n"
                       "Connection: close\r\n"
                       + configuredHeaders() + "\r\n";
    if (headOnly) {
        peer.writeHttp(bytes);
        peer.endHttp(QStringLiteral("HEAD answered"));
        Q_EMIT requestAnswered(peer.id(), QStringLiteral("HEAD"), fromStd(request.target), 200);
        return;
    }
    if (m_options.retryMs > 0)
        bytes += QByteArrayLiteral("retry: ") + QByteArray::number(m_options.retryMs) + "\n\n";
    const std::string *lastEventIdHeader = request.headers.find("Last-Event-ID");
    const QString lastEventId = lastEventIdHeader ? fromStd(*lastEventIdHeader) : QString();
    int replayed = 0;
    if (!lastEventId.isEmpty()) {
        const auto seen = std::find_if(m_history.begin(), m_history.end(),
                                       [&lastEventId](const KeptEvent &kept) { return kept.id == lastEventId; });
        if (seen == m_history.end()) {
            const std::string note = "Last-Event-ID " + lastEventId.toStdString() + " is not among the "
                + std::to_string(m_history.size()) + " events kept: nothing replayed";
            bytes += QByteArray::fromStdString(protocol::sse::formatComment(note));
        } else {
            for (auto next = seen + 1; next != m_history.end(); ++next, ++replayed)
                bytes += next->bytes;
        }
    }
    peer.writeHttp(bytes);
    m_streams.insert(peer.id(), &peer);
    Q_EMIT streamOpened(peer.id(), fromStd(request.target), lastEventId, replayed);
}

void EventStreamEndpoint::startPost(EchoPeer &peer, const protocol::HttpRequestHead &request, std::string_view bodyStart)
{
    const QString target = fromStd(request.target);
    const std::string *length = request.headers.find("Content-Length");
    bool ok = false;
    const qint64 size = length ? QByteArray::fromStdString(*length).trimmed().toLongLong(&ok) : -1;
    if (!length || !ok || size < 0) {
        answer(peer, QStringLiteral("POST"), target, 411, "Length Required", "text/plain; charset=utf-8",
               "POST the event's data with a Content-Length (chunked bodies are not read here).\n");
        return;
    }
    if (quint64(size) > m_maxPostBytes) {
        answer(peer, QStringLiteral("POST"), target, 413, "Content Too Large", "text/plain; charset=utf-8",
               "An event's data may be at most " + QByteArray::number(m_maxPostBytes) + " bytes (the server's --max-length).\n");
        return;
    }
    PendingPost post;
    post.peer = &peer;
    post.target = target;
    post.type = queryValue(request, QStringLiteral("event"));
    post.id = queryValue(request, QStringLiteral("id"));
    post.length = size;
    post.body = QByteArray(bodyStart.data(), qsizetype(std::min<std::size_t>(bodyStart.size(), std::size_t(size))));
    m_posts.insert(peer.id(), post);
    if (post.body.size() >= size)
        finishPost(peer.id());
}

void EventStreamEndpoint::handleData(EchoPeer &peer, const char *data, std::size_t size)
{
    const auto found = m_posts.find(peer.id());
    if (found == m_posts.end())
        return; // a stream's client has nothing to say; a finished answer ignores the rest
    const qint64 wanted = found->length - found->body.size();
    found->body.append(data, qsizetype(std::min<std::size_t>(size, std::size_t(wanted))));
    if (found->body.size() >= found->length)
        finishPost(peer.id());
}

void EventStreamEndpoint::finishPost(quint64 peerId)
{
    const PendingPost post = m_posts.take(peerId);
    if (!post.peer)
        return;
    int delivered = 0;
    const QString id = publish(post.type, post.body, post.id, &delivered);
    const QJsonObject result{{QStringLiteral("id"), id}, {QStringLiteral("delivered"), delivered}};
    answer(*post.peer, QStringLiteral("POST"), post.target, 200, "OK", "application/json",
           QJsonDocument(result).toJson(QJsonDocument::Compact) + '\n');
}

void EventStreamEndpoint::answer(EchoPeer &peer, const QString &method, const QString &target, int status,
                                 const QByteArray &reason, const QByteArray &contentType, const QByteArray &body,
                                 const QByteArray &extraHeaders)
{
    QByteArray bytes = "HTTP/1.1 " + QByteArray::number(status) + ' ' + reason + "\r\n";
    if (!contentType.isEmpty())
        bytes += "Content-Type: " + contentType + "\r\n";
    if (status != 204)
        bytes += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
    bytes += "Server: wsinspect\r\nConnection: close\r\n" + extraHeaders + configuredHeaders() + "\r\n" + body;
    peer.writeHttp(bytes);
    peer.endHttp(QStringLiteral("%1 %2 answered %3").arg(method, target).arg(status));
    Q_EMIT requestAnswered(peer.id(), method, target, status);
}

QString EventStreamEndpoint::publish(const QString &type, const QByteArray &data, const QString &id, int *delivered)
{
    protocol::sse::OutgoingEvent event;
    event.type = type.toStdString();
    event.data = data.toStdString();
    const QString usedId = id.isEmpty() ? QString::number(m_nextId++) : id;
    event.id = usedId.toStdString();
    const QByteArray bytes = QByteArray::fromStdString(protocol::sse::formatEvent(event));
    int count = 0;
    // A copy: dropping a peer (or a write that finds its connection gone) ends it at once,
    // and its end removes it from m_streams.
    const QList<QPointer<EchoPeer>> streams = m_streams.values();
    for (const QPointer<EchoPeer> &peer : streams) {
        if (!peer)
            continue;
        // A stream nobody reads must not hold the server's memory.
        if (peer->queuedBytes() > MaxUnreadBytes) {
            peer->drop(QStringLiteral("not reading its event stream: %1 MiB waiting").arg(peer->queuedBytes() >> 20));
            continue;
        }
        // A stream being ended (closeAll) is still listed until its connection is gone.
        if (peer->writeHttp(bytes))
            ++count;
    }
    if (m_options.historySize > 0) {
        m_history.push_back({usedId, bytes});
        while (m_history.size() > std::size_t(m_options.historySize))
            m_history.pop_front();
    }
    if (delivered)
        *delivered = count;
    Q_EMIT published(usedId, type.isEmpty() ? QStringLiteral("message") : type, count);
    return usedId;
}

void EventStreamEndpoint::sendKeepalive()
{
    static const QByteArray comment = QByteArray::fromStdString(protocol::sse::formatComment("keepalive"));
    const QList<QPointer<EchoPeer>> streams = m_streams.values(); // see publish()
    for (const QPointer<EchoPeer> &peer : streams) {
        if (peer)
            peer->writeHttp(comment);
    }
}

bool EventStreamEndpoint::peerGone(quint64 peerId)
{
    m_posts.remove(peerId);
    return m_streams.remove(peerId) > 0;
}

} // namespace wsi::net
