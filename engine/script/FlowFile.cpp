// SPDX-License-Identifier: MIT
#include "script/FlowFile.h"

#include "files/profiles/OptionsJsonCheck.h"
#include "files/session/SessionJson.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

namespace wsi::script {

namespace {

QString key(const char *name)
{
    return QString::fromLatin1(name);
}

QJsonObject messageToJson(const FlowMessage &message)
{
    if (message.binary)
        return {{key("type"), key("binary")}, {key("base64"), QString::fromLatin1(message.payload.toBase64())}};
    return {{key("type"), key("text")}, {key("data"), QString::fromUtf8(message.payload)}};
}

bool messageFromJson(const QJsonValue &value, int index, FlowMessage &out, QString &error)
{
    const QJsonObject object = value.toObject();
    const QString type = object.value(key("type")).toString(key("text"));
    if (!value.isObject() || (type != key("text") && type != key("binary"))) {
        error = QStringLiteral("messages[%1] should be an object with \"type\" \"text\" or \"binary\"").arg(index);
        return false;
    }
    out.binary = type == key("binary");
    const QJsonValue data = object.value(out.binary ? key("base64") : key("data"));
    if (!data.isString()) {
        error = QStringLiteral("messages[%1] should have \"%2\" as a string, not %3")
                    .arg(index)
                    .arg(out.binary ? key("base64") : key("data"), log::OptionsJsonCheck::describe(data));
        return false;
    }
    if (!out.binary) {
        out.payload = data.toString().toUtf8();
        return true;
    }
    const auto decoded = QByteArray::fromBase64Encoding(data.toString().toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded) {
        error = QStringLiteral("messages[%1]'s \"base64\" is not valid base64").arg(index);
        return false;
    }
    out.payload = *decoded;
    return true;
}

} // namespace

QByteArray FlowFile::toJson(const Flow &flow)
{
    QJsonArray messages;
    for (const FlowMessage &message : flow.messages)
        messages.append(messageToJson(message));
    const QJsonObject object{{key("format"), QString::fromLatin1(FormatName)},
                             {key("version"), Version},
                             {key("url"), flow.options.url},
                             {key("options"), log::optionsToJson(flow.options)},
                             {key("script"), flow.script},
                             {key("messages"), messages}};
    return QJsonDocument(object).toJson(QJsonDocument::Indented);
}

bool FlowFile::looksLikeFlow(const QByteArray &text)
{
    return text.trimmed().startsWith('{') && QJsonDocument::fromJson(text).isObject();
}

bool FlowFile::fromJson(const QByteArray &json, Flow &out, QString &error)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        const QByteArray before = json.left(parseError.offset);
        error = QStringLiteral("not JSON: %1 at line %2, column %3")
                    .arg(parseError.errorString())
                    .arg(before.count('\n') + 1)
                    .arg(parseError.offset - before.lastIndexOf('\n'));
        return false;
    }
    const QJsonObject object = document.object();
    if (!document.isObject() || object.value(key("format")).toString() != QString::fromLatin1(FormatName)) {
        error = QStringLiteral("not a flow file (\"format\" should be \"%1\")").arg(QString::fromLatin1(FormatName));
        return false;
    }
    const int version = object.value(key("version")).toInt(0);
    if (version < 1 || version > Version) {
        error = QStringLiteral("flow file version %1 is not one this wsinspect reads (it reads %2)").arg(version).arg(Version);
        return false;
    }
    const QJsonObject options = object.value(key("options")).toObject();
    if (const QString problem = log::OptionsJsonCheck::check(options, QStringLiteral("options.")); !problem.isEmpty()) {
        error = problem;
        return false;
    }
    const QJsonValue script = object.value(key("script"));
    if (!script.isString() && !script.isUndefined()) {
        error = QStringLiteral("\"script\" should be a string, not %1").arg(log::OptionsJsonCheck::describe(script));
        return false;
    }
    const QJsonValue url = object.value(key("url"));
    if (!url.isString() && !url.isUndefined()) {
        error = QStringLiteral("\"url\" should be a string, not %1").arg(log::OptionsJsonCheck::describe(url));
        return false;
    }
    Flow flow;
    flow.options = log::optionsFromJson(options);
    if (url.isString())
        flow.options.url = url.toString();
    flow.script = script.toString();
    const QJsonArray messages = object.value(key("messages")).toArray();
    for (qsizetype i = 0; i < messages.size(); ++i) {
        FlowMessage message;
        if (!messageFromJson(messages.at(i), int(i), message, error))
            return false;
        flow.messages.append(message);
    }
    out = flow;
    return true;
}

bool FlowFile::write(const QString &path, const Flow &flow, QString &error)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(toJson(flow)) < 0 || !file.commit()) {
        error = QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

bool FlowFile::read(const QString &path, Flow &out, QString &error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        error = QStringLiteral("cannot read %1: %2").arg(path, file.errorString());
        return false;
    }
    if (!fromJson(file.readAll(), out, error)) {
        error = path + QStringLiteral(": ") + error;
        return false;
    }
    return true;
}

} // namespace wsi::script
