// SPDX-License-Identifier: MIT
// The HixieDriver in both roles: draft 76's worked example on the wire, its bodies arriving
// in later reads, both drafts client against server in memory, the frames and events, the
// close, errors, refusals. Every input is fed whole, byte by byte and in random splits.
#include "HixieTestSupport.h"

using namespace wsi::test::hixie;
using wsi::test::containsLine;
using wsi::test::toHex;

class TestHixieDriver : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void serverAnswersTheWorkedExample();
    void serverWaitsForALateKey3();
    void serverTakesFramesBehindKey3();
    void clientSendsAndChecksTheWorkedExample();
    void clientWaitsForALateAnswer();
    void clientSendsTheLabsWrittenHead_data();
    void clientSendsTheLabsWrittenHead();
    void clientRefusesAWrongAnswer();
    void clientReportsARejection();
    void pairs_data();
    void pairs();
    void closeFromTheServer();
    void draft75CloseAndEnd();
    void framesAreReportedByteForByte();
    void incomingEvents_data();
    void incomingEvents();
    void uncleanEnds();
    void serverRefusals_data();
    void serverRefusals();
    void nothingToSendWhenNotOpen();
    void closingInsideACallbackStopsReading();
};

// Draft 76 section 1.3: the server's bytes for the example request, whatever the split.
void TestHixieDriver::serverAnswersTheWorkedExample()
{
    std::string written;
    const auto events = hixieEventsInEveryChunking(hixieServerOptions(), exampleRequestHead() + kKey3, &written);
    QCOMPARE(written, exampleResponseHead() + kAnswer);
    QCOMPARE(events, (std::vector<std::string>{"open protocol=sample extensions= version=hixie-76"}));
}

// faye's note: a proxy may pass the head on before the body. The 8 bytes come in a later
// parse() call, one at a time even; nothing is answered before the last.
void TestHixieDriver::serverWaitsForALateKey3()
{
    HixieEndpoint server(hixieServerOptions());
    server.feed(exampleRequestHead());
    QCOMPARE(server.driver.state(), DriverState::Connecting);
    QVERIFY(server.writer.bytes.empty());
    for (std::size_t i = 0; i + 1 < kKey3.size(); ++i) {
        server.feed(kKey3.substr(i, 1));
        QVERIFY(server.writer.bytes.empty());
    }
    server.feed(kKey3.substr(kKey3.size() - 1));
    QCOMPARE(server.writer.bytes, exampleResponseHead() + kAnswer);
    QCOMPARE(server.driver.state(), DriverState::Open);
    QCOMPARE(server.driver.version(), ProtocolVersion::Hixie76);
    const OpenEvent &open = server.sink.lastOpen;
    QCOMPARE(open.rawRequest, exampleRequestHead() + kKey3);
    QCOMPARE(open.rawResponse, exampleResponseHead() + kAnswer);
    QCOMPARE(open.request.path, std::string("/demo"));
    QCOMPARE(open.version, ProtocolVersion::Hixie76);
}

void TestHixieDriver::serverTakesFramesBehindKey3()
{
    const std::string input = exampleRequestHead() + kKey3 + std::string("\0hello\xff", 7);
    const auto events = hixieEventsInEveryChunking(hixieServerOptions(), input);
    QVERIFY(containsLine(events, "message in text 5 'hello' wire=5 frames=1"));
}

// The client of the worked example sends its head and key3, and accepts the example answer
// in any split.
void TestHixieDriver::clientSendsAndChecksTheWorkedExample()
{
    HixieEndpoint probe(exampleClientOptions());
    probe.driver.start();
    const std::string sent = probe.writer.bytes;
    QVERIFY2(sent.rfind("GET /demo HTTP/1.1\r\nUpgrade: WebSocket\r\nConnection: Upgrade\r\nHost: example.com\r\n", 0)
                 == 0,
             sent.c_str());
    QVERIFY(sent.find("Sec-WebSocket-Key1: " + kKey1 + "\r\n") != std::string::npos);
    QVERIFY(sent.find("Origin: http://example.com\r\n") != std::string::npos);
    QVERIFY(sent.size() > kKey3.size() && sent.compare(sent.size() - 10, 10, "\r\n" + kKey3) == 0);

    const auto events = hixieEventsInEveryChunking(exampleClientOptions(),
                                                   exampleResponseHead() + kAnswer + std::string("\0hi\xff", 4),
                                                   nullptr, true);
    QCOMPARE(events.front(), std::string("open protocol=sample extensions= version=hixie-76"));
    QVERIFY(containsLine(events, "message in text 2 'hi'"));
}

void TestHixieDriver::clientSendsTheLabsWrittenHead_data()
{
    QTest::addColumn<int>("version");
    QTest::addColumn<QByteArray>("head");
    QTest::newRow("hixie-76") << int(ProtocolVersion::Hixie76) << QByteArray::fromStdString(exampleRequestHead());
    QTest::newRow("hixie-75") << int(ProtocolVersion::Hixie75) << QByteArray::fromStdString(draft75RequestHead());
}

// The handshake lab: the head goes out as written (draft 76: then 8 bytes of key3), the
// server's answer is checked against the written keys, and the connection opens.
void TestHixieDriver::clientSendsTheLabsWrittenHead()
{
    QFETCH(int, version);
    QFETCH(QByteArray, head);
    DriverOptions clientOptions = hixieClientOptions(ProtocolVersion(version));
    clientOptions.rawRequestOverride = head.toStdString();
    HixiePair pair(clientOptions, hixieServerOptions());
    pair.client.driver.start();
    const std::string sent = pair.client.writer.bytes;
    QCOMPARE(sent.substr(0, std::size_t(head.size())), head.toStdString());
    QCOMPARE(sent.size(), std::size_t(head.size()) + (version == int(ProtocolVersion::Hixie76) ? kKey3.size() : 0));
    pair.pump();
    QCOMPARE(pair.client.driver.state(), DriverState::Open);
    QCOMPARE(pair.client.sink.lastOpen.subprotocol, std::string("sample"));
    QVERIFY(pair.client.driver.sendText("lab"));
    pair.pump();
    QCOMPARE(pair.server.sink.messages, std::vector<std::string>{"lab"});
}

void TestHixieDriver::clientWaitsForALateAnswer()
{
    HixieEndpoint client(exampleClientOptions());
    client.driver.start();
    client.feed(exampleResponseHead());
    QCOMPARE(client.driver.state(), DriverState::Connecting);
    client.feed(kAnswer.substr(0, 10));
    QCOMPARE(client.driver.state(), DriverState::Connecting);
    client.feed(kAnswer.substr(10) + std::string("\0a\xff", 3));
    QCOMPARE(client.driver.state(), DriverState::Open);
    QCOMPARE(client.sink.lastOpen.rawResponse, exampleResponseHead() + kAnswer);
    QCOMPARE(client.sink.messages, std::vector<std::string>{"a"});
}

void TestHixieDriver::clientRefusesAWrongAnswer()
{
    std::string wrong = kAnswer;
    wrong[15] = '.';
    const auto events = hixieEventsInEveryChunking(exampleClientOptions(), exampleResponseHead() + wrong, nullptr,
                                                   true);
    QCOMPARE(events.size(), std::size_t(2));
    QVERIFY2(events[0].rfind("handshake-failed status=101 wrong-accept: the 16 bytes after the server's head are "
                             + toHex(wrong) + " but " + toHex(kAnswer),
                             0)
                 == 0,
             events[0].c_str());
    QVERIFY(events[1].rfind("closed", 0) == 0);
}

void TestHixieDriver::clientReportsARejection()
{
    HixieEndpoint client(hixieClientOptions(ProtocolVersion::Hixie76));
    client.driver.start();
    client.feed("HTTP/1.1 426 Upgrade Required\r\nSec-WebSocket-Version: 13\r\nContent-Length: 4\r\n\r\nold!");
    QCOMPARE(client.driver.state(), DriverState::Closed);
    const HandshakeFailureEvent &failure = client.sink.lastHandshakeFailure;
    QCOMPARE(failure.status, 426);
    QCOMPARE(failure.clientError, ClientHandshakeError::NotSwitchingProtocols);
    QCOMPARE(failure.bodyPreview, std::string("old!"));
    QVERIFY(!client.driver.isAwaitingRejectedBody());
}

// Each draft, client against server: open, text and binary both ways, a clean close.
void TestHixieDriver::pairs_data()
{
    QTest::addColumn<int>("version");
    QTest::newRow("hixie-76") << int(ProtocolVersion::Hixie76);
    QTest::newRow("hixie-75") << int(ProtocolVersion::Hixie75);
}

void TestHixieDriver::pairs()
{
    QFETCH(int, version);
    const auto draft = ProtocolVersion(version);
    DriverOptions clientOptions = hixieClientOptions(draft);
    clientOptions.clientRequest.subprotocols = {"sample"};
    HixiePair pair(clientOptions, hixieServerOptions());
    pair.open();
    QCOMPARE(pair.client.driver.state(), DriverState::Open);
    QCOMPARE(pair.server.driver.state(), DriverState::Open);
    QCOMPARE(pair.client.driver.version(), draft);
    QCOMPARE(pair.server.driver.version(), draft);
    QCOMPARE(pair.client.sink.lastOpen.subprotocol, std::string("sample"));
    QCOMPARE(pair.server.sink.lastOpen.subprotocol, std::string("sample"));
    QCOMPARE(pair.client.sink.lastOpen.rawRequest, pair.server.sink.lastOpen.rawRequest);
    QCOMPARE(pair.client.sink.lastOpen.rawResponse, pair.server.sink.lastOpen.rawResponse);

    QVERIFY(pair.client.driver.sendText("héllo"));
    QVERIFY(pair.server.driver.sendText(""));
    QVERIFY(pair.server.driver.sendBinary(std::string(300, '\x01')));
    pair.pump();
    QCOMPARE(pair.server.sink.messages, std::vector<std::string>{"héllo"});
    QCOMPARE(pair.client.sink.messages, (std::vector<std::string>{"", std::string(300, '\x01')}));
    QVERIFY(containsLine(pair.client.sink.events, "message in binary 300"));

    QVERIFY(pair.client.driver.close());
    pair.pump();
    QCOMPARE(pair.client.driver.state(), DriverState::Closed);
    if (draft == ProtocolVersion::Hixie76) {
        // 0xFF 0x00 one way, then the other.
        QCOMPARE(pair.server.driver.state(), DriverState::Closed);
        for (const CloseEvent *close : {&pair.client.sink.lastClose, &pair.server.sink.lastClose}) {
            QVERIFY(close->clean);
            QVERIFY(!close->hasCode);
            QCOMPARE(close->code, std::uint16_t(1005));
            QVERIFY(close->sent.present && close->received.present);
        }
        QCOMPARE(pair.client.sink.lastClose.initiator, Initiator::Local);
        QCOMPARE(pair.server.sink.lastClose.initiator, Initiator::Remote);
    } else {
        // Draft 75 has no closing handshake: the client is done, the server learns of it
        // from the transport.
        QVERIFY(pair.client.sink.lastClose.clean);
        QVERIFY(!pair.client.sink.lastClose.sent.present);
        QCOMPARE(pair.server.driver.state(), DriverState::Open);
        pair.server.driver.endOfInput();
        QVERIFY(pair.server.sink.lastClose.clean);
        QCOMPARE(pair.server.sink.lastClose.initiator, Initiator::Remote);
        QCOMPARE(pair.server.sink.lastClose.code, std::uint16_t(1005));
    }
    QVERIFY(!pair.client.driver.sendText("late"));
}

void TestHixieDriver::closeFromTheServer()
{
    HixiePair pair(hixieClientOptions(ProtocolVersion::Hixie76), hixieServerOptions());
    pair.open();
    QVERIFY(pair.server.driver.close(4000, "ignored"));
    QCOMPARE(pair.server.driver.state(), DriverState::Closing);
    QVERIFY(!pair.server.driver.sendText("x")); // nothing after our close
    QCOMPARE(pair.server.writer.bytes, std::string("\xff\x00", 2));
    pair.pump();
    QCOMPARE(pair.server.sink.lastClose.initiator, Initiator::Local);
    QVERIFY(pair.server.sink.lastClose.clean);
    QCOMPARE(pair.client.sink.lastClose.initiator, Initiator::Remote);
    QVERIFY(pair.client.sink.lastClose.clean);
    QCOMPARE(pair.client.sink.closedCount, 1);
    QCOMPARE(pair.server.sink.closedCount, 1);
}

// em-websocket answers 0xFF 0x00 in draft 75 too; so do we.
void TestHixieDriver::draft75CloseAndEnd()
{
    HixieEndpoint server(hixieServerOptions());
    server.feed(draft75RequestHead());
    QCOMPARE(server.driver.version(), ProtocolVersion::Hixie75);
    server.writer.take();
    server.feed(std::string("\xff\x00", 2));
    QCOMPARE(server.writer.bytes, std::string("\xff\x00", 2));
    QVERIFY(server.sink.lastClose.clean);
    QCOMPARE(server.sink.lastClose.initiator, Initiator::Remote);
}

// The log shows hixie framing byte for byte: the type (and length) bytes, the payload, the
// closing 0xFF, and where each frame starts.
void TestHixieDriver::framesAreReportedByteForByte()
{
    HixiePair pair(hixieClientOptions(ProtocolVersion::Hixie76), hixieServerOptions());
    pair.open();
    pair.client.sink.events.clear();
    pair.client.driver.sendText("ab");
    pair.client.driver.sendBinary("xyz");
    pair.client.driver.close();
    QCOMPARE(pair.client.writer.bytes, std::string("\0ab\xff\x80\x03xyz\xff\x00", 11));
    QCOMPARE(pair.client.sink.events,
             (std::vector<std::string>{
                 "frame out fin=1 rsv=000 op=text mask=0 len=2 hdr=00 at=0 hixie payload='ab' trailer=ff",
                 "message out text 2 'ab' wire=2 frames=1",
                 "frame out fin=1 rsv=000 op=binary mask=0 len=3 hdr=8003 at=4 hixie payload='xyz' trailer=",
                 "message out binary 3 'xyz' wire=3 frames=1",
                 "frame out fin=1 rsv=000 op=close mask=0 len=0 hdr=ff00 at=9 hixie payload='' trailer=",
             }));
    pair.pump();
    QVERIFY(containsLine(pair.server.sink.events,
                         "frame in fin=1 rsv=000 op=text mask=0 len=2 hdr=00 at=0 hixie payload='ab' trailer=ff"));
    QVERIFY(containsLine(pair.server.sink.events,
                         "frame out fin=1 rsv=000 op=close mask=0 len=0 hdr=ff00 at=0 hixie payload='' trailer="));
}

// After an open draft-76 client: what a stream of frames makes of it, in every chunking.
void TestHixieDriver::incomingEvents_data()
{
    QTest::addColumn<QByteArray>("frames");
    QTest::addColumn<QByteArrayList>("expected"); // lines the events contain, in order

    QTest::newRow("text, then the close")
        << QByteArray("\x00hi\xff\xff\x00", 6)
        << QByteArrayList{"message in text 2 'hi'", "frame in fin=1 rsv=000 op=close", "frame out fin=1 rsv=000 op=close",
                       "closed"};
    QTest::newRow("a text frame that is not UTF-8")
        << QByteArray("\x00ok\xc3\x28\xff", 6)
        << QByteArrayList{"frame in fin=1 rsv=000 op=text", "error invalid-utf8", "closed"};
    QTest::newRow("other frame types are shown and discarded")
        << QByteArray("\x05zz\xff\x90\x01q\x00" "a\xff", 10)
        << QByteArrayList{"frame in fin=1 rsv=000 op=reserved-0x3", "frame in fin=1 rsv=000 op=reserved-0xb",
                       "message in text 1 'a'"};
    QTest::newRow("0xFF without 0x00")
        << QByteArray("\xff\x02xy", 4) << QByteArrayList{"error invalid-hixie-close", "closed"};
    QTest::newRow("bytes after the close are not read")
        << QByteArray("\xff\x00\x00late\xff", 8) << QByteArrayList{"closed"};
}

void TestHixieDriver::incomingEvents()
{
    QFETCH(QByteArray, frames);
    QFETCH(QByteArrayList, expected);
    DriverOptions options = hixieClientOptions(ProtocolVersion::Hixie76);
    options.skipHandshake = true;
    const auto events = hixieEventsInEveryChunking(options, frames.toStdString());
    std::size_t at = 0;
    for (const QByteArray &line : expected) {
        while (at < events.size() && events[at].rfind(line.toStdString(), 0) != 0)
            ++at;
        QVERIFY2(at < events.size(), line.constData());
        ++at;
    }
    QVERIFY(!containsLine(events, "message in text 4 'late'"));
}

void TestHixieDriver::uncleanEnds()
{
    DriverOptions options = hixieClientOptions(ProtocolVersion::Hixie76);
    options.skipHandshake = true;
    HixieEndpoint endpoint(options);
    endpoint.feed(std::string("\0half", 5));
    QVERIFY(endpoint.driver.inputPosition().inPayload);
    QCOMPARE(endpoint.driver.inputPosition().payloadReceived, 4u);
    endpoint.driver.endOfInput();
    QVERIFY(!endpoint.sink.lastClose.clean);
    QCOMPARE(endpoint.sink.lastClose.code, std::uint16_t(1006));

    // Draft 75 ending in the middle of a frame is not clean either.
    options.clientRequest.version = ProtocolVersion::Hixie75;
    HixieEndpoint draft75(options);
    draft75.feed(std::string("\x80\x05x", 3));
    draft75.driver.endOfInput();
    QVERIFY(!draft75.sink.lastClose.clean);

    // A server whose client goes away during the handshake answers nothing.
    HixieEndpoint server(hixieServerOptions());
    server.feed(exampleRequestHead() + "^n:");
    server.driver.endOfInput();
    QVERIFY(server.writer.bytes.empty());
    QVERIFY2(server.sink.lastHandshakeFailure.message.find("in the middle of the opening handshake")
                 != std::string::npos,
             server.sink.lastHandshakeFailure.message.c_str());
}

void TestHixieDriver::serverRefusals_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<bool>("refuseOldDrafts");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("mention");

    const QByteArray example = QByteArray::fromStdString(exampleRequestHead() + kKey3);
    QTest::newRow("old drafts refused (76)") << example << true << 426 << QByteArray("refuses the old drafts");
    QTest::newRow("old drafts refused (75)")
        << QByteArray::fromStdString(draft75RequestHead()) << true << 426 << QByteArray("hixie-75");
    QTest::newRow("an RFC 6455 request")
        << QByteArray("GET / HTTP/1.1\r\nHost: h\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                      "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
        << false << 426 << QByteArray("not a hixie-75 or hixie-76");
    QTest::newRow("a key that does not divide")
        << QByteArray(example).replace(QByteArray::fromStdString(kKey1), "1 2 3") << false << 400
        << QByteArray("not a multiple");
    QTest::newRow("not HTTP") << QByteArray("\x16\x03\x01\r\n\r\n") << false << 400 << QByteArray("malformed");
}

void TestHixieDriver::serverRefusals()
{
    QFETCH(QByteArray, request);
    QFETCH(bool, refuseOldDrafts);
    QFETCH(int, status);
    QFETCH(QByteArray, mention);
    DriverOptions options = hixieServerOptions();
    options.server.refuseOldDrafts = refuseOldDrafts;
    std::string written;
    const auto events = hixieEventsInEveryChunking(options, request.toStdString(), &written);
    QVERIFY2(written.rfind("HTTP/1.1 " + std::to_string(status) + " ", 0) == 0, written.c_str());
    if (status == 426)
        QVERIFY(written.find("Sec-WebSocket-Version: 13\r\n") != std::string::npos);
    QVERIFY(!events.empty());
    QVERIFY2(QByteArray::fromStdString(events.front()).contains(mention), events.front().c_str());
    QVERIFY(containsLine(events, "closed"));
}

void TestHixieDriver::nothingToSendWhenNotOpen()
{
    HixieEndpoint client(hixieClientOptions(ProtocolVersion::Hixie76));
    QVERIFY(!client.driver.sendText("x"));
    QVERIFY(!client.driver.sendBinary("x"));
    QVERIFY(!client.driver.close());
    QCOMPARE(client.driver.sendPing("p"), std::uint64_t(0));
    QVERIFY(!client.driver.sendPong("p"));
    client.driver.start();
    client.driver.start(); // once only
    const std::string sent = client.writer.bytes;
    QCOMPARE(sent.find("GET /demo"), std::size_t(0));
    QCOMPARE(sent.find("GET /demo", 1), std::string::npos);
    QCOMPARE(client.driver.bytesSent(), std::uint64_t(sent.size()));
}

// Draft 75's close() ends the connection at once, even from inside onMessage(): the
// frames after that message in the same read are not reported (found by fuzz_hixie).
void TestHixieDriver::closingInsideACallbackStopsReading()
{
    struct ClosingSink : RecordingSink {
        HixieDriver *driver = nullptr;
        void onMessage(const MessageEvent &event) override
        {
            RecordingSink::onMessage(event);
            driver->close();
        }
    };
    DriverOptions options = hixieClientOptions(ProtocolVersion::Hixie75);
    options.skipHandshake = true;
    ClosingSink sink;
    CapturingWriter writer;
    HixieDriver driver(options, sink, writer);
    sink.driver = &driver;
    const std::string frames("\0a\xff\0b\xff", 6);
    driver.parse(reinterpret_cast<const std::uint8_t *>(frames.data()), frames.size());
    QCOMPARE(sink.messages, std::vector<std::string>{"a"});
    QCOMPARE(sink.closedCount, 1);
    QCOMPARE(sink.events.back(), std::string("closed code=1005 reason='' by=local clean"));
}

QTEST_GUILESS_MAIN(TestHixieDriver)
#include "tst_hixiedriver.moc"
