// SPDX-License-Identifier: MIT
// What the echo server panel remembers between runs (EchoServerSettings): every option,
// the EventSource endpoint's included, read back as saved; values that are missing, of the
// wrong type or out of range read as the defaults; an address beyond this machine is not
// kept. In a settings file of the test's own.
#include "ui/panels/server/EchoServerSettings.h"

#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

using namespace wsi;
using ui::EchoServerSettings::load;
using ui::EchoServerSettings::save;

class TestEchoServerSettings : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init() { QVERIFY(m_dir.isValid()); }
    void readsBackWhatWasSaved();
    void missingOrBadValuesReadAsDefaults();
    void keepsOnlyALoopbackAddress_data();
    void keepsOnlyALoopbackAddress();

private:
    QString file(const char *name) const { return m_dir.filePath(QLatin1String(name)); }
    QTemporaryDir m_dir;
};

void TestEchoServerSettings::readsBackWhatWasSaved()
{
    net::EchoServerOptions options;
    options.port = 9455;
    options.tls = true;
    options.certificateFile = QStringLiteral("/tmp/cert.pem");
    options.keyFile = QStringLiteral("/tmp/key.pem");
    options.mode = net::EchoMode::Broadcast;
    options.subprotocols = {QStringLiteral("chat"), QStringLiteral("graphql-ws")};
    options.deflate = true;
    options.refuseOldDrafts = true;
    options.maxMessageSize = 8ull << 20;
    options.replyDelayMs = 250;
    options.pingIntervalMs = 30000;
    options.eventStream.path = QStringLiteral("/feed");
    options.eventStream.retryMs = 2500;
    options.eventStream.keepaliveMs = 5000;
    options.eventStream.historySize = 42;
    options.eventStream.headers = {{"Access-Control-Allow-Origin", "*"}, {"X-Trace", "a: b"}};
    options.eventStream.bridge = true;
    options.eventStream.acceptPosts = false;
    {
        QSettings settings(file("saved.ini"), QSettings::IniFormat);
        save(settings, options);
    }
    const QSettings settings(file("saved.ini"), QSettings::IniFormat);
    const net::EchoServerOptions read = load(settings);
    QCOMPARE(read.host, QStringLiteral("127.0.0.1"));
    QCOMPARE(read.port, quint16(9455));
    QCOMPARE(read.tls, true);
    QCOMPARE(read.certificateFile, options.certificateFile);
    QCOMPARE(read.keyFile, options.keyFile);
    QCOMPARE(read.mode, net::EchoMode::Broadcast);
    QCOMPARE(read.subprotocols, options.subprotocols);
    QCOMPARE(read.deflate, true);
    QCOMPARE(read.refuseOldDrafts, true);
    QCOMPARE(read.maxMessageSize, options.maxMessageSize);
    QCOMPARE(read.replyDelayMs, 250);
    QCOMPARE(read.pingIntervalMs, 30000);
    QCOMPARE(read.eventStream.path, QStringLiteral("/feed"));
    QCOMPARE(read.eventStream.retryMs, 2500);
    QCOMPARE(read.eventStream.keepaliveMs, 5000);
    QCOMPARE(read.eventStream.historySize, 42);
    QCOMPARE(read.eventStream.headers, options.eventStream.headers);
    QCOMPARE(read.eventStream.bridge, true);
    QCOMPARE(read.eventStream.acceptPosts, false);

    // Off is kept as off.
    options.eventStream.path.clear();
    {
        QSettings again(file("saved.ini"), QSettings::IniFormat);
        save(again, options);
    }
    QVERIFY(!load(QSettings(file("saved.ini"), QSettings::IniFormat)).eventStream.isEnabled());
}

void TestEchoServerSettings::missingOrBadValuesReadAsDefaults()
{
    const net::EchoServerOptions defaults;
    QCOMPARE(load(QSettings(file("empty.ini"), QSettings::IniFormat)).eventStream.keepaliveMs, defaults.eventStream.keepaliveMs);
    {
        QSettings settings(file("bad.ini"), QSettings::IniFormat);
        settings.setValue(QStringLiteral("echoServer/port"), 70000);
        settings.setValue(QStringLiteral("echoServer/maxMessageMiB"), QStringLiteral("lots"));
        settings.setValue(QStringLiteral("echoServer/mode"), QStringLiteral("shout"));
        settings.setValue(QStringLiteral("echoServer/eventStream/path"), QStringLiteral("events?all"));
        settings.setValue(QStringLiteral("echoServer/eventStream/retryMs"), -5);
        settings.setValue(QStringLiteral("echoServer/eventStream/historySize"), QStringLiteral("x"));
        settings.setValue(QStringLiteral("echoServer/eventStream/headers"), QStringList{QStringLiteral("no colon")});
    }
    const net::EchoServerOptions read = load(QSettings(file("bad.ini"), QSettings::IniFormat));
    QCOMPARE(read.port, defaults.port);
    QCOMPARE(read.maxMessageSize, defaults.maxMessageSize);
    QCOMPARE(read.mode, defaults.mode);
    QVERIFY(!read.eventStream.isEnabled());
    QCOMPARE(read.eventStream.retryMs, defaults.eventStream.retryMs);
    QCOMPARE(read.eventStream.historySize, defaults.eventStream.historySize);
    QVERIFY(read.eventStream.headers.isEmpty());
    QCOMPARE(read.eventStream.acceptPosts, defaults.eventStream.acceptPosts);
}

void TestEchoServerSettings::keepsOnlyALoopbackAddress_data()
{
    QTest::addColumn<QString>("host");
    QTest::addColumn<QString>("read");
    QTest::newRow("IPv4 loopback") << QStringLiteral("127.0.0.1") << QStringLiteral("127.0.0.1");
    QTest::newRow("IPv6 loopback") << QStringLiteral("::1") << QStringLiteral("::1");
    QTest::newRow("localhost") << QStringLiteral("localhost") << QStringLiteral("localhost");
    QTest::newRow("every IPv4 network") << QStringLiteral("0.0.0.0") << QStringLiteral("127.0.0.1");
    QTest::newRow("every network") << QStringLiteral("::") << QStringLiteral("127.0.0.1");
    QTest::newRow("a LAN address") << QStringLiteral("192.168.1.20") << QStringLiteral("127.0.0.1");
}

void TestEchoServerSettings::keepsOnlyALoopbackAddress()
{
    QFETCH(QString, host);
    QFETCH(QString, read);
    const QString path = file("host.ini");
    {
        QSettings settings(path, QSettings::IniFormat);
        net::EchoServerOptions loopback;
        loopback.host = QStringLiteral("::1");
        save(settings, loopback); // a host kept before must not survive a non-loopback one
        net::EchoServerOptions options;
        options.host = host;
        save(settings, options);
    }
    QCOMPARE(load(QSettings(path, QSettings::IniFormat)).host, read);
}

QTEST_MAIN(TestEchoServerSettings)
#include "tst_echoserversettings.moc"
