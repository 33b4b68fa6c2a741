// SPDX-License-Identifier: MIT
// The VersionedDriver: a server that chooses its driver from the request (hixie-76 whose
// body comes later, hixie-75, hybi-08, 13, plain HTTP, refused drafts), a client of each
// version against it in memory, and what each version cannot send.
#include "HixieTestSupport.h"

#include "protocol/legacy/VersionedDriver.h"

using namespace wsi::test::hixie;
using wsi::test::containsLine;

namespace {

using VersionedEndpoint = wsi::test::BasicEndpoint<VersionedDriver>;
using VersionedPair = wsi::test::BasicPair<VersionedEndpoint>;

std::string hybiRequest(const std::string &version)
{
    return "GET /chat HTTP/1.1\r\n"
           "Host: example.com\r\n"
           "Upgrade: websocket\r\n"
           "Connection: Upgrade\r\n"
           "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
           "Sec-WebSocket-Version: " + version + "\r\n"
           "\r\n";
}

} // namespace

class TestVersionedDriver : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void serverAnswersEachVersionInKind_data();
    void serverAnswersEachVersionInKind();
    void serverWaitsForTheHeadThenForKey3();
    void serverRefusesOldDraftsWhenAsked();
    void serverPassesPlainHttpToTheDriver();
    void clientOfEachVersionTalksToTheServer_data();
    void clientOfEachVersionTalksToTheServer();
    void hixieHasNoControlFrames();
    void clientLeavingBeforeItsHeadIsReported();
};

void TestVersionedDriver::serverAnswersEachVersionInKind_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<int>("version");
    QTest::addColumn<QByteArray>("statusLine");
    QTest::newRow("13") << QByteArray::fromStdString(hybiRequest("13")) << int(ProtocolVersion::Rfc6455_13)
                        << QByteArray("HTTP/1.1 101 Switching Protocols");
    QTest::newRow("hybi-08") << QByteArray::fromStdString(hybiRequest("8")) << int(ProtocolVersion::Hybi08)
                             << QByteArray("HTTP/1.1 101 Switching Protocols");
    QTest::newRow("hixie-76") << QByteArray::fromStdString(exampleRequestHead() + kKey3)
                              << int(ProtocolVersion::Hixie76)
                              << QByteArray("HTTP/1.1 101 WebSocket Protocol Handshake");
    QTest::newRow("hixie-75") << QByteArray::fromStdString(draft75RequestHead()) << int(ProtocolVersion::Hixie75)
                              << QByteArray("HTTP/1.1 101 Web Socket Protocol Handshake");
}

void TestVersionedDriver::serverAnswersEachVersionInKind()
{
    QFETCH(QByteArray, request);
    QFETCH(int, version);
    QFETCH(QByteArray, statusLine);
    // Whole, then byte by byte: the choice must not depend on where the reads split.
    for (const std::size_t step : {std::size_t(request.size()), std::size_t(1), std::size_t(7)}) {
        VersionedEndpoint server(hixieServerOptions());
        server.driver.start();
        const std::string bytes = request.toStdString();
        for (std::size_t at = 0; at < bytes.size(); at += step)
            server.feed(bytes.substr(at, step));
        QCOMPARE(server.driver.state(), DriverState::Open);
        QCOMPARE(int(server.driver.version()), version);
        QCOMPARE(server.driver.isHixie(), isHixie(ProtocolVersion(version)));
        QVERIFY2(server.writer.bytes.rfind(statusLine.toStdString(), 0) == 0, server.writer.bytes.c_str());
        QCOMPARE(int(server.sink.lastOpen.version), version);
    }
}

// Draft 76 through a proxy (faye's note): the head in one read, key3 later, byte by byte.
void TestVersionedDriver::serverWaitsForTheHeadThenForKey3()
{
    VersionedEndpoint server(hixieServerOptions());
    const std::string head = exampleRequestHead();
    server.feed(head.substr(0, head.size() - 2));
    QCOMPARE(server.driver.state(), DriverState::Connecting);
    QCOMPARE(server.driver.bytesReceived(), std::uint64_t(head.size() - 2));
    server.feed(head.substr(head.size() - 2));
    QVERIFY(server.driver.isHixie());
    QVERIFY(server.writer.bytes.empty());
    for (const char c : kKey3)
        server.feed(std::string(1, c));
    QCOMPARE(server.writer.bytes, exampleResponseHead() + kAnswer);
    QCOMPARE(server.driver.state(), DriverState::Open);
}

void TestVersionedDriver::serverRefusesOldDraftsWhenAsked()
{
    for (const std::string &request : {exampleRequestHead() + kKey3, draft75RequestHead(), hybiRequest("8")}) {
        DriverOptions options = hixieServerOptions();
        options.server.refuseOldDrafts = true;
        VersionedEndpoint server(options);
        server.feed(request);
        QVERIFY(!server.driver.isHixie());
        QVERIFY2(server.writer.bytes.rfind("HTTP/1.1 426 ", 0) == 0, server.writer.bytes.c_str());
        QVERIFY2(server.writer.bytes.find("Sec-WebSocket-Version: 13\r\n") != std::string::npos,
                 server.writer.bytes.c_str());
        QCOMPARE(server.driver.state(), DriverState::Closed);
    }
}

void TestVersionedDriver::serverPassesPlainHttpToTheDriver()
{
    VersionedEndpoint server(hixieServerOptions());
    server.feed("GET / HTTP/1.1\r\nHost: example.com\r\n\r\n");
    QVERIFY(!server.driver.isHixie());
    QVERIFY2(server.writer.bytes.rfind("HTTP/1.1 426 ", 0) == 0, server.writer.bytes.c_str());
}

void TestVersionedDriver::clientOfEachVersionTalksToTheServer_data()
{
    QTest::addColumn<int>("version");
    for (const ProtocolVersion version : {ProtocolVersion::Rfc6455_13, ProtocolVersion::Hybi08, ProtocolVersion::Hybi07,
                                          ProtocolVersion::Hixie76, ProtocolVersion::Hixie75})
        QTest::newRow(protocolVersionName(version)) << int(version);
}

void TestVersionedDriver::clientOfEachVersionTalksToTheServer()
{
    QFETCH(int, version);
    VersionedPair pair(hixieClientOptions(ProtocolVersion(version)), hixieServerOptions());
    QCOMPARE(int(pair.client.driver.version()), version);
    pair.open();
    QCOMPARE(pair.client.driver.state(), DriverState::Open);
    QCOMPARE(pair.server.driver.state(), DriverState::Open);
    QCOMPARE(int(pair.server.driver.version()), version);
    QVERIFY(pair.client.driver.sendText("héllo"));
    pair.pump();
    QCOMPARE(pair.server.sink.messages, std::vector<std::string>{"héllo"});
    QVERIFY(pair.server.driver.sendText("back"));
    pair.pump();
    QCOMPARE(pair.client.sink.messages, std::vector<std::string>{"back"});
    QVERIFY(pair.client.driver.close(1000, "bye"));
    pair.pump();
    QCOMPARE(pair.client.driver.state(), DriverState::Closed);
    QVERIFY(pair.client.driver.closeInfo().clean);
}

void TestVersionedDriver::hixieHasNoControlFrames()
{
    VersionedPair pair(hixieClientOptions(ProtocolVersion::Hixie76), hixieServerOptions());
    pair.open();
    QVERIFY(!pair.client.driver.hasControlFrames());
    QCOMPARE(pair.client.driver.sendPing("x"), std::uint64_t(0));
    QVERIFY(!pair.client.driver.sendPong("x"));
    RawFrame frame;
    QVERIFY(!pair.client.driver.sendRawFrame(frame));
    QVERIFY(pair.client.writer.bytes.empty());

    VersionedPair hybi(hixieClientOptions(ProtocolVersion::Hybi08), hixieServerOptions());
    hybi.open();
    QVERIFY(hybi.client.driver.hasControlFrames());
    QVERIFY(hybi.client.driver.sendPing("x") > 0);
}

void TestVersionedDriver::clientLeavingBeforeItsHeadIsReported()
{
    VersionedEndpoint server(hixieServerOptions());
    server.feed("GET /demo HTTP/1.1\r\nHost: exa");
    server.driver.endOfInput();
    QCOMPARE(server.driver.state(), DriverState::Closed);
    QVERIFY(!server.sink.events.empty());
    QVERIFY2(containsLine(server.sink.events, "closed"), server.sink.events.back().c_str());
}

QTEST_APPLESS_MAIN(TestVersionedDriver)
#include "tst_versioneddriver.moc"
