// SPDX-License-Identifier: MIT
#include "ui/common/PayloadCodec.h"

#include <QStringDecoder>

namespace wsi::ui::PayloadCodec {

namespace {

int hexValue(QChar c)
{
    const char16_t u = c.unicode();
    if (u >= u'0' && u <= u'9')
        return u - u'0';
    if (u >= u'a' && u <= u'f')
        return u - u'a' + 10;
    if (u >= u'A' && u <= u'F')
        return u - u'A' + 10;
    return -1;
}

bool isHexSeparator(QChar c)
{
    return c.isSpace() || c == u':' || c == u'-' || c == u',';
}

// "'g'" for printable characters, "U+0007" for the rest, so the message shows what is wrong.
QString describeChar(QChar c)
{
    if (c.isPrint() && !c.isSpace())
        return QStringLiteral("'%1'").arg(c);
    return QStringLiteral("U+%1").arg(QString::number(c.unicode(), 16).toUpper().rightJustified(4, u'0'));
}

// Position as people count it: 1-based column on a 1-based line.
QString describePosition(const QString &text, int index)
{
    const int line = int(text.left(index).count(u'\n')) + 1;
    // lastIndexOf(c, -1) would search from the end: only look back when there is a back.
    const int lineStart = index > 0 ? int(text.lastIndexOf(u'\n', index - 1)) + 1 : 0;
    if (line == 1)
        return QStringLiteral("at position %1").arg(index + 1);
    return QStringLiteral("at line %1, column %2").arg(line).arg(index - lineStart + 1);
}

DecodeResult failure(QString message, int position = -1)
{
    DecodeResult result;
    result.error = std::move(message);
    result.errorPosition = position;
    return result;
}

int base64Value(QChar c)
{
    const char16_t u = c.unicode();
    if (u >= u'A' && u <= u'Z')
        return u - u'A';
    if (u >= u'a' && u <= u'z')
        return u - u'a' + 26;
    if (u >= u'0' && u <= u'9')
        return u - u'0' + 52;
    if (u == u'+' || u == u'-')
        return 62;
    if (u == u'/' || u == u'_')
        return 63;
    return -1;
}

} // namespace

DecodeResult fromHex(const QString &text)
{
    QByteArray bytes;
    bytes.reserve(text.size() / 2);
    int pendingIndex = -1; // where the first digit of an unfinished byte stands
    int pendingValue = 0;
    for (int i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (pendingIndex < 0 && c == u'0' && i + 1 < text.size() && (text.at(i + 1) == u'x' || text.at(i + 1) == u'X')) {
            ++i; // "0x" prefix before a byte
            continue;
        }
        const int value = hexValue(c);
        if (value >= 0) {
            if (pendingIndex < 0) {
                pendingIndex = i;
                pendingValue = value;
            } else {
                bytes.append(char(pendingValue * 16 + value));
                pendingIndex = -1;
            }
            continue;
        }
        if (!isHexSeparator(c))
            return failure(QStringLiteral("%1 %2 is not a hex digit").arg(describeChar(c), describePosition(text, i)), i);
        if (pendingIndex >= 0)
            return failure(QStringLiteral("lone hex digit %1: each byte needs two digits (write 0%2)")
                               .arg(describePosition(text, pendingIndex), text.at(pendingIndex)),
                           pendingIndex);
    }
    if (pendingIndex >= 0)
        return failure(QStringLiteral("odd number of hex digits: the last digit %1 has no partner")
                           .arg(describePosition(text, pendingIndex)),
                       pendingIndex);
    DecodeResult result;
    result.ok = true;
    result.data = bytes;
    return result;
}

DecodeResult fromBase64(const QString &text)
{
    QByteArray bytes;
    bytes.reserve(text.size() * 3 / 4);
    quint32 buffer = 0;
    int bits = 0;
    int digits = 0;
    int paddingAt = -1;
    for (int i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (c.isSpace())
            continue;
        if (c == u'=') {
            if (paddingAt < 0)
                paddingAt = i;
            continue;
        }
        const int value = base64Value(c);
        if (value < 0)
            return failure(QStringLiteral("%1 %2 is not a base64 character").arg(describeChar(c), describePosition(text, i)), i);
        if (paddingAt >= 0)
            return failure(QStringLiteral("%1 %2 comes after the '=' padding, which may only end the text")
                               .arg(describeChar(c), describePosition(text, i)),
                           i);
        ++digits;
        buffer = (buffer << 6) | quint32(value);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            bytes.append(char((buffer >> bits) & 0xff));
        }
    }
    // RFC 4648 section 4: a final group of one digit cannot hold a whole byte.
    if (digits % 4 == 1)
        return failure(QStringLiteral("base64 text of %1 characters is cut short: its last group has a single character")
                           .arg(digits));
    DecodeResult result;
    result.ok = true;
    result.data = bytes;
    return result;
}

QString toSpacedHex(QByteArrayView data, int bytesPerLine)
{
    static const char digits[] = "0123456789abcdef";
    QString out;
    out.reserve(data.size() * 3);
    for (qsizetype i = 0; i < data.size(); ++i) {
        if (i > 0)
            out.append(bytesPerLine > 0 && i % bytesPerLine == 0 ? u'\n' : u' ');
        const auto byte = static_cast<unsigned char>(data[i]);
        out.append(QLatin1Char(digits[byte >> 4]));
        out.append(QLatin1Char(digits[byte & 0xf]));
    }
    return out;
}

bool isValidUtf8(QByteArrayView data)
{
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    const QString text = decoder.decode(data);
    return !decoder.hasError();
}

QString formatSize(quint64 bytes)
{
    if (bytes < 1024)
        return QStringLiteral("%1 B").arg(bytes);
    const char *units[] = {"KiB", "MiB", "GiB", "TiB"};
    double value = double(bytes) / 1024.0;
    int unit = 0;
    while (value >= 1024.0 && unit < 3) {
        value /= 1024.0;
        ++unit;
    }
    return QStringLiteral("%1 %2").arg(value, 0, 'f', value < 10 ? 1 : 0).arg(QLatin1String(units[unit]));
}

} // namespace wsi::ui::PayloadCodec
