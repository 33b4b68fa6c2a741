// SPDX-License-Identifier: MIT
#pragma once
// The user's preferences as one typed value: theme, how the log shows times, how many rows
// a log keeps in memory, and the timeouts and keepalive interval new tabs start with. Each
// setting's QSettings key sits beside its default (Preferences.cpp); values that are
// missing, of the wrong type or out of range read as the default. The window holds the one
// current copy (MainWindow::preferences()); the theme menu, the log's wall-clock toggle and
// the Preferences dialog all change it there. No widgets: testable on its own.
#include "ui/preferences/TimestampFormat.h"
#include "store/LogLimits.h"

#include <QString>

class QSettings;

namespace wsi::net {
struct ConnectionOptions;
}

namespace wsi::ui {

enum class ThemeChoice : quint8 { System, Light, Dark };

struct ConnectionDefaults {
    // Milliseconds, 0 turns one off (as net::ConnectionOptions has them).
    int connectTimeoutMs = 10000;
    int openTimeoutMs = 10000;
    int writeTimeoutMs = 10000;
    int pingTimeoutMs = 10000;
    int closeTimeoutMs = 5000;
    int pingIntervalMs = 0; // no keepalive pings

    friend bool operator==(const ConnectionDefaults &a, const ConnectionDefaults &b)
    {
        return a.connectTimeoutMs == b.connectTimeoutMs && a.openTimeoutMs == b.openTimeoutMs
            && a.writeTimeoutMs == b.writeTimeoutMs && a.pingTimeoutMs == b.pingTimeoutMs
            && a.closeTimeoutMs == b.closeTimeoutMs && a.pingIntervalMs == b.pingIntervalMs;
    }
    friend bool operator!=(const ConnectionDefaults &a, const ConnectionDefaults &b) { return !(a == b); }
};

class Preferences
{
public:
    // Limits of what the dialog accepts and load() keeps.
    static constexpr int MaxTimeoutMs = 24 * 60 * 60 * 1000;
    static constexpr int MaxRowsInMemory = 100'000'000;

    ThemeChoice theme = ThemeChoice::System;
    TimestampFormat timestampFormat;
    log::LogLimits logLimits;
    ConnectionDefaults connection;

    // From the application's default QSettings, or from `settings`.
    static Preferences load();
    static Preferences load(const QSettings &settings);
    void save() const;
    void save(QSettings &settings) const;

    // "system", "light", "dark": the theme's name in QSettings, on the command line and for
    // Theme::applyApplicationTheme().
    static QString themeName(ThemeChoice theme);
    static bool themeFromName(const QString &name, ThemeChoice *theme);

    // Writes the connection defaults (timeouts, keepalive interval) into `options`.
    void applyConnectionDefaults(net::ConnectionOptions &options) const;

    friend bool operator==(const Preferences &a, const Preferences &b)
    {
        return a.theme == b.theme && a.timestampFormat == b.timestampFormat && a.logLimits == b.logLimits
            && a.connection == b.connection;
    }
    friend bool operator!=(const Preferences &a, const Preferences &b) { return !(a == b); }
};

} // namespace wsi::ui
