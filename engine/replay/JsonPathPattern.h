// SPDX-License-Identifier: MIT
#pragma once
// Where a value sits in a JSON document, and patterns over such places, in the notation the
// replay report prints: $.items[3].id, $["odd key"]. A pattern may say "*" for any member
// or any index ($.items[*].id, $.*.updatedAt), so a user copies a path from the report into
// --ignore and widens it where a field changes in every message (a timestamp, a request id).
#include <QString>
#include <QVector>

#include <optional>

namespace wsi::replay {

// One step down: a member's key, or an array index (key empty, index >= 0).
struct JsonStep {
    QString key;
    qint64 index = -1;
};
using JsonLocation = QVector<JsonStep>;

// "$", "$.a.b[2]", "$[\"odd key\"]".
QString formatLocation(const JsonLocation &location);

class JsonPathPattern
{
public:
    // Parses "$.a", "a.b", "$.items[*].id", "$[\"key with spaces\"]"; nullopt and *error
    // (what and where) for anything else.
    static std::optional<JsonPathPattern> parse(const QString &text, QString *error);

    bool matches(const JsonLocation &location) const;
    QString text() const { return m_text; }

private:
    struct Step {
        enum class Kind { Key, AnyKey, Index, AnyIndex } kind = Kind::Key;
        QString key;
        qint64 index = 0;
    };
    QVector<Step> m_steps;
    QString m_text;
};

using JsonPathPatterns = QVector<JsonPathPattern>;

bool matchesAny(const JsonPathPatterns &patterns, const JsonLocation &location);

} // namespace wsi::replay
