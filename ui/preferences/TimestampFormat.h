// SPDX-License-Identifier: MIT
#pragma once
// How the log shows a row's time: since the connection started, as local wall-clock time,
// or as a full ISO 8601 date and time; to the millisecond or the microsecond. A value type
// chosen in the Preferences dialog and by the log's "wall clock" toggle; LogRowText turns a
// time into text with it.
#include <QtGlobal>

namespace wsi::ui {

enum class TimeMode : quint8 {
    Relative,          // "+2.113 s" since the connection started
    WallClock,         // "14:03:07.113" local time
    WallClockWithDate, // "2026-11-21T14:03:07.113+01:00" (ISO 8601, local time with its offset)
};
constexpr TimeMode LastTimeMode = TimeMode::WallClockWithDate;

enum class TimePrecision : quint8 { Milliseconds, Microseconds };
constexpr TimePrecision LastTimePrecision = TimePrecision::Microseconds;

struct TimestampFormat {
    TimeMode mode = TimeMode::Relative;
    TimePrecision precision = TimePrecision::Milliseconds;

    bool isWallClock() const { return mode != TimeMode::Relative; }
    friend bool operator==(const TimestampFormat &a, const TimestampFormat &b)
    {
        return a.mode == b.mode && a.precision == b.precision;
    }
    friend bool operator!=(const TimestampFormat &a, const TimestampFormat &b) { return !(a == b); }
};

} // namespace wsi::ui
