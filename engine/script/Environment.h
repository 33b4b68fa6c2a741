// SPDX-License-Identifier: MIT
#pragma once
// A named set of variables, as Postman's environments are: {{name}} in a URL, a header or
// a message a script sends stands for its value, so one flow runs against staging and
// production with a different file.
#include <QMap>
#include <QString>
#include <QStringList>

class QJsonDocument;

namespace wsi::script {

class Environment
{
public:
    // A JSON file: a flat object ({"host": "staging.example", "token": "abc"}; values are
    // strings, numbers or booleans), or Postman's environment export ({"name": ..., "values":
    // [{"key": ..., "value": ..., "enabled": true}, ...]}; disabled values are left out).
    // False, with what is wrong and where, for anything else.
    static bool load(const QString &path, Environment &out, QString &error);
    static bool fromJson(const QJsonDocument &document, Environment &out, QString &error);

    QString name() const { return m_name; }
    const QMap<QString, QString> &values() const { return m_values; }
    bool isEmpty() const { return m_values.isEmpty(); }

    // Each {{name}} (spaces inside the braces allowed) replaced by its value. A name the
    // environment does not define is left as written and added to `unknown`.
    QString substitute(const QString &text, QStringList *unknown = nullptr) const;

private:
    QString m_name;
    QMap<QString, QString> m_values;
};

} // namespace wsi::script
