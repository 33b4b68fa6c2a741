// SPDX-License-Identifier: MIT
// Preferences: every setting round-trips through QSettings (an INI file in a scratch
// directory, never the user's settings); missing, mistyped or out-of-range values read as
// their defaults; the connection defaults match net::ConnectionOptions' and land in options.
#include "ui/preferences/Preferences.h"

#include "net/ConnectionOptions.h"

#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

using namespace wsi;
using ui::Preferences;

namespace {

Preferences everythingChanged()
{
    Preferences p;
    p.theme = ui::ThemeChoice::Dark;
    p.timestampFormat = {ui::TimeMode::WallClockWithDate, ui::TimePrecision::Microseconds};
    p.logLimits = {250000, log::LogLimits::Overflow::Drop};
    p.connection = {1111, 2222, 3333, 4444, 5555, 30000};
    return p;
}

} // namespace

class tst_Preferences : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void roundTrip();
    void eachFieldRoundTrips_data();
    void eachFieldRoundTrips();
    void emptySettingsGiveDefaults();
    void defaultsMatchTheConnectionOptions();
    void badValuesReadAsDefaults_data();
    void badValuesReadAsDefaults();
    void storedAsWords();
    void themeNames();
    void connectionDefaultsLandInOptions();

private:
    QSettings *settings() { return m_settings.get(); }

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<QSettings> m_settings;
};

void tst_Preferences::init()
{
    m_settings.reset();
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_settings = std::make_unique<QSettings>(m_dir->filePath(QStringLiteral("wsinspect.conf")), QSettings::IniFormat);
}

void tst_Preferences::roundTrip()
{
    const Preferences saved = everythingChanged();
    QVERIFY(saved != Preferences());
    saved.save(*settings());
    settings()->sync();
    QSettings reopened(settings()->fileName(), QSettings::IniFormat);
    QCOMPARE(Preferences::load(reopened), saved);
}

// One field changed at a time, so a field that is not saved (or saved under another's
// key) fails on its own row.
void tst_Preferences::eachFieldRoundTrips_data()
{
    QTest::addColumn<int>("field");
    const char *names[] = {"theme", "time mode", "time precision", "max rows", "overflow", "connect timeout",
                           "open timeout", "write timeout", "ping timeout", "close timeout", "ping interval"};
    for (int i = 0; i < int(std::size(names)); ++i)
        QTest::newRow(names[i]) << i;
}

void tst_Preferences::eachFieldRoundTrips()
{
    QFETCH(int, field);
    const Preferences changed = everythingChanged();
    Preferences p;
    switch (field) {
    case 0: p.theme = changed.theme; break;
    case 1: p.timestampFormat.mode = changed.timestampFormat.mode; break;
    case 2: p.timestampFormat.precision = changed.timestampFormat.precision; break;
    case 3: p.logLimits.maxRowsInMemory = changed.logLimits.maxRowsInMemory; break;
    case 4: p.logLimits.overflow = changed.logLimits.overflow; break;
    case 5: p.connection.connectTimeoutMs = changed.connection.connectTimeoutMs; break;
    case 6: p.connection.openTimeoutMs = changed.connection.openTimeoutMs; break;
    case 7: p.connection.writeTimeoutMs = changed.connection.writeTimeoutMs; break;
    case 8: p.connection.pingTimeoutMs = changed.connection.pingTimeoutMs; break;
    case 9: p.connection.closeTimeoutMs = changed.connection.closeTimeoutMs; break;
    case 10: p.connection.pingIntervalMs = changed.connection.pingIntervalMs; break;
    }
    QVERIFY(p != Preferences());
    p.save(*settings());
    QCOMPARE(Preferences::load(*settings()), p);
}

void tst_Preferences::emptySettingsGiveDefaults()
{
    const Preferences loaded = Preferences::load(*settings());
    QCOMPARE(loaded, Preferences());
    QCOMPARE(loaded.theme, ui::ThemeChoice::System);
    QCOMPARE(loaded.timestampFormat.mode, ui::TimeMode::Relative);
    QCOMPARE(loaded.timestampFormat.precision, ui::TimePrecision::Milliseconds);
    QVERIFY(!loaded.logLimits.isLimited());
    QCOMPARE(loaded.logLimits.overflow, log::LogLimits::Overflow::SpillToDisk);
}

void tst_Preferences::defaultsMatchTheConnectionOptions()
{
    const net::ConnectionOptions options;
    const ui::ConnectionDefaults defaults;
    QCOMPARE(defaults.connectTimeoutMs, options.connectTimeoutMs);
    QCOMPARE(defaults.openTimeoutMs, options.openTimeoutMs);
    QCOMPARE(defaults.writeTimeoutMs, options.writeTimeoutMs);
    QCOMPARE(defaults.pingTimeoutMs, options.pingTimeoutMs);
    QCOMPARE(defaults.closeTimeoutMs, options.closeTimeoutMs);
    QCOMPARE(defaults.pingIntervalMs, options.pingIntervalMs);
}

void tst_Preferences::badValuesReadAsDefaults_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<QVariant>("value");
    QTest::newRow("unknown theme") << QStringLiteral("ui/theme") << QVariant(QStringLiteral("purple"));
    QTest::newRow("unknown time mode") << QStringLiteral("log/timeMode") << QVariant(QStringLiteral("sundial"));
    QTest::newRow("time mode as a number") << QStringLiteral("log/timeMode") << QVariant(2);
    QTest::newRow("unknown precision") << QStringLiteral("log/timePrecision") << QVariant(QStringLiteral("ns"));
    QTest::newRow("negative row limit") << QStringLiteral("log/maxRowsInMemory") << QVariant(-5);
    QTest::newRow("huge row limit") << QStringLiteral("log/maxRowsInMemory") << QVariant(2000000000);
    QTest::newRow("row limit as words") << QStringLiteral("log/maxRowsInMemory") << QVariant(QStringLiteral("lots"));
    QTest::newRow("unknown overflow") << QStringLiteral("log/overflow") << QVariant(QStringLiteral("compress"));
    QTest::newRow("negative timeout") << QStringLiteral("connectionDefaults/connectTimeoutMs") << QVariant(-1);
    QTest::newRow("timeout over a day") << QStringLiteral("connectionDefaults/openTimeoutMs") << QVariant(86400001);
    QTest::newRow("interval as words") << QStringLiteral("connectionDefaults/pingIntervalMs") << QVariant(QStringLiteral("often"));
}

void tst_Preferences::badValuesReadAsDefaults()
{
    QFETCH(QString, key);
    QFETCH(QVariant, value);
    settings()->setValue(key, value);
    QVERIFY(settings()->contains(key));
    QCOMPARE(Preferences::load(*settings()), Preferences());
}

void tst_Preferences::storedAsWords()
{
    everythingChanged().save(*settings());
    QCOMPARE(settings()->value(QStringLiteral("ui/theme")).toString(), QStringLiteral("dark"));
    QCOMPARE(settings()->value(QStringLiteral("log/timeMode")).toString(), QStringLiteral("wallClockWithDate"));
    QCOMPARE(settings()->value(QStringLiteral("log/timePrecision")).toString(), QStringLiteral("us"));
    QCOMPARE(settings()->value(QStringLiteral("log/overflow")).toString(), QStringLiteral("drop"));
    QCOMPARE(settings()->value(QStringLiteral("log/maxRowsInMemory")).toInt(), 250000);
    QCOMPARE(settings()->value(QStringLiteral("connectionDefaults/pingIntervalMs")).toInt(), 30000);
}

void tst_Preferences::themeNames()
{
    for (const auto choice : {ui::ThemeChoice::System, ui::ThemeChoice::Light, ui::ThemeChoice::Dark}) {
        ui::ThemeChoice read = choice == ui::ThemeChoice::Dark ? ui::ThemeChoice::Light : ui::ThemeChoice::Dark;
        QVERIFY(Preferences::themeFromName(Preferences::themeName(choice), &read));
        QCOMPARE(read, choice);
    }
    QCOMPARE(Preferences::themeName(ui::ThemeChoice::Light), QStringLiteral("light"));
    ui::ThemeChoice untouched = ui::ThemeChoice::Light;
    QVERIFY(!Preferences::themeFromName(QStringLiteral("Dark"), &untouched)); // names are exact
    QCOMPARE(untouched, ui::ThemeChoice::Light);
}

void tst_Preferences::connectionDefaultsLandInOptions()
{
    net::ConnectionOptions options;
    options.headers = {{"X-Keep", "me"}};
    everythingChanged().applyConnectionDefaults(options);
    QCOMPARE(options.connectTimeoutMs, 1111);
    QCOMPARE(options.openTimeoutMs, 2222);
    QCOMPARE(options.writeTimeoutMs, 3333);
    QCOMPARE(options.pingTimeoutMs, 4444);
    QCOMPARE(options.closeTimeoutMs, 5555);
    QCOMPARE(options.pingIntervalMs, 30000);
    QCOMPARE(options.headers.size(), 1); // nothing else is touched
}

QTEST_GUILESS_MAIN(tst_Preferences)
#include "tst_preferences.moc"
