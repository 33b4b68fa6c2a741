// SPDX-License-Identifier: MIT
#pragma once
// JSON-aware comparison of two messages: members in any order, numbers by value,
// whitespace ignored, and the paths a user chose to ignore left out. A difference is
// reported where it is, as a path and both values, not as two long lines to compare by eye.
#include "replay/JsonPathPattern.h"

#include <QByteArray>
#include <QJsonValue>
#include <QList>
#include <QString>

#include <optional>

namespace wsi::replay {

struct JsonChange {
    enum class Kind { Changed, Missing, Added }; // Missing: only in the recording; Added: only in the replay
    Kind kind = Kind::Changed;
    QString path;     // formatLocation(): "$.items[2].price"
    QString recorded; // the value as compact JSON; empty for Added
    QString replayed; // empty for Missing
};

// The payload as a JSON document (an object or an array), or nullopt for anything else.
std::optional<QJsonValue> parseJsonDocument(const QByteArray &text);

// The value without the ignored paths, as compact JSON with members in key order: equal
// bytes mean equal values.
QByteArray canonicalJson(const QJsonValue &value, const JsonPathPatterns &ignored);

// Where the two differ, in document order, at most `limit` changes (the rest is counted
// in *more when given).
QList<JsonChange> compareJson(const QJsonValue &recorded, const QJsonValue &replayed, const JsonPathPatterns &ignored,
                              int limit = 20, int *more = nullptr);

} // namespace wsi::replay
