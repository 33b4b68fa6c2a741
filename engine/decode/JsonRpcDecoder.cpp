// SPDX-License-Identifier: MIT
#include "decode/JsonRpcDecoder.h"

#include "decode/JsonPayload.h"

#include <QJsonArray>
#include <QJsonObject>

namespace wsi::decode {

namespace {

struct Call
{
    QString summary;
    QString error; // non-empty when the object is not JSON-RPC 2.0
};

// One request, notification or response; adds its fields and, for a lone call, the
// correlation. Section 4 (request objects) and 5 (response objects) of the specification.
Call readCall(const QJsonValue &value, const QString &where, Decoded &decoded, bool isLone)
{
    if (!value.isObject())
        return {{}, QStringLiteral("%1: not an object").arg(where)};
    const QJsonObject object = value.toObject();
    if (object.value(QLatin1String("jsonrpc")).toString() != QLatin1String("2.0"))
        return {{}, QStringLiteral("%1: field \"jsonrpc\" is not \"2.0\"").arg(where)};
    const bool hasId = object.contains(QLatin1String("id"));
    const QString id = hasId ? compactJson(object.value(QLatin1String("id")), 40) : QString();
    if (hasId)
        decoded.addField(QStringLiteral("id"), id);

    if (object.contains(QLatin1String("method"))) {
        const QJsonValue method = object.value(QLatin1String("method"));
        if (!method.isString())
            return {{}, QStringLiteral("%1: field \"method\" is not a string").arg(where)};
        decoded.addField(QStringLiteral("method"), method.toString());
        const QString params = object.contains(QLatin1String("params"))
            ? QLatin1Char(' ') + compactJson(object.value(QLatin1String("params")), 60)
            : QString();
        if (isLone && hasId)
            decoded.correlation = {id, CorrelationRole::Request};
        return {hasId ? QStringLiteral("call %1%2 id=%3").arg(method.toString(), params, id)
                      : QStringLiteral("notify %1%2").arg(method.toString(), params),
                {}};
    }
    if (!hasId)
        return {{}, QStringLiteral("%1: neither \"method\" nor \"id\"").arg(where)};
    if (isLone)
        decoded.correlation = {id, CorrelationRole::Response};
    if (object.contains(QLatin1String("error"))) {
        const QJsonObject error = object.value(QLatin1String("error")).toObject();
        const QString code = QString::number(error.value(QLatin1String("code")).toInteger());
        decoded.addField(QStringLiteral("error"), code);
        return {QStringLiteral("error id=%1 %2 %3")
                    .arg(id, code, error.value(QLatin1String("message")).toString()),
                {}};
    }
    if (!object.contains(QLatin1String("result")))
        return {{}, QStringLiteral("%1: a response without \"result\" or \"error\"").arg(where)};
    return {QStringLiteral("result id=%1 %2").arg(id, compactJson(object.value(QLatin1String("result")), 60)),
            {}};
}

} // namespace

bool JsonRpcDecoder::recognises(const DecodeInput &input) const
{
    if (!input.isText)
        return false;
    const char first = firstSignificantByte(input.payload);
    return (first == '{' || first == '[') && peekStringMember(input.payload, "jsonrpc") == "2.0";
}

DecodeResult JsonRpcDecoder::decode(const DecodeInput &input, DecodeContext &) const
{
    QJsonValue value;
    QString error;
    if (!parseJsonPayload(input.payload, &value, &error))
        return DecodeResult::malformed(error);

    Decoded decoded;
    decoded.protocol = id();
    if (value.isArray()) {
        // Section 6: a batch; an empty one is itself invalid.
        const QJsonArray batch = value.toArray();
        if (batch.isEmpty())
            return DecodeResult::malformed(QStringLiteral("empty batch"));
        QStringList parts;
        for (qsizetype i = 0; i < batch.size(); ++i) {
            const Call call = readCall(batch.at(i), QStringLiteral("batch[%1]").arg(i), decoded, false);
            if (!call.error.isEmpty())
                return DecodeResult::malformed(call.error);
            parts.append(call.summary);
        }
        decoded.summary = QStringLiteral("batch of %1: %2").arg(batch.size()).arg(parts.join(QStringLiteral("; ")));
    } else {
        const Call call = readCall(value, QStringLiteral("message"), decoded, true);
        if (!call.error.isEmpty())
            return DecodeResult::malformed(call.error);
        decoded.summary = call.summary;
    }
    if (input.wantsTree)
        decoded.tree = nodeFromJson(QStringLiteral("JSON-RPC"), value);
    return DecodeResult::ok(std::move(decoded));
}

} // namespace wsi::decode
