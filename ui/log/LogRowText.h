// SPDX-License-Identifier: MIT
#pragma once
// The words and numbers of one log row, as pure functions (no model, no widgets) so the
// log's look is tested directly: times, sizes, one-line payload previews, frame summaries.
#include "ui/preferences/TimestampFormat.h"
#include "store/LogRecord.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QDateTime>
#include <QString>

namespace wsi::ui::LogRowText {

// "+2.113 s" since the connection started; "+1:02:03.004" past a minute; microseconds
// add three digits ("+2.113456 s").
QString relativeTime(qint64 timeNs, TimePrecision precision = TimePrecision::Milliseconds);
// "14:03:07.113" local time, or the relative time when start is unknown.
QString wallClockTime(const QDateTime &start, qint64 timeNs, TimePrecision precision = TimePrecision::Milliseconds);
// "2026-11-21T14:03:07.113+01:00": ISO 8601 local time with its UTC offset, or the relative time when start is unknown.
QString isoDateTime(const QDateTime &start, qint64 timeNs, TimePrecision precision = TimePrecision::Milliseconds);
// One of the three above, as the format says.
QString timestamp(const TimestampFormat &format, const QDateTime &start, qint64 timeNs);

// "0 B", "18 B", "1.2 KiB", "3.4 MiB".
QString size(quint64 bytes);

// The first maxChars characters of text on one line, control characters escaped (\n, \t,
// \x1b) and "…" when cut; binary payloads as spaced hex of their first bytes.
QString preview(QByteArrayView payload, bool binary, int maxChars = 100);

// "FIN RSV1 · text · 301 B · mask 3a 7f 00 c2": a frame's header fields on one line, the
// opcode named by protocol::opcodeName() as the CLI names it ("reserved-0x3").
QString frameSummary(const log::FrameRecord &frame);

} // namespace wsi::ui::LogRowText
