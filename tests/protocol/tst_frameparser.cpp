// SPDX-License-Identifier: MIT
// The incremental FrameParser: golden vectors and every error, fed whole, byte by byte and
// in random splits with identical events; the frame size limit and how payloads are delivered.
#include "FrameCodecTestSupport.h"

class tst_FrameParser : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parseGoldenVectors_data();
    void parseGoldenVectors();
    void parseErrors_data();
    void parseErrors();
    void randomFramesRoundTrip();
    void oversizedFrameIsNotBuffered();
    void maxFrameSizeBoundary();
    void payloadIsDeliveredAsItArrives();
    void largeMaskedPayloadIsUnmaskedInPieces();
    void nothingIsConsumedAfterAnError();
};

// ---- parsing -------------------------------------------------------------------------------

void tst_FrameParser::parseGoldenVectors_data()
{
    QTest::addColumn<Role>("role");
    QTest::addColumn<std::string>("stream");
    QTest::addColumn<Events>("expected");

    const std::string hello = "Hello";
    const std::string helloHex = hexOf(hello);

    QTest::newRow("single-frame unmasked text Hello (5.7)")
        << Role::Client << fromHex("810548656c6c6f")
        << Events{"header fin=1 rsv=000 op=text mask=0 len=5 raw=8105 at=0", "end payload=" + helloHex};
    QTest::newRow("single-frame masked text Hello (5.7)")
        << Role::Server << fromHex("818537fa213d7f9f4d5158")
        << Events{"header fin=1 rsv=000 op=text mask=1 key=37fa213d len=5 raw=818537fa213d at=0",
                  "end payload=" + helloHex};
    QTest::newRow("fragmented unmasked text Hel + lo (5.7)")
        << Role::Client << fromHex("010348656c80026c6f")
        << Events{"header fin=0 rsv=000 op=text mask=0 len=3 raw=0103 at=0", "end payload=48656c",
                  "header fin=1 rsv=000 op=continuation mask=0 len=2 raw=8002 at=5", "end payload=6c6f"};
    QTest::newRow("unmasked ping Hello (5.7)")
        << Role::Client << fromHex("890548656c6c6f")
        << Events{"header fin=1 rsv=000 op=ping mask=0 len=5 raw=8905 at=0", "end payload=" + helloHex};
    QTest::newRow("masked pong Hello (5.7)")
        << Role::Server << fromHex("8a8537fa213d7f9f4d5158")
        << Events{"header fin=1 rsv=000 op=pong mask=1 key=37fa213d len=5 raw=8a8537fa213d at=0",
                  "end payload=" + helloHex};

    const std::string b256 = patternBytes(256, 2);
    QTest::newRow("256-byte unmasked binary, 16-bit length (5.7)")
        << Role::Client << fromHex("827e0100") + b256
        << Events{"header fin=1 rsv=000 op=binary mask=0 len=256 raw=827e0100 at=0",
                  "end payload=" + describePayload(b256)};
    QTest::newRow("256-byte masked binary, 16-bit length")
        << Role::Server << frame(maskedHeader(0x2, 256, rfcKey), b256)
        << Events{"header fin=1 rsv=000 op=binary mask=1 key=37fa213d len=256 raw=82fe010037fa213d at=0",
                  "end payload=" + describePayload(b256)};
    const std::string b64k = patternBytes(65536, 4);
    QTest::newRow("64KiB unmasked binary, 64-bit length (5.7)")
        << Role::Client << fromHex("827f0000000000010000") + b64k
        << Events{"header fin=1 rsv=000 op=binary mask=0 len=65536 raw=827f0000000000010000 at=0",
                  "end payload=" + describePayload(b64k)};
    QTest::newRow("64KiB masked binary, 64-bit length")
        << Role::Server << frame(maskedHeader(0x2, 65536, {9, 8, 7, 6}), b64k)
        << Events{"header fin=1 rsv=000 op=binary mask=1 key=09080706 len=65536 raw=82ff000000000001000009080706 at=0",
                  "end payload=" + describePayload(b64k)};

    QTest::newRow("empty frames: text, close, masked ping")
        << Role::Client << fromHex("81008800")
        << Events{"header fin=1 rsv=000 op=text mask=0 len=0 raw=8100 at=0", "end payload=",
                  "header fin=1 rsv=000 op=close mask=0 len=0 raw=8800 at=2", "end payload="};
    QTest::newRow("empty masked ping to a server")
        << Role::Server << fromHex("898001020304")
        << Events{"header fin=1 rsv=000 op=ping mask=1 key=01020304 len=0 raw=898001020304 at=0", "end payload="};
    QTest::newRow("ping between two fragments, stream offsets exact")
        << Role::Client << fromHex("010348656c") + fromHex("89026869") + fromHex("80026c6f")
        << Events{"header fin=0 rsv=000 op=text mask=0 len=3 raw=0103 at=0", "end payload=48656c",
                  "header fin=1 rsv=000 op=ping mask=0 len=2 raw=8902 at=5", "end payload=6869",
                  "header fin=1 rsv=000 op=continuation mask=0 len=2 raw=8002 at=9", "end payload=6c6f"};
    QTest::newRow("close with code 1000 and a reason")
        << Role::Client << fromHex("880403e86f6b")
        << Events{"header fin=1 rsv=000 op=close mask=0 len=4 raw=8804 at=0", "end payload=03e86f6b"};
    QTest::newRow("masked Hello then masked Hello with another key, key phase restarts")
        << Role::Server << fromHex("818537fa213d7f9f4d5158") + frame(maskedHeader(0x1, 5, {0xff, 0, 0xff, 0}), hello)
        << Events{"header fin=1 rsv=000 op=text mask=1 key=37fa213d len=5 raw=818537fa213d at=0",
                  "end payload=" + helloHex,
                  "header fin=1 rsv=000 op=text mask=1 key=ff00ff00 len=5 raw=8185ff00ff00 at=11",
                  "end payload=" + helloHex};
    FrameHeader compressed = header(0x1, 3);
    compressed.rsv1 = true;
    QTest::newRow("RSV1 on a text frame when permessage-deflate allows it")
        << Role::Client << frame(compressed, "abc")
        << Events{"header fin=1 rsv=100 op=text mask=0 len=3 raw=c103 at=0", "end payload=616263"};
    QTest::newRow("control frame of exactly 125 bytes")
        << Role::Client << frame(header(0x9, 125), std::string(125, 'p'))
        << Events{"header fin=1 rsv=000 op=ping mask=0 len=125 raw=897d at=0",
                  "end payload=" + describePayload(std::string(125, 'p'))};
}

void tst_FrameParser::parseGoldenVectors()
{
    QFETCH(Role, role);
    QFETCH(std::string, stream);
    QFETCH(Events, expected);
    const Run run = runAllChunkings(optionsFor(role, 64ull * 1024 * 1024, true), stream);
    QCOMPARE(joined(run.events), joined(expected));
    QCOMPARE(run.consumed, std::uint64_t(stream.size()));
}

void tst_FrameParser::parseErrors_data()
{
    QTest::addColumn<Role>("role");
    QTest::addColumn<qulonglong>("maxFrameSize");
    QTest::addColumn<bool>("allowRsv1");
    QTest::addColumn<std::string>("stream");
    QTest::addColumn<int>("error");
    QTest::addColumn<int>("closeCode");
    QTest::addColumn<QByteArray>("message");
    QTest::addColumn<int>("consumed");
    QTest::addColumn<int>("framesBefore");

    const auto C = Role::Client;
    const auto S = Role::Server;
    const qulonglong D = 64ull * 1024 * 1024;
    const auto E = [](ProtocolError e) { return int(e); };
    using PE = ProtocolError;

    QTest::newRow("reserved opcode 0x3") << C << D << false << fromHex("8300") << E(PE::ReservedOpcode) << 1002
                                         << QByteArray("frame uses reserved opcode 0x3") << 2 << 0;
    QTest::newRow("reserved opcode 0x7") << C << D << false << fromHex("8700") << E(PE::ReservedOpcode) << 1002
                                         << QByteArray("reserved opcode 0x7") << 2 << 0;
    QTest::newRow("reserved control opcode 0xb") << S << D << false << fromHex("8b80") << E(PE::ReservedOpcode)
                                                 << 1002 << QByteArray("reserved opcode 0xb") << 2 << 0;
    QTest::newRow("reserved control opcode 0xf") << C << D << false << fromHex("0f00") << E(PE::ReservedOpcode)
                                                 << 1002 << QByteArray("reserved opcode 0xf") << 2 << 0;
    QTest::newRow("RSV1 without an extension") << C << D << false << fromHex("c100") << E(PE::ReservedBitsSet)
                                               << 1002 << QByteArray("sets reserved bit RSV1") << 2 << 0;
    QTest::newRow("RSV2 without an extension") << C << D << false << fromHex("a100") << E(PE::ReservedBitsSet)
                                               << 1002 << QByteArray("sets reserved bit RSV2 ") << 2 << 0;
    QTest::newRow("RSV3 without an extension") << S << D << false << fromHex("9180") << E(PE::ReservedBitsSet)
                                               << 1002 << QByteArray("sets reserved bit RSV3 ") << 2 << 0;
    QTest::newRow("RSV2 and RSV3 with deflate claiming only RSV1")
        << C << D << true << fromHex("f100") << E(PE::ReservedBitsSet) << 1002
        << QByteArray("sets reserved bit RSV2, RSV3 ") << 2 << 0;
    QTest::newRow("RSV1 on a ping with deflate") << C << D << true << fromHex("c900")
                                                 << E(PE::CompressedControlFrame) << 1002
                                                 << QByteArray("control frame (ping) has RSV1 set") << 2 << 0;
    QTest::newRow("RSV1 on a continuation with deflate")
        << C << D << true << fromHex("4103616263c000") << E(PE::CompressedContinuation) << 1002
        << QByteArray("continuation frame has RSV1 set") << 7 << 1;
    QTest::newRow("fragmented ping") << C << D << false << fromHex("0900") << E(PE::ControlFrameFragmented) << 1002
                                     << QByteArray("control frame (ping) has FIN=0") << 2 << 0;
    QTest::newRow("fragmented close") << S << D << false << fromHex("088001020304")
                                      << E(PE::ControlFrameFragmented) << 1002
                                      << QByteArray("control frame (close) has FIN=0") << 2 << 0;
    QTest::newRow("unmasked frame to a server") << S << D << false << fromHex("810548656c6c6f")
                                                << E(PE::MaskRequired) << 1002
                                                << QByteArray("server received an unmasked frame (text)") << 2 << 0;
    QTest::newRow("masked frame to a client") << C << D << false << fromHex("818537fa213d7f9f4d5158")
                                              << E(PE::MaskForbidden) << 1002
                                              << QByteArray("client received a masked frame (text)") << 2 << 0;
    QTest::newRow("ping payload of 126 bytes") << C << D << false << fromHex("897e007e") + std::string(126, 'x')
                                               << E(PE::ControlFrameTooLarge) << 1002
                                               << QByteArray("control frame (ping) payload of 126 bytes exceeds 125 "
                                                             "(RFC 6455 section 5.5)")
                                               << 4 << 0;
    QTest::newRow("masked close payload of 65536 bytes")
        << S << D << false << fromHex("88ff000000000001000001020304") << E(PE::ControlFrameTooLarge) << 1002
        << QByteArray("control frame (close) payload of 65536 bytes exceeds 125") << 10 << 0;
    QTest::newRow("16-bit length 125") << C << D << false << fromHex("827e007d") << E(PE::NonMinimalLength) << 1002
                                       << QByteArray("payload length 125 sent in 16-bit form") << 4 << 0;
    QTest::newRow("16-bit length 0") << C << D << false << fromHex("827e0000") << E(PE::NonMinimalLength) << 1002
                                     << QByteArray("payload length 0 sent in 16-bit form") << 4 << 0;
    QTest::newRow("64-bit length 65535") << S << D << false << fromHex("82ff000000000000ffff")
                                         << E(PE::NonMinimalLength) << 1002
                                         << QByteArray("payload length 65535 sent in 64-bit form") << 10 << 0;
    QTest::newRow("64-bit length 5") << C << D << false << fromHex("817f0000000000000005") << E(PE::NonMinimalLength)
                                     << 1002 << QByteArray("payload length 5 sent in 64-bit form") << 10 << 0;
    QTest::newRow("ping with a 16-bit length of 5") << C << D << false << fromHex("897e0005")
                                                    << E(PE::NonMinimalLength) << 1002
                                                    << QByteArray("payload length 5 sent in 16-bit form") << 4 << 0;
    QTest::newRow("64-bit length with the high bit set")
        << C << D << false << fromHex("827f8000000000000000") << E(PE::LengthHighBitSet) << 1002
        << QByteArray("64-bit payload length 0x8000000000000000 has its most significant bit set") << 10 << 0;
    QTest::newRow("all-ones 64-bit length") << C << D << false << fromHex("827fffffffffffffffff")
                                            << E(PE::LengthHighBitSet) << 1002
                                            << QByteArray("0xffffffffffffffff") << 10 << 0;
    QTest::newRow("7-bit length over the limit") << C << 100ull << false << fromHex("8265")
                                                 << E(PE::FrameTooLarge) << 1009
                                                 << QByteArray("frame payload of 101 bytes exceeds the maximum "
                                                               "frame size of 100 bytes")
                                                 << 2 << 0;
    QTest::newRow("16-bit length over the limit") << C << 1000ull << false << fromHex("827e03e9")
                                                  << E(PE::FrameTooLarge) << 1009
                                                  << QByteArray("frame payload of 1001 bytes") << 4 << 0;
    QTest::newRow("64-bit length over the default 64 MiB limit")
        << C << D << false << fromHex("827f0000000004000001") << E(PE::FrameTooLarge) << 1009
        << QByteArray("frame payload of 67108865 bytes exceeds the maximum frame size of 67108864 bytes") << 10 << 0;
    QTest::newRow("masked frame over the limit fails before its mask key")
        << S << 10ull << false << fromHex("828b01020304") + std::string(11, 'x') << E(PE::FrameTooLarge) << 1009
        << QByteArray("frame payload of 11 bytes") << 2 << 0;
    QTest::newRow("error after a valid frame") << C << D << false << fromHex("810548656c6c6f8300")
                                               << E(PE::ReservedOpcode) << 1002 << QByteArray("0x3") << 9 << 1;
    QTest::newRow("bytes after the bad header are not consumed")
        << C << D << false << fromHex("8b00ffffffff8105") << E(PE::ReservedOpcode) << 1002 << QByteArray("0xb") << 2
        << 0;
}

void tst_FrameParser::parseErrors()
{
    QFETCH(Role, role);
    QFETCH(qulonglong, maxFrameSize);
    QFETCH(bool, allowRsv1);
    QFETCH(std::string, stream);
    QFETCH(int, error);
    QFETCH(int, closeCode);
    QFETCH(QByteArray, message);
    QFETCH(int, consumed);
    QFETCH(int, framesBefore);

    const auto expectedError = ProtocolError(error);
    const Run run = runAllChunkings(optionsFor(role, maxFrameSize, allowRsv1), stream);
    QVERIFY(!run.events.empty());
    QCOMPARE(run.consumed, std::uint64_t(consumed));
    // Complete frames before the bad one (header + end each), then only the error.
    QCOMPARE(run.events.size(), std::size_t(2 * framesBefore + 1));
    const std::string &last = run.events.back();
    const std::string prefix = std::string("error ") + protocolErrorId(expectedError) + " code="
        + std::to_string(closeCode) + ": ";
    QVERIFY2(last.rfind(prefix, 0) == 0, last.c_str());
    QVERIFY2(last.find(message.toStdString()) != std::string::npos, last.c_str());
    QCOMPARE(int(closeCodeFor(expectedError)), closeCode);
}

void tst_FrameParser::randomFramesRoundTrip()
{
    // Random valid frames, encoded by encodeFrameHeader and masked by applyMask, parse back
    // to the same headers and payloads in both roles, in every chunking.
    std::mt19937 rng(2024);
    for (Role role : {Role::Client, Role::Server}) {
        for (int round = 0; round < 20; ++round) {
            std::string stream;
            Events expected;
            const int frames = 1 + int(rng() % 6);
            for (int f = 0; f < frames; ++f) {
                static const std::uint8_t opcodes[] = {0x0, 0x1, 0x2, 0x8, 0x9, 0xA};
                const std::uint8_t op = opcodes[rng() % 6];
                const bool control = isControlOpcode(op);
                static const std::size_t sizes[] = {0, 1, 7, 125, 126, 127, 300, 65535, 65536, 70001};
                std::size_t len = sizes[rng() % (control ? 4 : 10)];
                FrameHeader h = header(op, len, control || rng() % 2);
                h.masked = role == Role::Server;
                h.maskKey = {std::uint8_t(rng()), std::uint8_t(rng()), std::uint8_t(rng()), std::uint8_t(rng())};
                const std::string payload = patternBytes(len, rng());
                const EncodedHeader e = encodeFrameHeader(h);
                expected.push_back(std::string("header fin=") + (h.fin ? "1" : "0") + " rsv=000 op=" + opcodeName(op)
                                   + " mask=" + (h.masked ? "1 key=" + hexOf(h.maskKey.data(), 4) : std::string("0"))
                                   + " len=" + std::to_string(len) + " raw=" + hexOf(e.bytes.data(), e.size)
                                   + " at=" + std::to_string(stream.size()));
                expected.push_back("end payload=" + describePayload(payload));
                stream += frame(h, payload);
            }
            const Run run = runAllChunkings(optionsFor(role), stream);
            QCOMPARE(joined(run.events), joined(expected));
        }
    }
}

// ---- limits and delivery -------------------------------------------------------------------

void tst_FrameParser::oversizedFrameIsNotBuffered()
{
    // A frame announcing 1 TiB against a 1000-byte limit: the error comes as soon as the 10
    // header bytes are in, with no payload delivered and nothing allocated for it.
    FrameRecorder recorder;
    FrameParser parser(optionsFor(Role::Client, 1000), recorder);
    const std::string head = fromHex("827f0000010000000000");
    for (std::size_t i = 0; i + 1 < head.size(); ++i) {
        QCOMPARE(parser.parse(reinterpret_cast<const std::uint8_t *>(head.data()) + i, 1), std::size_t(1));
        QVERIFY2(!parser.hasError(), "error before the length was complete");
    }
    QCOMPARE(parser.parse(reinterpret_cast<const std::uint8_t *>(head.data()) + head.size() - 1, 1), std::size_t(1));
    QVERIFY(parser.hasError());
    QCOMPARE(parser.error(), ProtocolError::FrameTooLarge);
    QCOMPARE(closeCodeFor(parser.error()), std::uint16_t(1009));
    QCOMPARE(parser.streamOffset(), std::uint64_t(10));
    QCOMPARE(recorder.payloadCalls, 0);
    QVERIFY(recorder.events.empty()); // no header event for a frame that is refused

    // The payload that follows is refused without being looked at.
    const std::string payload(4096, 'x');
    QCOMPARE(parser.parse(reinterpret_cast<const std::uint8_t *>(payload.data()), payload.size()), std::size_t(0));
    QCOMPARE(recorder.payloadCalls, 0);
}

void tst_FrameParser::maxFrameSizeBoundary()
{
    // Exactly the limit is fine; one byte more is not.
    const std::string payload(300, 'a');
    const Run atLimit = runAllChunkings(optionsFor(Role::Client, 300), frame(header(0x2, 300), payload));
    QCOMPARE(atLimit.events.size(), std::size_t(2));
    QCOMPARE(atLimit.events.back(), "end payload=" + describePayload(payload));
    const Run over = runAllChunkings(optionsFor(Role::Client, 299), frame(header(0x2, 300), payload));
    QCOMPARE(over.events.size(), std::size_t(1));
    QVERIFY2(over.events.back().rfind("error frame-too-large code=1009", 0) == 0, over.events.back().c_str());
    QCOMPARE(over.consumed, std::uint64_t(4));

    // A limit of 0 still allows empty frames.
    const Run empty = runAllChunkings(optionsFor(Role::Client, 0), fromHex("8100"));
    QCOMPARE(empty.events.size(), std::size_t(2));
}

void tst_FrameParser::payloadIsDeliveredAsItArrives()
{
    // Header plus 10 of 1000 payload bytes: the 10 bytes are delivered now, unmasked, and
    // the frame is not ended; the rest arrives in two more pieces.
    for (Role role : {Role::Client, Role::Server}) {
        FrameHeader h = header(0x2, 1000);
        h.masked = role == Role::Server;
        h.maskKey = rfcKey;
        const std::string payload = patternBytes(1000, 8);
        const std::string wire = frame(h, payload);
        const std::size_t headerSize = wire.size() - 1000;

        FrameRecorder recorder;
        FrameParser parser(optionsFor(role), recorder);
        const auto *p = reinterpret_cast<const std::uint8_t *>(wire.data());
        QCOMPARE(parser.parse(p, headerSize + 10), headerSize + 10);
        QCOMPARE(recorder.events.size(), std::size_t(1));
        QCOMPARE(recorder.payloadCalls, 1);
        QCOMPARE(recorder.payload, payload.substr(0, 10));
        QCOMPARE(parser.parse(p + headerSize + 10, 500), std::size_t(500));
        QCOMPARE(recorder.payloadCalls, 2);
        QCOMPARE(recorder.events.size(), std::size_t(1));
        QCOMPARE(parser.parse(p + headerSize + 510, 490), std::size_t(490));
        QCOMPARE(recorder.payloadCalls, 3);
        QCOMPARE(recorder.events.size(), std::size_t(2));
        QCOMPARE(recorder.payload, payload);
        QCOMPARE(parser.streamOffset(), std::uint64_t(wire.size()));
    }
}

void tst_FrameParser::largeMaskedPayloadIsUnmaskedInPieces()
{
    // One 1 MiB masked frame fed at once: delivered correctly, in bounded pieces, followed
    // by a second frame in the same chunk.
    const std::string payload = patternBytes(1024 * 1024 + 5, 12);
    const std::string wire = frame(maskedHeader(0x2, payload.size(), {0x01, 0x80, 0xfe, 0x7f}), payload)
        + frame(maskedHeader(0x1, 2, rfcKey), "ok");
    FrameRecorder recorder;
    FrameParser parser(optionsFor(Role::Server), recorder);
    QCOMPARE(parser.parse(reinterpret_cast<const std::uint8_t *>(wire.data()), wire.size()), wire.size());
    QVERIFY(!parser.hasError());
    QCOMPARE(recorder.events.size(), std::size_t(4));
    QCOMPARE(recorder.events[1], "end payload=" + describePayload(payload));
    QCOMPARE(recorder.events[3], std::string("end payload=6f6b"));
    QVERIFY(recorder.payloadCalls > 2);
}

void tst_FrameParser::nothingIsConsumedAfterAnError()
{
    FrameRecorder recorder;
    FrameParser parser(optionsFor(Role::Server), recorder);
    const std::string wire = fromHex("8105") + "Hello";
    QCOMPARE(parser.parse(reinterpret_cast<const std::uint8_t *>(wire.data()), wire.size()), std::size_t(2));
    QCOMPARE(parser.error(), ProtocolError::MaskRequired);
    const std::string message = parser.errorMessage();
    const std::string good = frame(maskedHeader(0x1, 2, rfcKey), "ok");
    QCOMPARE(parser.parse(reinterpret_cast<const std::uint8_t *>(good.data()), good.size()), std::size_t(0));
    QCOMPARE(parser.error(), ProtocolError::MaskRequired);
    QCOMPARE(parser.errorMessage(), message);
    QCOMPARE(parser.streamOffset(), std::uint64_t(2));
    QVERIFY(recorder.events.empty());
}

QTEST_GUILESS_MAIN(tst_FrameParser)
#include "tst_frameparser.moc"
