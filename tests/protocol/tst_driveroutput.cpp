// SPDX-License-Identifier: MIT
// What the Driver writes and reports: raw frames and the handshake lab's request as written,
// outgoing frame events (and the same bytes without them), and where the input stands.
#include "DriverTestSupport.h"

class TestDriverOutput : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void rawFramesReachThePeerAsWritten();
    void rawRequestOverride();
    void outgoingFramesAreReported();
    void dataFramesUnreportedWhenOff_data();
    void dataFramesUnreportedWhenOff();
    void payloadsLeftOutWhenNotWanted_data();
    void payloadsLeftOutWhenNotWanted();
    void messageBufferSwappedDuringOnMessage();
    void unreportedSendsWriteTheSameBytes_data();
    void unreportedSendsWriteTheSameBytes();
    void inputPositionIsExact_data();
    void inputPositionIsExact();
    void inputPositionBeforeTheHandshake();
};

// ---- raw frames, reports and input positions -----------------------------------------------

void TestDriverOutput::rawFramesReachThePeerAsWritten()
{
    Pair pair(openOptions(Role::Client), openOptions(Role::Server));
    RawFrame frame;
    frame.header.opcode = 0x1;
    frame.header.rsv2 = true;
    frame.header.masked = true;
    frame.payload = "x";
    QVERIFY(pair.client.driver.sendRawFrame(frame));
    pair.pump();
    QCOMPARE(pair.server.sink.lastError.error, ProtocolError::ReservedBitsSet);
    QCOMPARE(pair.client.sink.lastClose.code, std::uint16_t(1002));

    // A length override and a forced 64-bit length are written as asked.
    Endpoint endpoint(openOptions(Role::Server));
    RawFrame odd;
    odd.header.opcode = 0x2;
    odd.header.payloadLength = 10;
    odd.overrideLength = true;
    odd.lengthEncoding = LengthEncoding::Force64;
    odd.payload = "abc";
    QVERIFY(endpoint.driver.sendRawFrame(odd));
    QCOMPARE(endpoint.writer.bytes, fromHex("82 7f 00 00 00 00 00 00 00 0a 61 62 63"));
}

void TestDriverOutput::rawRequestOverride()
{
    DriverOptions client = clientOptions();
    client.rawRequestOverride = "GET /lab HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                                "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                                "Sec-WebSocket-Extensions: permessage-deflate\r\n\r\n";
    DriverOptions server = serverOptions();
    server.acceptDeflate = true;
    Pair pair(client, server);
    pair.open();
    QCOMPARE(pair.server.sink.lastOpen.request.path, std::string("/lab"));
    QCOMPARE(pair.client.driver.state(), DriverState::Open);
    QVERIFY(pair.client.driver.isDeflateActive());
    QVERIFY(pair.client.sink.lastOpen.rawResponse.find("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=") != std::string::npos);
}

void TestDriverOutput::outgoingFramesAreReported()
{
    Endpoint endpoint(openOptions(Role::Client));
    QVERIFY(endpoint.driver.sendText("Hello"));
    QCOMPARE(endpoint.sink.events.size(), std::size_t(2));
    QCOMPARE(endpoint.sink.events[0], std::string("frame out fin=1 rsv=000 op=text mask=1 len=5 hdr=818501020304 at=0"));
    QCOMPARE(endpoint.sink.events[1], std::string("message out text 5 'Hello' wire=5 frames=1"));
    // The payload on the wire is masked with the reported key.
    std::string wire = endpoint.writer.bytes.substr(6);
    applyMask(reinterpret_cast<std::uint8_t *>(wire.data()), wire.size(), MaskKey{1, 2, 3, 4});
    QCOMPARE(wire, std::string("Hello"));
}

// DriverOptions::reportDataFrames off: the same events, less the frame events of data
// frames (control frames are still reported), whatever the chunking.
void TestDriverOutput::dataFramesUnreportedWhenOff_data()
{
    QTest::addColumn<int>("role");
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<int>("controlFrames"); // frame lines that must remain
    const auto row = [](const char *name, Role role, const std::string &input, int controlFrames) {
        QTest::newRow(name) << static_cast<int>(role) << QByteArray::fromStdString(input) << controlFrames;
    };
    row("one masked text message", Role::Server, maskedFrame(0x81, "Hello"), 0);
    row("masked text and binary back to back", Role::Server, maskedFrame(0x81, "one") + maskedFrame(0x82, "two"), 0);
    row("fragmented message with a ping between its frames", Role::Client,
        fromHex("01 02 48 65 89 00 80 03 6c 6c 6f"), 2); // the ping in, our pong out
    row("64 KiB binary in one frame", Role::Client, fromHex("82 7f 00 00 00 00 00 01 00 00") + std::string(65536, 'y'),
        0);
    row("empty messages", Role::Server, maskedFrame(0x81, "") + maskedFrame(0x82, ""), 0);
    row("a message then a close frame", Role::Server,
        maskedFrame(0x81, "bye") + maskedFrame(0x88, closeFramePayload(1000, "done")), 2); // close in, close out
}

void TestDriverOutput::dataFramesUnreportedWhenOff()
{
    QFETCH(int, role);
    QFETCH(QByteArray, input);
    QFETCH(int, controlFrames);
    DriverOptions options = openOptions(static_cast<Role>(role));
    const std::vector<std::string> all = eventsInEveryChunking(options, input.toStdString());
    options.reportDataFrames = false;
    const std::vector<std::string> off = eventsInEveryChunking(options, input.toStdString());
    std::vector<std::string> expected;
    int dataFrames = 0;
    for (const std::string &line : all) {
        if (isDataFrameLine(line))
            ++dataFrames;
        else
            expected.push_back(line);
    }
    QVERIFY(dataFrames > 0); // the row has data frames to leave out
    QCOMPARE(off, expected);
    QCOMPARE(int(std::count_if(off.cbegin(), off.cend(),
                               [](const std::string &line) { return line.rfind("frame ", 0) == 0; })),
             controlFrames);
}

// DriverOptions::deliverPayloads off: the same events and the same lengths in every
// chunking (a message's payload may be left out), and the same checks: a limit or invalid
// UTF-8 fails the connection at the same byte.
void TestDriverOutput::payloadsLeftOutWhenNotWanted_data()
{
    QTest::addColumn<int>("role");
    QTest::addColumn<QByteArray>("input");
    const auto row = [](const char *name, Role role, const std::string &input) {
        QTest::newRow(name) << static_cast<int>(role) << QByteArray::fromStdString(input);
    };
    row("one masked text message", Role::Server, maskedFrame(0x81, "Hello"));
    row("fragmented message with a ping between its frames", Role::Client, fromHex("01 02 48 65 89 00 80 03 6c 6c 6f"));
    row("64 KiB binary in one frame", Role::Client, fromHex("82 7f 00 00 00 00 00 01 00 00") + std::string(65536, 'y'));
    row("text in three fragments, then binary", Role::Server,
        maskedFrame(0x01, "one ") + maskedFrame(0x00, "two ") + maskedFrame(0x80, "three") + maskedFrame(0x82, "bin"));
    row("invalid UTF-8 in the second fragment", Role::Server,
        maskedFrame(0x01, "fine ") + maskedFrame(0x80, "bad \xff here"));
    row("text ending inside a UTF-8 sequence", Role::Client, fromHex("81 03 61 62 e2"));
    row("empty messages", Role::Server, maskedFrame(0x81, "") + maskedFrame(0x82, ""));
}

void TestDriverOutput::payloadsLeftOutWhenNotWanted()
{
    QFETCH(int, role);
    QFETCH(QByteArray, input);
    const auto eventsOf = [&](bool deliverPayloads) {
        std::vector<std::string> reference;
        for (const auto &chunking : wsi::test::chunkingsFor(std::size_t(input.size()), 6)) {
            DriverOptions options = openOptions(static_cast<Role>(role));
            options.deliverPayloads = deliverPayloads;
            Endpoint endpoint(options);
            endpoint.sink.recordPayloads = false;
            wsi::test::feedChunked(input.toStdString(), chunking,
                                   [&](const std::uint8_t *data, std::size_t size) { endpoint.driver.parse(data, size); });
            if (reference.empty())
                reference = endpoint.sink.events;
            else if (endpoint.sink.events != reference)
                QTest::qFail(("events differ when fed " + chunking.name).c_str(), __FILE__, __LINE__);
        }
        return reference;
    };
    const std::vector<std::string> delivered = eventsOf(true);
    QVERIFY(containsLine(delivered, "message in ") || containsLine(delivered, "error "));
    QCOMPARE(eventsOf(false), delivered);
}

// Driver::swapMessageBuffer: a sink takes a reassembled message's buffer inside onMessage()
// (the payload view stays valid, its bytes now the sink's), the Driver reassembles the next
// message in the sink's old buffer, and a message delivered from the parser's bytes (one
// frame, read whole) is not swappable.
void TestDriverOutput::messageBufferSwappedDuringOnMessage()
{
    struct SwappingSink : DriverSink {
        Driver *driver = nullptr;
        std::string mine = std::string(8, 'z'); // stale bytes the Driver must not show
        std::vector<std::string> payloads;
        std::vector<bool> swapped;
        void onMessage(const MessageEvent &event) override
        {
            if (event.direction != Direction::Incoming)
                return;
            swapped.push_back(driver->swapMessageBuffer(event.payload, mine));
            payloads.emplace_back(event.payload); // read after the swap
            QVERIFY(!swapped.back() || mine.data() == event.payload.data());
        }
    };
    SwappingSink sink;
    CapturingWriter writer;
    Driver driver(Endpoint::withDefaults(openOptions(Role::Server)), sink, writer);
    sink.driver = &driver;
    // Long enough to live on the heap: a short string is copied by a swap, which it refuses.
    const std::string first(100, 'a');
    const std::string second(300, 'b');
    const std::string input = maskedFrame(0x02, first.substr(0, 40)) + maskedFrame(0x80, first.substr(40))
        + maskedFrame(0x82, "whole") + maskedFrame(0x01, second.substr(0, 1)) + maskedFrame(0x80, second.substr(1));
    driver.parse(reinterpret_cast<const std::uint8_t *>(input.data()), input.size());
    QCOMPARE(sink.payloads, (std::vector<std::string>{first, "whole", second}));
    QCOMPARE(sink.swapped, (std::vector<bool>{true, false, true}));
    QCOMPARE(sink.mine, second);
    std::string other;
    QVERIFY(!driver.swapMessageBuffer(sink.mine, other)); // outside onMessage()
}

// A server's sends write the same bytes with or without frame events, in every length form
// (7, 16 and 64-bit), fragmented or compressed too.
void TestDriverOutput::unreportedSendsWriteTheSameBytes_data()
{
    QTest::addColumn<int>("size");
    QTest::addColumn<bool>("text");
    QTest::addColumn<int>("fragments");
    QTest::addColumn<bool>("deflate");
    QTest::newRow("empty text") << 0 << true << 1 << false;
    QTest::newRow("1-byte binary") << 1 << false << 1 << false;
    QTest::newRow("125 bytes, the longest 7-bit length") << 125 << true << 1 << false;
    QTest::newRow("126 bytes, the shortest 16-bit length") << 126 << false << 1 << false;
    QTest::newRow("65535 bytes, the longest 16-bit length") << 65535 << true << 1 << false;
    QTest::newRow("65536 bytes, the shortest 64-bit length") << 65536 << false << 1 << false;
    QTest::newRow("1000 bytes in 3 fragments") << 1000 << true << 3 << false;
    QTest::newRow("1000 bytes compressed") << 1000 << true << 1 << true;
}

void TestDriverOutput::unreportedSendsWriteTheSameBytes()
{
    QFETCH(int, size);
    QFETCH(bool, text);
    QFETCH(int, fragments);
    QFETCH(bool, deflate);
    std::string payload(static_cast<std::size_t>(size), 'a');
    for (std::size_t i = 0; i < payload.size(); ++i)
        payload[i] = static_cast<char>('a' + i % 26);
    const auto send = [&](bool reportDataFrames) {
        DriverOptions options = openOptions(Role::Server);
        options.reportDataFrames = reportDataFrames;
        options.deflateWithoutHandshake = deflate;
        auto endpoint = std::make_unique<Endpoint>(options);
        const bool sent = text ? endpoint->driver.sendText(payload, std::uint32_t(fragments))
                               : endpoint->driver.sendBinary(payload, std::uint32_t(fragments));
        return std::make_pair(sent, std::move(endpoint));
    };
    const auto [sentWith, with] = send(true);
    const auto [sentWithout, without] = send(false);
    QVERIFY(sentWith && sentWithout);
    QVERIFY(!with->writer.bytes.empty());
    QCOMPARE(toHexString(without->writer.bytes), toHexString(with->writer.bytes));
    QCOMPARE(without->driver.bytesSent(), with->driver.bytesSent());
    // Only the message event is left, and it says the same.
    QCOMPARE(without->sink.events.size(), std::size_t(1));
    QCOMPARE(without->sink.events.front(), with->sink.events.back());
    QCOMPARE(with->sink.events.size(), std::size_t(fragments) + 1);
}

// Where the incoming stream stands after each prefix, whatever the chunking it came in.
void TestDriverOutput::inputPositionIsExact_data()
{
    QTest::addColumn<int>("role");
    QTest::addColumn<bool>("reportDataFrames");
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QString>("expected");
    const auto row = [](const char *name, Role role, const std::string &input, const char *expected) {
        for (const bool report : {true, false}) {
            QTest::addRow("%s%s", name, report ? "" : ", data frames unreported")
                << static_cast<int>(role) << report << QByteArray::fromStdString(input)
                << QString::fromLatin1(expected);
        }
    };
    const std::string hundred = maskedFrame(0x82, std::string(100, 'x'));  // 6-byte header
    const std::string big = maskedFrame(0x82, std::string(300, 'z'));      // 8-byte header
    const std::string fragment = maskedFrame(0x01, "part");
    const std::string last = maskedFrame(0x80, "12345");
    const std::string ping = maskedFrame(0x89, "0123456789");
    row("nothing yet", Role::Server, "", "header=0 payload=0 op=0 len=0 received=0 fragmented=0");
    row("a whole message", Role::Server, maskedFrame(0x81, "hi"),
        "header=0 payload=0 op=0 len=0 received=0 fragmented=0");
    row("the first byte of a header", Role::Server, maskedFrame(0x81, "hi") + hundred.substr(0, 1),
        "header=1 payload=0 op=0 len=0 received=0 fragmented=0");
    row("a 16-bit length header without the last 2 bytes of its mask key", Role::Server, big.substr(0, 6),
        "header=6 payload=0 op=0 len=0 received=0 fragmented=0");
    row("a header and 10 of its 100 payload bytes", Role::Server, hundred.substr(0, 6 + 10),
        "header=0 payload=1 op=2 len=100 received=10 fragmented=0");
    row("a whole header and no payload byte yet", Role::Server, hundred.substr(0, 6),
        "header=0 payload=1 op=2 len=100 received=0 fragmented=0");
    row("after the first fragment", Role::Server, fragment,
        "header=0 payload=0 op=0 len=0 received=0 fragmented=1");
    row("2 of the 5 payload bytes of the final fragment", Role::Server, fragment + last.substr(0, 6 + 2),
        "header=0 payload=1 op=0 len=5 received=2 fragmented=1");
    row("3 of a ping's 10 payload bytes between fragments", Role::Server, fragment + ping.substr(0, 6 + 3),
        "header=0 payload=1 op=9 len=10 received=3 fragmented=1");
    row("a whole ping between fragments", Role::Server, fragment + ping,
        "header=0 payload=0 op=0 len=0 received=0 fragmented=1");
    row("after the final fragment", Role::Server, fragment + ping + last,
        "header=0 payload=0 op=0 len=0 received=0 fragmented=0");
    row("client: 200 of 300 unmasked payload bytes", Role::Client, fromHex("82 7e 01 2c") + std::string(200, 'q'),
        "header=0 payload=1 op=2 len=300 received=200 fragmented=0");
}

void TestDriverOutput::inputPositionIsExact()
{
    QFETCH(int, role);
    QFETCH(bool, reportDataFrames);
    QFETCH(QByteArray, input);
    QFETCH(QString, expected);
    DriverOptions options = openOptions(static_cast<Role>(role));
    options.reportDataFrames = reportDataFrames;
    const std::string stream = input.toStdString();
    for (const auto &chunking : wsi::test::chunkingsFor(stream.size(), 6)) {
        Endpoint endpoint(options);
        wsi::test::feedChunked(stream, chunking, [&](const std::uint8_t *data, std::size_t size) {
            endpoint.driver.parse(data, size);
        });
        QVERIFY2(endpoint.sink.closedCount == 0, chunking.name.c_str());
        QCOMPARE(QString::fromStdString(describePosition(endpoint.driver.inputPosition())) + QLatin1String(" (")
                     + QString::fromStdString(chunking.name) + QLatin1Char(')'),
                 expected + QLatin1String(" (") + QString::fromStdString(chunking.name) + QLatin1Char(')'));
    }
}

// Before the 101, bytes are a handshake, not frames: no position to tell.
void TestDriverOutput::inputPositionBeforeTheHandshake()
{
    Endpoint endpoint(serverOptions());
    endpoint.feed("GET / HTTP/1.1\r\nHost: example.com\r\nUpgr");
    QCOMPARE(endpoint.driver.state(), DriverState::Connecting);
    QCOMPARE(describePosition(endpoint.driver.inputPosition()),
             std::string("header=0 payload=0 op=0 len=0 received=0 fragmented=0"));
}

QTEST_APPLESS_MAIN(TestDriverOutput)
#include "tst_driveroutput.moc"
