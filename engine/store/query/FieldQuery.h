// SPDX-License-Identifier: MIT
#pragma once
// The "Decoded fields" search: terms separated by spaces, all of which must hold.
//   name:value     a decoded field: event:chat, topic:sensors/#, destination:/topic/x,
//                  method:sum, id:7, type:publish. Case-insensitive; * matches any run of
//                  characters; in topic and destination, MQTT's wildcards work too (+ one
//                  level, # the rest: sensors/+/temp, sensors/#).
//   protocol:id    the decoder that read the row: protocol:mqtt, protocol:socketio
//   word           a substring of the decoded summary
// A value with spaces is quoted: event:"chat message". Plain values, no I/O.
#include "store/query/DecodedFields.h"

#include <QList>
#include <QString>

namespace wsi::log {

class FieldQuery
{
public:
    explicit FieldQuery(const QString &text = QString());

    bool isValid() const { return m_error.isEmpty(); }
    QString errorString() const { return m_error; }
    bool isEmpty() const { return m_terms.isEmpty(); }

    bool matches(const DecodedFieldValues &values) const;

    // The glob and MQTT wildcard rules above, for one value (exposed for tests).
    static bool valueMatches(const QString &pattern, const QString &value, bool topicLike);

private:
    struct Term {
        QString name; // empty: a word of the summary
        QString value;
    };
    bool termMatches(const Term &term, const DecodedFieldValues &values) const;

    QList<Term> m_terms;
    QString m_error;
};

} // namespace wsi::log
