// SPDX-License-Identifier: MIT
// A message template: a small form (fields with defaults) that makes the bytes of one
// application-protocol message, e.g. MQTT PUBLISH or STOMP SUBSCRIBE. The composer shows
// the form; the CLI or a test can fill the same values by key.
#pragma once

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

namespace wsi::templates {

struct TemplateField
{
    enum class Kind : quint8 {
        Line,      // one line of text
        Multiline, // a body, a query, a payload
        Number,    // an integer within [minimum, maximum]
        Choice,    // one of choices (the first is the default unless defaultValue says)
        Check,     // "true" or "false"
        Json       // a JSON value, checked before anything is made
    };
    QString key;
    QString label;
    Kind kind = Kind::Line;
    QString defaultValue;
    QStringList choices;
    qint64 minimum = 0;
    qint64 maximum = 0;
    QString toolTip;
};

using TemplateValues = QHash<QString, QString>;

struct TemplateOutput
{
    QByteArray bytes;
    bool isText = true;
    QString problem; // what is wrong with the values, naming the field; empty when made

    bool ok() const { return problem.isEmpty(); }
};

struct MessageTemplate
{
    QString id;       // "mqtt.publish": stable, for settings and tests
    QString protocol; // "MQTT": the group in the menu
    QString name;     // "PUBLISH"
    QString description;
    QList<TemplateField> fields;
    TemplateOutput (*build)(const TemplateValues &values) = nullptr;

    TemplateValues defaults() const;
    // Missing values take their field's default; a Number out of range, a Choice not in
    // its list or a Json field that does not parse is a problem named after its label.
    TemplateOutput make(const TemplateValues &values) const;
};

} // namespace wsi::templates
