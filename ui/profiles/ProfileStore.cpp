// SPDX-License-Identifier: MIT
#include "ui/profiles/ProfileStore.h"

#include "files/session/SessionJson.h"
#include "net/SecretRedaction.h"

#include <QFile>
#include <QJsonDocument>
#include <QSettings>
#include <QUrl>
#include <QVariantMap>

namespace wsi::ui {

namespace {

const QString NameKey = QStringLiteral("name");
const QString OptionsKey = QStringLiteral("options");

bool hasSecretHeader(const net::HeaderList &headers)
{
    for (const auto &header : headers) {
        if (net::isSecretHeader(header.first))
            return true;
    }
    return false;
}

net::HeaderList withoutSecretHeaders(const net::HeaderList &headers)
{
    net::HeaderList kept;
    for (const auto &header : headers) {
        if (!net::isSecretHeader(header.first))
            kept.append(header);
    }
    return kept;
}

bool hasPassword(const QString &url)
{
    return !QUrl(url).password().isEmpty();
}

QString withoutPassword(const QString &url)
{
    if (!hasPassword(url))
        return url;
    QUrl parsed(url);
    parsed.setPassword(QString());
    return parsed.toString();
}

} // namespace

void ProfileStore::load()
{
    m_profiles.clear();
    const QVariantList list = QSettings().value(QLatin1String(SettingsKey)).toList();
    for (const QVariant &value : list) {
        const QVariantMap map = value.toMap();
        log::ConnectionProfile profile;
        profile.name = map.value(NameKey).toString();
        if (profile.name.isEmpty() || find(profile.name))
            continue;
        profile.options = log::optionsFromJson(QJsonDocument::fromJson(map.value(OptionsKey).toString().toUtf8()).object());
        m_profiles.append(profile);
    }
}

QStringList ProfileStore::names() const
{
    QStringList names;
    for (const log::ConnectionProfile &profile : m_profiles)
        names << profile.name;
    return names;
}

const log::ConnectionProfile *ProfileStore::find(const QString &name) const
{
    for (const log::ConnectionProfile &profile : m_profiles) {
        if (profile.name == name)
            return &profile;
    }
    return nullptr;
}

void ProfileStore::save(const log::ConnectionProfile &profile)
{
    bool replaced = false;
    for (log::ConnectionProfile &existing : m_profiles) {
        if (existing.name == profile.name) {
            existing = profile;
            replaced = true;
        }
    }
    if (!replaced)
        m_profiles.append(profile);
    write();
}

bool ProfileStore::remove(const QString &name)
{
    const auto removed = m_profiles.removeIf([&name](const log::ConnectionProfile &p) { return p.name == name; });
    write();
    return removed > 0;
}

bool ProfileStore::rename(const QString &from, const QString &to)
{
    const QString name = to.trimmed();
    if (name.isEmpty() || (name != from && find(name)))
        return false;
    for (log::ConnectionProfile &profile : m_profiles) {
        if (profile.name == from)
            profile.name = name;
    }
    write();
    return true;
}

QString ProfileStore::duplicate(const QString &name)
{
    const log::ConnectionProfile *original = find(name);
    if (!original)
        return {};
    log::ConnectionProfile copy = *original;
    copy.name = uniqueName(name + QStringLiteral(" (copy)"));
    save(copy);
    return copy.name;
}

QString ProfileStore::uniqueName(const QString &base) const
{
    QString name = base;
    for (int n = 2; find(name); ++n)
        name = QStringLiteral("%1 (%2)").arg(base).arg(n);
    return name;
}

bool ProfileStore::hasSecrets(const net::ConnectionOptions &o)
{
    return hasSecretHeader(o.headers) || hasSecretHeader(o.proxy.headers) || hasPassword(o.url)
        || hasPassword(o.proxy.url) || !o.tls.clientKeyPassphrase.isEmpty()
        || net::redactHeaders(o.rawRequestOverride) != o.rawRequestOverride;
}

net::ConnectionOptions ProfileStore::withoutSecrets(const net::ConnectionOptions &options)
{
    net::ConnectionOptions out = options;
    out.headers = withoutSecretHeaders(options.headers);
    out.proxy.headers = withoutSecretHeaders(options.proxy.headers);
    out.url = withoutPassword(options.url);
    out.proxy.url = withoutPassword(options.proxy.url);
    out.tls.clientKeyPassphrase.clear();
    out.rawRequestOverride = net::redactHeaders(options.rawRequestOverride);
    return out;
}

void ProfileStore::write() const
{
    QVariantList list;
    bool secrets = false;
    for (const log::ConnectionProfile &profile : m_profiles) {
        const QByteArray json = QJsonDocument(log::optionsToJson(profile.options)).toJson(QJsonDocument::Compact);
        list << QVariantMap{{NameKey, profile.name}, {OptionsKey, QString::fromUtf8(json)}};
        secrets = secrets || hasSecrets(profile.options);
    }
    QSettings settings;
    settings.setValue(QLatin1String(SettingsKey), list);
    if (secrets) {
        // Kept secrets are stored as they are: at least keep other users out.
        settings.sync();
        QFile::setPermissions(settings.fileName(), QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    }
}

} // namespace wsi::ui
