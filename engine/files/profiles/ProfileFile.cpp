// SPDX-License-Identifier: MIT
#include "files/profiles/ProfileFile.h"

#include "files/profiles/OptionsJsonCheck.h"
#include "files/session/SessionJson.h"
#include "files/session/SessionSecrets.h"
#include "net/SecretRedaction.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>

#include <cctype>

namespace wsi::log {

namespace {

QString key(const char *name) { return QString::fromLatin1(name); }

ProfileFile::ReadResult failure(const QString &error)
{
    ProfileFile::ReadResult result;
    result.error = error;
    return result;
}

// 1-based line and column of the character QJsonParseError complains about. Its offset
// points just past that character for most errors and at it for some, after blanks:
// step back one, then forward over blanks.
QPair<int, int> lineAndColumn(const QByteArray &text, int offset)
{
    int at = qMax(0, offset - 1);
    while (at < text.size() && std::isspace(static_cast<unsigned char>(text.at(at))))
        ++at;
    const QByteArray before = text.left(qMin(at, int(text.size())));
    const int line = int(before.count('\n')) + 1;
    const int column = int(QString::fromUtf8(before.mid(before.lastIndexOf('\n') + 1)).size()) + 1;
    return {line, column};
}

QString checkHeader(const QJsonObject &top)
{
    const QJsonValue format = top.value(key("format"));
    if (format.isUndefined())
        return QStringLiteral("This is not a wsinspect profile file: \"format\" is missing.");
    if (format.toString() != QLatin1String(ProfileFile::FormatName))
        return QStringLiteral("This is not a wsinspect profile file: \"format\" should be \"%1\".")
            .arg(QLatin1String(ProfileFile::FormatName));
    const QJsonValue version = top.value(key("version"));
    if (version.isUndefined())
        return QStringLiteral("\"version\" is missing.");
    if (!version.isDouble())
        return QStringLiteral("\"version\" should be a number, not %1.").arg(OptionsJsonCheck::describe(version));
    if (version.toDouble() != ProfileFile::Version)
        return QStringLiteral("Version %1 is not supported: this wsinspect reads version %2 files.")
            .arg(QString::number(version.toDouble(), 'g', 17))
            .arg(ProfileFile::Version);
    const QJsonValue secrets = top.value(key("secretsIncluded"));
    if (!secrets.isUndefined() && !secrets.isBool())
        return QStringLiteral("\"secretsIncluded\" should be true or false, not %1.").arg(OptionsJsonCheck::describe(secrets));
    const QJsonValue profiles = top.value(key("profiles"));
    if (profiles.isUndefined())
        return QStringLiteral("\"profiles\" is missing.");
    if (!profiles.isArray())
        return QStringLiteral("\"profiles\" should be an array, not %1.").arg(OptionsJsonCheck::describe(profiles));
    if (profiles.toArray().isEmpty())
        return QStringLiteral("\"profiles\" is empty: the file holds no profile.");
    return {};
}

// Checks profiles[index] and reads it into *profile.
QString readProfile(const QJsonValue &value, qsizetype index, ConnectionProfile *profile)
{
    QString where = QStringLiteral("profiles[%1]").arg(index);
    if (!value.isObject())
        return QStringLiteral("%1 should be an object, not %2.").arg(where, OptionsJsonCheck::describe(value));
    const QJsonObject object = value.toObject();
    const QJsonValue name = object.value(key("name"));
    if (name.isUndefined())
        return QStringLiteral("%1: \"name\" is missing.").arg(where);
    if (!name.isString())
        return QStringLiteral("%1: \"name\" should be a string, not %2.").arg(where, OptionsJsonCheck::describe(name));
    if (name.toString().trimmed().isEmpty())
        return QStringLiteral("%1: \"name\" is empty.").arg(where);
    where += QStringLiteral(" (\"%1\")").arg(name.toString());
    const QJsonValue options = object.value(key("options"));
    if (options.isUndefined())
        return QStringLiteral("%1: \"options\" is missing.").arg(where);
    if (!options.isObject())
        return QStringLiteral("%1: \"options\" should be an object, not %2.").arg(where, OptionsJsonCheck::describe(options));
    const QString problem = OptionsJsonCheck::check(options.toObject(), QStringLiteral("options."));
    if (!problem.isEmpty())
        return where + QStringLiteral(": ") + problem;
    const QString url = options.toObject().value(key("url")).toString();
    if (url.trimmed().isEmpty())
        return QStringLiteral("%1: the URL (\"options.url\") is missing.").arg(where);
    const net::ValidationResult checked = net::validateUrl(url);
    if (!checked.ok)
        return QStringLiteral("%1: the URL \"%2\" cannot be used: %3").arg(where, net::redactUrl(url), checked.message);
    profile->name = name.toString().trimmed();
    profile->options = optionsFromJson(options.toObject());
    return {};
}

} // namespace

QByteArray ProfileFile::toJson(const ProfileList &profiles, bool includeSecrets)
{
    QJsonArray list;
    for (const ConnectionProfile &profile : profiles) {
        const net::ConnectionOptions options = includeSecrets ? profile.options : redactOptions(profile.options);
        list.append(QJsonObject{{key("name"), profile.name}, {key("options"), optionsToJson(options)}});
    }
    const QJsonObject top{{key("format"), QLatin1String(FormatName)},
                          {key("version"), Version},
                          {key("secretsIncluded"), includeSecrets},
                          {key("profiles"), list}};
    return QJsonDocument(top).toJson(QJsonDocument::Indented);
}

ProfileFile::ReadResult ProfileFile::fromJson(const QByteArray &json)
{
    QJsonParseError parse;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parse);
    if (parse.error != QJsonParseError::NoError) {
        const auto [line, column] = lineAndColumn(json, parse.offset);
        return failure(QStringLiteral("Not valid JSON at line %1, column %2: %3.").arg(line).arg(column).arg(parse.errorString()));
    }
    if (!document.isObject())
        return failure(QStringLiteral("This is not a wsinspect profile file: the top level should be an object, not %1.")
                           .arg(OptionsJsonCheck::describe(document.isArray() ? QJsonValue(document.array()) : QJsonValue())));
    const QJsonObject top = document.object();
    const QString problem = checkHeader(top);
    if (!problem.isEmpty())
        return failure(problem);
    ReadResult result;
    const QJsonArray profiles = top.value(key("profiles")).toArray();
    for (qsizetype i = 0; i < profiles.size(); ++i) {
        ConnectionProfile profile;
        const QString error = readProfile(profiles.at(i), i, &profile);
        if (!error.isEmpty())
            return failure(error);
        result.contents.profiles.append(profile);
    }
    result.contents.secretsIncluded = top.value(key("secretsIncluded")).toBool();
    result.ok = true;
    return result;
}

bool ProfileFile::write(const QString &path, const ProfileList &profiles, bool includeSecrets, QString *error)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        *error = file.errorString();
        return false;
    }
    // A file with secrets is for its owner's eyes only.
    if (includeSecrets)
        file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    const QByteArray json = toJson(profiles, includeSecrets);
    if (file.write(json) != json.size() || !file.commit()) {
        *error = file.errorString();
        return false;
    }
    return true;
}

ProfileFile::ReadResult ProfileFile::read(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return failure(QStringLiteral("Cannot read %1: %2.").arg(path, file.errorString()));
    return fromJson(file.readAll());
}

} // namespace wsi::log
