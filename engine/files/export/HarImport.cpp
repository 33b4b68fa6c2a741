// SPDX-License-Identifier: MIT
#include "files/export/HarImport.h"

#include "protocol/Opcode.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUrl>

#include <algorithm>
#include <cmath>
#include <limits>

namespace wsi::log::HarImport {

using protocol::Opcode;

namespace {

QString key(const char *name) { return QString::fromLatin1(name); }

// What went wrong, without the file name (the caller adds it).
struct Problem {
    QString text;
    bool isSet() const { return !text.isEmpty(); }
};

net::HeaderList headers(const QJsonValue &value)
{
    net::HeaderList list;
    for (const QJsonValue &item : value.toArray()) {
        const QJsonObject header = item.toObject();
        list.append({header.value(key("name")).toString().toUtf8(), header.value(key("value")).toString().toUtf8()});
    }
    return list;
}

QByteArray headerValue(const net::HeaderList &list, const char *name)
{
    for (const auto &[headerName, value] : list) {
        if (headerName.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

QByteArray head(const QByteArray &firstLine, const net::HeaderList &list)
{
    QByteArray text = firstLine + "\r\n";
    for (const auto &[name, value] : list)
        text += name + ": " + value + "\r\n";
    return text + "\r\n";
}

// The entry's request and response as the connection panel shows a handshake.
net::HandshakeInfo handshake(const QJsonObject &entry)
{
    const QJsonObject request = entry.value(key("request")).toObject();
    const QJsonObject response = entry.value(key("response")).toObject();
    const QUrl url(request.value(key("url")).toString());
    const QByteArray version = response.value(key("httpVersion")).toString(QStringLiteral("HTTP/1.1")).toUtf8();
    net::HandshakeInfo info;
    info.status = response.value(key("status")).toInt();
    info.accepted = info.status == 101;
    info.statusLine = QString::fromUtf8(version) + QLatin1Char(' ') + QString::number(info.status) + QLatin1Char(' ')
        + response.value(key("statusText")).toString();
    info.responseHeaders = headers(response.value(key("headers")));
    const QByteArray target = url.path(QUrl::FullyEncoded).toUtf8() + (url.hasQuery() ? "?" + url.query(QUrl::FullyEncoded).toUtf8() : QByteArray());
    info.rawRequest = head(request.value(key("method")).toString(QStringLiteral("GET")).toUtf8() + ' '
                               + (target.isEmpty() ? QByteArray("/") : target) + ' ' + version,
                           headers(request.value(key("headers"))));
    info.rawResponse = head(info.statusLine.toUtf8(), info.responseHeaders);
    info.subprotocol = QString::fromUtf8(headerValue(info.responseHeaders, "Sec-WebSocket-Protocol"));
    info.extensions = QString::fromUtf8(headerValue(info.responseHeaders, "Sec-WebSocket-Extensions"));
    info.deflate = info.extensions.contains(QLatin1String("permessage-deflate"));
    return info;
}

bool looksLikeWebSocket(const QJsonObject &entry)
{
    const QJsonObject request = entry.value(key("request")).toObject();
    const QString scheme = QUrl(request.value(key("url")).toString()).scheme();
    return scheme == QLatin1String("ws") || scheme == QLatin1String("wss")
        || entry.value(key("response")).toObject().value(key("status")).toInt() == 101
        || entry.value(key("_resourceType")).toString() == QLatin1String("websocket")
        || headerValue(headers(request.value(key("headers"))), "Upgrade").toLower() == "websocket";
}

// One element of "_webSocketMessages" as the event the store would have been given.
// Chromium writes times in seconds with microseconds; a double holds those exactly enough
// to round back to the microsecond, not to the nanosecond.
qint64 timeUs(const QJsonObject &message, qint64 fallbackUs)
{
    const QJsonValue time = message.value(key("time"));
    return time.isDouble() ? qint64(std::llround(time.toDouble() * 1e6)) : fallbackUs;
}

net::LogEvent messageEvent(const QJsonObject &message, qint64 baseUs, Problem &problem)
{
    net::LogEvent event;
    const QString type = message.value(key("type")).toString();
    const int opcode = message.value(key("opcode")).toInt(-1);
    const QString data = message.value(key("data")).toString();
    event.timeNs = (timeUs(message, baseUs) - baseUs) * 1000;
    if (type == QLatin1String("error")) { // Chromium's webSocketFrameError
        event.kind = net::EventKind::Error;
        event.text = data;
        return event;
    }
    if (type != QLatin1String("send") && type != QLatin1String("receive")) {
        problem.text = QStringLiteral("its type is “%1”, not send or receive").arg(type);
        return event;
    }
    event.direction = type == QLatin1String("send") ? net::EventDirection::Outgoing : net::EventDirection::Incoming;
    QByteArray payload = data.toUtf8();
    if (opcode != int(Opcode::Text)) {
        // Chromium: "If the opcode isn't 1, then payloadData is a base64 encoded string".
        const auto decoded = QByteArray::fromBase64Encoding(payload, QByteArray::AbortOnBase64DecodingErrors);
        if (!decoded) {
            problem.text = QStringLiteral("its opcode %1 data is not base64").arg(opcode);
            return event;
        }
        payload = *decoded;
    }
    event.payload = payload;
    event.length = event.wireSize = quint64(payload.size());
    event.frameCount = 1;
    switch (opcode) {
    case int(Opcode::Text):
    case int(Opcode::Binary):
        event.kind = net::EventKind::Message;
        event.isText = opcode == int(Opcode::Text);
        break;
    case int(Opcode::Close):
        event.kind = net::EventKind::Close;
        event.code = payload.size() >= 2 ? quint16((quint8(payload[0]) << 8) | quint8(payload[1])) : 1005;
        event.text = QString::fromUtf8(payload.mid(2));
        break;
    case int(Opcode::Ping):
        event.kind = net::EventKind::Ping;
        break;
    case int(Opcode::Pong):
        event.kind = net::EventKind::Pong;
        break;
    default:
        problem.text = QStringLiteral("its opcode is %1").arg(opcode);
    }
    return event;
}

SessionTab readEntry(const QJsonObject &entry, const QJsonArray &messages, Problem &problem, int &badMessage)
{
    SessionTab tab;
    const QString url = entry.value(key("request")).toObject().value(key("url")).toString();
    const QUrl parsed(url);
    tab.state.title = parsed.port() > 0 ? parsed.host() + QLatin1Char(':') + QString::number(parsed.port()) : parsed.host();
    tab.state.options.url = url;
    tab.state.panelUrl = url;
    tab.state.handshake = handshake(entry);

    // Messages before the entry's start (clocks differ) move the origin back.
    const QDateTime start = QDateTime::fromString(entry.value(key("startedDateTime")).toString(), Qt::ISODateWithMs);
    qint64 baseUs = start.isValid() ? start.toMSecsSinceEpoch() * 1000 : std::numeric_limits<qint64>::max();
    for (const QJsonValue &value : messages)
        baseUs = std::min(baseUs, timeUs(value.toObject(), baseUs));
    if (baseUs == std::numeric_limits<qint64>::max())
        baseUs = 0;
    baseUs -= baseUs % 1000; // QDateTime keeps milliseconds
    tab.store->setStartedAt(QDateTime::fromMSecsSinceEpoch(baseUs / 1000));
    net::EventBatch batch;
    batch.reserve(messages.size());
    for (qsizetype i = 0; i < messages.size(); ++i) {
        if (!messages[i].isObject()) {
            problem.text = QStringLiteral("it is not an object");
            badMessage = int(i);
            return tab;
        }
        batch.append(messageEvent(messages[i].toObject(), baseUs, problem));
        if (problem.isSet()) {
            badMessage = int(i);
            return tab;
        }
    }
    tab.store->append(batch);
    return tab;
}

} // namespace

bool read(const QByteArray &json, const QString &displayName, std::vector<SessionTab> *tabs, QString *error)
{
    const QString name = QDir::toNativeSeparators(displayName);
    auto refuse = [&](const QString &sentence) {
        if (error)
            *error = QStringLiteral("“%1” %2.").arg(name, sentence);
        return false;
    };
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return refuse(QStringLiteral("is not a HAR file: it is not valid JSON (%1 at byte %2)")
                          .arg(parseError.errorString())
                          .arg(parseError.offset));
    const QJsonValue entriesValue = document.object().value(key("log")).toObject().value(key("entries"));
    if (!entriesValue.isArray())
        return refuse(QStringLiteral("is not a HAR file: it has no “log.entries” list"));
    const QJsonArray entries = entriesValue.toArray();
    std::vector<SessionTab> found;
    int webSocketEntries = 0;
    qsizetype messageCount = 0;
    for (qsizetype i = 0; i < entries.size(); ++i) {
        const QJsonObject entry = entries[i].toObject();
        const QJsonValue messages = entry.value(key("_webSocketMessages"));
        if (!messages.isArray()) {
            webSocketEntries += looksLikeWebSocket(entry) ? 1 : 0;
            continue;
        }
        ++webSocketEntries;
        Problem problem;
        int badMessage = -1;
        SessionTab tab = readEntry(entry, messages.toArray(), problem, badMessage);
        if (problem.isSet())
            return refuse(QStringLiteral("has a WebSocket message it cannot read (entry %1, message %2: %3)")
                              .arg(i + 1)
                              .arg(badMessage + 1)
                              .arg(problem.text));
        messageCount += messages.toArray().size();
        found.push_back(std::move(tab));
    }
    if (messageCount == 0) {
        const QString connections = webSocketEntries == 0
            ? QStringLiteral("none of its %1 entries is a WebSocket connection").arg(entries.size())
            : QStringLiteral("its %1 WebSocket connection(s) carry no “_webSocketMessages” (Firefox does not save "
                             "WebSocket messages in HAR files; save the HAR from Chromium's or Chrome's devtools)")
                  .arg(webSocketEntries);
        return refuse(QStringLiteral("has no WebSocket messages: %1").arg(connections));
    }
    *tabs = std::move(found);
    return true;
}

bool load(const QString &path, std::vector<SessionTab> *tabs, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        if (error)
            *error = QStringLiteral("Could not open “%1”: %2.").arg(QDir::toNativeSeparators(path), file.errorString());
        return false;
    }
    return read(file.readAll(), path, tabs, error);
}

} // namespace wsi::log::HarImport
