// SPDX-License-Identifier: MIT
#include "ui/composer/ComposerChecks.h"

#include "protocol/CloseCode.h"

#include <QRegularExpression>

namespace wsi::ui::ComposerChecks {

bool parseCloseCode(const QString &text, int &code, QString &error)
{
    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty() || trimmed.startsWith(QLatin1String("no status"), Qt::CaseInsensitive)) {
        code = 0;
        return true;
    }
    static const QRegularExpression leadingNumber(QStringLiteral("^(\\d{1,6})(?:\\s|$)"));
    const QRegularExpressionMatch match = leadingNumber.match(trimmed);
    if (!match.hasMatch()) {
        error = QStringLiteral("close code \"%1\" is not a number: pick one from the list or type e.g. 4000").arg(trimmed);
        return false;
    }
    const int value = match.captured(1).toInt();
    if (value > 0xffff) {
        error = QStringLiteral("close code %1 does not fit in 16 bits").arg(value);
        return false;
    }
    if (!protocol::isValidReceivedCloseCode(quint16(value))) {
        error = QStringLiteral("close code %1 (%2) may not be sent in a close frame (RFC 6455 section 7.4); "
                               "the Raw frame mode sends it anyway")
                    .arg(value)
                    .arg(QLatin1String(protocol::closeCodeMeaning(quint16(value))));
        return false;
    }
    code = value;
    return true;
}

QString checkCloseReason(const QString &reason, int code)
{
    const qsizetype size = reason.toUtf8().size();
    if (code == 0 && size > 0)
        return QStringLiteral("a close frame without a status code cannot carry a reason (RFC 6455 section 5.5.1)");
    if (size > MaxCloseReason)
        return QStringLiteral("the close reason is %1 bytes of UTF-8; at most %2 fit in a close frame (RFC 6455 section 5.5)")
            .arg(size)
            .arg(MaxCloseReason);
    return {};
}

QString checkControlPayload(const QByteArray &payload, const char *what)
{
    if (payload.size() <= MaxControlPayload)
        return {};
    return QStringLiteral("a %1 carries at most %2 bytes (RFC 6455 section 5.5); this payload has %3")
        .arg(QLatin1String(what))
        .arg(MaxControlPayload)
        .arg(payload.size());
}

DecodeResult decodePayload(PayloadEncoding encoding, const QString &text)
{
    switch (encoding) {
    case PayloadEncoding::Hex:
        return PayloadCodec::fromHex(text);
    case PayloadEncoding::Base64:
        return PayloadCodec::fromBase64(text);
    case PayloadEncoding::Text:
    case PayloadEncoding::File:
        break;
    }
    DecodeResult result;
    result.ok = true;
    result.data = text.toUtf8();
    return result;
}

namespace {

bool parseMaskKey(const QString &text, protocol::MaskKey &key, QString &error)
{
    const DecodeResult decoded = PayloadCodec::fromHex(text);
    if (!decoded.ok) {
        error = QStringLiteral("mask key: %1").arg(decoded.error);
        return false;
    }
    if (decoded.data.size() != 4) {
        error = QStringLiteral("mask key has %1 bytes; it needs exactly 4 (8 hex digits), or leave it empty for a random key")
                    .arg(decoded.data.size());
        return false;
    }
    for (int i = 0; i < 4; ++i)
        key[size_t(i)] = static_cast<std::uint8_t>(decoded.data[i]);
    return true;
}

bool parseLength(const QString &text, protocol::LengthEncoding encoding, std::uint64_t &length, QString &error)
{
    bool ok = false;
    length = std::uint64_t(text.trimmed().toULongLong(&ok, 10));
    if (!ok) {
        error = QStringLiteral("length override \"%1\" is not a whole number from 0 to 18446744073709551615").arg(text.trimmed());
        return false;
    }
    if (encoding == protocol::LengthEncoding::Force16 && length > 0xffff) {
        error = QStringLiteral("length %1 does not fit the forced 16-bit length field (at most 65535)").arg(length);
        return false;
    }
    return true;
}

} // namespace

bool buildRawFrame(const RawFrameFields &fields, const QByteArray &payload, protocol::RawFrame &frame, QString &error)
{
    frame = protocol::RawFrame();
    protocol::FrameHeader &header = frame.header;
    header.fin = fields.fin;
    header.rsv1 = fields.rsv1;
    header.rsv2 = fields.rsv2;
    header.rsv3 = fields.rsv3;
    if (fields.opcode < 0 || fields.opcode > 0xf) {
        error = QStringLiteral("opcode %1 does not fit in 4 bits").arg(fields.opcode);
        return false;
    }
    header.opcode = std::uint8_t(fields.opcode);
    header.masked = fields.masked;
    frame.randomMaskKey = fields.masked && fields.maskKey.trimmed().isEmpty();
    if (fields.masked && !frame.randomMaskKey && !parseMaskKey(fields.maskKey, header.maskKey, error))
        return false;
    frame.lengthEncoding = fields.lengthEncoding;
    frame.overrideLength = fields.overrideLength;
    header.payloadLength = quint64(payload.size());
    if (fields.overrideLength && !parseLength(fields.length, fields.lengthEncoding, header.payloadLength, error))
        return false;
    if (!fields.overrideLength && fields.lengthEncoding == protocol::LengthEncoding::Force16 && payload.size() > 0xffff) {
        error = QStringLiteral("the payload's %1 bytes do not fit the forced 16-bit length field").arg(payload.size());
        return false;
    }
    frame.payload.assign(payload.constData(), size_t(payload.size()));
    return true;
}

} // namespace wsi::ui::ComposerChecks
