// SPDX-License-Identifier: MIT
#include "decode/SignalRDecoder.h"

#include "decode/JsonPayload.h"

#include <QJsonArray>
#include <QJsonObject>

namespace wsi::decode {

namespace {

constexpr char kRecordSeparator = 0x1e;

struct Record
{
    QString summary;
    Correlation correlation;
};

// Reads one record's object; returns an empty summary and sets *error when it is not a
// SignalR message.
Record readRecord(const QJsonObject &message, Decoded &decoded, QString *error)
{
    const QString invocationId = message.value(QLatin1String("invocationId")).toString();
    if (!invocationId.isEmpty())
        decoded.addField(QStringLiteral("id"), invocationId);
    const QString idText = invocationId.isEmpty() ? QString() : QStringLiteral(" id=") + invocationId;

    if (!message.contains(QLatin1String("type"))) {
        // The handshake: the client's request names the protocol, the server answers {} or
        // with an error.
        decoded.addField(QStringLiteral("type"), QStringLiteral("handshake"));
        if (message.contains(QLatin1String("protocol")))
            return {QStringLiteral("handshake %1 v%2")
                        .arg(message.value(QLatin1String("protocol")).toString())
                        .arg(message.value(QLatin1String("version")).toInteger()),
                    {QStringLiteral("handshake"), CorrelationRole::Request}};
        if (message.contains(QLatin1String("error")))
            return {QStringLiteral("handshake error ") + message.value(QLatin1String("error")).toString(),
                    {QStringLiteral("handshake"), CorrelationRole::Response}};
        return {QStringLiteral("handshake ok"), {QStringLiteral("handshake"), CorrelationRole::Response}};
    }

    const int type = message.value(QLatin1String("type")).toInt(-1);
    switch (type) {
    case 1:
    case 4: {
        const QString target = message.value(QLatin1String("target")).toString();
        if (target.isEmpty()) {
            *error = QStringLiteral("field \"target\" is missing in an invocation");
            return {};
        }
        decoded.addField(QStringLiteral("type"), type == 1 ? QStringLiteral("invocation") : QStringLiteral("stream invocation"));
        decoded.addField(QStringLiteral("target"), target);
        const Correlation correlation = invocationId.isEmpty() ? Correlation{} : Correlation{invocationId, CorrelationRole::Request};
        return {QStringLiteral("%1 %2 %3%4")
                    .arg(type == 1 ? QStringLiteral("invoke") : QStringLiteral("stream"), target,
                         compactJson(message.value(QLatin1String("arguments")), 60), idText),
                correlation};
    }
    case 2:
        decoded.addField(QStringLiteral("type"), QStringLiteral("stream item"));
        return {QStringLiteral("item%1 %2").arg(idText, compactJson(message.value(QLatin1String("item")), 60)), {}};
    case 3: {
        decoded.addField(QStringLiteral("type"), QStringLiteral("completion"));
        const QString outcome = message.contains(QLatin1String("error"))
            ? QStringLiteral(" error ") + message.value(QLatin1String("error")).toString()
            : message.contains(QLatin1String("result")) ? QLatin1Char(' ') + compactJson(message.value(QLatin1String("result")), 60)
                                                        : QString();
        return {QStringLiteral("completion%1%2").arg(idText, outcome), {invocationId, CorrelationRole::Response}};
    }
    case 5:
        decoded.addField(QStringLiteral("type"), QStringLiteral("cancel"));
        return {QStringLiteral("cancel") + idText, {}};
    case 6:
        decoded.addField(QStringLiteral("type"), QStringLiteral("ping"));
        return {QStringLiteral("ping"), {}};
    case 7:
        decoded.addField(QStringLiteral("type"), QStringLiteral("close"));
        return {message.contains(QLatin1String("error")) ? QStringLiteral("close error ") + message.value(QLatin1String("error")).toString()
                                                         : QStringLiteral("close"),
                {}};
    default:
        *error = QStringLiteral("field \"type\": unknown message type %1").arg(compactJson(message.value(QLatin1String("type"))));
        return {};
    }
}

} // namespace

bool SignalRDecoder::recognises(const DecodeInput &input) const
{
    return input.isText && input.payload.endsWith(kRecordSeparator) && firstSignificantByte(input.payload) == '{';
}

DecodeResult SignalRDecoder::decode(const DecodeInput &input, DecodeContext &) const
{
    const QByteArray &text = input.payload;
    Decoded decoded;
    decoded.protocol = id();
    decoded.tree.name = QStringLiteral("SignalR");
    QStringList summaries;
    qsizetype at = 0;
    while (at < text.size()) {
        const qsizetype end = text.indexOf(kRecordSeparator, at);
        if (end < 0)
            return DecodeResult::malformed(QStringLiteral("record at offset %1 is not ended by 0x1E").arg(at));
        QJsonValue value;
        QString error;
        if (!parseJsonPayload(text.mid(at, end - at), &value, &error, at))
            return DecodeResult::malformed(error);
        if (!value.isObject())
            return DecodeResult::malformed(QStringLiteral("record at offset %1 is not a JSON object").arg(at));
        const Record record = readRecord(value.toObject(), decoded, &error);
        if (!error.isEmpty())
            return DecodeResult::malformed(QStringLiteral("record at offset %1: %2").arg(at).arg(error));
        summaries.append(record.summary);
        decoded.correlation = summaries.size() == 1 ? record.correlation : Correlation{};
        if (input.wantsTree)
            decoded.tree.children.append(nodeFromJson(QStringLiteral("record %1").arg(summaries.size()), value));
        at = end + 1;
    }
    if (summaries.isEmpty())
        return DecodeResult::malformed(QStringLiteral("empty message: no SignalR record"));
    decoded.summary = summaries.join(QStringLiteral(" · "));
    if (!input.wantsTree)
        decoded.tree = {};
    return DecodeResult::ok(std::move(decoded));
}

} // namespace wsi::decode
