// SPDX-License-Identifier: MIT
// Our client (net::Connection on its worker thread) against our server (net::EchoServer on
// the test's thread) over loopback, in the option combinations that matter: ws and wss,
// permessage-deflate, fragmentation, subprotocols, message sizes around the length
// encodings, limits on either side, server keepalive pings, broadcast, the reply delay,
// and the server's faults (close with a code, dropped TCP).
#include "net/MetaTypes.h"
#include "support/ConnectionHarness.h"
#include "support/MiniServer.h"

#include "net/echo/EchoServer.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace wsi::net;
using wsi::test::ConnectionHarness;

namespace {

ConnectionOptions optionsFor(const QUrl &url)
{
    ConnectionOptions options;
    options.url = url.toString();
    options.proxy.mode = ProxyMode::None;
    options.connectTimeoutMs = 5000;
    options.openTimeoutMs = 5000;
    options.closeTimeoutMs = 3000;
    return options;
}

QByteArray patterned(int size)
{
    QByteArray bytes(size, Qt::Uninitialized);
    for (int i = 0; i < size; ++i)
        bytes[i] = char('a' + i % 26);
    return bytes;
}

} // namespace

class TestClientServer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { registerMetaTypes(); }

    void echoesInEveryCombination_data();
    void echoesInEveryCombination();
    void verifiesTheServersCertificate();
    void serverLimitClosesWith1009();
    void clientLimitClosesWith1009();
    void clientRefusesAFrameOverItsLimitNamingIt();
    void answersServerKeepalivePings();
    void reportsServerClose();
    void reportsServerDrop();
    void broadcastsToEveryClient();
    void replyDelayLeavesPingsAlone();

private:
    QTemporaryDir m_dir;
};

void TestClientServer::echoesInEveryCombination_data()
{
    QTest::addColumn<bool>("tls");
    QTest::addColumn<bool>("deflate");
    QTest::addColumn<int>("fragments");
    QTest::addColumn<QString>("subprotocol");
    for (const bool tls : {false, true}) {
        for (const bool deflate : {false, true}) {
            for (const int fragments : {1, 3}) {
                const QByteArray name = QByteArray(tls ? "wss" : "ws") + (deflate ? ", deflate" : ", no deflate")
                                        + (fragments > 1 ? ", 3 fragments" : ", whole messages");
                QTest::newRow(name.constData()) << tls << deflate << fragments << (deflate ? QStringLiteral("chat") : QString());
            }
        }
    }
}

void TestClientServer::echoesInEveryCombination()
{
    QFETCH(bool, tls);
    QFETCH(bool, deflate);
    QFETCH(int, fragments);
    QFETCH(QString, subprotocol);
    EchoServer server;
    EchoServerOptions serverOptions;
    serverOptions.tls = tls;
    serverOptions.deflate = deflate;
    serverOptions.subprotocols = {QStringLiteral("chat")};
    server.setOptions(serverOptions);
    QVERIFY2(server.start(), qPrintable(server.lastError()));
    ConnectionOptions options = optionsFor(server.url());
    options.deflate = deflate;
    options.tls.verify = false; // a self-signed certificate made for this run
    if (!subprotocol.isEmpty())
        options.subprotocols = {QStringLiteral("other"), subprotocol};
    ConnectionHarness harness(options);
    harness.open();
    QVERIFY(harness.waitOpen());
    QCOMPARE(harness.firstHandshake().deflate, deflate);
    QCOMPARE(harness.firstHandshake().subprotocol, subprotocol);
    // Sizes around the 7-bit, 16-bit and 64-bit length encodings (RFC 6455 section 5.2).
    const QList<int> sizes{0, 1, 125, 126, 127, 65535, 65536, 1 << 20};
    for (const int size : sizes) {
        harness.thread().sendText(patterned(size), fragments);
        harness.thread().sendBinary(patterned(size), fragments);
    }
    QVERIFY(harness.waitMessages(2 * int(sizes.size()), 20000));
    const QVector<LogEvent> echoed = harness.eventsOf(EventKind::Message, EventDirection::Incoming);
    for (int i = 0; i < sizes.size(); ++i) {
        QCOMPARE(echoed.at(2 * i).payload, patterned(sizes.at(i)));
        QVERIFY(echoed.at(2 * i).isText);
        QCOMPARE(echoed.at(2 * i + 1).payload, patterned(sizes.at(i)));
        QVERIFY(!echoed.at(2 * i + 1).isText);
    }
    const QVector<LogEvent> sent = harness.eventsOf(EventKind::Message, EventDirection::Outgoing);
    QCOMPARE(sent.last().frameCount, quint32(fragments));
    if (deflate)
        QVERIFY(sent.last().wireSize < sent.last().length / 10);
    harness.thread().close(1000, QStringLiteral("done"));
    QVERIFY(harness.waitFinished());
    QVERIFY(harness.errors.isEmpty());
    QVERIFY(harness.firstClose().clean);
    QCOMPARE(harness.firstClose().code, quint16(1000));
}

void TestClientServer::verifiesTheServersCertificate()
{
    EchoServer server;
    EchoServerOptions serverOptions;
    serverOptions.tls = true;
    server.setOptions(serverOptions);
    QVERIFY2(server.start(), qPrintable(server.lastError()));
    // Trusting the server's own self-signed certificate, shown by its fingerprint.
    const QString caFile = m_dir.filePath(QStringLiteral("echo-server.pem"));
    QFile file(caFile);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(server.certificate().toPem());
    file.close();
    ConnectionOptions options = optionsFor(server.url());
    options.tls.caFile = caFile;
    ConnectionHarness harness(options);
    harness.open();
    QVERIFY(harness.waitOpen());
    const TlsReport &report = harness.firstTlsReport();
    QCOMPARE(report.verdict, TlsVerdict::Verified);
    QVERIFY2(!report.chain.isEmpty(), qPrintable(harness.arrived()));
    QCOMPARE(formatFingerprint(report.chain.first().sha256), server.certificateFingerprint());
    harness.thread().close();
    QVERIFY(harness.waitFinished());
}

void TestClientServer::serverLimitClosesWith1009()
{
    EchoServer server;
    EchoServerOptions serverOptions;
    serverOptions.maxMessageSize = 1000;
    server.setOptions(serverOptions);
    QVERIFY(server.start());
    ConnectionHarness harness(optionsFor(server.url()));
    harness.open();
    QVERIFY(harness.waitOpen());
    harness.thread().sendBinary(QByteArray(1000, 'k'));
    QVERIFY(harness.waitMessages(1));
    harness.thread().sendBinary(QByteArray(1001, 'k'));
    QVERIFY(harness.waitFinished());
    QCOMPARE(harness.firstClose().code, quint16(1009));
    QCOMPARE(harness.firstClose().initiator, CloseInitiator::Remote);
}

// A 65 MiB frame against a 1000-byte limit is refused by its header, before any of its
// payload is read, and the error names the limit in force (not a 64 MiB default).
void TestClientServer::clientRefusesAFrameOverItsLimitNamingIt()
{
    wsi::test::MiniServer::Options serverOptions;
    serverOptions.behaviour = wsi::test::MiniServer::Behaviour::Greeter;
    serverOptions.afterGreetings = QByteArray::fromHex("827f0000000004100000"); // binary, 65 MiB, nothing after
    wsi::test::MiniServer server(serverOptions);
    QVERIFY(server.start());
    ConnectionOptions options = optionsFor(QUrl(server.url()));
    options.maxMessageSize = 1000;
    ConnectionHarness harness(options);
    harness.open();
    QVERIFY(harness.waitFinished());
    QCOMPARE(harness.firstErrorId(), QStringLiteral("frame-too-large"));
    QVERIFY2(harness.firstError().message.contains(QLatin1String("frame payload of 68157440 bytes exceeds the maximum message size of 1000 bytes")),
             qPrintable(harness.firstError().message));
    QCOMPARE(harness.firstClose().sent.code, quint16(1009));
}

void TestClientServer::clientLimitClosesWith1009()
{
    EchoServer server;
    QVERIFY(server.start());
    ConnectionOptions options = optionsFor(server.url());
    options.maxMessageSize = 1000;
    ConnectionHarness harness(options);
    harness.open();
    QVERIFY(harness.waitOpen());
    harness.thread().sendText(QByteArray(1000, 'k'));
    QVERIFY(harness.waitMessages(1));
    harness.thread().sendText(QByteArray(1500, 'k'));
    QVERIFY(harness.waitFinished());
    // One frame over the limit: refused by its header, before its payload is read.
    QCOMPARE(harness.firstErrorId(), QStringLiteral("frame-too-large"));
    QCOMPARE(harness.firstError().phase, ErrorPhase::Protocol);
    // We failed the connection with 1009 and closed at once: no close frame came back.
    QCOMPARE(harness.firstClose().code, quint16(1006));
    QCOMPARE(harness.firstClose().sent.code, quint16(1009));
    QVERIFY(!harness.firstClose().received.present);
    QVERIFY2(harness.firstClose().reason.contains(QLatin1String("we sent 1009")), qPrintable(harness.firstClose().reason));
    QCOMPARE(harness.firstClose().initiator, CloseInitiator::Local);
    QVERIFY(!harness.firstClose().clean);
}

void TestClientServer::answersServerKeepalivePings()
{
    EchoServer server;
    EchoServerOptions serverOptions;
    serverOptions.pingIntervalMs = 50;
    server.setOptions(serverOptions);
    QVERIFY(server.start());
    ConnectionHarness harness(optionsFor(server.url()));
    harness.open();
    QVERIFY(harness.waitOpen());
    QVERIFY(QTest::qWaitFor([&] { return harness.eventsOf(EventKind::Pong, EventDirection::Outgoing).size() >= 2; }, 5000));
    const QVector<LogEvent> pings = harness.eventsOf(EventKind::Ping, EventDirection::Incoming);
    const QVector<LogEvent> pongs = harness.eventsOf(EventKind::Pong, EventDirection::Outgoing);
    QVERIFY(!pings.isEmpty());
    QCOMPARE(pongs.first().payload, pings.first().payload); // section 5.5.3: same payload
    harness.thread().close();
    QVERIFY(harness.waitFinished());
}

void TestClientServer::reportsServerClose()
{
    EchoServer server;
    QVERIFY(server.start());
    ConnectionHarness harness(optionsFor(server.url()));
    harness.open();
    QVERIFY(harness.waitOpen());
    QVERIFY(QTest::qWaitFor([&] { return server.openClientCount() == 1; }, 5000));
    server.closeAll(4001, QStringLiteral("maintenance"));
    QVERIFY(harness.waitFinished());
    const CloseInfo close = harness.firstClose();
    QCOMPARE(close.code, quint16(4001));
    QCOMPARE(close.reason, QStringLiteral("maintenance"));
    QCOMPARE(close.initiator, CloseInitiator::Remote);
    QVERIFY(close.clean);
}

void TestClientServer::reportsServerDrop()
{
    EchoServer server;
    QVERIFY(server.start());
    ConnectionHarness harness(optionsFor(server.url()));
    harness.open();
    QVERIFY(harness.waitOpen());
    QVERIFY(QTest::qWaitFor([&] { return server.openClientCount() == 1; }, 5000));
    server.dropAll();
    QVERIFY(harness.waitFinished());
    QCOMPARE(harness.firstClose().code, quint16(1006));
    QCOMPARE(harness.firstClose().initiator, CloseInitiator::Transport);
    QVERIFY(!harness.firstClose().clean);
}

void TestClientServer::broadcastsToEveryClient()
{
    EchoServer server;
    EchoServerOptions serverOptions;
    serverOptions.mode = EchoMode::Broadcast;
    server.setOptions(serverOptions);
    QVERIFY(server.start());
    ConnectionHarness first(optionsFor(server.url()));
    ConnectionHarness second(optionsFor(server.url()));
    first.open();
    second.open();
    QVERIFY(first.waitOpen());
    QVERIFY(second.waitOpen());
    QVERIFY(QTest::qWaitFor([&] { return server.openClientCount() == 2; }, 5000));
    first.thread().sendText("to everyone");
    QVERIFY(first.waitMessages(1));
    QVERIFY(second.waitMessages(1));
    QCOMPARE(second.messageTexts(), QStringList{QStringLiteral("to everyone")});
    first.thread().close();
    second.thread().close();
    QVERIFY(first.waitFinished());
    QVERIFY(second.waitFinished());
}

void TestClientServer::replyDelayLeavesPingsAlone()
{
    EchoServer server;
    EchoServerOptions serverOptions;
    serverOptions.replyDelayMs = 200;
    server.setOptions(serverOptions);
    QVERIFY(server.start());
    ConnectionHarness harness(optionsFor(server.url()));
    harness.open();
    QVERIFY(harness.waitOpen());
    harness.thread().sendText("slow");
    harness.thread().sendPing("fast");
    QVERIFY(harness.waitMessages(1));
    QCOMPARE(harness.pingSamples.size(), 1);
    const LogEvent sent = harness.eventsOf(EventKind::Message, EventDirection::Outgoing).first();
    const LogEvent echoed = harness.eventsOf(EventKind::Message, EventDirection::Incoming).first();
    QVERIFY(echoed.timeNs - sent.timeNs >= 200 * 1000000ll);
    QVERIFY(harness.pingSamples.first().rttNs < 200 * 1000000ll);
    harness.thread().close();
    QVERIFY(harness.waitFinished());
}

QTEST_GUILESS_MAIN(TestClientServer)
#include "tst_clientserver.moc"
