// SPDX-License-Identifier: MIT
#include "script/Environment.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QRegularExpression>

namespace wsi::script {

namespace {

// A value as text: strings as they are, numbers and booleans as JSON writes them.
bool textOf(const QJsonValue &value, QString &out)
{
    if (value.isString())
        out = value.toString();
    else if (value.isBool())
        out = value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    else if (value.isDouble())
        out = QString::fromUtf8(QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact)).mid(1).chopped(1);
    else
        return false;
    return true;
}

QString kindOf(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Array: return QStringLiteral("an array");
    case QJsonValue::Object: return QStringLiteral("an object");
    case QJsonValue::Null: return QStringLiteral("null");
    default: return QStringLiteral("a value");
    }
}

// Postman's export: "values" is a list of {key, value, enabled}.
bool fromPostman(const QJsonObject &object, QMap<QString, QString> &values, QString &error)
{
    const QJsonArray list = object.value(QStringLiteral("values")).toArray();
    for (qsizetype i = 0; i < list.size(); ++i) {
        const QJsonObject entry = list.at(i).toObject();
        const QString key = entry.value(QStringLiteral("key")).toString();
        if (key.isEmpty()) {
            error = QStringLiteral("values[%1] has no \"key\"").arg(i);
            return false;
        }
        if (!entry.value(QStringLiteral("enabled")).toBool(true))
            continue;
        QString text;
        if (!textOf(entry.value(QStringLiteral("value")), text)) {
            error = QStringLiteral("values[%1] (\"%2\") is %3, not a string, number or boolean")
                        .arg(i).arg(key, kindOf(entry.value(QStringLiteral("value"))));
            return false;
        }
        values.insert(key, text);
    }
    return true;
}

} // namespace

bool Environment::load(const QString &path, Environment &out, QString &error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        error = QStringLiteral("cannot read %1: %2").arg(path, file.errorString());
        return false;
    }
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(file.readAll(), &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        error = QStringLiteral("%1 is not JSON: %2 at byte %3").arg(path, parseError.errorString()).arg(parseError.offset);
        return false;
    }
    if (!fromJson(document, out, error)) {
        error = path + QStringLiteral(": ") + error;
        return false;
    }
    return true;
}

bool Environment::fromJson(const QJsonDocument &document, Environment &out, QString &error)
{
    if (!document.isObject()) {
        error = QStringLiteral("an environment is a JSON object of names and values");
        return false;
    }
    const QJsonObject object = document.object();
    Environment environment;
    const bool postman = object.value(QStringLiteral("values")).isArray();
    if (postman) {
        environment.m_name = object.value(QStringLiteral("name")).toString();
        if (!fromPostman(object, environment.m_values, error))
            return false;
    } else {
        for (auto it = object.begin(); it != object.end(); ++it) {
            QString text;
            if (!textOf(it.value(), text)) {
                error = QStringLiteral("\"%1\" is %2, not a string, number or boolean").arg(it.key(), kindOf(it.value()));
                return false;
            }
            environment.m_values.insert(it.key(), text);
        }
    }
    out = environment;
    return true;
}

QString Environment::substitute(const QString &text, QStringList *unknown) const
{
    if (!text.contains(QLatin1String("{{")))
        return text;
    static const QRegularExpression variable(QStringLiteral("\\{\\{\\s*([^{}\\s]+)\\s*\\}\\}"));
    QString out;
    qsizetype at = 0;
    for (auto match = variable.globalMatch(text); match.hasNext();) {
        const QRegularExpressionMatch found = match.next();
        out += QStringView(text).mid(at, found.capturedStart() - at);
        const QString name = found.captured(1);
        const auto value = m_values.constFind(name);
        if (value != m_values.constEnd()) {
            out += *value;
        } else {
            out += found.captured(0);
            if (unknown && !unknown->contains(name))
                unknown->append(name);
        }
        at = found.capturedEnd();
    }
    out += QStringView(text).mid(at);
    return out;
}

} // namespace wsi::script
