// SPDX-License-Identifier: MIT
// The hybi drafts 07 and 08 through the Driver: the client's request headers, the server
// answering them as 13 (or refusing them), and the version both report in OpenEvent.
#include "protocol/DriverTestSupport.h"

using wsi::test::Endpoint;
using wsi::test::Pair;

class TestHybiDrafts : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void clientRequestHeaders_data();
    void clientRequestHeaders();
    void bothRolesReportTheVersion_data();
    void bothRolesReportTheVersion();
    void serverRefusesOldDrafts();
    void handWrittenRequestKeepsItsVersion();
};

void TestHybiDrafts::clientRequestHeaders_data()
{
    QTest::addColumn<int>("version");
    QTest::addColumn<QByteArray>("versionHeader");
    QTest::addColumn<QByteArray>("originHeader");
    QTest::newRow("13") << int(ProtocolVersion::Rfc6455_13) << QByteArray("Sec-WebSocket-Version: 13\r\n")
                        << QByteArray("\r\nOrigin: http://example.com\r\n");
    QTest::newRow("hybi-08") << int(ProtocolVersion::Hybi08) << QByteArray("Sec-WebSocket-Version: 8\r\n")
                             << QByteArray("\r\nSec-WebSocket-Origin: http://example.com\r\n");
    QTest::newRow("hybi-07") << int(ProtocolVersion::Hybi07) << QByteArray("Sec-WebSocket-Version: 7\r\n")
                             << QByteArray("\r\nSec-WebSocket-Origin: http://example.com\r\n");
}

void TestHybiDrafts::clientRequestHeaders()
{
    QFETCH(int, version);
    QFETCH(QByteArray, versionHeader);
    QFETCH(QByteArray, originHeader);
    DriverOptions options = wsi::test::clientOptions();
    options.clientRequest.origin = "http://example.com";
    options.clientRequest.version = ProtocolVersion(version);
    Endpoint client(options);
    client.driver.start();
    const QByteArray sent = QByteArray::fromStdString(client.writer.bytes);
    QVERIFY2(sent.contains(versionHeader), sent.constData());
    QVERIFY2(sent.contains(originHeader), sent.constData());
    QCOMPARE(sent.count("Origin:"), 1);
    QVERIFY(sent.contains("Sec-WebSocket-Key: "));
}

void TestHybiDrafts::bothRolesReportTheVersion_data()
{
    QTest::addColumn<int>("version");
    QTest::newRow("13") << int(ProtocolVersion::Rfc6455_13);
    QTest::newRow("hybi-08") << int(ProtocolVersion::Hybi08);
    QTest::newRow("hybi-07") << int(ProtocolVersion::Hybi07);
}

void TestHybiDrafts::bothRolesReportTheVersion()
{
    QFETCH(int, version);
    DriverOptions clientOptions = wsi::test::clientOptions();
    clientOptions.clientRequest.version = ProtocolVersion(version);
    Pair pair(clientOptions, wsi::test::serverOptions());
    pair.open();
    QCOMPARE(pair.client.driver.state(), DriverState::Open);
    QCOMPARE(pair.server.driver.state(), DriverState::Open);
    QCOMPARE(pair.client.sink.lastOpen.version, ProtocolVersion(version));
    QCOMPARE(pair.server.sink.lastOpen.version, ProtocolVersion(version));
    // RFC 6455's framing, close codes included.
    QVERIFY(pair.client.driver.sendText("hi"));
    QVERIFY(pair.client.driver.close(4000, "bye"));
    pair.pump();
    QCOMPARE(pair.server.sink.messages, std::vector<std::string>{"hi"});
    QCOMPARE(pair.server.sink.lastClose.code, std::uint16_t(4000));
    QVERIFY(pair.client.sink.lastClose.clean);
}

void TestHybiDrafts::serverRefusesOldDrafts()
{
    DriverOptions clientOptions = wsi::test::clientOptions();
    clientOptions.clientRequest.version = ProtocolVersion::Hybi08;
    DriverOptions serverOptions = wsi::test::serverOptions();
    serverOptions.server.refuseOldDrafts = true;
    Pair pair(clientOptions, serverOptions);
    pair.client.driver.start();
    const std::string request = pair.client.writer.take();
    const auto events = wsi::test::eventsInEveryChunking(serverOptions, request);
    QVERIFY(!events.empty());
    QVERIFY2(events.front().find("handshake-failed status=426") == 0, events.front().c_str());
    QVERIFY2(events.front().find("refuses the old drafts") != std::string::npos, events.front().c_str());
    Endpoint server(serverOptions);
    server.feed(request);
    QVERIFY(server.writer.bytes.find("Sec-WebSocket-Version: 13\r\n") != std::string::npos);
}

// The handshake lab's hand-written request says which version it speaks.
void TestHybiDrafts::handWrittenRequestKeepsItsVersion()
{
    DriverOptions clientOptions = wsi::test::clientOptions();
    clientOptions.rawRequestOverride = "GET /chat HTTP/1.1\r\nHost: example.com\r\nUpgrade: websocket\r\n"
                                       "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                                       "Sec-WebSocket-Version: 8\r\n\r\n";
    Pair pair(clientOptions, wsi::test::serverOptions());
    pair.open();
    QCOMPARE(pair.client.sink.lastOpen.version, ProtocolVersion::Hybi08);
    QCOMPARE(pair.server.sink.lastOpen.version, ProtocolVersion::Hybi08);
}

QTEST_GUILESS_MAIN(TestHybiDrafts)
#include "tst_hybidrafts.moc"
