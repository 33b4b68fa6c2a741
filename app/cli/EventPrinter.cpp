// SPDX-License-Identifier: MIT
#include "EventPrinter.h"
#include "LineEscaping.h"
#include "MessageDecoding.h"

#include "net/SecretRedaction.h"
#include "protocol/CloseCode.h"
#include "protocol/Opcode.h"

#include <QJsonArray>
#include <QJsonDocument>

using namespace wsi::net;

namespace {

// --json's "decoded": {"protocol", "summary", "fields": {name: value, or [values] when a name
// repeats}, "correlation"}, or {"protocol", "error"} for a message its decoder found broken.
QJsonObject decodedJson(const DecodedMessage &decoded)
{
    QJsonObject object{{QStringLiteral("protocol"), decoded.protocol}};
    if (!decoded.decoded) {
        object.insert(QStringLiteral("error"), decoded.error);
        return object;
    }
    object.insert(QStringLiteral("summary"), decoded.summary);
    QJsonObject fields;
    for (const auto &[name, value] : decoded.fields) {
        const QJsonValue before = fields.value(name);
        if (before.isUndefined())
            fields.insert(name, value);
        else {
            QJsonArray values = before.isArray() ? before.toArray() : QJsonArray{before};
            values.append(value);
            fields.insert(name, values);
        }
    }
    object.insert(QStringLiteral("fields"), fields);
    if (!decoded.correlation.isEmpty())
        object.insert(QStringLiteral("correlation"), decoded.correlation);
    return object;
}

const char *directionName(EventDirection direction)
{
    switch (direction) {
    case EventDirection::Incoming: return "in";
    case EventDirection::Outgoing: return "out";
    case EventDirection::Local: return "local";
    }
    return "local";
}

QString timeText(qint64 ns)
{
    return QString::number(EventPrinter::seconds(ns), 'f', 6);
}

void writeBytes(std::FILE *file, const QByteArray &bytes)
{
    std::fwrite(bytes.constData(), 1, std::size_t(bytes.size()), file);
}

} // namespace

EventPrinter::EventPrinter(Settings settings, std::FILE *out, std::FILE *err)
    : m_settings(settings), m_out(out), m_err(err)
{
}

QByteArray EventPrinter::formatBinary(const QByteArray &payload, BinaryFormat format)
{
    switch (format) {
    case BinaryFormat::Hex: return payload.toHex();
    case BinaryFormat::Base64: return payload.toBase64();
    case BinaryFormat::Raw: return payload;
    }
    return payload.toHex();
}

QString EventPrinter::frameSummary(const LogEvent &event)
{
    if (event.flags & FrameFlag::Hixie) {
        // The drafts' framing byte for byte: the type (and length) bytes, the 0xFF after.
        return QStringLiteral("hixie frame: type and length bytes %1, %2 payload bytes%3 (%4)")
            .arg(QString::fromLatin1(event.header.toHex(' ')))
            .arg(event.length)
            .arg((event.flags & FrameFlag::HixieTrailer) ? QStringLiteral(", then ff") : QString())
            .arg(QLatin1String(wsi::protocol::opcodeName(event.opcode)));
    }
    const auto bit = [&](quint8 flag) { return (event.flags & flag) ? QLatin1Char('1') : QLatin1Char('0'); };
    QString text = QStringLiteral("FIN=%1 RSV=%2%3%4 opcode=%5 (%6) mask=%7 length=%8")
                       .arg(bit(FrameFlag::Fin)).arg(bit(FrameFlag::Rsv1)).arg(bit(FrameFlag::Rsv2)).arg(bit(FrameFlag::Rsv3))
                       .arg(event.opcode).arg(QLatin1String(wsi::protocol::opcodeName(event.opcode)))
                       .arg(bit(FrameFlag::Masked)).arg(event.length);
    if (event.flags & FrameFlag::Masked)
        text += QStringLiteral(" key=%1").arg(event.maskKey, 8, 16, QLatin1Char('0'));
    return text;
}

void EventPrinter::printBatch(const EventBatch &batch)
{
    for (const LogEvent &event : batch)
        printEvent(event);
    // Once per batch: a reader at the other end of a pipe sees events as they come.
    flush();
}

void EventPrinter::printEvent(const LogEvent &event)
{
    DecodedMessage decoded;
    const bool decodes = m_decoding && event.kind == EventKind::Message;
    if (decodes)
        decoded = m_decoding->decode(event);
    if (m_settings.json) {
        printEventJson(event, decodes ? &decoded : nullptr);
        return;
    }
    switch (event.kind) {
    case EventKind::Message:
        if (event.direction == EventDirection::Incoming)
            printMessage(event, decodes ? &decoded : nullptr);
        else if (decodes && decoded.decoded)
            printVerbose(QStringLiteral("%1 > %2").arg(timeText(event.timeNs), decoded.summary));
        break;
    case EventKind::Frame:
        printVerbose(QStringLiteral("%1 %2 frame %3")
                         .arg(timeText(event.timeNs), event.direction == EventDirection::Incoming ? QStringLiteral("<") : QStringLiteral(">"),
                              frameSummary(event)));
        break;
    case EventKind::Ping:
    case EventKind::Pong:
        if (m_settings.showPings)
            printPing(event);
        printVerbose(QStringLiteral("%1 %2 %3 %4 bytes%5")
                         .arg(timeText(event.timeNs), event.direction == EventDirection::Incoming ? QStringLiteral("<") : QStringLiteral(">"),
                              event.kind == EventKind::Ping ? QStringLiteral("ping") : QStringLiteral("pong"))
                         .arg(event.payload.size())
                         .arg(event.rttNs >= 0 ? QStringLiteral(", round trip %1 ms").arg(double(event.rttNs) / 1e6, 0, 'f', 3) : QString()));
        break;
    case EventKind::Info:
        printVerbose(QStringLiteral("%1 * %2").arg(timeText(event.timeNs), event.text));
        break;
    case EventKind::ServerEvent:
        printVerbose(QStringLiteral("%1 < event %2%3, %4 bytes of data")
                         .arg(timeText(event.timeNs), serverEventType(event),
                              serverEventId(event).isEmpty() ? QString() : QStringLiteral(" id ") + serverEventId(event))
                         .arg(event.payload.size()));
        printServerEvent(event);
        break;
    case EventKind::EventComment:
        printVerbose(QStringLiteral("%1 < comment :%2").arg(timeText(event.timeNs), QString::fromUtf8(escapeForLine(event.payload))));
        break;
    case EventKind::Close:
    case EventKind::Error:
    case EventKind::Attempt:
    case EventKind::Handshake:
        break; // printed from their updates (printError, printClose, the handshake and reconnect lines)
    }
}

void EventPrinter::printPing(const LogEvent &event)
{
    // "< ping: payload", "> pong: payload (0.215 ms)": which way it went, then what it held.
    QByteArray line = event.direction == EventDirection::Incoming ? "< " : "> ";
    line += event.kind == EventKind::Ping ? "ping: " : "pong: ";
    line += escapeForLine(event.payload);
    if (event.rttNs >= 0)
        line += " (" + QByteArray::number(double(event.rttNs) / 1e6, 'f', 3) + " ms)";
    line += '\n';
    writeBytes(m_out, line);
}

void EventPrinter::printConnected(const QString &url, const QString &subprotocol, const QString &extensions,
                                  const QString &version)
{
    if (!m_settings.interactive)
        return;
    QStringList details;
    if (!version.isEmpty() && version != QLatin1String("13"))
        details << QStringLiteral("WebSocket ") + version;
    if (!subprotocol.isEmpty())
        details << QStringLiteral("subprotocol ") + subprotocol;
    if (!extensions.isEmpty())
        details << QStringLiteral("extensions ") + extensions;
    const QString line = QStringLiteral("connected to %1%2 (Ctrl+D closes, Ctrl+C too)\n")
                             .arg(url, details.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(details.join(QStringLiteral(", "))));
    writeBytes(m_out, line.toUtf8());
    printPrompt();
}

void EventPrinter::printPrompt()
{
    writeBytes(m_out, QByteArrayLiteral("> "));
    std::fflush(m_out);
}

// An event's data, one line as a message's text is (escaped unless --raw-text).
void EventPrinter::printServerEvent(const LogEvent &event)
{
    writeBytes(m_out, m_settings.textPrefix);
    writeBytes(m_out, m_settings.rawText ? event.payload : escapeForLine(event.payload));
    std::fputc('\n', m_out);
}

void EventPrinter::printMessage(const LogEvent &event, const DecodedMessage *decoded)
{
    // Interactive: over the prompt ("\r"), marked as received, then the prompt again.
    if (m_settings.interactive)
        writeBytes(m_out, QByteArrayLiteral("\r< "));
    writeBytes(m_out, event.isText ? m_settings.textPrefix : m_settings.binaryPrefix);
    if (decoded && !decoded->error.isEmpty())
        printFailure(QStringLiteral("a received message is not valid %1: %2").arg(decoded->protocol, decoded->error), {}, m_err);
    if (decoded && decoded->decoded)
        writeBytes(m_out, escapeForLine(decoded->summary.toUtf8()));
    else if (event.isText)
        writeBytes(m_out, m_settings.rawText ? event.payload : escapeForLine(event.payload));
    else
        writeBytes(m_out, formatBinary(event.payload, m_settings.binary));
    if (event.isText || m_settings.binary != BinaryFormat::Raw || (decoded && decoded->decoded))
        std::fputc('\n', m_out);
    if (m_settings.interactive)
        printPrompt();
}

void EventPrinter::printEventJson(const LogEvent &event, const DecodedMessage *decoded)
{
    QJsonObject object;
    object.insert(QStringLiteral("time"), seconds(event.timeNs));
    object.insert(QStringLiteral("direction"), QLatin1String(directionName(event.direction)));
    switch (event.kind) {
    case EventKind::Frame:
        object.insert(QStringLiteral("event"), QStringLiteral("frame"));
        object.insert(QStringLiteral("opcode"), event.opcode);
        object.insert(QStringLiteral("fin"), bool(event.flags & FrameFlag::Fin));
        object.insert(QStringLiteral("rsv1"), bool(event.flags & FrameFlag::Rsv1));
        object.insert(QStringLiteral("rsv2"), bool(event.flags & FrameFlag::Rsv2));
        object.insert(QStringLiteral("rsv3"), bool(event.flags & FrameFlag::Rsv3));
        object.insert(QStringLiteral("masked"), bool(event.flags & FrameFlag::Masked));
        object.insert(QStringLiteral("length"), double(event.length));
        if (event.flags & FrameFlag::Hixie) {
            object.insert(QStringLiteral("format"), QStringLiteral("hixie"));
            object.insert(QStringLiteral("header_hex"), QString::fromLatin1(event.header.toHex()));
            object.insert(QStringLiteral("trailer_hex"), (event.flags & FrameFlag::HixieTrailer) ? QStringLiteral("ff") : QString());
        }
        object.insert(QStringLiteral("offset"), double(event.streamOffset));
        break;
    case EventKind::Message:
        object.insert(QStringLiteral("event"), QStringLiteral("message"));
        object.insert(QStringLiteral("type"), event.isText ? QStringLiteral("text") : QStringLiteral("binary"));
        object.insert(QStringLiteral("size"), double(event.length));
        object.insert(QStringLiteral("wire_size"), double(event.wireSize));
        object.insert(QStringLiteral("frames"), double(event.frameCount));
        object.insert(QStringLiteral("compressed"), event.compressed);
        if (event.isText)
            object.insert(QStringLiteral("data"), QString::fromUtf8(event.payload));
        else
            object.insert(QStringLiteral("data_base64"), QString::fromLatin1(event.payload.toBase64()));
        if (decoded && (decoded->decoded || !decoded->error.isEmpty()))
            object.insert(QStringLiteral("decoded"), decodedJson(*decoded));
        break;
    case EventKind::Ping:
    case EventKind::Pong:
        object.insert(QStringLiteral("event"), event.kind == EventKind::Ping ? QStringLiteral("ping") : QStringLiteral("pong"));
        object.insert(QStringLiteral("payload_base64"), QString::fromLatin1(event.payload.toBase64()));
        if (event.rttNs >= 0)
            object.insert(QStringLiteral("rtt_ms"), double(event.rttNs) / 1e6);
        break;
    case EventKind::Info:
        if (!m_settings.verbose)
            return;
        object.insert(QStringLiteral("event"), QStringLiteral("info"));
        object.insert(QStringLiteral("text"), event.text);
        break;
    case EventKind::ServerEvent:
        // As a browser's MessageEvent has them: every line of stdout is an event.
        object = QJsonObject{{QStringLiteral("event"), serverEventType(event)},
                             {QStringLiteral("data"), QString::fromUtf8(event.payload)},
                             {QStringLiteral("id"), serverEventId(event)},
                             {QStringLiteral("time"), seconds(event.timeNs)}};
        if (event.pingId > 0)
            object.insert(QStringLiteral("retry"), double(event.pingId));
        break;
    case EventKind::EventComment:
        if (!m_settings.showComments)
            return;
        object = QJsonObject{{QStringLiteral("comment"), QString::fromUtf8(event.payload)}, {QStringLiteral("time"), seconds(event.timeNs)}};
        break;
    case EventKind::Close:
    case EventKind::Error:
    case EventKind::Attempt:
    case EventKind::Handshake:
        return; // printed from their updates (printError, printClose, the handshake and reconnect lines)
    }
    printJson(object);
}

void EventPrinter::printJson(const QJsonObject &object)
{
    writeBytes(m_out, QJsonDocument(object).toJson(QJsonDocument::Compact));
    std::fputc('\n', m_out);
}

void EventPrinter::printVerbose(const QString &line)
{
    if (!m_settings.verbose)
        return;
    writeBytes(m_err, line.toUtf8());
    std::fputc('\n', m_err);
}

void EventPrinter::printHead(const QByteArray &head, const char *prefix)
{
    // Draft 76 sends 8 bytes after the request's head and answers with 16: bytes, not lines.
    qsizetype headEnd = head.indexOf("\r\n\r\n");
    headEnd = headEnd < 0 ? head.size() : headEnd + 4;
    const QByteArray shown = m_settings.showSecrets ? head.left(headEnd) : redactHeaders(head.left(headEnd));
    const QList<QByteArray> lines = shown.split('\n');
    for (QByteArray line : lines) {
        if (line.endsWith('\r'))
            line.chop(1);
        if (!line.isEmpty())
            printVerbose(QLatin1String(prefix) + QString::fromUtf8(line));
    }
    const QByteArray body = head.mid(headEnd);
    if (!body.isEmpty())
        printVerbose(QStringLiteral("%1(%2 bytes after the head) %3")
                         .arg(QLatin1String(prefix)).arg(body.size()).arg(QString::fromLatin1(body.toHex(' '))));
}

void EventPrinter::printState(ConnectionState state, qint64 timeNs, const QString &detail, TrafficKind kind)
{
    printVerbose(QStringLiteral("%1 * %2%3").arg(timeText(timeNs), QLatin1String(connectionStateName(state, kind)),
                                                 detail.isEmpty() ? QString() : QStringLiteral(" ") + detail));
}

void EventPrinter::printHandshake(const HandshakeInfo &info, qint64 timeNs)
{
    printHead(info.rawRequest, "> ");
    printHead(info.rawResponse, "< ");
    if (!info.accepted && !info.bodyPreview.isEmpty())
        printVerbose(QStringLiteral("< (body) ") + QString::fromUtf8(info.bodyPreview.left(200)).simplified());
    if (!info.accepted && !info.diagnosis.isEmpty())
        printVerbose(QStringLiteral("* ") + info.diagnosis);
    if (!m_settings.json || m_settings.jsonRowsOnly || !info.accepted) {
        flush();
        return;
    }
    QJsonObject object;
    object.insert(QStringLiteral("event"), QStringLiteral("open"));
    object.insert(QStringLiteral("time"), seconds(timeNs));
    object.insert(QStringLiteral("status"), info.status);
    object.insert(QStringLiteral("subprotocol"), info.subprotocol);
    object.insert(QStringLiteral("extensions"), info.extensions);
    object.insert(QStringLiteral("deflate"), info.deflate);
    object.insert(QStringLiteral("version"), info.protocolVersion);
    printJson(object);
    flush();
}

void EventPrinter::printTlsReport(const TlsReport &report)
{
    printVerbose(QStringLiteral("* TLS: %1, %2 (%3 bits), SNI %4").arg(report.protocol, report.cipher).arg(report.cipherBits).arg(report.sniName.isEmpty() ? QStringLiteral("none") : report.sniName));
}

void EventPrinter::printError(const ConnectionError &error)
{
    if (m_settings.json && !m_settings.jsonRowsOnly) {
        QJsonObject object;
        object.insert(QStringLiteral("event"), QStringLiteral("error"));
        object.insert(QStringLiteral("time"), seconds(error.timeNs));
        object.insert(QStringLiteral("phase"), QLatin1String(errorPhaseName(error.phase)));
        object.insert(QStringLiteral("id"), error.id);
        object.insert(QStringLiteral("message"), error.message);
        if (!error.hint.isEmpty())
            object.insert(QStringLiteral("hint"), error.hint);
        printJson(object);
    }
    printVerbose(QStringLiteral("%1 ! %2: %3").arg(timeText(error.timeNs), error.id, error.message));
    if (!error.hint.isEmpty())
        printVerbose(QStringLiteral("  hint: ") + error.hint);
}

void EventPrinter::printClose(const CloseInfo &info)
{
    if (m_settings.json) {
        QJsonObject object;
        object.insert(QStringLiteral("event"), QStringLiteral("close"));
        object.insert(QStringLiteral("time"), seconds(info.timeNs));
        object.insert(QStringLiteral("code"), int(info.code));
        object.insert(QStringLiteral("reason"), info.reason);
        object.insert(QStringLiteral("initiator"), QLatin1String(closeInitiatorName(info.initiator)));
        object.insert(QStringLiteral("clean"), info.clean);
        object.insert(QStringLiteral("sent"), closeFrameJson(info.sent));
        object.insert(QStringLiteral("received"), closeFrameJson(info.received));
        printJson(object);
    }
    printVerbose(QStringLiteral("%1 * close %2 (%3)%4, by %5, %6; sent %7, received %8")
                     .arg(timeText(info.timeNs)).arg(info.code)
                     .arg(QLatin1String(wsi::protocol::closeCodeMeaning(info.code)),
                          info.reason.isEmpty() ? QString() : QStringLiteral(" \"%1\"").arg(info.reason),
                          QLatin1String(closeInitiatorName(info.initiator)),
                          info.clean ? QStringLiteral("clean") : QStringLiteral("not clean"),
                          describeCloseFrame(info.sent), describeCloseFrame(info.received)));
}

void EventPrinter::printReconnect(const QString &why, const ReconnectReport &report, int maxAttempts)
{
    const QString of = maxAttempts > 0 ? QStringLiteral(" of %1").arg(maxAttempts) : QString();
    flush();
    std::fprintf(m_err, "wsinspect-cli: %s; reconnecting in %.1f s (attempt %d%s)\n", why.toLocal8Bit().constData(),
                 report.delayMs / 1000.0, report.attempt, of.toLocal8Bit().constData());
    std::fflush(m_err);
}

QJsonValue EventPrinter::closeFrameJson(const wsi::net::CloseFrameInfo &frame)
{
    if (!frame.present)
        return QJsonValue::Null;
    QJsonObject object;
    object.insert(QStringLiteral("code"), frame.code ? QJsonValue(int(frame.code)) : QJsonValue(QJsonValue::Null));
    object.insert(QStringLiteral("reason"), frame.reason);
    return object;
}

void EventPrinter::printFailure(const QString &message, const QString &hint, std::FILE *err)
{
    std::fprintf(err, "wsinspect-cli: %s\n", message.toLocal8Bit().constData());
    if (!hint.isEmpty())
        std::fprintf(err, "  hint: %s\n", hint.toLocal8Bit().constData());
    std::fflush(err);
}

void EventPrinter::flush()
{
    std::fflush(m_out);
    std::fflush(m_err);
}
