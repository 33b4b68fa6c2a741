// SPDX-License-Identifier: MIT
// Connection profiles in the real window, offscreen: save the current tab as a profile
// (secrets left out unless kept), open it in a new tab with equal options, the Profiles
// menu, and the Manage dialog: rename, duplicate, delete, export with and without secrets,
// import of a bad file (its exact sentence), and a name clash (replace or keep both).
// Settings live in a scratch directory.
#include "ui/tab/ConnectionBar.h"
#include "ui/tab/ConnectionTab.h"
#include "ui/window/MainWindow.h"
#include "ui/profiles/ManageProfilesDialog.h"
#include "ui/profiles/ProfileActions.h"
#include "ui/profiles/ProfileStore.h"
#include "ui/profiles/SaveProfileDialog.h"

#include "files/profiles/ProfileFile.h"
#include "files/session/SessionJson.h"

#include <QApplication>
#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFile>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTabWidget>
#include <QtTest>

using namespace wsi;

namespace {

net::ConnectionOptions optionsWithSecrets()
{
    net::ConnectionOptions o;
    o.url = QStringLiteral("wss://feed.example:9443/v1");
    o.headers = {{"Authorization", "Bearer s3cr3t"}, {"X-Client", "wsinspect"}, {"Cookie", "sid=42"}};
    o.subprotocols = {QStringLiteral("graphql-ws")};
    o.origin = QStringLiteral("https://app.example");
    o.deflate = true;
    o.connectTimeoutMs = 1200;
    o.openTimeoutMs = 3400;
    o.pingIntervalMs = 25000;
    o.tls.verify = false;
    o.tls.caFile = QStringLiteral("/tmp/ca.pem");
    o.tls.clientKeyPassphrase = "pass-phrase";
    o.proxy.mode = net::ProxyMode::HttpConnect;
    o.proxy.url = QStringLiteral("http://me:proxysecret@proxy.example:3128");
    o.reconnect.enabled = true;
    return o;
}

QByteArray optionsJson(const net::ConnectionOptions &options)
{
    return QJsonDocument(log::optionsToJson(options)).toJson(QJsonDocument::Compact);
}

// Clicks the button named `name` (object name or text) of the next modal message box,
// once it shows; gives up after about two seconds.
void answerNextMessageBox(const QString &name, int attempts = 40)
{
    QTimer::singleShot(50, qApp, [name, attempts] {
        if (auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget())) {
            for (QAbstractButton *button : box->buttons()) {
                if (button->objectName() == name || button->text().remove(QLatin1Char('&')) == name) {
                    button->click();
                    return;
                }
            }
        }
        if (attempts > 0)
            answerNextMessageBox(name, attempts - 1);
    });
}

QString writeFile(const QTemporaryDir &dir, const QString &name, const QByteArray &bytes)
{
    const QString path = dir.filePath(name);
    QFile file(path);
    if (file.open(QIODevice::WriteOnly))
        file.write(bytes);
    return path;
}

} // namespace

class TestProfiles : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void saveThenOpenInNewTabWithEqualOptions();
    void secretsAreLeftOutUnlessKept();
    void takenNameIsSaidToBeReplaced();
    void profilesMenuOpensAProfile();
    void renameDuplicateDelete();
    void exportWithAndWithoutSecrets();
    void importBadFileSaysWhatAndWhere();
    void importNameClashReplaceOrKeepBoth();
    void importOfMaskedFileLeavesSecretsOut();

private:
    ui::ConnectionTab *tabWithOptions(ui::MainWindow &window, const net::ConnectionOptions &options);
    void saveProfile(ui::MainWindow &window, const QString &name, bool keepSecrets);

    QTemporaryDir m_settingsDir;
    QTemporaryDir m_files;
};

void TestProfiles::initTestCase()
{
    QVERIFY(m_settingsDir.isValid());
    QVERIFY(m_files.isValid());
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("wsinspect-tests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_profiles"));
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir.path());
    QVERIFY(QSettings().fileName().startsWith(m_settingsDir.path()));
}

void TestProfiles::init()
{
    QSettings().clear();
}

ui::ConnectionTab *TestProfiles::tabWithOptions(ui::MainWindow &window, const net::ConnectionOptions &options)
{
    ui::ConnectionTab *tab = window.currentTab();
    tab->setOptions(options);
    return tab;
}

void TestProfiles::saveProfile(ui::MainWindow &window, const QString &name, bool keepSecrets)
{
    ui::SaveProfileDialog *dialog = window.profiles()->saveCurrentAsProfile();
    QVERIFY(dialog);
    dialog->nameField()->selectAll();
    QTest::keyClicks(dialog->nameField(), name);
    dialog->keepSecretsBox()->setChecked(keepSecrets);
    QPushButton *save = dialog->buttons()->button(QDialogButtonBox::Save);
    QVERIFY(save->isEnabled());
    save->click();
}

void TestProfiles::saveThenOpenInNewTabWithEqualOptions()
{
    ui::MainWindow window;
    window.show();
    tabWithOptions(window, optionsWithSecrets());
    saveProfile(window, QStringLiteral("prod feed"), true);
    QCOMPARE(window.profiles()->store().names(), QStringList{QStringLiteral("prod feed")});

    const int tabsBefore = window.tabCount();
    ui::ConnectionTab *opened = window.profiles()->openProfile(QStringLiteral("prod feed"));
    QVERIFY(opened);
    QCOMPARE(window.tabCount(), tabsBefore + 1);
    QCOMPARE(window.currentTab(), opened);
    QCOMPARE(opened->bar()->url(), QStringLiteral("wss://feed.example:9443/v1"));
    QCOMPARE(optionsJson(opened->options()), optionsJson(optionsWithSecrets()));
    QCOMPARE(opened->state(), net::ConnectionState::Idle); // opened, not connected
    // The tab is titled with the profile's name, not the host every other tab shares.
    auto *tabs = window.findChild<QTabWidget *>();
    QVERIFY(tabs);
    QCOMPARE(tabs->tabText(tabs->indexOf(opened)), QStringLiteral("prod feed"));

    // Persisted: a fresh store (and a fresh window) reads the same profile back.
    ui::ProfileStore reread;
    reread.load();
    QCOMPARE(reread.names(), QStringList{QStringLiteral("prod feed")});
    QCOMPARE(optionsJson(reread.find(QStringLiteral("prod feed"))->options), optionsJson(optionsWithSecrets()));
    // Secrets kept: the settings file is for its owner only.
    const auto others = QFileDevice::ReadGroup | QFileDevice::ReadOther;
    QCOMPARE(QFile(QSettings().fileName()).permissions() & others, QFileDevice::Permissions());
    QVERIFY(!window.profiles()->openProfile(QStringLiteral("no such profile")));
}

void TestProfiles::secretsAreLeftOutUnlessKept()
{
    ui::MainWindow window;
    tabWithOptions(window, optionsWithSecrets());
    ui::SaveProfileDialog *dialog = window.profiles()->saveCurrentAsProfile();
    QVERIFY(!dialog->keepSecretsBox()->isChecked()); // off by default
    QVERIFY(dialog->keepSecretsBox()->isEnabled());
    QVERIFY(dialog->findChild<QLabel *>(QStringLiteral("secretsNote"))->text().contains(QSettings().fileName()));
    QCOMPARE(dialog->nameField()->text(), QStringLiteral("feed.example:9443")); // suggested
    dialog->buttons()->button(QDialogButtonBox::Save)->click();

    const log::ConnectionProfile *saved = window.profiles()->store().find(QStringLiteral("feed.example:9443"));
    QVERIFY(saved);
    const net::HeaderList expectedHeaders{{"X-Client", "wsinspect"}};
    QCOMPARE(saved->options.headers, expectedHeaders);
    QCOMPARE(saved->options.proxy.url, QStringLiteral("http://me@proxy.example:3128"));
    QVERIFY(saved->options.tls.clientKeyPassphrase.isEmpty());
    QCOMPARE(saved->options.connectTimeoutMs, 1200); // everything else kept
    QVERIFY(!QSettings().value(QLatin1String(ui::ProfileStore::SettingsKey)).toList().isEmpty());
    QFile settingsFile(QSettings().fileName());
    QVERIFY(settingsFile.open(QIODevice::ReadOnly));
    const QByteArray stored = settingsFile.readAll();
    for (const char *secret : {"s3cr3t", "sid=42", "proxysecret", "pass-phrase"})
        QVERIFY2(!stored.contains(secret), secret);

    // Options without secrets: nothing to keep.
    net::ConnectionOptions plain;
    plain.url = QStringLiteral("ws://127.0.0.1:9001/");
    tabWithOptions(window, plain);
    dialog = window.profiles()->saveCurrentAsProfile();
    QVERIFY(!dialog->keepSecretsBox()->isEnabled());
    dialog->reject();
}

void TestProfiles::takenNameIsSaidToBeReplaced()
{
    ui::MainWindow window;
    tabWithOptions(window, optionsWithSecrets());
    saveProfile(window, QStringLiteral("one"), false);
    net::ConnectionOptions other;
    other.url = QStringLiteral("ws://other.example/");
    tabWithOptions(window, other);
    ui::SaveProfileDialog *dialog = window.profiles()->saveCurrentAsProfile();
    auto *note = dialog->findChild<QLabel *>(QStringLiteral("nameNote"));
    dialog->nameField()->setText(QString());
    QVERIFY(!dialog->buttons()->button(QDialogButtonBox::Save)->isEnabled());
    QCOMPARE(note->text(), QStringLiteral("A profile needs a name."));
    dialog->nameField()->setText(QStringLiteral("one"));
    QCOMPARE(note->text(), QStringLiteral("Replaces the profile \"one\"."));
    dialog->buttons()->button(QDialogButtonBox::Save)->click();
    QCOMPARE(window.profiles()->store().profiles().size(), 1);
    QCOMPARE(window.profiles()->store().find(QStringLiteral("one"))->options.url, QStringLiteral("ws://other.example/"));
}

void TestProfiles::profilesMenuOpensAProfile()
{
    ui::MainWindow window;
    tabWithOptions(window, optionsWithSecrets());
    saveProfile(window, QStringLiteral("menu one"), false);
    QMenu *menu = nullptr;
    for (QMenu *candidate : window.findChildren<QMenu *>()) {
        if (candidate->title().remove(QLatin1Char('&')) == QLatin1String("Profiles"))
            menu = candidate;
    }
    QVERIFY(menu);
    Q_EMIT menu->aboutToShow();
    QAction *entry = nullptr;
    for (QAction *action : menu->actions()) {
        if (action->text() == QLatin1String("menu one"))
            entry = action;
    }
    QVERIFY(entry);
    QCOMPARE(entry->toolTip(), QStringLiteral("wss://feed.example:9443/v1"));
    const int before = window.tabCount();
    entry->trigger();
    QCOMPARE(window.tabCount(), before + 1);
    QCOMPARE(window.currentTab()->options().openTimeoutMs, 3400);
}

void TestProfiles::renameDuplicateDelete()
{
    ui::MainWindow window;
    tabWithOptions(window, optionsWithSecrets());
    saveProfile(window, QStringLiteral("alpha"), false);
    saveProfile(window, QStringLiteral("beta"), false);
    ui::ManageProfilesDialog *dialog = window.profiles()->manageProfiles();
    QListWidget *list = dialog->list();
    QCOMPARE(list->count(), 2);
    QCOMPARE(dialog->detailsText(), QStringLiteral("wss://feed.example:9443/v1 · no secrets kept"));

    // Rename in place.
    list->item(0)->setText(QStringLiteral("gamma"));
    QCOMPARE(window.profiles()->store().names(), (QStringList{QStringLiteral("gamma"), QStringLiteral("beta")}));
    QCOMPARE(dialog->statusText(), QStringLiteral("Renamed \"alpha\" to \"gamma\"."));
    // Onto a taken name: refused, and the list shows the old name again.
    list->item(0)->setText(QStringLiteral("beta"));
    QCOMPARE(dialog->statusText(), QStringLiteral("A profile named \"beta\" exists already."));
    QCOMPARE(list->item(0)->text(), QStringLiteral("gamma"));
    QCOMPARE(window.profiles()->store().profiles().size(), 2);

    // Duplicate.
    dialog->selectProfile(QStringLiteral("beta"));
    dialog->button(QStringLiteral("duplicate"))->click();
    QCOMPARE(window.profiles()->store().names().last(), QStringLiteral("beta (copy)"));
    QCOMPARE(optionsJson(window.profiles()->store().find(QStringLiteral("beta (copy)"))->options),
             optionsJson(window.profiles()->store().find(QStringLiteral("beta"))->options));
    dialog->selectProfile(QStringLiteral("beta"));
    dialog->button(QStringLiteral("duplicate"))->click();
    QCOMPARE(window.profiles()->store().names().last(), QStringLiteral("beta (copy) (2)"));

    // Delete, after saying yes; no keeps it.
    dialog->selectProfile(QStringLiteral("gamma"));
    answerNextMessageBox(QStringLiteral("Cancel"));
    dialog->button(QStringLiteral("delete"))->click();
    QVERIFY(window.profiles()->store().find(QStringLiteral("gamma")));
    answerNextMessageBox(QStringLiteral("Yes"));
    dialog->button(QStringLiteral("delete"))->click();
    QVERIFY(!window.profiles()->store().find(QStringLiteral("gamma")));
    QCOMPARE(dialog->statusText(), QStringLiteral("Deleted \"gamma\"."));
    QCOMPARE(list->count(), 3);
    ui::ProfileStore reread;
    reread.load();
    QCOMPARE(reread.names(), window.profiles()->store().names());
}

void TestProfiles::exportWithAndWithoutSecrets()
{
    ui::MainWindow window;
    tabWithOptions(window, optionsWithSecrets());
    saveProfile(window, QStringLiteral("secret one"), true);
    ui::ManageProfilesDialog *dialog = window.profiles()->manageProfiles();
    dialog->selectProfile(QStringLiteral("secret one"));
    QCOMPARE(dialog->detailsText(), QStringLiteral("wss://feed.example:9443/v1 · keeps its secrets"));
    QVERIFY(!dialog->includeSecretsBox()->isChecked());

    const QString masked = m_files.filePath(QStringLiteral("masked.json"));
    QVERIFY(dialog->exportTo(masked));
    QCOMPARE(dialog->statusText(), QStringLiteral("Exported 1 profile to masked.json, secrets masked."));
    QFile maskedFile(masked);
    QVERIFY(maskedFile.open(QIODevice::ReadOnly));
    const QByteArray maskedText = maskedFile.readAll();
    for (const char *secret : {"s3cr3t", "sid=42", "proxysecret", "pass-phrase"})
        QVERIFY2(!maskedText.contains(secret), secret);
    const log::ProfileFile::ReadResult read = log::ProfileFile::read(masked);
    QVERIFY2(read.ok, qPrintable(read.error));
    QVERIFY(!read.contents.secretsIncluded);
    const net::ConnectionOptions o = read.contents.profiles.at(0).options;
    QCOMPARE(o.headers.at(0).second, QByteArray("(hidden, 13 bytes)"));
    QCOMPARE(o.headers.at(1).second, QByteArray("wsinspect"));
    QCOMPARE(o.headers.at(2).second, QByteArray("(hidden, 6 bytes)"));
    QCOMPARE(o.proxy.url, QStringLiteral("http://me:***@proxy.example:3128"));
    QVERIFY(o.tls.clientKeyPassphrase.isEmpty());

    dialog->includeSecretsBox()->setChecked(true);
    const QString full = m_files.filePath(QStringLiteral("full.json"));
    QVERIFY(dialog->exportTo(full));
    QCOMPARE(dialog->statusText(), QStringLiteral("Exported 1 profile to full.json, secrets included."));
    const log::ProfileFile::ReadResult fullRead = log::ProfileFile::read(full);
    QVERIFY(fullRead.contents.secretsIncluded);
    QCOMPARE(optionsJson(fullRead.contents.profiles.at(0).options), optionsJson(optionsWithSecrets()));

    QVERIFY(!dialog->exportTo(QStringLiteral("/nonexistent-dir/x.json")));
    QVERIFY(dialog->statusText().startsWith(QLatin1String("Cannot write x.json: ")));
}

void TestProfiles::importBadFileSaysWhatAndWhere()
{
    ui::MainWindow window;
    ui::ManageProfilesDialog *dialog = window.profiles()->manageProfiles();
    const QString broken = writeFile(m_files, QStringLiteral("broken.json"),
                                     "{\n  \"format\": \"wsinspect-profiles\",\n  \"version\": 1\n  \"profiles\": []\n}");
    QVERIFY(!dialog->importFrom(broken));
    QCOMPARE(dialog->statusText(),
             QStringLiteral("Cannot import broken.json: Not valid JSON at line 4, column 3: unterminated object."));
    const QString future = writeFile(m_files, QStringLiteral("future.json"),
                                     R"({"format": "wsinspect-profiles", "version": 3, "profiles": []})");
    QVERIFY(!dialog->importFrom(future));
    QCOMPARE(dialog->statusText(),
             QStringLiteral("Cannot import future.json: Version 3 is not supported: this wsinspect reads version 1 files."));
    const QString noUrl = writeFile(m_files, QStringLiteral("nourl.json"),
                                    R"({"format": "wsinspect-profiles", "version": 1, "profiles": [{"name": "a", "options": {}}]})");
    QVERIFY(!dialog->importFrom(noUrl));
    QCOMPARE(dialog->statusText(), QStringLiteral("Cannot import nourl.json: profiles[0] (\"a\"): the URL (\"options.url\") is missing."));
    QVERIFY(window.profiles()->store().profiles().isEmpty());
}

void TestProfiles::importNameClashReplaceOrKeepBoth()
{
    ui::MainWindow window;
    net::ConnectionOptions mine;
    mine.url = QStringLiteral("ws://mine.example/");
    tabWithOptions(window, mine);
    saveProfile(window, QStringLiteral("shared"), false);
    net::ConnectionOptions theirs;
    theirs.url = QStringLiteral("ws://theirs.example/");
    theirs.connectTimeoutMs = 4242;
    const QString path = m_files.filePath(QStringLiteral("shared.json"));
    QString error;
    QVERIFY(log::ProfileFile::write(path, {{QStringLiteral("shared"), theirs}}, true, &error));
    ui::ManageProfilesDialog *dialog = window.profiles()->manageProfiles();

    answerNextMessageBox(QStringLiteral("keepBoth"));
    QVERIFY(dialog->importFrom(path));
    QCOMPARE(window.profiles()->store().names(), (QStringList{QStringLiteral("shared"), QStringLiteral("shared (2)")}));
    QCOMPARE(window.profiles()->store().find(QStringLiteral("shared"))->options.url, QStringLiteral("ws://mine.example/"));
    QCOMPARE(window.profiles()->store().find(QStringLiteral("shared (2)"))->options.connectTimeoutMs, 4242);
    QCOMPARE(dialog->statusText(), QStringLiteral("Imported 1 profile: shared (2)."));

    answerNextMessageBox(QStringLiteral("replace"));
    QVERIFY(dialog->importFrom(path));
    QCOMPARE(window.profiles()->store().profiles().size(), 2);
    QCOMPARE(window.profiles()->store().find(QStringLiteral("shared"))->options.url, QStringLiteral("ws://theirs.example/"));

    answerNextMessageBox(QStringLiteral("skip"));
    QVERIFY(dialog->importFrom(path));
    QCOMPARE(window.profiles()->store().profiles().size(), 2);
    QCOMPARE(dialog->statusText(), QStringLiteral("Imported 0 profiles."));
}

void TestProfiles::importOfMaskedFileLeavesSecretsOut()
{
    ui::MainWindow window;
    const QString path = m_files.filePath(QStringLiteral("masked-import.json"));
    QString error;
    QVERIFY(log::ProfileFile::write(path, {{QStringLiteral("from a colleague"), optionsWithSecrets()}}, false, &error));
    ui::ManageProfilesDialog *dialog = window.profiles()->manageProfiles();
    QVERIFY(dialog->importFrom(path));
    QVERIFY(dialog->statusText().contains(QLatin1String("exported without secrets")));
    const log::ConnectionProfile *imported = window.profiles()->store().find(QStringLiteral("from a colleague"));
    QVERIFY(imported);
    // The masked placeholders are not sent as header values.
    const net::HeaderList expectedHeaders{{"X-Client", "wsinspect"}};
    QCOMPARE(imported->options.headers, expectedHeaders);
    QCOMPARE(imported->options.proxy.url, QStringLiteral("http://me@proxy.example:3128"));
    QCOMPARE(imported->options.openTimeoutMs, 3400);
}

QTEST_MAIN(TestProfiles)
#include "tst_profiles.moc"
