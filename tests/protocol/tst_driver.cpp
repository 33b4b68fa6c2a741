// SPDX-License-Identifier: MIT
// The Driver, both roles, fed every stream whole, byte by byte and in random splits:
// golden streams, protocol violations, UTF-8, limits, the close handshake, pings and pongs.
#include "DriverTestSupport.h"

class TestDriver : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void goldenStreams_data();
    void goldenStreams();
    void protocolViolations_data();
    void protocolViolations();
    void invalidUtf8FailsAtFirstBadByte();
    void oversizedMessageRejectedBeforeBuffering();
    void closeHandshakeStartedByPeer();
    void closeHandshakeStartedByUs();
    void crossingClosesReportTheCodeReceived();
    void framesAfterCloseAreIgnored();
    void transportLossIsUnclean();
    void pingIsAnsweredWithSamePayload();
    void autoPongLimit();
    void pongsMatchPings();
};

// ---- framing -------------------------------------------------------------------------------

void TestDriver::goldenStreams_data()
{
    QTest::addColumn<int>("role");
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QStringList>("expected");

    const auto row = [](const char *name, Role role, const std::string &input, QStringList expected) {
        QTest::newRow(name) << static_cast<int>(role) << QByteArray::fromStdString(input) << expected;
    };
    // RFC 6455 section 5.7 examples.
    row("single-frame unmasked text (5.7)", Role::Client, fromHex("81 05 48 65 6c 6c 6f"),
        {QStringLiteral("frame in fin=1 rsv=000 op=text mask=0 len=5 hdr=8105 at=0"),
         QStringLiteral("message in text 5 'Hello' wire=5 frames=1")});
    row("single-frame masked text (5.7)", Role::Server, fromHex("81 85 37 fa 21 3d 7f 9f 4d 51 58"),
        {QStringLiteral("frame in fin=1 rsv=000 op=text mask=1 len=5 hdr=818537fa213d at=0"),
         QStringLiteral("message in text 5 'Hello' wire=5 frames=1")});
    row("fragmented unmasked text (5.7)", Role::Client, fromHex("01 03 48 65 6c 80 02 6c 6f"),
        {QStringLiteral("frame in fin=0 rsv=000 op=text mask=0 len=3 hdr=0103 at=0"),
         QStringLiteral("frame in fin=1 rsv=000 op=continuation mask=0 len=2 hdr=8002 at=5"),
         QStringLiteral("message in text 5 'Hello' wire=5 frames=2")});
    row("unmasked ping answered by a masked pong (5.7)", Role::Client, fromHex("89 05 48 65 6c 6c 6f"),
        {QStringLiteral("frame in fin=1 rsv=000 op=ping mask=0 len=5 hdr=8905 at=0"),
         QStringLiteral("ping in 'Hello' answered"),
         QStringLiteral("frame out fin=1 rsv=000 op=pong mask=1 len=5 hdr=8a8501020304 at=0"),
         QStringLiteral("pong out 'Hello' id=0 skipped=0")});
    row("masked pong (5.7)", Role::Server, fromHex("8a 85 37 fa 21 3d 7f 9f 4d 51 58"),
        {QStringLiteral("frame in fin=1 rsv=000 op=pong mask=1 len=5 hdr=8a8537fa213d at=0"),
         QStringLiteral("pong in 'Hello' id=0 skipped=0")});
    row("256-byte binary, 16-bit length (5.7)", Role::Client, fromHex("82 7e 01 00") + std::string(256, 'x'),
        {QStringLiteral("frame in fin=1 rsv=000 op=binary mask=0 len=256 hdr=827e0100 at=0"),
         QStringLiteral("message in binary 256 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx...' wire=256 frames=1")});
    row("64 KiB binary, 64-bit length (5.7)", Role::Client,
        fromHex("82 7f 00 00 00 00 00 01 00 00") + std::string(65536, 'y'),
        {QStringLiteral("frame in fin=1 rsv=000 op=binary mask=0 len=65536 hdr=827f0000000000010000 at=0"),
         QStringLiteral("message in binary 65536 'yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy...' wire=65536 frames=1")});
    row("ping between fragments", Role::Client, fromHex("01 02 48 65 89 00 80 03 6c 6c 6f"),
        {QStringLiteral("frame in fin=0 rsv=000 op=text mask=0 len=2 hdr=0102 at=0"),
         QStringLiteral("frame in fin=1 rsv=000 op=ping mask=0 len=0 hdr=8900 at=4"),
         QStringLiteral("ping in '' answered"),
         QStringLiteral("frame out fin=1 rsv=000 op=pong mask=1 len=0 hdr=8a8001020304 at=0"),
         QStringLiteral("pong out '' id=0 skipped=0"),
         QStringLiteral("frame in fin=1 rsv=000 op=continuation mask=0 len=3 hdr=8003 at=6"),
         QStringLiteral("message in text 5 'Hello' wire=5 frames=2")});
    row("empty text and binary messages", Role::Client, fromHex("81 00 82 00"),
        {QStringLiteral("frame in fin=1 rsv=000 op=text mask=0 len=0 hdr=8100 at=0"),
         QStringLiteral("message in text 0 '' wire=0 frames=1"),
         QStringLiteral("frame in fin=1 rsv=000 op=binary mask=0 len=0 hdr=8200 at=2"),
         QStringLiteral("message in binary 0 '' wire=0 frames=1")});
    row("multi-byte UTF-8 split across fragments", Role::Client,
        fromHex("01 02 e2 82 00 01 ac 80 04 f0 9f 98 80"),
        {QStringLiteral("frame in fin=0 rsv=000 op=text mask=0 len=2 hdr=0102 at=0"),
         QStringLiteral("frame in fin=0 rsv=000 op=continuation mask=0 len=1 hdr=0001 at=4"),
         QStringLiteral("frame in fin=1 rsv=000 op=continuation mask=0 len=4 hdr=8004 at=7"),
         QStringLiteral("message in text 7 '\\xe2\\x82\\xac\\xf0\\x9f\\x98\\x80' wire=7 frames=3")});
}

void TestDriver::goldenStreams()
{
    QFETCH(int, role);
    QFETCH(QByteArray, input);
    QFETCH(QStringList, expected);
    const auto events = eventsInEveryChunking(openOptions(static_cast<Role>(role)), input.toStdString());
    QStringList actual;
    for (const auto &line : events)
        actual << QString::fromStdString(line);
    QCOMPARE(actual, expected);
}

void TestDriver::protocolViolations_data()
{
    QTest::addColumn<int>("role");
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QString>("errorId");
    QTest::addColumn<int>("closeCode");

    const auto row = [](const char *name, Role role, const std::string &input, const char *id, int code) {
        QTest::newRow(name) << static_cast<int>(role) << QByteArray::fromStdString(input) << QString::fromLatin1(id)
                            << code;
    };
    row("continuation without a message", Role::Client, fromHex("80 01 41"), "unexpected-continuation", 1002);
    row("new text frame inside a fragmented message", Role::Client, fromHex("01 01 41 81 01 42"),
        "expected-continuation", 1002);
    row("unmasked frame sent to a server", Role::Server, fromHex("81 01 41"), "mask-required", 1002);
    row("masked frame sent to a client", Role::Client, fromHex("81 81 00 00 00 00 41"), "mask-forbidden", 1002);
    row("reserved opcode 0x3", Role::Client, fromHex("83 00"), "reserved-opcode", 1002);
    row("reserved control opcode 0xB", Role::Client, fromHex("8b 00"), "reserved-opcode", 1002);
    row("RSV1 without an extension", Role::Client, fromHex("c1 01 41"), "reserved-bits-set", 1002);
    row("RSV2 set", Role::Client, fromHex("a1 01 41"), "reserved-bits-set", 1002);
    row("RSV3 set", Role::Client, fromHex("91 01 41"), "reserved-bits-set", 1002);
    row("fragmented ping", Role::Client, fromHex("09 00"), "control-frame-fragmented", 1002);
    row("ping with 126-byte payload", Role::Client, fromHex("89 7e 00 7e") + std::string(126, 'p'),
        "control-frame-too-large", 1002);
    row("invalid UTF-8 in text", Role::Client, fromHex("81 02 c3 28"), "invalid-utf8", 1007);
    row("text ends inside a UTF-8 sequence", Role::Client, fromHex("81 02 41 e2"), "invalid-utf8", 1007);
    row("close with a 1-byte payload", Role::Client, fromHex("88 01 03"), "invalid-close-payload", 1002);
    for (int code : {0, 999, 1004, 1005, 1006, 1015, 1016, 2999, 5000, 65535}) {
        const std::string name = "close code " + std::to_string(code);
        row(name.c_str(), Role::Client, fromHex("88 02") + closeFramePayload(static_cast<std::uint16_t>(code)),
            "invalid-close-code", 1002);
    }
    row("close reason not UTF-8", Role::Client, fromHex("88 04 03 e8 ff fe"), "invalid-utf8", 1007);
    row("16-bit length below 126", Role::Client, fromHex("81 7e 00 05 48 65 6c 6c 6f"), "non-minimal-length", 1002);
}

void TestDriver::protocolViolations()
{
    QFETCH(int, role);
    QFETCH(QByteArray, input);
    QFETCH(QString, errorId);
    QFETCH(int, closeCode);

    const auto events = eventsInEveryChunking(openOptions(static_cast<Role>(role)), input.toStdString());
    Endpoint endpoint(openOptions(static_cast<Role>(role)));
    endpoint.feed(input.toStdString());
    QCOMPARE(QString::fromLatin1(protocolErrorId(endpoint.sink.lastError.error)), errorId);
    QCOMPARE(int(endpoint.sink.lastError.closeCode), closeCode);
    QVERIFY(!endpoint.sink.lastError.message.empty());
    QCOMPARE(endpoint.driver.state(), DriverState::Closed);
    QCOMPARE(endpoint.sink.closedCount, 1);
    QVERIFY(!endpoint.sink.lastClose.clean);
    // We failed the connection with a close frame carrying the code (section 7.1.7).
    const std::string sent = endpoint.writer.bytes;
    QVERIFY(sent.size() >= 4);
    QCOMPARE(static_cast<std::uint8_t>(sent[0]) & 0x0F, 0x8);
    const std::size_t payloadStart = (static_cast<std::uint8_t>(sent[1]) & 0x80) ? 6 : 2;
    std::string payload = sent.substr(payloadStart);
    if (payloadStart == 6) {
        MaskKey key;
        std::memcpy(key.data(), sent.data() + 2, 4);
        applyMask(reinterpret_cast<std::uint8_t *>(payload.data()), payload.size(), key);
    }
    QCOMPARE((static_cast<std::uint8_t>(payload[0]) << 8) | static_cast<std::uint8_t>(payload[1]), closeCode);
    QVERIFY(containsLine(events, "error " + errorId.toStdString()));
}

void TestDriver::invalidUtf8FailsAtFirstBadByte()
{
    // A non-final fragment whose 3rd byte is invalid: the error must come now, not at FIN.
    Endpoint endpoint(openOptions(Role::Client));
    endpoint.feed(fromHex("01 04 41 42 ff 43"));
    QCOMPARE(endpoint.sink.lastError.error, ProtocolError::InvalidUtf8);
    QVERIFY2(endpoint.sink.lastError.message.find("byte 2") != std::string::npos,
             endpoint.sink.lastError.message.c_str());
    // Also when the bad byte arrives alone, mid-frame.
    Endpoint split(openOptions(Role::Client));
    split.feed(fromHex("01 10 41 42"));
    QCOMPARE(split.sink.lastError.error, ProtocolError::None);
    split.feed(fromHex("c0"));
    QCOMPARE(split.sink.lastError.error, ProtocolError::InvalidUtf8);
}

void TestDriver::oversizedMessageRejectedBeforeBuffering()
{
    DriverOptions options = openOptions(Role::Client);
    options.maxMessageSize = 1000;
    Endpoint endpoint(options);
    // Two fragments of 600 bytes: the second header alone must trigger 1009.
    endpoint.feed(fromHex("02 7e 02 58") + std::string(600, 'a'));
    QCOMPARE(endpoint.sink.lastError.error, ProtocolError::None);
    endpoint.feed(fromHex("80 7e 02 58"));
    QCOMPARE(endpoint.sink.lastError.error, ProtocolError::MessageTooLarge);
    QCOMPARE(int(endpoint.sink.lastError.closeCode), 1009);
    // We failed the connection with 1009 and did not wait: no close frame came back, so the
    // connection's code is 1006 (section 7.1.5); what we sent is kept apart.
    QCOMPARE(endpoint.sink.lastClose.code, std::uint16_t(1006));
    QVERIFY(endpoint.sink.lastClose.sent.present && !endpoint.sink.lastClose.received.present);
    QCOMPARE(endpoint.sink.lastClose.sent.code, std::uint16_t(1009));

    // One frame announcing 2^40 bytes: rejected by its header (max frame size).
    DriverOptions frameLimited = openOptions(Role::Client);
    frameLimited.maxFrameSize = 4096;
    Endpoint huge(frameLimited);
    huge.feed(fromHex("82 7f 00 00 01 00 00 00 00 00"));
    QCOMPARE(int(huge.sink.lastError.closeCode), 1009);
}

// ---- close and control frames --------------------------------------------------------------

void TestDriver::closeHandshakeStartedByPeer()
{
    const std::string input = fromHex("88 07") + closeFramePayload(1001, "bye!a");
    const auto events = eventsInEveryChunking(openOptions(Role::Client), input);
    QVERIFY(containsLine(events, "closed code=1001 reason='bye!a' by=remote clean"));
    Endpoint endpoint(openOptions(Role::Client));
    endpoint.feed(input);
    QCOMPARE(endpoint.driver.state(), DriverState::Closed);
    // We answered with a masked close frame echoing the code (section 5.5.1).
    const std::string sent = endpoint.writer.bytes;
    QCOMPARE(sent.size(), std::size_t(8));
    QCOMPARE(static_cast<std::uint8_t>(sent[0]), std::uint8_t(0x88));
    QCOMPARE(static_cast<std::uint8_t>(sent[1]), std::uint8_t(0x82));
    std::string code = sent.substr(6);
    MaskKey key;
    std::memcpy(key.data(), sent.data() + 2, 4);
    applyMask(reinterpret_cast<std::uint8_t *>(code.data()), 2, key);
    QCOMPARE(code, closeFramePayload(1001));
}

// Section 7.1.5: when our close crosses the peer's, the connection's code is the one
// received; both frames are reported as they went.
void TestDriver::crossingClosesReportTheCodeReceived()
{
    Endpoint endpoint(openOptions(Role::Client));
    QVERIFY(endpoint.driver.close(1000, "bye"));
    endpoint.feed(fromHex("88 0f") + closeFramePayload(1009, "limit is 1k!!"));
    QCOMPARE(endpoint.driver.state(), DriverState::Closed);
    const CloseEvent &close = endpoint.sink.lastClose;
    QCOMPARE(close.code, std::uint16_t(1009));
    QCOMPARE(close.reason, std::string("limit is 1k!!"));
    QCOMPARE(close.initiator, Initiator::Local); // ours went first
    QVERIFY(close.clean);
    QVERIFY(close.sent.present && close.sent.hasCode);
    QCOMPARE(close.sent.code, std::uint16_t(1000));
    QCOMPARE(close.sent.reason, std::string("bye"));
    QVERIFY(close.received.present);
    QCOMPARE(close.received.code, std::uint16_t(1009));

    // A close frame without a code: 1005 for the connection, "no code" for the frame.
    Endpoint bare(openOptions(Role::Client));
    bare.feed(fromHex("88 00"));
    QCOMPARE(bare.sink.lastClose.code, std::uint16_t(1005));
    QVERIFY(bare.sink.lastClose.received.present && !bare.sink.lastClose.received.hasCode);
    QCOMPARE(bare.sink.lastClose.initiator, Initiator::Remote);
    QVERIFY(bare.sink.lastClose.sent.present && !bare.sink.lastClose.sent.hasCode); // echoed as it came
}

void TestDriver::closeHandshakeStartedByUs()
{
    Endpoint endpoint(openOptions(Role::Server));
    QVERIFY(endpoint.driver.close(4000, "done"));
    QCOMPARE(endpoint.driver.state(), DriverState::Closing);
    QCOMPARE(endpoint.writer.bytes, fromHex("88 06") + closeFramePayload(4000, "done"));
    // No data after our close frame; a second close is refused.
    QVERIFY(!endpoint.driver.sendText("late"));
    QVERIFY(!endpoint.driver.close(1000));
    // Messages may still arrive until the peer's close.
    endpoint.feed(maskedFrame(0x81, "still here"));
    QCOMPARE(endpoint.sink.messages.back(), std::string("still here"));
    endpoint.feed(maskedFrame(0x88, closeFramePayload(4000)));
    QCOMPARE(endpoint.driver.state(), DriverState::Closed);
    QCOMPARE(endpoint.sink.lastClose.code, std::uint16_t(4000));
    QCOMPARE(endpoint.sink.lastClose.reason, std::string()); // the peer's frame had none
    QCOMPARE(endpoint.sink.lastClose.sent.reason, std::string("done"));
    QCOMPARE(endpoint.sink.lastClose.initiator, Initiator::Local);
    QVERIFY(endpoint.sink.lastClose.clean);
    // Reasons over 123 bytes cannot be sent.
    Endpoint other(openOptions(Role::Server));
    QVERIFY(!other.driver.close(1000, std::string(124, 'r')));
    QVERIFY(other.driver.close(1000, std::string(123, 'r')));
}

void TestDriver::framesAfterCloseAreIgnored()
{
    Endpoint endpoint(openOptions(Role::Client));
    endpoint.feed(fromHex("88 02 03 e8 81 05 48 65 6c 6c 6f 80 01 41"));
    QCOMPARE(endpoint.sink.closedCount, 1);
    QVERIFY(endpoint.sink.messages.empty());
    QCOMPARE(endpoint.sink.lastError.error, ProtocolError::None);
}

void TestDriver::transportLossIsUnclean()
{
    Endpoint endpoint(openOptions(Role::Client));
    endpoint.feed(fromHex("01 01 41"));
    endpoint.driver.endOfInput();
    QCOMPARE(endpoint.sink.closedCount, 1);
    QCOMPARE(endpoint.sink.lastClose.code, std::uint16_t(CloseCode::Abnormal));
    QVERIFY(!endpoint.sink.lastClose.hasCode);
    QVERIFY(!endpoint.sink.lastClose.clean);
    QCOMPARE(endpoint.sink.lastClose.initiator, Initiator::Remote);
}

void TestDriver::pingIsAnsweredWithSamePayload()
{
    Endpoint endpoint(openOptions(Role::Server));
    endpoint.feed(maskedFrame(0x89, "abc"));
    QCOMPARE(endpoint.writer.bytes, fromHex("8a 03 61 62 63"));
}

void TestDriver::autoPongLimit()
{
    DriverOptions options = openOptions(Role::Server);
    options.autoPongLimit = 2;
    Endpoint endpoint(options);
    for (int i = 0; i < 4; ++i)
        endpoint.feed(maskedFrame(0x89, "p"));
    QCOMPARE(endpoint.writer.bytes, fromHex("8a 01 70 8a 01 70"));
    endpoint.driver.setAutoPong(false);
    endpoint.feed(maskedFrame(0x89, "q"));
    QCOMPARE(endpoint.writer.bytes.size(), std::size_t(6));
    QVERIFY(containsLine(endpoint.sink.events, "ping in 'q'"));
    QVERIFY(!containsLine(endpoint.sink.events, "ping in 'q' answered"));
}

void TestDriver::pongsMatchPings()
{
    Endpoint endpoint(openOptions(Role::Server));
    const auto first = endpoint.driver.sendPing("1");
    const auto second = endpoint.driver.sendPing("2");
    const auto third = endpoint.driver.sendPing("3");
    QVERIFY(first > 0 && second > first && third > second);
    QCOMPARE(endpoint.driver.sendPing(std::string(126, 'x')), std::uint64_t(0));
    endpoint.feed(maskedFrame(0x8A, "2")); // the answer to "1" was lost
    QVERIFY(containsLine(endpoint.sink.events, "pong in '2' id=" + std::to_string(second) + " skipped=1"));
    endpoint.feed(maskedFrame(0x8A, "zz")); // unsolicited
    QVERIFY(containsLine(endpoint.sink.events, "pong in 'zz' id=0 skipped=0"));
    endpoint.feed(maskedFrame(0x8A, "3"));
    QVERIFY(containsLine(endpoint.sink.events, "pong in '3' id=" + std::to_string(third) + " skipped=0"));
    endpoint.feed(maskedFrame(0x8A, "1")); // stale: forgotten when "2" was answered
    QVERIFY(containsLine(endpoint.sink.events, "pong in '1' id=0 skipped=0"));
}

QTEST_APPLESS_MAIN(TestDriver)
#include "tst_driver.moc"
