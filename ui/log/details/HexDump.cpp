// SPDX-License-Identifier: MIT
#include "ui/log/details/HexDump.h"

namespace wsi::ui::HexDump {

qsizetype lineCount(qsizetype size)
{
    return (size + BytesPerLine - 1) / BytesPerLine;
}

int offsetDigits(qsizetype size)
{
    int digits = 8;
    while (digits < 16 && (quint64(size) >> (4 * digits)) != 0)
        ++digits;
    return digits;
}

QString line(QByteArrayView data, qsizetype index, int digits)
{
    static const char hex[] = "0123456789abcdef";
    const qsizetype start = index * BytesPerLine;
    const qsizetype count = qMin<qsizetype>(BytesPerLine, data.size() - start);
    QString out = QString::number(quint64(start), 16).rightJustified(digits, u'0');
    out.reserve(digits + 2 + BytesPerLine * 3 + 1 + 2 + BytesPerLine);
    out.append(u' ');
    QString ascii;
    ascii.reserve(BytesPerLine);
    for (int i = 0; i < BytesPerLine; ++i) {
        if (i == BytesPerLine / 2)
            out.append(u' '); // the gap between the two groups of eight
        if (i >= count) {
            out.append(QLatin1String("   "));
            continue;
        }
        const auto byte = static_cast<unsigned char>(data[start + i]);
        out.append(u' ');
        out.append(QLatin1Char(hex[byte >> 4]));
        out.append(QLatin1Char(hex[byte & 0xf]));
        ascii.append(byte >= 0x20 && byte < 0x7f ? QLatin1Char(char(byte)) : QLatin1Char('.'));
    }
    out.append(QLatin1String("  |"));
    out.append(ascii);
    out.append(u'|');
    return out;
}

QString dump(QByteArrayView data, qsizetype maxBytes)
{
    const QByteArrayView shown = maxBytes >= 0 && data.size() > maxBytes ? data.first(maxBytes) : data;
    const int digits = offsetDigits(data.size());
    QString out;
    const qsizetype lines = lineCount(shown.size());
    out.reserve(lines * (digits + 70));
    for (qsizetype i = 0; i < lines; ++i) {
        out.append(line(shown, i, digits));
        out.append(u'\n');
    }
    return out;
}

} // namespace wsi::ui::HexDump
