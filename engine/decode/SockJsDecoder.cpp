// SPDX-License-Identifier: MIT
#include "decode/SockJsDecoder.h"

#include "decode/JsonPayload.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace wsi::decode {

bool SockJsDecoder::recognises(const DecodeInput &input) const
{
    const QByteArray &text = input.payload;
    if (!input.isText || text.isEmpty())
        return false;
    if (text.size() == 1)
        return text.at(0) == 'o' || text.at(0) == 'h';
    return (text.at(0) == 'a' || text.at(0) == 'c') && text.at(1) == '[';
}

DecodeResult SockJsDecoder::decode(const DecodeInput &input, DecodeContext &) const
{
    const QByteArray &text = input.payload;
    Decoded decoded;
    decoded.protocol = id();
    decoded.tree.name = QStringLiteral("SockJS");
    const char frame = text.isEmpty() ? 0 : text.at(0);
    const QByteArray rest = text.mid(1);
    auto finish = [&](const QString &type) {
        decoded.addField(QStringLiteral("type"), type);
        decoded.tree.add(QStringLiteral("frame"), QStringLiteral("%1 (%2)").arg(QString(QLatin1Char(frame)), type));
        if (!input.wantsTree)
            decoded.tree = {};
        return DecodeResult::ok(std::move(decoded));
    };

    if ((frame == 'o' || frame == 'h') && rest.isEmpty()) {
        decoded.summary = frame == 'o' ? QStringLiteral("o open") : QStringLiteral("h heartbeat");
        return finish(frame == 'o' ? QStringLiteral("open") : QStringLiteral("heartbeat"));
    }
    QJsonValue value;
    QString error;
    if (frame == 'm') {
        // One message as a JSON string; wrapped in an array to parse it with QJsonDocument.
        if (!parseJsonPayload('[' + rest + ']', &value, &error, 0) || !value.toArray().at(0).isString())
            return DecodeResult::malformed(QStringLiteral("SockJS m frame: a JSON string expected at offset 1"));
        const QString message = value.toArray().at(0).toString();
        decoded.summary = QStringLiteral("m ") + compactJson(QJsonValue(message));
        decoded.addField(QStringLiteral("message"), message);
        decoded.tree.add(QStringLiteral("message"), message);
        return finish(QStringLiteral("message"));
    }
    if (frame != 'a' && frame != 'c')
        return DecodeResult::malformed(QStringLiteral("SockJS frame type '%1' at offset 0 is not one of o, h, a, m, c")
                                           .arg(frame ? QString(QLatin1Char(frame)) : QStringLiteral("(empty)")));
    if (!parseJsonPayload(rest, &value, &error, 1) || !value.isArray())
        return DecodeResult::malformed(QStringLiteral("SockJS %1 frame: %2").arg(QLatin1Char(frame)).arg(error.isEmpty() ? QStringLiteral("a JSON array expected at offset 1") : error));
    const QJsonArray array = value.toArray();
    if (frame == 'c') {
        if (array.size() != 2 || !array.at(0).isDouble() || !array.at(1).isString())
            return DecodeResult::malformed(QStringLiteral("SockJS c frame: [code, reason] expected at offset 1"));
        const QString code = QString::number(array.at(0).toInteger());
        decoded.summary = QStringLiteral("c close %1 %2").arg(code, compactJson(array.at(1)));
        decoded.addField(QStringLiteral("code"), code);
        decoded.tree.add(QStringLiteral("code"), code);
        decoded.tree.add(QStringLiteral("reason"), array.at(1).toString());
        return finish(QStringLiteral("close"));
    }
    DecodedNode &messages = decoded.tree.add(QStringLiteral("messages"), QString::number(array.size()));
    for (qsizetype i = 0; i < array.size(); ++i) {
        if (!array.at(i).isString())
            return DecodeResult::malformed(QStringLiteral("SockJS a frame: message %1 is not a string").arg(i));
        decoded.addField(QStringLiteral("message"), array.at(i).toString());
        messages.add(QStringLiteral("[%1]").arg(i), array.at(i).toString());
    }
    decoded.summary = QStringLiteral("a ") + compactJson(array);
    return finish(QStringLiteral("array"));
}

} // namespace wsi::decode
