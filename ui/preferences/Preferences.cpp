// SPDX-License-Identifier: MIT
#include "ui/preferences/Preferences.h"

#include "net/ConnectionOptions.h"

#include <QSettings>

namespace wsi::ui {

namespace {

// Keys, beside the names their values are stored as (words rather than numbers, so the
// settings file reads well and an enum's order can change).
const char *const ThemeKey = "ui/theme";
const char *const TimeModeKey = "log/timeMode";
const char *const TimePrecisionKey = "log/timePrecision";
const char *const MaxRowsKey = "log/maxRowsInMemory";
const char *const OverflowKey = "log/overflow";
const char *const ConnectTimeoutKey = "connectionDefaults/connectTimeoutMs";
const char *const OpenTimeoutKey = "connectionDefaults/openTimeoutMs";
const char *const WriteTimeoutKey = "connectionDefaults/writeTimeoutMs";
const char *const PingTimeoutKey = "connectionDefaults/pingTimeoutMs";
const char *const CloseTimeoutKey = "connectionDefaults/closeTimeoutMs";
const char *const PingIntervalKey = "connectionDefaults/pingIntervalMs";

const char *const TimeModeNames[] = {"relative", "wallClock", "wallClockWithDate"};
const char *const PrecisionNames[] = {"ms", "us"};
const char *const OverflowNames[] = {"spillToDisk", "drop"};

QString key(const char *name) { return QString::fromLatin1(name); }

// The index of the stored word in `names`, or `fallback` when it is none of them.
template <typename Enum, size_t N> Enum readWord(const QSettings &settings, const char *name, const char *const (&names)[N], Enum fallback)
{
    const QString stored = settings.value(key(name)).toString();
    for (size_t i = 0; i < N; ++i) {
        if (stored == QLatin1String(names[i]))
            return Enum(i);
    }
    return fallback;
}

// A whole number in [min, max], or `fallback`.
int readInt(const QSettings &settings, const char *name, int min, int max, int fallback)
{
    bool ok = false;
    const int value = settings.value(key(name)).toInt(&ok);
    return ok && value >= min && value <= max ? value : fallback;
}

int readMs(const QSettings &settings, const char *name, int fallback)
{
    return readInt(settings, name, 0, Preferences::MaxTimeoutMs, fallback);
}

} // namespace

QString Preferences::themeName(ThemeChoice theme)
{
    switch (theme) {
    case ThemeChoice::System:
        break;
    case ThemeChoice::Light:
        return QStringLiteral("light");
    case ThemeChoice::Dark:
        return QStringLiteral("dark");
    }
    return QStringLiteral("system");
}

bool Preferences::themeFromName(const QString &name, ThemeChoice *theme)
{
    for (const ThemeChoice choice : {ThemeChoice::System, ThemeChoice::Light, ThemeChoice::Dark}) {
        if (name == themeName(choice)) {
            *theme = choice;
            return true;
        }
    }
    return false;
}

Preferences Preferences::load()
{
    return load(QSettings());
}

Preferences Preferences::load(const QSettings &settings)
{
    Preferences p;
    themeFromName(settings.value(key(ThemeKey)).toString(), &p.theme);
    p.timestampFormat.mode = readWord(settings, TimeModeKey, TimeModeNames, p.timestampFormat.mode);
    p.timestampFormat.precision = readWord(settings, TimePrecisionKey, PrecisionNames, p.timestampFormat.precision);
    p.logLimits.maxRowsInMemory = readInt(settings, MaxRowsKey, 0, MaxRowsInMemory, p.logLimits.maxRowsInMemory);
    p.logLimits.overflow = readWord(settings, OverflowKey, OverflowNames, p.logLimits.overflow);
    ConnectionDefaults &c = p.connection;
    c.connectTimeoutMs = readMs(settings, ConnectTimeoutKey, c.connectTimeoutMs);
    c.openTimeoutMs = readMs(settings, OpenTimeoutKey, c.openTimeoutMs);
    c.writeTimeoutMs = readMs(settings, WriteTimeoutKey, c.writeTimeoutMs);
    c.pingTimeoutMs = readMs(settings, PingTimeoutKey, c.pingTimeoutMs);
    c.closeTimeoutMs = readMs(settings, CloseTimeoutKey, c.closeTimeoutMs);
    c.pingIntervalMs = readMs(settings, PingIntervalKey, c.pingIntervalMs);
    return p;
}

void Preferences::save() const
{
    QSettings settings;
    save(settings);
}

void Preferences::save(QSettings &settings) const
{
    settings.setValue(key(ThemeKey), themeName(theme));
    settings.setValue(key(TimeModeKey), QLatin1String(TimeModeNames[int(timestampFormat.mode)]));
    settings.setValue(key(TimePrecisionKey), QLatin1String(PrecisionNames[int(timestampFormat.precision)]));
    settings.setValue(key(MaxRowsKey), logLimits.maxRowsInMemory);
    settings.setValue(key(OverflowKey), QLatin1String(OverflowNames[int(logLimits.overflow)]));
    settings.setValue(key(ConnectTimeoutKey), connection.connectTimeoutMs);
    settings.setValue(key(OpenTimeoutKey), connection.openTimeoutMs);
    settings.setValue(key(WriteTimeoutKey), connection.writeTimeoutMs);
    settings.setValue(key(PingTimeoutKey), connection.pingTimeoutMs);
    settings.setValue(key(CloseTimeoutKey), connection.closeTimeoutMs);
    settings.setValue(key(PingIntervalKey), connection.pingIntervalMs);
}

void Preferences::applyConnectionDefaults(net::ConnectionOptions &options) const
{
    options.connectTimeoutMs = connection.connectTimeoutMs;
    options.openTimeoutMs = connection.openTimeoutMs;
    options.writeTimeoutMs = connection.writeTimeoutMs;
    options.pingTimeoutMs = connection.pingTimeoutMs;
    options.closeTimeoutMs = connection.closeTimeoutMs;
    options.pingIntervalMs = connection.pingIntervalMs;
}

} // namespace wsi::ui
