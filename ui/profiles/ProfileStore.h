// SPDX-License-Identifier: MIT
#pragma once
// Saved connection profiles, kept across sessions in QSettings under "profiles/list": a
// list of {name, options} maps, the options as the JSON text of log::optionsToJson (one
// readable line per profile, and the same shape as session and profile files). Names are
// unique. Whether secrets are kept is the caller's choice (withoutSecrets()); when a
// profile with secrets is saved, the settings file is made readable by its owner only.
// UI thread only.
#include "files/profiles/ConnectionProfile.h"

#include <QStringList>

namespace wsi::ui {

class ProfileStore
{
public:
    static constexpr const char *SettingsKey = "profiles/list";

    // Reads the profiles from the default QSettings.
    void load();
    const log::ProfileList &profiles() const { return m_profiles; }
    QStringList names() const;
    const log::ConnectionProfile *find(const QString &name) const;

    // Adds, or replaces the profile of the same name, and saves at once.
    void save(const log::ConnectionProfile &profile);
    bool remove(const QString &name);
    // False when `to` is empty or another profile's name.
    bool rename(const QString &from, const QString &to);
    // Saves a copy named "<name> (copy)" (made unique) and returns that name.
    QString duplicate(const QString &name);
    // `base`, or "base (2)", "base (3)"... whichever no profile has.
    QString uniqueName(const QString &base) const;

    // Authorization, Proxy-Authorization, Cookie headers, URL passwords, the client key's
    // passphrase, and secret headers in the handshake lab's raw request.
    static bool hasSecrets(const net::ConnectionOptions &options);
    // The options with those removed (headers dropped, passwords and passphrase cleared;
    // the raw request's secret values masked, since it is sent verbatim).
    static net::ConnectionOptions withoutSecrets(const net::ConnectionOptions &options);

private:
    void write() const;

    log::ProfileList m_profiles;
};

} // namespace wsi::ui
