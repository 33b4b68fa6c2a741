// SPDX-License-Identifier: MIT
// The Connection as an EventSource (TrafficKind::EventSource): the request once the
// transport is up, the stream's events and comments as log rows, and the browser's rules
// for what comes after: reconnect after the stream ends or the connection fails (after the
// server's retry, with Last-Event-ID), never after a refusal.
#include "net/Connection.h"

#include "net/HandshakeDiagnosis.h"
#include "net/ReconnectScheduler.h"

#include <QTcpSocket>
#include <QTimer>

namespace wsi::net {

namespace {

QByteArrayView viewOf(std::string_view bytes)
{
    return QByteArrayView(bytes.data(), qsizetype(bytes.size()));
}

} // namespace

// A browser's EventSource reconnects at the same pace every time (the server's retry),
// not with a backoff; the attempt count only bounds consecutive failures.
ReconnectOptions Connection::eventSourceReconnect(const EventSourceOptions &options, int retryMs)
{
    ReconnectOptions reconnect;
    reconnect.enabled = options.reconnect;
    reconnect.initialDelayMs = retryMs;
    reconnect.maxDelayMs = retryMs;
    reconnect.multiplier = 1.0;
    reconnect.maxAttempts = options.maxAttempts;
    return reconnect;
}

void Connection::startEventSource()
{
    protocol::sse::EventSourceRequest request;
    request.method = m_options.eventSource.method.toStdString();
    request.host = m_target.hostHeader.toStdString();
    request.target = m_target.resourceName.toStdString();
    request.body = m_options.eventSource.body.toStdString();
    request.lastEventId = m_lastEventId;
    if (!m_target.userInfoAuthorization.isEmpty())
        request.extraHeaders.push_back({"Authorization", m_target.userInfoAuthorization.toStdString()});
    if (!m_options.origin.isEmpty())
        request.extraHeaders.push_back({"Origin", m_options.origin.toStdString()});
    for (const auto &[name, value] : m_options.headers)
        request.extraHeaders.push_back({name.toStdString(), value.toStdString()});
    protocol::sse::EventSourceClientSink &sink = *this; // private bases: convertible here only
    protocol::ByteWriter &writer = *this;
    m_eventSource = std::make_unique<protocol::sse::EventSourceClient>(std::move(request), sink, writer,
                                                                        std::size_t(m_options.maxMessageSize));
    m_eventSource->start();
}

void Connection::onStreamOpen(const protocol::sse::EventSourceOpen &open)
{
    m_openTimer->stop();
    m_handshake = handshakeInfoOf(true, open.rawRequest, open.rawResponse, open.response);
    m_handshake.timeNs = m_readTimeNs;
    m_handshakeReported = true;
    m_reconnect->reset();
    reports().post(m_handshake);
    setState(ConnectionState::Open);
}

void Connection::onStreamRefused(const protocol::sse::EventSourceFailure &failure)
{
    m_openTimer->stop();
    m_streamRefused = failure.status != 0; // an answer that says no; a dropped connection may be retried
    m_handshake = handshakeInfoOf(false, failure.rawRequest, failure.rawResponse, failure.response, failure.bodyPreview);
    m_handshake.failure = QString::fromStdString(failure.message);
    m_handshake.timeNs = nowNs();
    m_handshake.diagnosis = diagnoseEventSourceRefusal(m_handshake);
    m_handshakeReported = true;
    m_handshakeFailed = true;
    if (failure.status != 0)
        reports().post(m_handshake);
    fail(ErrorPhase::Upgrade, failure.status != 0 ? QStringLiteral("stream-refused") : QStringLiteral("no-answer"),
         QString::fromStdString(failure.message), m_handshake.diagnosis);
    dropSocket();
    finishTransport(abnormalClose(CloseInitiator::Remote, failure.status != 0
                                                              ? QStringLiteral("the server refused the event stream")
                                                              : QStringLiteral("connection closed without an answer")));
}

void Connection::onStreamEnd(const protocol::sse::EventSourceEnd &end)
{
    if (!end.error.empty())
        fail(ErrorPhase::Protocol, QStringLiteral("broken-stream"), QString::fromStdString(end.error));
    if (end.eventDropped)
        appendInfo(QStringLiteral("the stream ended in the middle of an event: it was not dispatched (as a browser drops it)"));
    CloseInfo info;
    info.code = end.error.empty() ? 1005 : 1006; // an event stream has no close codes
    info.clean = end.error.empty();
    info.initiator = CloseInitiator::Remote;
    info.reason = !end.error.empty()      ? QString::fromStdString(end.error)
                  : end.bodyComplete      ? QStringLiteral("the server ended the event stream")
                                          : QStringLiteral("the server closed the connection in the middle of the body");
    dropSocket();
    finishTransport(info);
}

void Connection::closeEventSource()
{
    m_localAbort = true;
    const bool wasOpen = m_eventSource && m_eventSource->state() == protocol::sse::EventSourceClient::State::Streaming;
    dropSocket();
    CloseInfo info;
    info.code = wasOpen ? 1005 : 1006;
    info.clean = wasOpen;
    info.initiator = CloseInitiator::Local;
    info.reason = wasOpen ? QStringLiteral("we closed the event stream") : QStringLiteral("closed before the stream opened");
    finishTransport(info);
}

void Connection::onEvent(const protocol::sse::ServerSentEvent &event)
{
    ++m_counters.messagesIn;
    m_counters.payloadBytesIn += event.data.size();
    if (m_options.eventDetail == EventDetail::CountersOnly)
        return;
    LogEvent &log = appendEvent(EventKind::ServerEvent, EventDirection::Incoming, m_readTimeNs);
    log.isText = true;
    // The row's strings share the slab's blocks: a flood of events costs no allocation
    // per event. Its text is serverEventText()'s "type\nid", made for each row (cheaper
    // than finding out whether it changed).
    log.payload = m_slab.bytes(viewOf(event.data));
    log.text = m_slab.text(viewOf(event.type), '\n', viewOf(event.lastEventId));
    log.length = quint64(event.data.size());
    log.pingId = event.retryMs.value_or(0);
    log.streamOffset = event.begin;
    log.wireSize = event.end - event.begin;
    if (m_options.eventDetail == EventDetail::Frames)
        log.header = m_slab.bytes(viewOf(rawOf(event.begin, event.end)));
}

void Connection::onComment(const protocol::sse::EventStreamComment &comment)
{
    if (m_options.eventDetail == EventDetail::CountersOnly)
        return;
    LogEvent &log = appendEvent(EventKind::EventComment, EventDirection::Incoming, m_readTimeNs);
    log.payload = m_slab.bytes(viewOf(comment.text));
    log.streamOffset = comment.begin;
    log.wireSize = comment.end - comment.begin;
    log.header = m_slab.bytes(viewOf(rawOf(comment.begin, comment.end)));
}

void Connection::onRetry(std::uint64_t ms)
{
    const int retryMs = int(std::min<std::uint64_t>(ms, 24ull * 3600 * 1000));
    if (retryMs == m_eventSourceRetryMs || retryMs <= 0)
        return;
    m_eventSourceRetryMs = retryMs;
    m_reconnect->setOptions(eventSourceReconnect(m_options.eventSource, retryMs));
    appendInfo(QStringLiteral("the server set the reconnection time to %1 ms").arg(retryMs));
}

} // namespace wsi::net
