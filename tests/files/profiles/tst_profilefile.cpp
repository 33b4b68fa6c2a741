// SPDX-License-Identifier: MIT
// ProfileFile: connection profiles as a versioned JSON file; secrets masked unless asked;
// every kind of bad file refused with one exact sentence saying what and where.
#include "files/profiles/ProfileFile.h"
#include "files/session/SessionJson.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace wsi;

namespace {

net::ConnectionOptions richOptions()
{
    net::ConnectionOptions o;
    o.url = QStringLiteral("wss://user:urlpass@feed.example:9443/v1?x=1");
    o.headers = {{"Authorization", "Bearer s3cr3t-token"}, {"X-Trace", "on"}, {"Cookie", "sid=abc123"}};
    o.subprotocols = {QStringLiteral("graphql-ws"), QStringLiteral("json")};
    o.origin = QStringLiteral("https://app.example");
    o.deflate = true;
    o.deflateOffer.clientMaxWindowBits = 12;
    o.maxMessageSize = 5000000000ull; // beyond 32 bits
    o.autoPong = false;
    o.connectTimeoutMs = 1234;
    o.openTimeoutMs = 2345;
    o.writeTimeoutMs = 3456;
    o.pingTimeoutMs = 4567;
    o.closeTimeoutMs = 678;
    o.pingIntervalMs = 15000;
    o.pingTimeoutCloses = false;
    o.tls.verify = false;
    o.tls.caFile = QStringLiteral("/etc/ca.pem");
    o.tls.clientCertificate = QStringLiteral("/home/me/client.pem");
    o.tls.clientKey = QStringLiteral("/home/me/client.key");
    o.tls.clientKeyPassphrase = "key-passphrase";
    o.proxy.mode = net::ProxyMode::HttpConnect;
    o.proxy.url = QStringLiteral("http://proxyuser:proxypass@proxy.example:3128");
    o.proxy.headers = {{"Proxy-Authorization", "Basic cHJveHk="}};
    o.reconnect.enabled = true;
    o.reconnect.maxAttempts = 7;
    o.eventDetail = net::EventDetail::Messages;
    return o;
}

QByteArray json(const char *text)
{
    return QByteArray(text);
}

// A valid file with `profile` as its only profile.
QByteArray withProfile(const char *profile)
{
    return QByteArray(R"({"format": "wsinspect-profiles", "version": 1, "profiles": [)") + profile + "]}";
}

} // namespace

class tst_ProfileFile : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void roundTripWithSecretsKeepsEveryOption();
    void exportWithoutSecretsMasksThem();
    void severalProfilesKeepTheirOrder();
    void badFiles_data();
    void badFiles();
    void unknownMembersAreIgnored();
    void writtenFileWithSecretsIsForItsOwnerOnly();
    void unreadableFileSaysWhy();
};

void tst_ProfileFile::roundTripWithSecretsKeepsEveryOption()
{
    const log::ConnectionProfile profile{QStringLiteral("prod feed"), richOptions()};
    const QByteArray text = log::ProfileFile::toJson({profile}, true);
    const log::ProfileFile::ReadResult read = log::ProfileFile::fromJson(text);
    QVERIFY2(read.ok, qPrintable(read.error));
    QVERIFY(read.contents.secretsIncluded);
    QCOMPARE(read.contents.profiles.size(), 1);
    QCOMPARE(read.contents.profiles[0].name, QStringLiteral("prod feed"));
    QCOMPARE(log::optionsToJson(read.contents.profiles[0].options), log::optionsToJson(profile.options));
    QCOMPARE(read.contents.profiles[0].options.maxMessageSize, 5000000000ull);
    QCOMPARE(read.contents.profiles[0].options.headers.at(0).second, QByteArray("Bearer s3cr3t-token"));
}

void tst_ProfileFile::exportWithoutSecretsMasksThem()
{
    const QByteArray text = log::ProfileFile::toJson({{QStringLiteral("p"), richOptions()}}, false);
    for (const char *secret : {"s3cr3t-token", "sid=abc123", "urlpass", "proxypass", "key-passphrase", "cHJveHk="})
        QVERIFY2(!text.contains(secret), secret);
    const log::ProfileFile::ReadResult read = log::ProfileFile::fromJson(text);
    QVERIFY2(read.ok, qPrintable(read.error));
    QVERIFY(!read.contents.secretsIncluded);
    const net::ConnectionOptions o = read.contents.profiles[0].options;
    QCOMPARE(o.headers.at(0), qMakePair(QByteArray("Authorization"), QByteArray("(hidden, 19 bytes)")));
    QCOMPARE(o.headers.at(1), qMakePair(QByteArray("X-Trace"), QByteArray("on"))); // not a secret
    QCOMPARE(o.headers.at(2), qMakePair(QByteArray("Cookie"), QByteArray("(hidden, 10 bytes)")));
    QCOMPARE(o.proxy.headers.at(0).second, QByteArray("(hidden, 14 bytes)"));
    QCOMPARE(o.url, QStringLiteral("wss://user:***@feed.example:9443/v1?x=1"));
    QCOMPARE(o.proxy.url, QStringLiteral("http://proxyuser:***@proxy.example:3128"));
    QVERIFY(o.tls.clientKeyPassphrase.isEmpty());
    QCOMPARE(o.connectTimeoutMs, 1234); // the rest is kept
    QCOMPARE(o.tls.clientKey, QStringLiteral("/home/me/client.key"));
}

void tst_ProfileFile::severalProfilesKeepTheirOrder()
{
    net::ConnectionOptions a;
    a.url = QStringLiteral("ws://a.example/");
    net::ConnectionOptions b;
    b.url = QStringLiteral("ws://b.example/");
    const log::ProfileFile::ReadResult read = log::ProfileFile::fromJson(
        log::ProfileFile::toJson({{QStringLiteral("b first"), b}, {QStringLiteral("a second"), a}}, false));
    QVERIFY2(read.ok, qPrintable(read.error));
    QCOMPARE(read.contents.profiles.size(), 2);
    QCOMPARE(read.contents.profiles[0].name, QStringLiteral("b first"));
    QCOMPARE(read.contents.profiles[1].options.url, QStringLiteral("ws://a.example/"));
}

void tst_ProfileFile::badFiles_data()
{
    QTest::addColumn<QByteArray>("file");
    QTest::addColumn<QString>("error");
    const auto row = [](const char *name, const QByteArray &file, const char *error) {
        QTest::newRow(name) << file << QString::fromUtf8(error);
    };
    row("empty file", "", "Not valid JSON at line 1, column 1: illegal value.");
    row("a comma missing on line 3", json("{\n  \"format\": \"wsinspect-profiles\",\n  \"version\": 1\n  \"profiles\": []\n}"),
        "Not valid JSON at line 4, column 3: unterminated object.");
    row("an object left open", json("{\"format\": \"wsinspect-profiles\",\n\"version\": 1,\n\"profiles\": [{}]"),
        "Not valid JSON at line 3, column 16: unterminated object.");
    row("a stray word after a value", json("{\"format\": wsinspect}"), "Not valid JSON at line 1, column 12: illegal number.");
    row("a stray comma", json("{\"format\": \"wsinspect-profiles\",}"), "Not valid JSON at line 1, column 33: object is missing after a comma.");
    row("top level array", json("[1, 2]"),
        "This is not a wsinspect profile file: the top level should be an object, not an array.");
    row("format missing", json(R"({"version": 1, "profiles": []})"),
        "This is not a wsinspect profile file: \"format\" is missing.");
    row("another format", json(R"({"format": "har", "version": 1})"),
        "This is not a wsinspect profile file: \"format\" should be \"wsinspect-profiles\".");
    row("version missing", json(R"({"format": "wsinspect-profiles", "profiles": []})"), "\"version\" is missing.");
    row("version as a string", json(R"({"format": "wsinspect-profiles", "version": "1"})"),
        "\"version\" should be a number, not a string.");
    row("a later version", json(R"({"format": "wsinspect-profiles", "version": 2, "profiles": []})"),
        "Version 2 is not supported: this wsinspect reads version 1 files.");
    row("secretsIncluded as a string", json(R"({"format": "wsinspect-profiles", "version": 1, "secretsIncluded": "no"})"),
        "\"secretsIncluded\" should be true or false, not a string.");
    row("profiles missing", json(R"({"format": "wsinspect-profiles", "version": 1})"), "\"profiles\" is missing.");
    row("profiles an object", json(R"({"format": "wsinspect-profiles", "version": 1, "profiles": {}})"),
        "\"profiles\" should be an array, not an object.");
    row("no profile", json(R"({"format": "wsinspect-profiles", "version": 1, "profiles": []})"),
        "\"profiles\" is empty: the file holds no profile.");
    row("profile a number", withProfile("7"), "profiles[0] should be an object, not a number.");
    row("name missing", withProfile(R"({"options": {"url": "ws://a/"}})"), "profiles[0]: \"name\" is missing.");
    row("name a number", withProfile(R"({"name": 5, "options": {"url": "ws://a/"}})"),
        "profiles[0]: \"name\" should be a string, not a number.");
    row("name blank", withProfile(R"({"name": "  ", "options": {"url": "ws://a/"}})"), "profiles[0]: \"name\" is empty.");
    row("options missing", withProfile(R"({"name": "p"})"), "profiles[0] (\"p\"): \"options\" is missing.");
    row("options an array", withProfile(R"({"name": "p", "options": []})"),
        "profiles[0] (\"p\"): \"options\" should be an object, not an array.");
    row("URL missing", withProfile(R"({"name": "p", "options": {"origin": "x"}})"),
        "profiles[0] (\"p\"): the URL (\"options.url\") is missing.");
    row("URL empty", withProfile(R"({"name": "p", "options": {"url": ""}})"),
        "profiles[0] (\"p\"): the URL (\"options.url\") is missing.");
    row("URL of the wrong scheme", withProfile(R"({"name": "p", "options": {"url": "http://a.example/"}})"),
        "profiles[0] (\"p\"): the URL \"http://a.example/\" cannot be used: ");
    row("URL a number", withProfile(R"({"name": "p", "options": {"url": 80}})"),
        "profiles[0] (\"p\"): \"options.url\" should be a string, not a number.");
    row("timeout a string", withProfile(R"({"name": "p", "options": {"url": "ws://a/", "connectTimeoutMs": "10s"}})"),
        "profiles[0] (\"p\"): \"options.connectTimeoutMs\" should be a number, not a string.");
    row("timeout negative", withProfile(R"({"name": "p", "options": {"url": "ws://a/", "openTimeoutMs": -5}})"),
        "profiles[0] (\"p\"): \"options.openTimeoutMs\" is -5; it should be a whole number from 0 to 86400000.");
    row("timeout a fraction", withProfile(R"({"name": "p", "options": {"url": "ws://a/", "pingIntervalMs": 1.5}})"),
        "profiles[0] (\"p\"): \"options.pingIntervalMs\" is 1.5; it should be a whole number from 0 to 86400000.");
    row("a flag as a string", withProfile(R"({"name": "p", "options": {"url": "ws://a/", "tls": {"verify": "no"}}})"),
        "profiles[0] (\"p\"): \"options.tls.verify\" should be true or false, not a string.");
    row("tls an array", withProfile(R"({"name": "p", "options": {"url": "ws://a/", "tls": []}})"),
        "profiles[0] (\"p\"): \"options.tls\" should be an object, not an array.");
    row("header not a pair", withProfile(R"({"name": "p", "options": {"url": "ws://a/", "headers": [["A", "1"], "B: 2"]}})"),
        "profiles[0] (\"p\"): \"options.headers[1]\" should be a [name, value] pair, not a string.");
    row("header value a number", withProfile(R"({"name": "p", "options": {"url": "ws://a/", "headers": [["A", 1]]}})"),
        "profiles[0] (\"p\"): \"options.headers[0][1]\" should be a string, not a number.");
    row("headers an object", withProfile(R"({"name": "p", "options": {"url": "ws://a/", "headers": {"A": "1"}}})"),
        "profiles[0] (\"p\"): \"options.headers\" should be an array of [name, value] pairs, not an object.");
    row("subprotocol a number", withProfile(R"({"name": "p", "options": {"url": "ws://a/", "subprotocols": ["a", 2]}})"),
        "profiles[0] (\"p\"): \"options.subprotocols[1]\" should be a string, not a number.");
    row("proxy mode out of range", withProfile(R"({"name": "p", "options": {"url": "ws://a/", "proxy": {"mode": 9}}})"),
        "profiles[0] (\"p\"): \"options.proxy.mode\" is 9; it should be a whole number from 0 to 3.");
    row("max message size negative", withProfile(R"({"name": "p", "options": {"url": "ws://a/", "maxMessageSize": -1}})"),
        "profiles[0] (\"p\"): \"options.maxMessageSize\" should be a whole number of 0 or more, not a number.");
    row("passphrase a number", withProfile(R"({"name": "p", "options": {"url": "ws://a/", "tls": {"clientKeyPassphrase": 12}}})"),
        "profiles[0] (\"p\"): \"options.tls.clientKeyPassphrase\" should be a string, not a number.");
    row("second profile bad",
        json(R"({"format": "wsinspect-profiles", "version": 1, "profiles": [{"name": "ok", "options": {"url": "ws://a/"}}, {"name": "bad", "options": {"url": "ws://b/", "autoPong": null}}]})"),
        "profiles[1] (\"bad\"): \"options.autoPong\" should be true or false, not null.");
}

void tst_ProfileFile::badFiles()
{
    QFETCH(QByteArray, file);
    QFETCH(QString, error);
    const log::ProfileFile::ReadResult read = log::ProfileFile::fromJson(file);
    QVERIFY(!read.ok);
    QVERIFY(read.contents.profiles.isEmpty());
    // The URL row ends with validateUrl's own sentence: compare up to it.
    if (error.endsWith(QLatin1String(": ")))
        QCOMPARE(read.error.left(error.size()), error);
    else
        QCOMPARE(read.error, error);
    QVERIFY(read.error.size() > error.size() - 1);
}

void tst_ProfileFile::unknownMembersAreIgnored()
{
    const log::ProfileFile::ReadResult read = log::ProfileFile::fromJson(
        withProfile(R"({"name": "p", "colour": "red", "options": {"url": "ws://a/", "futureOption": [1]}})"));
    QVERIFY2(read.ok, qPrintable(read.error));
    QCOMPARE(read.contents.profiles[0].options.url, QStringLiteral("ws://a/"));
    QCOMPARE(read.contents.profiles[0].options.connectTimeoutMs, net::ConnectionOptions().connectTimeoutMs);
}

void tst_ProfileFile::writtenFileWithSecretsIsForItsOwnerOnly()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString withSecrets = dir.filePath(QStringLiteral("with.json"));
    const QString masked = dir.filePath(QStringLiteral("masked.json"));
    QString error;
    QVERIFY2(log::ProfileFile::write(withSecrets, {{QStringLiteral("p"), richOptions()}}, true, &error), qPrintable(error));
    QVERIFY2(log::ProfileFile::write(masked, {{QStringLiteral("p"), richOptions()}}, false, &error), qPrintable(error));
    const auto others = QFileDevice::ReadGroup | QFileDevice::ReadOther | QFileDevice::WriteGroup | QFileDevice::WriteOther;
    QCOMPARE(QFile(withSecrets).permissions() & others, QFileDevice::Permissions());
    const log::ProfileFile::ReadResult read = log::ProfileFile::read(withSecrets);
    QVERIFY2(read.ok, qPrintable(read.error));
    QCOMPARE(read.contents.profiles[0].options.tls.clientKeyPassphrase, QByteArray("key-passphrase"));
    QVERIFY(log::ProfileFile::read(masked).contents.profiles[0].options.tls.clientKeyPassphrase.isEmpty());
}

void tst_ProfileFile::unreadableFileSaysWhy()
{
    const log::ProfileFile::ReadResult read = log::ProfileFile::read(QStringLiteral("/nonexistent/profiles.json"));
    QVERIFY(!read.ok);
    QVERIFY2(read.error.startsWith(QLatin1String("Cannot read /nonexistent/profiles.json: ")), qPrintable(read.error));
}

QTEST_GUILESS_MAIN(tst_ProfileFile)
#include "tst_profilefile.moc"
