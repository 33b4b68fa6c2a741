// SPDX-License-Identifier: MIT
#include "ui/log/LogRowText.h"

#include "protocol/Opcode.h"

#include <QStringList>

namespace wsi::ui::LogRowText {

namespace {

// ".113" or ".113456": the fraction of a second of a time in microseconds.
QString fraction(qint64 us, TimePrecision precision)
{
    const bool micro = precision == TimePrecision::Microseconds;
    const qint64 part = micro ? us % 1000000 : us % 1000000 / 1000;
    return QLatin1Char('.') + QStringLiteral("%1").arg(part, micro ? 6 : 3, 10, QLatin1Char('0'));
}

// Microseconds since the epoch of the row: the start is known to the millisecond, the
// row's offset from it to the nanosecond.
qint64 epochMicroseconds(const QDateTime &start, qint64 timeNs)
{
    return start.toMSecsSinceEpoch() * 1000 + timeNs / 1000;
}

QDateTime localTimeAt(qint64 epochUs)
{
    return QDateTime::fromMSecsSinceEpoch(epochUs / 1000, Qt::LocalTime);
}

} // namespace

QString relativeTime(qint64 timeNs, TimePrecision precision)
{
    const qint64 us = timeNs / 1000;
    const qint64 ms = us / 1000;
    if (ms < 60000) {
        const int decimals = precision == TimePrecision::Microseconds ? 6 : 3;
        return QStringLiteral("+%1 s").arg(double(timeNs) / 1e9, 0, 'f', decimals);
    }
    const qint64 hours = ms / 3600000;
    const QString minutesSeconds = QStringLiteral("%1:%2")
                                       .arg(ms / 60000 % 60, hours ? 2 : 1, 10, QLatin1Char('0'))
                                       .arg(ms / 1000 % 60, 2, 10, QLatin1Char('0'))
        + fraction(us, precision);
    if (hours)
        return QStringLiteral("+%1:").arg(hours) + minutesSeconds;
    return QLatin1Char('+') + minutesSeconds;
}

QString wallClockTime(const QDateTime &start, qint64 timeNs, TimePrecision precision)
{
    if (!start.isValid())
        return relativeTime(timeNs, precision);
    const qint64 us = epochMicroseconds(start, timeNs);
    return localTimeAt(us).toString(QStringLiteral("HH:mm:ss")) + fraction(us, precision);
}

QString isoDateTime(const QDateTime &start, qint64 timeNs, TimePrecision precision)
{
    if (!start.isValid())
        return relativeTime(timeNs, precision);
    const qint64 us = epochMicroseconds(start, timeNs);
    const QDateTime local = localTimeAt(us);
    const int offsetMinutes = local.offsetFromUtc() / 60;
    const QString offset = QStringLiteral("%1%2:%3")
                               .arg(offsetMinutes < 0 ? QLatin1Char('-') : QLatin1Char('+'))
                               .arg(qAbs(offsetMinutes) / 60, 2, 10, QLatin1Char('0'))
                               .arg(qAbs(offsetMinutes) % 60, 2, 10, QLatin1Char('0'));
    return local.toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss")) + fraction(us, precision) + offset;
}

QString timestamp(const TimestampFormat &format, const QDateTime &start, qint64 timeNs)
{
    switch (format.mode) {
    case TimeMode::Relative:
        break;
    case TimeMode::WallClock:
        return wallClockTime(start, timeNs, format.precision);
    case TimeMode::WallClockWithDate:
        return isoDateTime(start, timeNs, format.precision);
    }
    return relativeTime(timeNs, format.precision);
}

QString size(quint64 bytes)
{
    if (bytes < 1024)
        return QStringLiteral("%1 B").arg(bytes);
    static const char *const units[] = {"KiB", "MiB", "GiB", "TiB"};
    double value = double(bytes) / 1024;
    int unit = 0;
    while (value >= 1024 && unit < 3) {
        value /= 1024;
        ++unit;
    }
    return QStringLiteral("%1 %2").arg(value, 0, 'f', 1).arg(QLatin1String(units[unit]));
}

namespace {
constexpr int HexPreviewBytes = 32;

QString hexPreview(QByteArrayView payload)
{
    const QByteArrayView shown = payload.first(qMin<qsizetype>(payload.size(), HexPreviewBytes));
    QString text = QString::fromLatin1(shown.toByteArray().toHex(' '));
    if (shown.size() < payload.size())
        text += QStringLiteral(" …");
    return text;
}

void appendEscaped(QString &out, QChar c)
{
    switch (c.unicode()) {
    case '\n':
        out += QStringLiteral("\\n");
        return;
    case '\r':
        out += QStringLiteral("\\r");
        return;
    case '\t':
        out += QStringLiteral("\\t");
        return;
    default:
        if (c.unicode() < 0x20 || c.unicode() == 0x7f)
            out += QStringLiteral("\\x%1").arg(c.unicode(), 2, 16, QLatin1Char('0'));
        else
            out += c;
    }
}
} // namespace

QString preview(QByteArrayView payload, bool binary, int maxChars)
{
    if (binary)
        return hexPreview(payload);
    // Decode no more than the preview can show: at most 4 bytes per character.
    const QString text = QString::fromUtf8(payload.first(qMin<qsizetype>(payload.size(), 4 * qsizetype(maxChars) + 4)));
    QString out;
    out.reserve(qMin<qsizetype>(text.size(), maxChars) + 8);
    qsizetype shown = 0;
    for (; shown < text.size() && shown < maxChars; ++shown)
        appendEscaped(out, text[shown]);
    if (shown < text.size())
        out += QStringLiteral("…");
    return out;
}

QString frameSummary(const log::FrameRecord &frame)
{
    QStringList bits;
    if (frame.isFinal())
        bits << QStringLiteral("FIN");
    if (frame.flags & net::FrameFlag::Rsv1)
        bits << QStringLiteral("RSV1");
    if (frame.flags & net::FrameFlag::Rsv2)
        bits << QStringLiteral("RSV2");
    if (frame.flags & net::FrameFlag::Rsv3)
        bits << QStringLiteral("RSV3");
    QStringList parts;
    if (!bits.isEmpty())
        parts << bits.join(QLatin1Char(' '));
    parts << QLatin1String(protocol::opcodeName(frame.opcode)) << size(frame.length);
    if (frame.isMasked()) {
        const char key[4] = {char(frame.maskKey >> 24), char(frame.maskKey >> 16), char(frame.maskKey >> 8),
                             char(frame.maskKey)};
        parts << QStringLiteral("mask ") + QString::fromLatin1(QByteArray(key, 4).toHex(' '));
    }
    return parts.join(QStringLiteral(" · "));
}

} // namespace wsi::ui::LogRowText
