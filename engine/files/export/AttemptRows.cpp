// SPDX-License-Identifier: MIT
#include "files/export/AttemptRows.h"

#include "protocol/CloseCode.h"
#include "protocol/handshake/HttpMessage.h"

namespace wsi::log {

namespace {
QString fromUtf8(QByteArrayView bytes) { return QString::fromUtf8(bytes.data(), bytes.size()); }

QString headerValue(const protocol::HttpHeaders &headers, const char *name)
{
    return QString::fromStdString(headers.joined(name));
}
} // namespace

QByteArrayView HandshakeHeads::responseHead() const
{
    const qsizetype end = response.indexOf(QByteArrayView("\r\n\r\n"));
    return end < 0 ? response : response.first(end + 4);
}

HandshakeHeads handshakeHeads(const MessageStore &store, int row)
{
    const QByteArrayView payload = store.payload(row);
    const qsizetype split = std::min<qsizetype>(store.record(row).wireSize, payload.size());
    return {payload.first(split), payload.sliced(split)};
}

QString handshakeSummary(const MessageStore &store, int row)
{
    const QByteArrayView head = handshakeHeads(store, row).responseHead();
    protocol::HttpResponseHead response;
    std::string error;
    if (!protocol::parseResponseHead(std::string_view(head.data(), size_t(head.size())), response, error))
        return QStringLiteral("answer unreadable: ") + QString::fromStdString(error);
    const QString status = QString::number(response.status) + u' ' + QString::fromStdString(response.reason);
    // An EventSource's answer: 200 with an event stream (the Connection refuses anything else).
    const QString type = headerValue(response.headers, "Content-Type");
    if (response.status == 200 && type.section(QLatin1Char(';'), 0, 0).trimmed().compare(QLatin1String("text/event-stream"), Qt::CaseInsensitive) == 0)
        return QStringLiteral("streaming: ") + status + QStringLiteral(" · ") + type;
    if (response.status != 101)
        return QStringLiteral("refused: ") + status;
    QString text = QStringLiteral("connected: ") + status;
    const QString subprotocol = headerValue(response.headers, "Sec-WebSocket-Protocol");
    text += subprotocol.isEmpty() ? QStringLiteral(" · no subprotocol") : QStringLiteral(" · subprotocol ") + subprotocol;
    const QString extensions = headerValue(response.headers, "Sec-WebSocket-Extensions");
    text += extensions.isEmpty() ? QStringLiteral(" · no extensions") : QStringLiteral(" · ") + extensions;
    return text;
}

QString attemptResult(const MessageStore &store, int row)
{
    const int result = store.attemptResultRow(row);
    if (result < 0)
        return QStringLiteral("in progress");
    const LogRecord &end = store.record(result);
    if (end.kind == LogEntryKind::Error)
        return QStringLiteral("failed: ") + fromUtf8(store.payload(result));
    QString text = end.code == 0 ? QStringLiteral("closed without a status code")
                                 : QStringLiteral("closed %1 (%2)").arg(end.code).arg(
                                       QLatin1String(protocol::closeCodeMeaning(end.code)));
    if (!store.payload(result).isEmpty())
        text += QStringLiteral(" “") + fromUtf8(store.payload(result)) + QStringLiteral("”");
    return text + (end.isClean() ? QStringLiteral(", clean") : QStringLiteral(", not clean"));
}

QString attemptSummary(const MessageStore &store, int row)
{
    return QStringLiteral("attempt %1 · %2 · %3")
        .arg(store.record(row).code)
        .arg(fromUtf8(store.payload(row)), attemptResult(store, row));
}

} // namespace wsi::log
