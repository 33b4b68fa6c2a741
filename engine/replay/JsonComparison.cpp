// SPDX-License-Identifier: MIT
#include "replay/JsonComparison.h"

#include "decode/JsonPayload.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>

namespace wsi::replay {

namespace {

QJsonValue pruned(const QJsonValue &value, const JsonPathPatterns &ignored, JsonLocation &location)
{
    if (value.isObject()) {
        QJsonObject object;
        const QJsonObject source = value.toObject();
        for (auto it = source.begin(); it != source.end(); ++it) {
            location.append(JsonStep{it.key(), -1});
            if (!matchesAny(ignored, location))
                object.insert(it.key(), pruned(it.value(), ignored, location));
            location.removeLast();
        }
        return object;
    }
    if (value.isArray()) {
        QJsonArray array;
        const QJsonArray source = value.toArray();
        for (qsizetype i = 0; i < source.size(); ++i) {
            location.append(JsonStep{QString(), i});
            // An ignored element keeps its place (null), so the indices after it still match.
            array.append(matchesAny(ignored, location) ? QJsonValue() : pruned(source.at(i), ignored, location));
            location.removeLast();
        }
        return array;
    }
    return value;
}

struct Comparer {
    const JsonPathPatterns &ignored;
    int limit;
    QList<JsonChange> changes;
    int more = 0;
    JsonLocation location;

    void add(JsonChange::Kind kind, const QJsonValue *recorded, const QJsonValue *replayed)
    {
        if (changes.size() >= limit) {
            ++more;
            return;
        }
        changes.append(JsonChange{kind, formatLocation(location), recorded ? QString::fromUtf8(decode::jsonText(*recorded)) : QString(),
                                  replayed ? QString::fromUtf8(decode::jsonText(*replayed)) : QString()});
    }

    void compare(const QJsonValue &recorded, const QJsonValue &replayed)
    {
        if (matchesAny(ignored, location))
            return;
        if (recorded.isObject() && replayed.isObject())
            return compareObjects(recorded.toObject(), replayed.toObject());
        if (recorded.isArray() && replayed.isArray())
            return compareArrays(recorded.toArray(), replayed.toArray());
        if (recorded != replayed)
            add(JsonChange::Kind::Changed, &recorded, &replayed);
    }

    void compareObjects(const QJsonObject &recorded, const QJsonObject &replayed)
    {
        // Both iterate in key order: one merge pass finds the missing, new and shared keys.
        auto r = recorded.begin();
        auto p = replayed.begin();
        while (r != recorded.end() || p != replayed.end()) {
            const bool takeRecorded = p == replayed.end() || (r != recorded.end() && r.key() < p.key());
            const bool takeReplayed = r == recorded.end() || (p != replayed.end() && p.key() < r.key());
            if (takeRecorded) {
                onOneSide(r.key(), r.value(), true);
                ++r;
            } else if (takeReplayed) {
                onOneSide(p.key(), p.value(), false);
                ++p;
            } else {
                location.append(JsonStep{r.key(), -1});
                compare(r.value(), p.value());
                location.removeLast();
                ++r;
                ++p;
            }
        }
    }

    // A member on one side only.
    void onOneSide(const QString &key, const QJsonValue &value, bool onlyRecorded)
    {
        location.append(JsonStep{key, -1});
        addOneSided(value, onlyRecorded);
        location.removeLast();
    }

    // A value at the current location that only one side has.
    void addOneSided(const QJsonValue &value, bool onlyRecorded)
    {
        if (matchesAny(ignored, location))
            return;
        if (onlyRecorded)
            add(JsonChange::Kind::Missing, &value, nullptr);
        else
            add(JsonChange::Kind::Added, nullptr, &value);
    }

    void compareArrays(const QJsonArray &recorded, const QJsonArray &replayed)
    {
        const qsizetype shared = std::min(recorded.size(), replayed.size());
        for (qsizetype i = 0; i < std::max(recorded.size(), replayed.size()); ++i) {
            location.append(JsonStep{QString(), i});
            if (i < shared) {
                compare(recorded.at(i), replayed.at(i));
            } else {
                const bool onlyRecorded = i < recorded.size();
                addOneSided(onlyRecorded ? recorded.at(i) : replayed.at(i), onlyRecorded);
            }
            location.removeLast();
        }
    }
};

} // namespace

std::optional<QJsonValue> parseJsonDocument(const QByteArray &text)
{
    // A cheap refusal first: most non-JSON text does not start like a document.
    qsizetype at = 0;
    while (at < text.size() && (text.at(at) == ' ' || text.at(at) == '\t' || text.at(at) == '\r' || text.at(at) == '\n'))
        ++at;
    if (at == text.size() || (text.at(at) != '{' && text.at(at) != '['))
        return std::nullopt;
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(text, &error);
    if (error.error != QJsonParseError::NoError)
        return std::nullopt;
    if (document.isObject())
        return QJsonValue(document.object());
    return QJsonValue(document.array());
}

QByteArray canonicalJson(const QJsonValue &value, const JsonPathPatterns &ignored)
{
    JsonLocation location;
    const QJsonValue kept = ignored.isEmpty() ? value : pruned(value, ignored, location);
    return kept.isObject() ? QJsonDocument(kept.toObject()).toJson(QJsonDocument::Compact)
                           : QJsonDocument(kept.toArray()).toJson(QJsonDocument::Compact);
}

QList<JsonChange> compareJson(const QJsonValue &recorded, const QJsonValue &replayed, const JsonPathPatterns &ignored,
                              int limit, int *more)
{
    Comparer comparer{ignored, limit, {}, 0, {}};
    comparer.compare(recorded, replayed);
    if (more)
        *more = comparer.more;
    return comparer.changes;
}

} // namespace wsi::replay
