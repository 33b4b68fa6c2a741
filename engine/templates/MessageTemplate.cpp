// SPDX-License-Identifier: MIT
#include "templates/MessageTemplate.h"

#include <QJsonDocument>
#include <QJsonParseError>

namespace wsi::templates {

namespace {

QString checkField(const TemplateField &field, const QString &value)
{
    switch (field.kind) {
    case TemplateField::Kind::Number: {
        bool isNumber = false;
        const qint64 number = value.trimmed().toLongLong(&isNumber);
        if (!isNumber || number < field.minimum || number > field.maximum)
            return QStringLiteral("%1: \"%2\" is not a whole number from %3 to %4")
                .arg(field.label, value).arg(field.minimum).arg(field.maximum);
        return {};
    }
    case TemplateField::Kind::Choice:
        if (!field.choices.contains(value))
            return QStringLiteral("%1: \"%2\" is not one of %3").arg(field.label, value, field.choices.join(QLatin1String(", ")));
        return {};
    case TemplateField::Kind::Check:
        if (value != QLatin1String("true") && value != QLatin1String("false"))
            return QStringLiteral("%1: \"%2\" is neither true nor false").arg(field.label, value);
        return {};
    case TemplateField::Kind::Json: {
        if (value.trimmed().isEmpty())
            return {}; // an empty JSON field means "leave it out"
        QJsonParseError error;
        // Wrapped in an array so a bare string or number parses like any other value.
        QJsonDocument::fromJson("[" + value.toUtf8() + "]", &error);
        if (error.error != QJsonParseError::NoError) {
            // Offsets count from the wrapper's "[": one less is the value's own character.
            const int at = qMax(0, error.offset - 1);
            const QString where = at >= value.toUtf8().size() ? QStringLiteral("at the end")
                                                               : QStringLiteral("at character %1").arg(at);
            return QStringLiteral("%1: not JSON (%2 %3)").arg(field.label, error.errorString(), where);
        }
        return {};
    }
    case TemplateField::Kind::Line:
    case TemplateField::Kind::Multiline:
        return {};
    }
    return {};
}

} // namespace

TemplateValues MessageTemplate::defaults() const
{
    TemplateValues values;
    for (const TemplateField &field : fields)
        values.insert(field.key, field.kind == TemplateField::Kind::Choice && field.defaultValue.isEmpty()
                                     ? field.choices.value(0)
                                     : field.defaultValue);
    return values;
}

TemplateOutput MessageTemplate::make(const TemplateValues &values) const
{
    TemplateValues complete = defaults();
    for (auto it = values.cbegin(); it != values.cend(); ++it) {
        if (!complete.contains(it.key())) {
            TemplateOutput unknown;
            unknown.problem = QStringLiteral("%1 %2 has no field \"%3\"").arg(protocol, name, it.key());
            return unknown;
        }
        complete.insert(it.key(), it.value());
    }
    for (const TemplateField &field : fields) {
        const QString problem = checkField(field, complete.value(field.key));
        if (!problem.isEmpty()) {
            TemplateOutput invalid;
            invalid.problem = problem;
            return invalid;
        }
    }
    return build(complete);
}

} // namespace wsi::templates
