// SPDX-License-Identifier: MIT
// JSON-RPC 2.0 (jsonrpc.org/specification): a request (with an id, answered) or a
// notification (without, never answered).
#include "templates/JsonMessage.h"
#include "templates/TemplateCatalog.h"

namespace wsi::templates {

namespace {

TemplateOutput makeCall(const TemplateValues &v, bool withId)
{
    TemplateOutput out;
    const QJsonValue params = jsonValueOf(v[QStringLiteral("params")]);
    if (!params.isUndefined() && !params.isArray() && !params.isObject()) {
        out.problem = QStringLiteral("Params: JSON-RPC 2.0 takes an array or an object (section 4.2), or nothing");
        return out;
    }
    QJsonValue id(QJsonValue::Undefined);
    if (withId) {
        // A number stays a number (most servers echo the id's type back); anything else is a string.
        const QString idText = v[QStringLiteral("id")];
        bool isNumber = false;
        const qint64 number = idText.toLongLong(&isNumber);
        id = isNumber ? QJsonValue(number) : QJsonValue(idText);
    }
    out.bytes = orderedJsonObject({{QStringLiteral("jsonrpc"), QStringLiteral("2.0")},
                                   {QStringLiteral("method"), v[QStringLiteral("method")]},
                                   {QStringLiteral("params"), params},
                                   {QStringLiteral("id"), id}});
    return out;
}

TemplateOutput makeRequest(const TemplateValues &v)
{
    return makeCall(v, true);
}

TemplateOutput makeNotification(const TemplateValues &v)
{
    return makeCall(v, false);
}

} // namespace

QList<MessageTemplate> jsonRpcTemplates()
{
    const QString group = QStringLiteral("JSON-RPC");
    const TemplateField method = lineField(QStringLiteral("method"), QStringLiteral("Method"), QStringLiteral("subtract"));
    const TemplateField params = jsonField(QStringLiteral("params"), QStringLiteral("Params"), QStringLiteral("[42, 23]"),
                                           QStringLiteral("An array (by position) or an object (by name); empty: none"));
    return {
        {QStringLiteral("jsonrpc.request"), group, QStringLiteral("request"),
         QStringLiteral("A call the server answers with a result or an error carrying the same id."),
         {method, params, lineField(QStringLiteral("id"), QStringLiteral("Id"), QStringLiteral("1"))}, &makeRequest},
        {QStringLiteral("jsonrpc.notification"), group, QStringLiteral("notification"),
         QStringLiteral("A call without an id: the server does not answer."), {method, params}, &makeNotification},
    };
}

} // namespace wsi::templates
