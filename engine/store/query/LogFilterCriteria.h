// SPDX-License-Identifier: MIT
#pragma once
// What the user asked the log to show: which directions and types, and an optional
// search. A plain value, compared to tell whether a filter must be recomputed.
#include "store/LogRecord.h"

#include <QString>

namespace wsi::log {

enum class SearchMode : quint8 {
    Text,     // case-insensitive substring (unless caseSensitive) of any payload
    Regex,    // QRegularExpression over payloads (binary ones read as Latin-1)
    JsonPath, // a JsonPath over text messages
    Decoded,  // terms over the fields a decoder found (FieldQuery): event:chat topic:a/#
};

struct LogFilterCriteria {
    static constexpr quint32 AllKinds = (1u << LogEntryKindCount) - 1;
    static constexpr quint32 AllDirections = 0x7;

    quint32 kinds = AllKinds;           // kindBit()s
    quint32 directions = AllDirections; // directionBit()s
    qint64 clientId = -1;               // echo server: one client's rows; -1: all
    SearchMode mode = SearchMode::Text;
    QString pattern;                    // empty: no search
    bool caseSensitive = false;         // Text and Regex

    bool hasSearch() const { return !pattern.isEmpty(); }
    bool acceptsEverything() const
    {
        return kinds == AllKinds && directions == AllDirections && clientId < 0 && !hasSearch();
    }
    bool operator==(const LogFilterCriteria &other) const
    {
        return kinds == other.kinds && directions == other.directions && clientId == other.clientId
            && mode == other.mode && pattern == other.pattern && caseSensitive == other.caseSensitive;
    }
    bool operator!=(const LogFilterCriteria &other) const { return !(*this == other); }
};

} // namespace wsi::log
