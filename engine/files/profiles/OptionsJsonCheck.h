// SPDX-License-Identifier: MIT
#pragma once
// Checks that a JSON object has the shape optionsToJson() writes (SessionJson.h) before
// optionsFromJson() reads it: optionsFromJson() is lenient (a wrong type reads as the
// default), which suits a checksummed session file but not a file a person edited or
// sent. Missing members are fine (they read as defaults); members of the wrong type, or
// numbers out of range, are refused with the member's path, e.g.
// `"tls.verify" should be true or false, not a string`. Unknown members are ignored, so
// later versions can add some.
#include <QJsonObject>
#include <QJsonValue>
#include <QString>

namespace wsi::log {

class OptionsJsonCheck
{
public:
    // Empty when `options` can be read; otherwise one sentence naming the member.
    // `prefix` starts each path (e.g. "options.").
    static QString check(const QJsonObject &options, const QString &prefix = QString());
    // What a value is, for "should be …, not <this>": "a string", "null", "true", …
    static QString describe(const QJsonValue &value);
};

} // namespace wsi::log
