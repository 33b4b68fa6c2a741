// SPDX-License-Identifier: MIT
#include "files/export/HarExport.h"

#include "files/export/AttemptRows.h"
#include "files/export/ExportText.h"
#include "files/session/SessionSecrets.h"

#include "net/SecretRedaction.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUrl>
#include <QUrlQuery>

namespace wsi::log {

using namespace ExportText;

namespace {

QString key(const char *name) { return QString::fromLatin1(name); }

QJsonArray nameValues(const net::HeaderList &headers)
{
    QJsonArray array;
    for (const auto &[name, value] : headers)
        array.append(QJsonObject{{key("name"), QString::fromUtf8(name)}, {key("value"), QString::fromUtf8(value)}});
    return array;
}

QJsonArray queryString(const QString &url)
{
    QJsonArray array;
    for (const auto &[name, value] : QUrlQuery(QUrl(url)).queryItems(QUrl::FullyDecoded))
        array.append(QJsonObject{{key("name"), name}, {key("value"), value}});
    return array;
}

} // namespace

HarExport::HarExport(const MessageStore &store, const SessionTabState &state, const ExportOptions &options)
    : ExportFormatter(store), m_state(state), m_options(options),
      m_startMs(store.startedAt().isValid() ? store.startedAt().toMSecsSinceEpoch() : 0)
{
}

net::HeaderList HarExport::headLines(const QByteArray &head)
{
    net::HeaderList headers;
    const QList<QByteArray> lines = head.split('\n');
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines[i].trimmed();
        const qsizetype colon = line.indexOf(':');
        if (colon > 0)
            headers.append({line.left(colon).trimmed(), line.mid(colon + 1).trimmed()});
    }
    return headers;
}

HarExport::Exchange HarExport::exchangeOfState() const
{
    Exchange exchange;
    const bool secrets = m_options.includeSecrets;
    exchange.url = secrets ? m_state.options.url : net::redactUrl(m_state.options.url);
    if (m_state.handshake) {
        exchange.handshakeNs = m_state.handshake->timeNs;
        exchange.rawRequest = secrets ? m_state.handshake->rawRequest : net::redactHeaders(m_state.handshake->rawRequest);
        exchange.rawResponse = secrets ? m_state.handshake->rawResponse : net::redactHeaders(m_state.handshake->rawResponse);
    }
    exchange.requestHeaders = secrets ? m_state.options.headers : redactHeaderList(m_state.options.headers);
    const qint64 lastNs = m_store->rowCount() ? m_store->record(m_store->rowCount() - 1).timeNs : 0;
    exchange.endNs = m_state.snapshot ? std::max(m_state.snapshot->elapsedNs, lastNs) : lastNs;
    return exchange;
}

HarExport::Exchange HarExport::exchangeOfAttempt(int attemptRow) const
{
    Exchange exchange;
    exchange.startNs = m_store->record(attemptRow).timeNs;
    exchange.endNs = exchange.startNs;
    exchange.url = QString::fromUtf8(m_store->payload(attemptRow));
    const int result = m_store->attemptResultRow(attemptRow);
    if (result >= 0)
        exchange.endNs = m_store->record(result).timeNs;
    return exchange;
}

QJsonObject HarExport::request(const Exchange &exchange) const
{
    const net::HeaderList headers = exchange.rawRequest.isEmpty() ? exchange.requestHeaders : headLines(exchange.rawRequest);
    return {{key("method"), QStringLiteral("GET")},
            {key("url"), exchange.url},
            {key("httpVersion"), QStringLiteral("HTTP/1.1")},
            {key("headers"), nameValues(headers)},
            {key("queryString"), queryString(exchange.url)},
            {key("cookies"), QJsonArray()},
            {key("headersSize"), exchange.rawRequest.isEmpty() ? -1 : int(exchange.rawRequest.size())},
            {key("bodySize"), 0}};
}

QJsonObject HarExport::response(const Exchange &exchange) const
{
    // "HTTP/1.1 101 Switching Protocols": the code, then the words after it. No answer
    // (refused, timed out) is status 0, as Chromium writes a failed request.
    const QString statusLine = QString::fromUtf8(exchange.rawResponse.left(exchange.rawResponse.indexOf('\r')));
    return {{key("status"), statusLine.section(QLatin1Char(' '), 1, 1).toInt()},
            {key("statusText"), statusLine.section(QLatin1Char(' '), 2)},
            {key("httpVersion"), QStringLiteral("HTTP/1.1")},
            {key("headers"), nameValues(headLines(exchange.rawResponse))},
            {key("cookies"), QJsonArray()},
            {key("content"), QJsonObject{{key("size"), 0}, {key("mimeType"), QStringLiteral("x-unknown")}}},
            {key("redirectURL"), QString()},
            {key("headersSize"), exchange.rawResponse.isEmpty() ? -1 : int(exchange.rawResponse.size())},
            {key("bodySize"), 0}};
}

QJsonObject HarExport::entry(const Exchange &exchange) const
{
    const QDateTime start = QDateTime::fromMSecsSinceEpoch(m_startMs + exchange.startNs / 1000000, Qt::UTC);
    const qint64 waitNs = exchange.handshakeNs >= 0 ? exchange.handshakeNs - exchange.startNs : 0;
    const qint64 totalNs = std::max({exchange.endNs, exchange.handshakeNs, exchange.startNs}) - exchange.startNs;
    return {{key("startedDateTime"), start.toString(Qt::ISODateWithMs)},
            {key("time"), double(totalNs) / 1e6},
            {key("request"), request(exchange)},
            {key("response"), response(exchange)},
            {key("cache"), QJsonObject()},
            {key("timings"), QJsonObject{{key("blocked"), -1}, {key("dns"), -1}, {key("ssl"), -1}, {key("connect"), -1},
                                         {key("send"), 0}, {key("wait"), double(waitNs) / 1e6}, {key("receive"), 0}}},
            {key("_resourceType"), QStringLiteral("websocket")}};
}

void HarExport::begin(QByteArray &out)
{
    const QJsonObject creator{{key("name"), QStringLiteral("wsinspect")}, {key("version"), m_options.applicationVersion}};
    out.append("{\"log\":{\"version\":\"1.2\",\"creator\":");
    out.append(QJsonDocument(creator).toJson(QJsonDocument::Compact));
    out.append(",\"pages\":[],\"entries\":[");
}

void HarExport::openEntry(const Exchange &exchange, QByteArray &out)
{
    closeEntry(out);
    QByteArray object = QJsonDocument(entry(exchange)).toJson(QJsonDocument::Compact);
    object.chop(1); // the closing brace: the messages array goes in before it
    out.append(m_firstEntry ? "\n" : ",\n");
    out.append(object);
    out.append(",\"_webSocketMessages\":[");
    m_firstEntry = false;
    m_firstMessage = true;
    m_entryOpen = true;
}

void HarExport::closeEntry(QByteArray &out)
{
    // An attempt that never got an answer still is an entry (status 0).
    if (m_attemptRow >= 0) {
        const Exchange failed = exchangeOfAttempt(std::exchange(m_attemptRow, -1));
        openEntry(failed, out);
    }
    if (!std::exchange(m_entryOpen, false))
        return;
    out.append("\n]}");
}

void HarExport::row(int storeRow, QByteArray &out)
{
    const LogRecord &record = m_store->record(storeRow);
    if (record.kind == LogEntryKind::Attempt) {
        closeEntry(out);
        m_attemptRow = storeRow;
        return;
    }
    if (record.kind == LogEntryKind::Handshake && m_attemptRow >= 0) {
        Exchange exchange = exchangeOfAttempt(std::exchange(m_attemptRow, -1));
        const HandshakeHeads heads = handshakeHeads(*m_store, storeRow);
        exchange.handshakeNs = record.timeNs;
        exchange.rawRequest = heads.request.toByteArray();
        exchange.rawResponse = heads.responseHead().toByteArray();
        openEntry(exchange, out);
        return;
    }
    if (record.kind != LogEntryKind::Text && record.kind != LogEntryKind::Binary)
        return;
    if (record.direction() == net::EventDirection::Local)
        return;
    if (m_attemptRow >= 0) // its handshake row was filtered out
        openEntry(exchangeOfAttempt(std::exchange(m_attemptRow, -1)), out);
    else if (!m_entryOpen) // a log without attempt rows
        openEntry(exchangeOfState(), out);
    const QByteArrayView payload = m_store->payload(storeRow);
    out.append(m_firstMessage ? "\n{\"type\":\"" : ",\n{\"type\":\"");
    m_firstMessage = false;
    out.append(record.direction() == net::EventDirection::Outgoing ? "send" : "receive");
    out.append("\",\"time\":");
    out.append(epochSeconds(epochMicroseconds(m_startMs, record.timeNs)));
    if (record.kind == LogEntryKind::Text) {
        out.append(",\"opcode\":1,\"data\":");
        if (isUtf8(payload))
            appendJsonString(out, payload);
        else
            appendJsonString(out, QString::fromUtf8(payload));
    } else {
        out.append(",\"opcode\":2,\"data\":\"");
        out.append(payload.toByteArray().toBase64());
        out.append('"');
    }
    out.append('}');
}

void HarExport::end(QByteArray &out)
{
    if (m_firstEntry && m_attemptRow < 0) // nothing logged: the tab's one exchange
        openEntry(exchangeOfState(), out);
    closeEntry(out);
    out.append("\n]}}\n");
}

} // namespace wsi::log
