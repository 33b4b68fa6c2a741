// SPDX-License-Identifier: MIT
#include "files/export/HarExport.h"

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

QJsonObject HarExport::request() const
{
    const bool secrets = m_options.includeSecrets;
    const net::HandshakeInfo *handshake = m_state.handshake ? &*m_state.handshake : nullptr;
    net::HeaderList headers = handshake && !handshake->rawRequest.isEmpty() ? headLines(handshake->rawRequest)
                                                                            : m_state.options.headers;
    if (!secrets)
        headers = redactHeaderList(headers);
    const QString url = secrets ? m_state.options.url : net::redactUrl(m_state.options.url);
    return {{key("method"), QStringLiteral("GET")},
            {key("url"), url},
            {key("httpVersion"), QStringLiteral("HTTP/1.1")},
            {key("headers"), nameValues(headers)},
            {key("queryString"), queryString(url)},
            {key("cookies"), QJsonArray()},
            {key("headersSize"), handshake && !handshake->rawRequest.isEmpty() ? int(handshake->rawRequest.size()) : -1},
            {key("bodySize"), 0}};
}

QJsonObject HarExport::response() const
{
    const net::HandshakeInfo info = m_state.handshake.value_or(net::HandshakeInfo());
    const net::HeaderList headers = m_options.includeSecrets ? info.responseHeaders : redactHeaderList(info.responseHeaders);
    // "HTTP/1.1 101 Switching Protocols": the words after the code.
    const QString statusText = info.statusLine.section(QLatin1Char(' '), 2);
    return {{key("status"), info.status},
            {key("statusText"), statusText},
            {key("httpVersion"), QStringLiteral("HTTP/1.1")},
            {key("headers"), nameValues(headers)},
            {key("cookies"), QJsonArray()},
            {key("content"), QJsonObject{{key("size"), 0}, {key("mimeType"), QStringLiteral("x-unknown")}}},
            {key("redirectURL"), QString()},
            {key("headersSize"), info.rawResponse.isEmpty() ? -1 : int(info.rawResponse.size())},
            {key("bodySize"), 0}};
}

QJsonObject HarExport::entry() const
{
    const QDateTime start = QDateTime::fromMSecsSinceEpoch(m_startMs, Qt::UTC);
    const qint64 handshakeMs = m_state.handshake ? m_state.handshake->timeNs / 1000000 : 0;
    const qint64 lastNs = m_store->rowCount() ? m_store->record(m_store->rowCount() - 1).timeNs : 0;
    const qint64 totalNs = m_state.snapshot ? std::max(m_state.snapshot->elapsedNs, lastNs) : lastNs;
    return {{key("startedDateTime"), start.toString(Qt::ISODateWithMs)},
            {key("time"), double(totalNs) / 1e6},
            {key("request"), request()},
            {key("response"), response()},
            {key("cache"), QJsonObject()},
            {key("timings"), QJsonObject{{key("blocked"), -1}, {key("dns"), -1}, {key("ssl"), -1}, {key("connect"), -1},
                                         {key("send"), 0}, {key("wait"), double(handshakeMs)}, {key("receive"), 0}}},
            {key("_resourceType"), QStringLiteral("websocket")}};
}

void HarExport::begin(QByteArray &out)
{
    const QJsonObject creator{{key("name"), QStringLiteral("wsinspect")}, {key("version"), m_options.applicationVersion}};
    out.append("{\"log\":{\"version\":\"1.2\",\"creator\":");
    out.append(QJsonDocument(creator).toJson(QJsonDocument::Compact));
    out.append(",\"pages\":[],\"entries\":[");
    QByteArray object = QJsonDocument(entry()).toJson(QJsonDocument::Compact);
    object.chop(1); // the closing brace: the messages array goes in before it
    out.append(object);
    out.append(",\"_webSocketMessages\":[");
}

void HarExport::row(int storeRow, QByteArray &out)
{
    const LogRecord &record = m_store->record(storeRow);
    if (record.kind != LogEntryKind::Text && record.kind != LogEntryKind::Binary)
        return;
    if (record.direction() == net::EventDirection::Local)
        return;
    const QByteArrayView payload = m_store->payload(storeRow);
    out.append(m_first ? "\n{\"type\":\"" : ",\n{\"type\":\"");
    m_first = false;
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
    out.append("\n]}]}}\n");
}

} // namespace wsi::log
