// SPDX-License-Identifier: MIT
// The Preferences dialog in the real window, offscreen: the theme is previewed as it is
// picked, undone by Cancel, applied and saved by Apply/OK, and the View ▸ Theme menu always
// agrees with it; the time format changes every tab's log at once and the log's "wall
// clock" toggle changes the preference; Restore Defaults; new tabs start with the default
// timeouts while open tabs keep theirs. Settings live in a scratch directory.
#include "ui/tab/ConnectionTab.h"
#include "ui/log/LogLimiter.h"
#include "ui/log/LogView.h"
#include "ui/tab/TabDocument.h"
#include "ui/window/MainWindow.h"
#include "ui/log/MessageLogModel.h"
#include "ui/preferences/PreferencesDialog.h"
#include "ui/window/Theme.h"

#include "support/LogEvents.h"
#include "store/MessageStore.h"

#include <QApplication>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QMenuBar>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QToolButton>
#include <QProxyStyle>
#include <QtTest>

using namespace wsi;
using ui::Preferences;
using ui::ThemeChoice;

namespace {

QMenu *menuNamed(QWidget *parent, const QString &title)
{
    for (QMenu *menu : parent->findChildren<QMenu *>()) {
        if (menu->title().remove(QLatin1Char('&')) == title)
            return menu;
    }
    return nullptr;
}

QAction *themeAction(ui::MainWindow &window, const QString &label)
{
    QMenu *theme = menuNamed(&window, QStringLiteral("Theme"));
    for (QAction *action : theme ? theme->actions() : QList<QAction *>()) {
        if (action->text() == label)
            return action;
    }
    return nullptr;
}

void pick(QComboBox *box, int value)
{
    QVERIFY(box);
    const int index = box->findData(value);
    QVERIFY(index >= 0);
    box->setCurrentIndex(index);
}

QString savedTheme()
{
    return QSettings().value(QStringLiteral("ui/theme"), QStringLiteral("(unset)")).toString();
}

bool darkNow()
{
    return ui::Theme::isDark(QApplication::palette());
}

} // namespace

class TestPreferencesDialog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void themeIsPreviewedUndoneAppliedAndInTheMenu();
    void themeMenuAndDialogShareOneValue();
    void themeGivenForOneRunGivesWayToTheMenu();
    void themeGivenForOneRunSurvivesOtherChanges();
    void timeFormatChangesEveryTabAtOnce();
    void wallClockToggleChangesThePreference();
    void restoreDefaultsFillsInWithoutApplying();
    void newTabsGetTheDefaultTimeouts();
    void logLimitsReachEveryTab();
    void fieldsHaveUnitsAndRanges();
    void okSavesEverything();

private:
    QTemporaryDir m_settingsDir;
};

void TestPreferencesDialog::initTestCase()
{
    QVERIFY(m_settingsDir.isValid());
    QStandardPaths::setTestModeEnabled(true); // journal and caches in a test location
    QCoreApplication::setOrganizationName(QStringLiteral("wsinspect-tests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_preferencesdialog"));
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir.path());
    QVERIFY(QSettings().fileName().startsWith(m_settingsDir.path()));
}

void TestPreferencesDialog::init()
{
    QSettings().clear();
    ui::Theme::applyApplicationTheme(QStringLiteral("system"));
}

void TestPreferencesDialog::themeIsPreviewedUndoneAppliedAndInTheMenu()
{
    ui::MainWindow window;
    window.show();
    QVERIFY(!darkNow());
    QVERIFY(themeAction(window, QStringLiteral("System"))->isChecked());

    // Picking Dark shows it at once, in the window and in the menu, but saves nothing.
    ui::PreferencesDialog *dialog = window.showPreferences();
    pick(dialog->findChild<QComboBox *>(QStringLiteral("theme")), int(ThemeChoice::Dark));
    QVERIFY(darkNow());
    QVERIFY(themeAction(window, QStringLiteral("Dark"))->isChecked());
    QCOMPARE(savedTheme(), QStringLiteral("(unset)"));
    QCOMPARE(window.preferences().theme, ThemeChoice::System);

    // Cancel undoes the preview.
    dialog->buttons()->button(QDialogButtonBox::Cancel)->click();
    QVERIFY(!darkNow());
    QVERIFY(themeAction(window, QStringLiteral("System"))->isChecked());
    QCOMPARE(window.preferences().theme, ThemeChoice::System);

    // Apply keeps the dialog open and makes it the preference.
    dialog = window.showPreferences();
    QVERIFY(!dialog->buttons()->button(QDialogButtonBox::Apply)->isEnabled()); // nothing changed yet
    pick(dialog->findChild<QComboBox *>(QStringLiteral("theme")), int(ThemeChoice::Dark));
    QVERIFY(dialog->buttons()->button(QDialogButtonBox::Apply)->isEnabled());
    dialog->buttons()->button(QDialogButtonBox::Apply)->click();
    QVERIFY(dialog->isVisible());
    QVERIFY(darkNow());
    QCOMPARE(savedTheme(), QStringLiteral("dark"));
    QCOMPARE(window.preferences().theme, ThemeChoice::Dark);
    // Cancel after Apply keeps what was applied.
    dialog->buttons()->button(QDialogButtonBox::Cancel)->click();
    QVERIFY(darkNow());
    QVERIFY(themeAction(window, QStringLiteral("Dark"))->isChecked());

    // Light through OK.
    dialog = window.showPreferences();
    pick(dialog->findChild<QComboBox *>(QStringLiteral("theme")), int(ThemeChoice::Light));
    dialog->buttons()->button(QDialogButtonBox::Ok)->click();
    QVERIFY(!darkNow());
    // Fusion, under the themes' proxy (ui/window/ThemeStyle.h).
    const auto *proxy = qobject_cast<const QProxyStyle *>(QApplication::style());
    QVERIFY(proxy);
    QCOMPARE(proxy->baseStyle()->name(), QStringLiteral("fusion"));
    QCOMPARE(savedTheme(), QStringLiteral("light"));
    QVERIFY(themeAction(window, QStringLiteral("Light"))->isChecked());
}

void TestPreferencesDialog::themeMenuAndDialogShareOneValue()
{
    ui::MainWindow window;
    window.show();
    themeAction(window, QStringLiteral("Dark"))->trigger();
    QVERIFY(darkNow());
    QCOMPARE(window.preferences().theme, ThemeChoice::Dark);
    QCOMPARE(savedTheme(), QStringLiteral("dark"));
    ui::PreferencesDialog *dialog = window.showPreferences();
    auto *theme = dialog->findChild<QComboBox *>(QStringLiteral("theme"));
    QCOMPARE(theme->currentData().toInt(), int(ThemeChoice::Dark));
    dialog->reject();

    themeAction(window, QStringLiteral("System"))->trigger();
    QVERIFY(!darkNow());
    QCOMPARE(savedTheme(), QStringLiteral("system"));
    QCOMPARE(Preferences::load().theme, ThemeChoice::System);
    // A new window reads the same value.
    ui::MainWindow second;
    QVERIFY(themeAction(second, QStringLiteral("System"))->isChecked());
}

// wsinspect --theme dark with "system" saved: the window shows dark, and picking System
// in the menu really goes back to the system look.
void TestPreferencesDialog::themeGivenForOneRunGivesWayToTheMenu()
{
    ui::Theme::applyApplicationTheme(QStringLiteral("dark"));
    ui::MainWindow window;
    QCOMPARE(window.preferences().theme, ThemeChoice::System);
    QVERIFY(darkNow());
    themeAction(window, QStringLiteral("System"))->trigger();
    QVERIFY(!darkNow());
    QCOMPARE(savedTheme(), QStringLiteral("system"));
}

// `wsinspect --theme light` with dark saved: clicking the log's wall-clock toggle (which
// saves a preference) must not bring the saved dark theme back, nor save light.
void TestPreferencesDialog::themeGivenForOneRunSurvivesOtherChanges()
{
    ui::Preferences saved;
    saved.theme = ThemeChoice::Dark;
    saved.save();
    ui::Theme::applyApplicationTheme(QStringLiteral("light"));
    ui::MainWindow window;
    window.useThemeForThisRun(ThemeChoice::Light);
    window.show();
    QVERIFY(!darkNow());
    QVERIFY(themeAction(window, QStringLiteral("Light"))->isChecked());
    QTest::mouseClick(window.currentTab()->logView()->wallClockButton(), Qt::LeftButton);
    QCOMPARE(window.preferences().timestampFormat.mode, ui::TimeMode::WallClock);
    QVERIFY2(!darkNow(), "the saved dark theme came back");
    QVERIFY(themeAction(window, QStringLiteral("Light"))->isChecked());
    QCOMPARE(savedTheme(), QStringLiteral("dark"));
    // Choosing a theme replaces this run's.
    themeAction(window, QStringLiteral("Dark"))->trigger();
    QVERIFY(darkNow());
    themeAction(window, QStringLiteral("Light"))->trigger();
    QCOMPARE(savedTheme(), QStringLiteral("light"));
}

void TestPreferencesDialog::timeFormatChangesEveryTabAtOnce()
{
    qputenv("TZ", "UTC");
    ui::MainWindow window;
    window.show();
    auto store = std::make_unique<log::MessageStore>();
    store->setStartedAt(QDateTime::fromString(QStringLiteral("2024-05-06T10:20:30.250Z"), Qt::ISODateWithMs));
    ui::ConnectionTab *first = window.addTab(new ui::ConnectionTab(std::move(store)));
    first->document()->appendRows({test::message(test::In, true, "hello", 0, 61500456789)});
    ui::ConnectionTab *second = window.newTab();
    ui::MessageLogModel *model = first->logView()->model();
    const auto timeText = [model] { return model->index(0, ui::MessageLogModel::Time).data().toString(); };
    QCOMPARE(timeText(), QStringLiteral("+1:01.500"));

    ui::PreferencesDialog *dialog = window.showPreferences();
    pick(dialog->findChild<QComboBox *>(QStringLiteral("timeMode")), int(ui::TimeMode::WallClockWithDate));
    pick(dialog->findChild<QComboBox *>(QStringLiteral("timePrecision")), int(ui::TimePrecision::Microseconds));
    // Previewed live in both tabs, with the toggle following.
    const QDateTime local = QDateTime::fromString(QStringLiteral("2024-05-06T10:21:31.750Z"), Qt::ISODateWithMs).toLocalTime();
    const QString expected = local.toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss")) + QStringLiteral(".750456+00:00");
    QCOMPARE(timeText(), expected);
    QCOMPARE(model->headerData(ui::MessageLogModel::Time, Qt::Horizontal).toString(), QStringLiteral("Date and time"));
    QCOMPARE(second->logView()->model()->timestampFormat().mode, ui::TimeMode::WallClockWithDate);
    QVERIFY(first->logView()->wallClockButton()->isChecked());
    QVERIFY(dialog->findChild<QLabel *>(QStringLiteral("timeExample"))->text().endsWith(QLatin1String("+00:00")));
    dialog->buttons()->button(QDialogButtonBox::Ok)->click();
    QCOMPARE(window.preferences().timestampFormat.precision, ui::TimePrecision::Microseconds);
    QCOMPARE(QSettings().value(QStringLiteral("log/timeMode")).toString(), QStringLiteral("wallClockWithDate"));
    // Tabs opened later start with it.
    QCOMPARE(window.newTab()->logView()->model()->timestampFormat(), window.preferences().timestampFormat);
    qunsetenv("TZ");
}

void TestPreferencesDialog::wallClockToggleChangesThePreference()
{
    ui::MainWindow window;
    window.show();
    ui::ConnectionTab *first = window.currentTab();
    ui::ConnectionTab *second = window.newTab();
    QToolButton *toggle = second->logView()->wallClockButton();
    QVERIFY(!toggle->isChecked());
    QTest::mouseClick(toggle, Qt::LeftButton);
    QVERIFY(toggle->isChecked());
    QCOMPARE(window.preferences().timestampFormat.mode, ui::TimeMode::WallClock);
    QCOMPARE(first->logView()->model()->timeMode(), ui::TimeMode::WallClock);
    QVERIFY(first->logView()->wallClockButton()->isChecked());
    QCOMPARE(QSettings().value(QStringLiteral("log/timeMode")).toString(), QStringLiteral("wallClock"));
    ui::PreferencesDialog *dialog = window.showPreferences();
    QCOMPARE(dialog->findChild<QComboBox *>(QStringLiteral("timeMode"))->currentData().toInt(), int(ui::TimeMode::WallClock));

    // With the date form chosen in the dialog, the toggle switches back to that form.
    pick(dialog->findChild<QComboBox *>(QStringLiteral("timeMode")), int(ui::TimeMode::WallClockWithDate));
    dialog->buttons()->button(QDialogButtonBox::Ok)->click();
    QTest::mouseClick(toggle, Qt::LeftButton);
    QCOMPARE(window.preferences().timestampFormat.mode, ui::TimeMode::Relative);
    QVERIFY(!first->logView()->wallClockButton()->isChecked());
    QTest::mouseClick(toggle, Qt::LeftButton);
    QCOMPARE(window.preferences().timestampFormat.mode, ui::TimeMode::WallClockWithDate);
    QCOMPARE(first->logView()->model()->timeMode(), ui::TimeMode::WallClockWithDate);
}

void TestPreferencesDialog::restoreDefaultsFillsInWithoutApplying()
{
    Preferences changed;
    changed.theme = ThemeChoice::Light;
    changed.timestampFormat.precision = ui::TimePrecision::Microseconds;
    changed.logLimits = {5000, log::LogLimits::Overflow::Drop};
    changed.connection.writeTimeoutMs = 777;
    changed.save();
    ui::MainWindow window;
    QCOMPARE(window.preferences(), changed);
    ui::PreferencesDialog *dialog = window.showPreferences();
    QCOMPARE(dialog->preferences(), changed);
    dialog->buttons()->button(QDialogButtonBox::RestoreDefaults)->click();
    QCOMPARE(dialog->preferences(), Preferences());
    QCOMPARE(dialog->findChild<QSpinBox *>(QStringLiteral("maxRowsInMemory"))->text(), QStringLiteral("no limit"));
    QCOMPARE(window.preferences(), changed); // not applied yet
    QCOMPARE(Preferences::load(), changed);
    dialog->buttons()->button(QDialogButtonBox::Apply)->click();
    QCOMPARE(window.preferences(), Preferences());
    QCOMPARE(Preferences::load(), Preferences());
}

void TestPreferencesDialog::logLimitsReachEveryTab()
{
    ui::MainWindow window;
    window.show();
    ui::ConnectionTab *open = window.currentTab();
    QVERIFY(!open->logLimiter()->limits().isLimited()); // no limit until the user sets one
    ui::PreferencesDialog *dialog = window.showPreferences();
    auto *maxRows = dialog->findChild<QSpinBox *>(QStringLiteral("maxRowsInMemory"));
    QVERIFY(maxRows);
    maxRows->setValue(50000);
    pick(dialog->findChild<QComboBox *>(QStringLiteral("overflow")), int(log::LogLimits::Overflow::Drop));
    QVERIFY(!open->logLimiter()->limits().isLimited()); // not before Apply or OK
    dialog->buttons()->button(QDialogButtonBox::Ok)->click();

    const log::LogLimits expected{50000, log::LogLimits::Overflow::Drop};
    QVERIFY(open->logLimiter()->limits() == expected);
    QVERIFY(window.newTab()->logLimiter()->limits() == expected);
}

void TestPreferencesDialog::newTabsGetTheDefaultTimeouts()
{
    ui::MainWindow window;
    window.show();
    ui::ConnectionTab *before = window.currentTab();
    QCOMPARE(before->options().connectTimeoutMs, net::ConnectionOptions().connectTimeoutMs);
    ui::PreferencesDialog *dialog = window.showPreferences();
    const QList<QPair<const char *, int>> values = {{"connectTimeout", 1500}, {"openTimeout", 2500}, {"writeTimeout", 3500},
                                                    {"pingTimeout", 4500},    {"closeTimeout", 900}, {"pingInterval", 20000}};
    for (const auto &[name, value] : values) {
        auto *spin = dialog->findChild<QSpinBox *>(QString::fromLatin1(name));
        QVERIFY2(spin, name);
        spin->selectAll();
        QTest::keyClicks(spin, QString::number(value));
        QCOMPARE(spin->value(), value);
    }
    dialog->buttons()->button(QDialogButtonBox::Ok)->click();

    ui::ConnectionTab *fresh = window.newTab();
    QCOMPARE(fresh->options().connectTimeoutMs, 1500);
    QCOMPARE(fresh->options().openTimeoutMs, 2500);
    QCOMPARE(fresh->options().writeTimeoutMs, 3500);
    QCOMPARE(fresh->options().pingTimeoutMs, 4500);
    QCOMPARE(fresh->options().closeTimeoutMs, 900);
    QCOMPARE(fresh->options().pingIntervalMs, 20000);
    // The tab that was open keeps its own options.
    QCOMPARE(before->options().connectTimeoutMs, net::ConnectionOptions().connectTimeoutMs);
    QCOMPARE(before->options().pingIntervalMs, 0);
    // So does a tab opened by URL (it is a new tab too).
    ui::ConnectionTab *byUrl = window.openConnection(QStringLiteral("ws://127.0.0.1:1/"));
    QVERIFY(byUrl != before);
    QCOMPARE(byUrl->options().openTimeoutMs, 2500);
}

void TestPreferencesDialog::fieldsHaveUnitsAndRanges()
{
    ui::MainWindow window;
    ui::PreferencesDialog *dialog = window.showPreferences();
    for (const char *name : {"connectTimeout", "openTimeout", "writeTimeout", "pingTimeout", "closeTimeout", "pingInterval"}) {
        auto *spin = dialog->findChild<QSpinBox *>(QString::fromLatin1(name));
        QVERIFY2(spin, name);
        QCOMPARE(spin->suffix(), QStringLiteral(" ms"));
        QCOMPARE(spin->minimum(), 0);
        QCOMPARE(spin->maximum(), Preferences::MaxTimeoutMs);
        spin->setValue(-40); // clamped: a negative timeout cannot be entered
        QCOMPARE(spin->value(), 0);
    }
    QCOMPARE(dialog->findChild<QSpinBox *>(QStringLiteral("pingInterval"))->text(), QStringLiteral("no keepalive pings"));
    auto *rows = dialog->findChild<QSpinBox *>(QStringLiteral("maxRowsInMemory"));
    auto *overflow = dialog->findChild<QComboBox *>(QStringLiteral("overflow"));
    QCOMPARE(rows->suffix(), QStringLiteral(" messages"));
    QVERIFY(!overflow->isEnabled()); // no limit: nothing overflows
    rows->setValue(100000);
    QVERIFY(overflow->isEnabled());
    QCOMPARE(rows->text(), QStringLiteral("100,000 messages"));
    rows->setValue(Preferences::MaxRowsInMemory + 1);
    QCOMPARE(rows->value(), Preferences::MaxRowsInMemory);
}

void TestPreferencesDialog::okSavesEverything()
{
    ui::MainWindow window;
    ui::PreferencesDialog *dialog = window.showPreferences();
    pick(dialog->findChild<QComboBox *>(QStringLiteral("overflow")), int(log::LogLimits::Overflow::Drop));
    dialog->findChild<QSpinBox *>(QStringLiteral("maxRowsInMemory"))->setValue(250000);
    pick(dialog->findChild<QComboBox *>(QStringLiteral("timeMode")), int(ui::TimeMode::WallClock));
    const Preferences shown = dialog->preferences();
    QCOMPARE(shown.logLimits.maxRowsInMemory, 250000);
    QCOMPARE(shown.logLimits.overflow, log::LogLimits::Overflow::Drop);
    dialog->buttons()->button(QDialogButtonBox::Ok)->click();
    QCOMPARE(window.preferences(), shown);
    QCOMPARE(Preferences::load(), shown);
}

QTEST_MAIN(TestPreferencesDialog)
#include "tst_preferencesdialog.moc"
