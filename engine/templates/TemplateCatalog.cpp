// SPDX-License-Identifier: MIT
#include "templates/TemplateCatalog.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace wsi::templates {

const QList<MessageTemplate> &messageTemplates()
{
    static const QList<MessageTemplate> all = [] {
        QList<MessageTemplate> list;
        list << stompTemplates() << mqttTemplates() << graphQlWsTemplates() << jsonRpcTemplates() << socketIoTemplates();
        return list;
    }();
    return all;
}

const MessageTemplate *findTemplate(QStringView id)
{
    for (const MessageTemplate &candidate : messageTemplates()) {
        if (candidate.id == id)
            return &candidate;
    }
    return nullptr;
}

TemplateField lineField(const QString &key, const QString &label, const QString &value, const QString &toolTip)
{
    TemplateField field;
    field.key = key;
    field.label = label;
    field.defaultValue = value;
    field.toolTip = toolTip;
    return field;
}

TemplateField textField(const QString &key, const QString &label, const QString &value, const QString &toolTip)
{
    TemplateField field = lineField(key, label, value, toolTip);
    field.kind = TemplateField::Kind::Multiline;
    return field;
}

TemplateField numberField(const QString &key, const QString &label, qint64 value, qint64 minimum, qint64 maximum, const QString &toolTip)
{
    TemplateField field = lineField(key, label, QString::number(value), toolTip);
    field.kind = TemplateField::Kind::Number;
    field.minimum = minimum;
    field.maximum = maximum;
    return field;
}

TemplateField choiceField(const QString &key, const QString &label, const QStringList &choices, const QString &toolTip)
{
    TemplateField field = lineField(key, label, choices.value(0), toolTip);
    field.kind = TemplateField::Kind::Choice;
    field.choices = choices;
    return field;
}

TemplateField checkField(const QString &key, const QString &label, bool value, const QString &toolTip)
{
    TemplateField field = lineField(key, label, value ? QStringLiteral("true") : QStringLiteral("false"), toolTip);
    field.kind = TemplateField::Kind::Check;
    return field;
}

TemplateField jsonField(const QString &key, const QString &label, const QString &value, const QString &toolTip)
{
    TemplateField field = lineField(key, label, value, toolTip);
    field.kind = TemplateField::Kind::Json;
    return field;
}

QJsonValue jsonValueOf(const QString &text)
{
    if (text.trimmed().isEmpty())
        return QJsonValue(QJsonValue::Undefined);
    return QJsonDocument::fromJson("[" + text.toUtf8() + "]").array().at(0);
}

} // namespace wsi::templates
