// SPDX-License-Identifier: MIT
#include "decode/StompDecoder.h"

#include "decode/StompFrame.h"

#include <QStringList>

namespace wsi::decode {

namespace {

// What a frame's summary says after its command: where it goes, what it answers.
QString frameDetail(const StompFrame &frame)
{
    QStringList parts;
    const QString destination = frame.header(u"destination");
    if (!destination.isNull())
        parts.append(destination);
    if (frame.command == QLatin1String("CONNECT") || frame.command == QLatin1String("STOMP"))
        parts.append(frame.header(u"host"));
    if (frame.command == QLatin1String("CONNECTED"))
        parts.append(QStringLiteral("version=") + frame.header(u"version"));
    for (const char *name : {"id", "subscription", "receipt", "receipt-id", "message"}) {
        const QString value = frame.header(QString::fromLatin1(name));
        if (!value.isNull())
            parts.append(QLatin1String(name) + QLatin1Char('=') + value);
    }
    if (!frame.body.isEmpty())
        parts.append(QStringLiteral("(%1 B)").arg(frame.body.size()));
    return parts.join(QLatin1Char(' '));
}

} // namespace

bool StompDecoder::recognises(const DecodeInput &input) const
{
    if (!input.isText)
        return false;
    const qsizetype eol = input.payload.indexOf('\n');
    if (eol <= 0 || eol > 12)
        return false;
    QByteArray command = input.payload.left(eol);
    if (command.endsWith('\r'))
        command.chop(1);
    return isStompCommand(command);
}

DecodeResult StompDecoder::decode(const DecodeInput &input, DecodeContext &) const
{
    const QByteArray &bytes = input.payload;
    Decoded decoded;
    decoded.protocol = id();
    if (bytes == "\n" || bytes == "\r\n") {
        decoded.summary = QStringLiteral("heart-beat");
        decoded.addField(QStringLiteral("command"), decoded.summary);
        if (input.wantsTree)
            decoded.tree = {QStringLiteral("STOMP"), QStringLiteral("heart-beat"), {}};
        return DecodeResult::ok(std::move(decoded));
    }
    decoded.tree.name = QStringLiteral("STOMP");
    QStringList summaries;
    qsizetype at = 0;
    while (at < bytes.size()) {
        StompFrame frame;
        const QString error = readStompFrame(bytes, &at, &frame);
        if (!error.isEmpty())
            return DecodeResult::malformed(error);
        const QString detail = frameDetail(frame);
        summaries.append(detail.isEmpty() ? frame.command : frame.command + QLatin1Char(' ') + detail);
        decoded.addField(QStringLiteral("command"), frame.command);
        for (const char *name : {"destination", "subscription", "id", "receipt", "message-id"}) {
            const QString value = frame.header(QString::fromLatin1(name));
            if (!value.isNull())
                decoded.addField(QLatin1String(name), value);
        }
        if (frame.command == QLatin1String("RECEIPT"))
            decoded.correlation = {frame.header(u"receipt-id"), CorrelationRole::Response};
        else if (!frame.header(u"receipt").isNull())
            decoded.correlation = {frame.header(u"receipt"), CorrelationRole::Request};
        if (input.wantsTree) {
            DecodedNode &node = decoded.tree.add(frame.command);
            DecodedNode &headers = node.add(QStringLiteral("headers"), QString::number(frame.headers.size()));
            for (const auto &header : frame.headers)
                headers.add(header.first, header.second);
            node.add(QStringLiteral("body"), QString::fromUtf8(frame.body));
        }
    }
    if (summaries.size() > 1)
        decoded.correlation = {};
    decoded.summary = summaries.join(QStringLiteral(" · "));
    if (input.wantsTree && decoded.tree.children.size() == 1)
        decoded.tree = decoded.tree.children.takeFirst();
    return DecodeResult::ok(std::move(decoded));
}

} // namespace wsi::decode
