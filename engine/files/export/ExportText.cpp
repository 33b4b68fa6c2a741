// SPDX-License-Identifier: MIT
#include "files/export/ExportText.h"

#include "protocol/Utf8Validator.h"

#include <QString>

#include <cstdlib>

namespace wsi::log::ExportText {

void appendJsonString(QByteArray &out, QByteArrayView utf8)
{
    static const char hex[] = "0123456789abcdef";
    out.append('"');
    qsizetype plainFrom = 0;
    for (qsizetype i = 0; i < utf8.size(); ++i) {
        const auto c = static_cast<unsigned char>(utf8[i]);
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        out.append(utf8.sliced(plainFrom, i - plainFrom));
        plainFrom = i + 1;
        switch (c) {
        case '"': out.append("\\\""); break;
        case '\\': out.append("\\\\"); break;
        case '\n': out.append("\\n"); break;
        case '\r': out.append("\\r"); break;
        case '\t': out.append("\\t"); break;
        case '\b': out.append("\\b"); break;
        case '\f': out.append("\\f"); break;
        default:
            out.append("\\u00");
            out.append(hex[c >> 4]);
            out.append(hex[c & 0xf]);
        }
    }
    out.append(utf8.sliced(plainFrom));
    out.append('"');
}

void appendJsonString(QByteArray &out, const QString &text)
{
    appendJsonString(out, QByteArrayView(text.toUtf8()));
}

bool isUtf8(QByteArrayView bytes)
{
    protocol::Utf8Validator validator;
    return validator.feed(reinterpret_cast<const std::uint8_t *>(bytes.data()), size_t(bytes.size()))
        && validator.isComplete();
}

bool writesAsText(LogEntryKind kind, QByteArrayView payload)
{
    switch (kind) {
    case LogEntryKind::Text:
    case LogEntryKind::Close:
    case LogEntryKind::Error:
    case LogEntryKind::Info:
    case LogEntryKind::Attempt:
    case LogEntryKind::Handshake:
    case LogEntryKind::Event:
    case LogEntryKind::Comment:
        return isUtf8(payload);
    case LogEntryKind::Binary:
    case LogEntryKind::Ping:
    case LogEntryKind::Pong:
    case LogEntryKind::Frame:
        break;
    }
    return false;
}

namespace {
QByteArray fixedPoint(qint64 value, qint64 unit, int decimals)
{
    QByteArray out;
    if (value < 0)
        out.append('-');
    const quint64 magnitude = value < 0 ? quint64(0) - quint64(value) : quint64(value);
    out.append(QByteArray::number(magnitude / quint64(unit)));
    out.append('.');
    out.append(QByteArray::number(magnitude % quint64(unit)).rightJustified(decimals, '0'));
    return out;
}
} // namespace

QByteArray seconds(qint64 ns)
{
    return fixedPoint(ns, 1000000000, 9);
}

QByteArray epochSeconds(qint64 epochUs)
{
    return fixedPoint(epochUs, 1000000, 6);
}

qint64 startMs(const QDateTime &start)
{
    return start.isValid() ? start.toMSecsSinceEpoch() : NoStart;
}

qint64 epochMicroseconds(qint64 startMs, qint64 timeNs)
{
    // Floor division, so times just before the start stay in the right microsecond.
    const qint64 us = timeNs >= 0 ? timeNs / 1000 : -((-timeNs + 999) / 1000);
    return startMs * 1000 + us;
}

namespace {
// Howard Hinnant's days-to-civil (proleptic Gregorian calendar): a million rows cannot
// afford a QDateTime and a format string each.
void civilFromDays(qint64 days, qint64 &year, int &month, int &day)
{
    days += 719468;
    const qint64 era = (days >= 0 ? days : days - 146096) / 146097;
    const qint64 dayOfEra = days - era * 146097;
    const qint64 yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146096) / 365;
    const qint64 dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
    const qint64 monthIndex = (5 * dayOfYear + 2) / 153;
    day = int(dayOfYear - (153 * monthIndex + 2) / 5 + 1);
    month = int(monthIndex < 10 ? monthIndex + 3 : monthIndex - 9);
    year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
}

void appendDigits(QByteArray &out, qint64 value, int width)
{
    char digits[20];
    int n = 0;
    do {
        digits[n++] = char('0' + value % 10);
        value /= 10;
    } while (value > 0 && n < 20);
    for (int i = n; i < width; ++i)
        out.append('0');
    while (n > 0)
        out.append(digits[--n]);
}

qint64 floorDiv(qint64 value, qint64 by)
{
    return value >= 0 ? value / by : -((-value + by - 1) / by);
}
} // namespace

QByteArray isoTime(qint64 startMs, qint64 timeNs)
{
    if (startMs == NoStart)
        return {};
    const qint64 us = epochMicroseconds(startMs, timeNs);
    const qint64 secs = floorDiv(us, 1000000);
    const qint64 days = floorDiv(secs, 86400);
    const qint64 secondOfDay = secs - days * 86400;
    qint64 year = 0;
    int month = 0, day = 0;
    civilFromDays(days, year, month, day);
    QByteArray out;
    out.reserve(27);
    appendDigits(out, year, 4);
    out.append('-');
    appendDigits(out, month, 2);
    out.append('-');
    appendDigits(out, day, 2);
    out.append('T');
    appendDigits(out, secondOfDay / 3600, 2);
    out.append(':');
    appendDigits(out, secondOfDay / 60 % 60, 2);
    out.append(':');
    appendDigits(out, secondOfDay % 60, 2);
    out.append('.');
    appendDigits(out, us - secs * 1000000, 6);
    out.append('Z');
    return out;
}

const char *directionName(net::EventDirection direction)
{
    switch (direction) {
    case net::EventDirection::Incoming:
        return "in";
    case net::EventDirection::Outgoing:
        return "out";
    case net::EventDirection::Local:
        break;
    }
    return "local";
}

} // namespace wsi::log::ExportText
