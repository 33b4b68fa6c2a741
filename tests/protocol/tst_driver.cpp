// SPDX-License-Identifier: MIT
// The Driver's message layer and opening handshake: golden streams fed in every chunking,
// each protocol violation with its close code, the close handshake, ping/pong matching,
// limits, permessage-deflate end to end, and raw frames.
#include "support/Chunking.h"
#include "support/RecordingSink.h"

#include "protocol/CloseCode.h"
#include "protocol/Driver.h"
#include "protocol/Masking.h"

#include <QtTest>

#include <deque>

using namespace wsi::protocol;
using wsi::test::CapturingWriter;
using wsi::test::RecordingSink;
using wsi::test::fromHex;

namespace {

// One driver with its sink and writer, fed whole streams in a given chunking.
struct Endpoint {
    explicit Endpoint(DriverOptions options) : driver(withDefaults(std::move(options)), sink, writer) {}
    static DriverOptions withDefaults(DriverOptions options)
    {
        if (!options.random)
            options.random = wsi::test::countingRandom(1);
        return options;
    }
    void feed(const std::string &bytes)
    {
        driver.parse(reinterpret_cast<const std::uint8_t *>(bytes.data()), bytes.size());
    }
    RecordingSink sink;
    CapturingWriter writer;
    Driver driver;
};

DriverOptions openOptions(Role role)
{
    DriverOptions options;
    options.role = role;
    options.skipHandshake = true;
    return options;
}

// A masked frame as a client would send it (the server role requires masks).
std::string maskedFrame(std::uint8_t firstByte, const std::string &payload, MaskKey key = {0x37, 0xfa, 0x21, 0x3d})
{
    FrameHeader header;
    header.fin = (firstByte & 0x80) != 0;
    header.rsv1 = (firstByte & 0x40) != 0;
    header.rsv2 = (firstByte & 0x20) != 0;
    header.rsv3 = (firstByte & 0x10) != 0;
    header.opcode = firstByte & 0x0F;
    header.masked = true;
    header.maskKey = key;
    header.payloadLength = payload.size();
    const EncodedHeader raw = encodeFrameHeader(header);
    std::string out(reinterpret_cast<const char *>(raw.bytes.data()), raw.size);
    std::string body = payload;
    applyMask(reinterpret_cast<std::uint8_t *>(body.data()), body.size(), key);
    return out + body;
}

std::string closeFramePayload(std::uint16_t code, const std::string &reason = {})
{
    std::string payload;
    payload += static_cast<char>(code >> 8);
    payload += static_cast<char>(code & 0xFF);
    return payload + reason;
}

// Runs `input` through a fresh endpoint in every chunking; all must record the same events.
std::vector<std::string> eventsInEveryChunking(const DriverOptions &options, const std::string &input)
{
    std::vector<std::string> reference;
    bool first = true;
    for (const auto &chunking : wsi::test::chunkingsFor(input.size(), 6)) {
        Endpoint endpoint(options);
        wsi::test::feedChunked(input, chunking, [&](const std::uint8_t *data, std::size_t size) {
            endpoint.driver.parse(data, size);
        });
        if (first) {
            reference = endpoint.sink.events;
            first = false;
        } else if (endpoint.sink.events != reference) {
            QTest::qFail(("events differ when fed " + chunking.name).c_str(), __FILE__, __LINE__);
            return {};
        }
    }
    return reference;
}

bool containsLine(const std::vector<std::string> &events, const std::string &prefix)
{
    for (const auto &line : events) {
        if (line.rfind(prefix, 0) == 0)
            return true;
    }
    return false;
}

// A client and a server driver wired back to back through byte queues.
class Pair
{
public:
    Pair(DriverOptions clientOptions, DriverOptions serverOptions)
        : client(clientOptions), server(serverOptions)
    {
    }
    // Moves bytes both ways until neither side has anything left to say.
    void pump(int maxRounds = 100)
    {
        for (int round = 0; round < maxRounds; ++round) {
            const std::string toServer = client.writer.take();
            const std::string toClient = server.writer.take();
            if (toServer.empty() && toClient.empty())
                return;
            if (!toServer.empty())
                server.feed(toServer);
            if (!toClient.empty())
                client.feed(toClient);
        }
    }
    void open()
    {
        client.driver.start();
        pump();
    }
    Endpoint client;
    Endpoint server;
};

DriverOptions clientOptions()
{
    DriverOptions options;
    options.role = Role::Client;
    options.clientRequest.host = "example.com";
    options.clientRequest.resourceName = "/chat?room=1";
    return options;
}

DriverOptions serverOptions()
{
    DriverOptions options;
    options.role = Role::Server;
    return options;
}

// Frame event lines of data frames (text, binary, continuation), either way.
std::string toHexString(const std::string &bytes)
{
    return wsi::test::toHex(bytes);
}

bool isDataFrameLine(const std::string &line)
{
    if (line.rfind("frame ", 0) != 0)
        return false;
    return line.find(" op=text ") != std::string::npos || line.find(" op=binary ") != std::string::npos
        || line.find(" op=continuation ") != std::string::npos;
}

std::string describePosition(const InputPosition &p)
{
    return "header=" + std::to_string(p.partialHeaderBytes) + " payload=" + (p.inPayload ? "1" : "0")
        + " op=" + std::to_string(p.opcode) + " len=" + std::to_string(p.payloadLength)
        + " received=" + std::to_string(p.payloadReceived) + " fragmented=" + (p.inFragmentedMessage ? "1" : "0");
}

} // namespace

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
    void framesAfterCloseAreIgnored();
    void transportLossIsUnclean();
    void pingIsAnsweredWithSamePayload();
    void autoPongLimit();
    void pongsMatchPings();
    void openingHandshakeBackToBack();
    void subprotocolNegotiation();
    void deflateEndToEnd_data();
    void deflateEndToEnd();
    void deflateBombIsStopped();
    void fragmentedSendIsReassembled();
    void nonSwitchingAnswerKeepsBodyPreview();
    void wrongAcceptIsRejected();
    void serverRejections_data();
    void serverRejections();
    void plainHttpRequestIsReported();
    void framesPipelinedBehindHandshake();
    void rawFramesReachThePeerAsWritten();
    void rawRequestOverride();
    void outgoingFramesAreReported();
    void dataFramesUnreportedWhenOff_data();
    void dataFramesUnreportedWhenOff();
    void unreportedSendsWriteTheSameBytes_data();
    void unreportedSendsWriteTheSameBytes();
    void inputPositionIsExact_data();
    void inputPositionIsExact();
    void inputPositionBeforeTheHandshake();
};

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
    QCOMPARE(endpoint.sink.lastClose.code, std::uint16_t(1009));

    // One frame announcing 2^40 bytes: rejected by its header (max frame size).
    DriverOptions frameLimited = openOptions(Role::Client);
    frameLimited.maxFrameSize = 4096;
    Endpoint huge(frameLimited);
    huge.feed(fromHex("82 7f 00 00 01 00 00 00 00 00"));
    QCOMPARE(int(huge.sink.lastError.closeCode), 1009);
}

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
    QCOMPARE(endpoint.sink.lastClose.reason, std::string("done"));
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

void TestDriver::openingHandshakeBackToBack()
{
    DriverOptions client = clientOptions();
    client.clientRequest.origin = "https://example.com";
    client.clientRequest.extraHeaders.push_back({"X-Trace", "42"});
    Pair pair(client, serverOptions());
    pair.open();
    QCOMPARE(pair.client.driver.state(), DriverState::Open);
    QCOMPARE(pair.server.driver.state(), DriverState::Open);
    const OpenEvent &seen = pair.server.sink.lastOpen;
    QCOMPARE(seen.request.path, std::string("/chat"));
    QCOMPARE(seen.request.query, std::string("room=1"));
    QCOMPARE(*seen.request.headers.find("origin"), std::string("https://example.com"));
    QCOMPARE(*seen.request.headers.find("x-trace"), std::string("42"));
    QCOMPARE(pair.client.sink.lastOpen.response.status, 101);
    QVERIFY(pair.client.sink.lastOpen.rawRequest.rfind("GET /chat?room=1 HTTP/1.1\r\n", 0) == 0);

    QVERIFY(pair.client.driver.sendText("hi"));
    QVERIFY(pair.server.driver.sendBinary(std::string("\x00\x01", 2)));
    pair.pump();
    QCOMPARE(pair.server.sink.messages.back(), std::string("hi"));
    QCOMPARE(pair.client.sink.messages.back(), std::string("\x00\x01", 2));
    QVERIFY(pair.client.driver.close(1000, "bye"));
    pair.pump();
    QCOMPARE(pair.client.driver.state(), DriverState::Closed);
    QCOMPARE(pair.server.driver.state(), DriverState::Closed);
    QVERIFY(pair.client.sink.lastClose.clean);
    QCOMPARE(pair.server.sink.lastClose.initiator, Initiator::Remote);
    QCOMPARE(pair.server.sink.lastClose.reason, std::string("bye"));
}

void TestDriver::subprotocolNegotiation()
{
    DriverOptions client = clientOptions();
    client.clientRequest.subprotocols = {"mqtt", "graphql-ws"};
    DriverOptions server = serverOptions();
    server.server.subprotocols = {"graphql-ws", "mqtt"};
    Pair pair(client, server);
    pair.open();
    QCOMPARE(pair.client.sink.lastOpen.subprotocol, std::string("graphql-ws"));
    QCOMPARE(pair.server.sink.lastOpen.subprotocol, std::string("graphql-ws"));

    // A server that picks a protocol we never offered is refused.
    DriverOptions plainClient = clientOptions();
    Endpoint endpoint(plainClient);
    endpoint.driver.start();
    const std::string request = endpoint.writer.take();
    const auto keyAt = request.find("Sec-WebSocket-Key: ") + 19;
    const std::string key = request.substr(keyAt, request.find("\r\n", keyAt) - keyAt);
    endpoint.feed("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                  "Sec-WebSocket-Accept: " + computeSecWebSocketAccept(key) + "\r\nSec-WebSocket-Protocol: chat\r\n\r\n");
    QCOMPARE(endpoint.sink.lastHandshakeFailure.clientError, ClientHandshakeError::UnrequestedSubprotocol);
    QCOMPARE(endpoint.driver.state(), DriverState::Closed);
}

void TestDriver::deflateEndToEnd_data()
{
    QTest::addColumn<bool>("serverNoContext");
    QTest::addColumn<bool>("clientNoContext");
    QTest::addColumn<int>("clientBits");
    QTest::newRow("defaults") << false << false << 15;
    QTest::newRow("no context takeover both ways") << true << true << 15;
    QTest::newRow("client window 10") << false << false << 10;
}

void TestDriver::deflateEndToEnd()
{
    QFETCH(bool, serverNoContext);
    QFETCH(bool, clientNoContext);
    QFETCH(int, clientBits);
    DriverOptions client = clientOptions();
    client.offerDeflate = true;
    client.deflateOffer.serverNoContextTakeover = serverNoContext;
    client.deflateOffer.clientNoContextTakeover = clientNoContext;
    client.deflateOffer.clientMaxWindowBits = clientBits == 15 ? -1 : clientBits;
    DriverOptions server = serverOptions();
    server.acceptDeflate = true;
    Pair pair(client, server);
    pair.open();
    QVERIFY(pair.client.driver.isDeflateActive());
    QVERIFY(pair.server.driver.isDeflateActive());
    QVERIFY(pair.client.sink.lastOpen.extensions.find("permessage-deflate") != std::string::npos);

    std::string json;
    for (int i = 0; i < 200; ++i)
        json += "{\"id\":" + std::to_string(i) + ",\"price\":1234.5,\"symbol\":\"ACME\"},";
    for (int round = 0; round < 3; ++round) {
        QVERIFY(pair.client.driver.sendText(json, 3));
        QVERIFY(pair.server.driver.sendText(json));
        pair.pump();
        QCOMPARE(pair.server.sink.messages.back(), json);
        QCOMPARE(pair.client.sink.messages.back(), json);
    }
    QVERIFY(containsLine(pair.server.sink.events, "message in text " + std::to_string(json.size())));
    // Compressed on the wire: much smaller than the text.
    const auto &line = pair.server.sink.events;
    bool sawCompressed = false;
    for (const auto &event : line)
        sawCompressed = sawCompressed || (event.rfind("message in", 0) == 0 && event.find("compressed") != std::string::npos);
    QVERIFY(sawCompressed);
    QVERIFY(pair.client.driver.bytesSent() < json.size());
}

void TestDriver::deflateBombIsStopped()
{
    DriverOptions options = openOptions(Role::Client);
    options.deflateWithoutHandshake = true;
    options.maxMessageSize = 1 << 20;
    Endpoint endpoint(options);
    // 16 MiB of zeros compresses to ~16 KiB.
    MessageDeflater deflater(15, false);
    std::string compressed;
    const std::string zeros(16u << 20, '\0');
    QVERIFY(deflater.compress(reinterpret_cast<const std::uint8_t *>(zeros.data()), zeros.size(), compressed));
    FrameHeader header;
    header.rsv1 = true;
    header.opcode = 0x2;
    header.payloadLength = compressed.size();
    const EncodedHeader raw = encodeFrameHeader(header);
    endpoint.feed(std::string(reinterpret_cast<const char *>(raw.bytes.data()), raw.size) + compressed);
    QCOMPARE(endpoint.sink.lastError.error, ProtocolError::MessageTooLarge);
    QCOMPARE(int(endpoint.sink.lastError.closeCode), 1009);
    QVERIFY(endpoint.sink.messages.empty());
}

void TestDriver::fragmentedSendIsReassembled()
{
    Pair pair(openOptions(Role::Client), openOptions(Role::Server));
    const std::string text = "fragmented message in five pieces";
    QVERIFY(pair.client.driver.sendText(text, 5));
    pair.pump();
    QCOMPARE(pair.server.sink.messages.back(), text);
    QVERIFY(containsLine(pair.server.sink.events, "message in text 33 '" + text + "' wire=33 frames=5"));
}

void TestDriver::nonSwitchingAnswerKeepsBodyPreview()
{
    Endpoint endpoint(clientOptions());
    endpoint.driver.start();
    endpoint.writer.take();
    endpoint.feed("HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain\r\nContent-Length: 20\r\n\r\nmissing ");
    QCOMPARE(endpoint.sink.closedCount, 0); // waits for the rest of the body
    QVERIFY(endpoint.driver.isAwaitingRejectedBody());
    endpoint.feed("token header");
    QCOMPARE(endpoint.sink.closedCount, 1);
    const auto &failure = endpoint.sink.lastHandshakeFailure;
    QCOMPARE(failure.clientError, ClientHandshakeError::NotSwitchingProtocols);
    QCOMPARE(failure.status, 403);
    QCOMPARE(failure.bodyPreview, std::string("missing token header"));
    QVERIFY(failure.message.find("403") != std::string::npos);
    QCOMPARE(failure.response.headers.find("Content-Type")->c_str(), "text/plain");

    // Without a Content-Length, the preview ends with the connection.
    Endpoint noLength(clientOptions());
    noLength.driver.start();
    noLength.feed("HTTP/1.1 404 Not Found\r\n\r\nno such path");
    QCOMPARE(noLength.sink.closedCount, 0);
    noLength.driver.endOfInput();
    QCOMPARE(noLength.sink.lastHandshakeFailure.bodyPreview, std::string("no such path"));
    QCOMPARE(noLength.sink.closedCount, 1);
}

void TestDriver::wrongAcceptIsRejected()
{
    Endpoint endpoint(clientOptions());
    endpoint.driver.start();
    endpoint.feed("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                  "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n");
    QCOMPARE(endpoint.sink.lastHandshakeFailure.clientError, ClientHandshakeError::WrongAccept);
    QCOMPARE(endpoint.driver.state(), DriverState::Closed);
    QVERIFY(!endpoint.driver.sendText("x"));
}

void TestDriver::serverRejections_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<int>("status");

    const std::string upgrade = "Upgrade: websocket\r\nConnection: Upgrade\r\nHost: h\r\n";
    QTest::newRow("missing key") << QByteArray::fromStdString("GET / HTTP/1.1\r\n" + upgrade
                                                             + "Sec-WebSocket-Version: 13\r\n\r\n") << 400;
    QTest::newRow("version 12") << QByteArray::fromStdString("GET / HTTP/1.1\r\n" + upgrade
                                                            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                                                              "Sec-WebSocket-Version: 12\r\n\r\n") << 426;
    QTest::newRow("POST upgrade") << QByteArray::fromStdString("POST / HTTP/1.1\r\n" + upgrade
                                                              + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                                                                "Sec-WebSocket-Version: 13\r\n\r\n") << 400;
    QTest::newRow("20 KiB of headers") << QByteArray::fromStdString("GET / HTTP/1.1\r\nX-Big: " + std::string(20480, 'b')
                                                                   + "\r\n\r\n") << 431;
    QTest::newRow("not HTTP") << QByteArray("\x16\x03\x01 hello\r\n\r\n") << 400;
}

void TestDriver::serverRejections()
{
    QFETCH(QByteArray, request);
    QFETCH(int, status);
    for (const auto &chunking : wsi::test::chunkingsFor(std::size_t(request.size()), 2)) {
        Endpoint endpoint(serverOptions());
        wsi::test::feedChunked(request.toStdString(), chunking, [&](const std::uint8_t *data, std::size_t size) {
            endpoint.driver.parse(data, size);
        });
        QCOMPARE(endpoint.sink.lastHandshakeFailure.status, status);
        QCOMPARE(endpoint.sink.lastHandshakeFailure.kind, HandshakeFailureKind::RequestRejected);
        QVERIFY(endpoint.writer.bytes.rfind("HTTP/1.1 " + std::to_string(status) + " ", 0) == 0);
        if (status == 426)
            QVERIFY(endpoint.writer.bytes.find("Sec-WebSocket-Version: 13\r\n") != std::string::npos);
        QCOMPARE(endpoint.driver.state(), DriverState::Closed);
    }
}

void TestDriver::plainHttpRequestIsReported()
{
    Endpoint endpoint(serverOptions());
    endpoint.feed("GET /index.html HTTP/1.1\r\nHost: localhost\r\n\r\n");
    QCOMPARE(endpoint.sink.lastHandshakeFailure.kind, HandshakeFailureKind::PlainHttpRequest);
    QCOMPARE(endpoint.sink.lastHandshakeFailure.request.path, std::string("/index.html"));
    // By default: 426, saying what this endpoint speaks.
    QVERIFY(endpoint.writer.bytes.rfind("HTTP/1.1 426 ", 0) == 0);
    QVERIFY(endpoint.writer.bytes.find("Upgrade: websocket\r\n") != std::string::npos);
    QCOMPARE(endpoint.sink.lastHandshakeFailure.status, 426);
    QCOMPARE(endpoint.driver.state(), DriverState::Closed);

    // A caller's own page instead, written as given.
    DriverOptions withPage = serverOptions();
    withPage.server.plainHttpResponse = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi";
    Endpoint paged(withPage);
    paged.feed("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n");
    QCOMPARE(paged.writer.bytes, withPage.server.plainHttpResponse);
}

void TestDriver::framesPipelinedBehindHandshake()
{
    Pair pair(clientOptions(), serverOptions());
    pair.client.driver.start();
    const std::string request = pair.client.writer.take();
    pair.server.feed(request + maskedFrame(0x81, "early"));
    QCOMPARE(pair.server.sink.messages.back(), std::string("early"));
    // And a server's first message in the same read as its 101.
    const std::string response = pair.server.writer.take();
    pair.client.feed(response + fromHex("81 02 6f 6b"));
    QCOMPARE(pair.client.sink.messages.back(), std::string("ok"));
}

void TestDriver::rawFramesReachThePeerAsWritten()
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

void TestDriver::rawRequestOverride()
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

void TestDriver::outgoingFramesAreReported()
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
void TestDriver::dataFramesUnreportedWhenOff_data()
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

void TestDriver::dataFramesUnreportedWhenOff()
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

// A server's sends write the same bytes with or without frame events, in every length form
// (7, 16 and 64-bit), fragmented or compressed too.
void TestDriver::unreportedSendsWriteTheSameBytes_data()
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

void TestDriver::unreportedSendsWriteTheSameBytes()
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
void TestDriver::inputPositionIsExact_data()
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

void TestDriver::inputPositionIsExact()
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
void TestDriver::inputPositionBeforeTheHandshake()
{
    Endpoint endpoint(serverOptions());
    endpoint.feed("GET / HTTP/1.1\r\nHost: example.com\r\nUpgr");
    QCOMPARE(endpoint.driver.state(), DriverState::Connecting);
    QCOMPARE(describePosition(endpoint.driver.inputPosition()),
             std::string("header=0 payload=0 op=0 len=0 received=0 fragmented=0"));
}

QTEST_APPLESS_MAIN(TestDriver)
#include "tst_driver.moc"
