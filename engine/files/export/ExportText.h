// SPDX-License-Identifier: MIT
#pragma once
// The pieces of text every export format shares: JSON string escaping, exact decimal
// times, the wall-clock time of a row, and how a payload is written (as text when it is
// UTF-8 text, else base64). Appends to a byte buffer; no QJsonDocument per row (a million
// rows would spend most of their time building and freeing trees).
#include "store/LogRecord.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QDateTime>

#include <limits>

namespace wsi::log::ExportText {

// Appends `utf8` as a JSON string, quotes included. The bytes must be valid UTF-8.
void appendJsonString(QByteArray &out, QByteArrayView utf8);
void appendJsonString(QByteArray &out, const QString &text);

bool isUtf8(QByteArrayView bytes);

// Text rows, closes, errors and infos are written as text when their payload is UTF-8;
// binary messages, pings, pongs and stray frames always as base64.
bool writesAsText(LogEntryKind kind, QByteArrayView payload);

// "12.000345678": nanoseconds as seconds, exactly, with nine decimals.
QByteArray seconds(qint64 ns);
// "1700000000.123456": microseconds since the epoch as seconds, exactly (HAR's time).
QByteArray epochSeconds(qint64 epochUs);

// The connection's start in ms since the epoch, taken once per export (converting a local
// QDateTime costs a time zone lookup); NoStart when unknown.
constexpr qint64 NoStart = std::numeric_limits<qint64>::min();
qint64 startMs(const QDateTime &start);
// Microseconds since the epoch of a row: start + timeNs. Needs a start.
qint64 epochMicroseconds(qint64 startMs, qint64 timeNs);
// "2023-11-14T22:13:20.123456Z" (UTC, microseconds); empty without a start.
QByteArray isoTime(qint64 startMs, qint64 timeNs);
inline QByteArray isoTime(const QDateTime &start, qint64 timeNs) { return isoTime(startMs(start), timeNs); }

// "in", "out", "local".
const char *directionName(net::EventDirection direction);

} // namespace wsi::log::ExportText
