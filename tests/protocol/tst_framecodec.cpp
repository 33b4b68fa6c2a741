// SPDX-License-Identifier: MIT
// The frame layer: header encoding, masking, and FrameParser in both roles, including the
// RFC 6455 section 5.7 examples as golden vectors and every frame-level error. Every
// stream is fed whole, byte by byte and in random splits, with identical events.
#include "protocol/FrameHeader.h"
#include "protocol/FrameParser.h"
#include "protocol/Masking.h"
#include "protocol/Opcode.h"
#include "protocol/ProtocolError.h"
#include "support/Chunking.h"

#include <QtTest/QtTest>

#include <cstring>
#include <random>
#include <string>
#include <vector>

using namespace wsi::protocol;

namespace {

using Events = std::vector<std::string>;

std::string hexOf(const std::uint8_t *data, std::size_t size)
{
    static const char digits[] = "0123456789abcdef";
    std::string out;
    for (std::size_t i = 0; i < size; ++i) {
        out += digits[data[i] >> 4];
        out += digits[data[i] & 0xf];
    }
    return out;
}

std::string hexOf(const std::string &s)
{
    return hexOf(reinterpret_cast<const std::uint8_t *>(s.data()), s.size());
}

std::string fromHex(const char *hex)
{
    const QByteArray b = QByteArray::fromHex(QByteArray(hex));
    return std::string(b.constData(), std::size_t(b.size()));
}

// Payloads are shown in full when short, else by size and an FNV-1a hash.
std::string describePayload(const std::string &payload)
{
    if (payload.size() <= 64)
        return hexOf(payload);
    std::uint64_t h = 14695981039346656037ull;
    for (unsigned char c : payload)
        h = (h ^ c) * 1099511628211ull;
    char buf[64];
    std::snprintf(buf, sizeof buf, "%zu bytes fnv %016llx", payload.size(), static_cast<unsigned long long>(h));
    return buf;
}

// One line per frame header and per frame end (with the whole frame's payload), so the
// events do not depend on how the payload was split.
class FrameRecorder : public FrameParserListener
{
public:
    void onFrameHeader(const FrameHeader &h, const std::uint8_t *raw, std::size_t rawSize,
                       std::uint64_t streamOffset) override
    {
        std::string line = std::string("header fin=") + (h.fin ? "1" : "0") + " rsv=" + (h.rsv1 ? "1" : "0")
            + (h.rsv2 ? "1" : "0") + (h.rsv3 ? "1" : "0") + " op=" + opcodeName(h.opcode)
            + " mask=" + (h.masked ? "1 key=" + hexOf(h.maskKey.data(), 4) : std::string("0"))
            + " len=" + std::to_string(h.payloadLength) + " raw=" + hexOf(raw, rawSize)
            + " at=" + std::to_string(streamOffset);
        events.push_back(line);
        payload.clear();
        inFrame = true;
    }
    void onFramePayload(const std::uint8_t *data, std::size_t size) override
    {
        if (!inFrame)
            events.push_back("payload outside a frame");
        payload.append(reinterpret_cast<const char *>(data), size);
        ++payloadCalls;
    }
    void onFrameEnd() override
    {
        events.push_back("end payload=" + describePayload(payload));
        inFrame = false;
    }

    Events events;
    std::string payload;
    bool inFrame = false;
    int payloadCalls = 0;
};

struct Run {
    Events events;
    std::uint64_t consumed = 0;
};

FrameParserOptions optionsFor(Role role, std::uint64_t maxFrameSize = 64ull * 1024 * 1024, bool rsv1 = false)
{
    FrameParserOptions o;
    o.role = role;
    o.maxFrameSize = maxFrameSize;
    o.allowRsv1 = rsv1;
    return o;
}

// Feeds the stream in the given chunking; the error (if any) becomes the last event.
Run runParser(const FrameParserOptions &options, const std::string &stream, const wsi::test::Chunking &chunking)
{
    FrameRecorder recorder;
    FrameParser parser(options, recorder);
    Run run;
    wsi::test::feedChunked(stream, chunking, [&](const std::uint8_t *data, std::size_t size) {
        const bool failedBefore = parser.hasError();
        const std::size_t n = parser.parse(data, size);
        if (failedBefore && n != 0)
            recorder.events.push_back("consumed bytes after an error");
        if (!parser.hasError() && n != size)
            recorder.events.push_back("stopped early without an error");
        run.consumed += n;
    });
    if (run.consumed != parser.streamOffset())
        recorder.events.push_back("streamOffset " + std::to_string(parser.streamOffset()) + " != consumed");
    if (parser.hasError()) {
        recorder.events.push_back(std::string("error ") + protocolErrorId(parser.error()) + " code="
                                  + std::to_string(closeCodeFor(parser.error())) + ": " + parser.errorMessage());
    }
    run.events = std::move(recorder.events);
    return run;
}

QByteArray joined(const Events &events)
{
    QByteArray out;
    for (const auto &e : events)
        out += QByteArray::fromStdString(e) + '\n';
    return out;
}

// Runs every chunking and checks they all give the same events as the whole stream.
Run runAllChunkings(const FrameParserOptions &options, const std::string &stream)
{
    const auto chunkings = wsi::test::chunkingsFor(stream.size(), 8, 42);
    const Run whole = runParser(options, stream, chunkings.front());
    for (std::size_t i = 1; i < chunkings.size(); ++i) {
        const Run other = runParser(options, stream, chunkings[i]);
        if (joined(other.events) != joined(whole.events) || other.consumed != whole.consumed) {
            qWarning("chunking '%s' differs", chunkings[i].name.c_str());
            [&] { QCOMPARE(joined(other.events), joined(whole.events)); }();
            return {};
        }
    }
    return whole;
}

std::string patternBytes(std::size_t size, std::uint32_t seed = 1)
{
    std::string out(size, '\0');
    std::mt19937 rng(seed);
    for (auto &c : out)
        c = static_cast<char>(rng());
    return out;
}

std::string masked(std::string payload, const MaskKey &key)
{
    applyMask(reinterpret_cast<std::uint8_t *>(payload.data()), payload.size(), key);
    return payload;
}

std::string frame(const FrameHeader &h, const std::string &payload, LengthEncoding enc = LengthEncoding::Minimal)
{
    const EncodedHeader e = encodeFrameHeader(h, enc);
    std::string out(reinterpret_cast<const char *>(e.bytes.data()), e.size);
    return out + (h.masked ? masked(payload, h.maskKey) : payload);
}

FrameHeader header(std::uint8_t opcode, std::uint64_t length, bool fin = true)
{
    FrameHeader h;
    h.opcode = opcode;
    h.payloadLength = length;
    h.fin = fin;
    return h;
}

FrameHeader maskedHeader(std::uint8_t opcode, std::uint64_t length, MaskKey key, bool fin = true)
{
    FrameHeader h = header(opcode, length, fin);
    h.masked = true;
    h.maskKey = key;
    return h;
}

void naiveMask(std::uint8_t *data, std::size_t size, const MaskKey &key, std::uint64_t offset)
{
    for (std::size_t i = 0; i < size; ++i)
        data[i] ^= key[(offset + i) % 4];
}

const MaskKey rfcKey = {0x37, 0xfa, 0x21, 0x3d};

} // namespace

Q_DECLARE_METATYPE(Events)
Q_DECLARE_METATYPE(FrameHeader)
Q_DECLARE_METATYPE(LengthEncoding)
Q_DECLARE_METATYPE(std::string)

class tst_FrameCodec : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void encodeHeader_data();
    void encodeHeader();
    void encodedHeaderParsesBack_data();
    void encodedHeaderParsesBack();

    void maskRfcExample();
    void maskEveryOffsetAndLength();
    void maskInChunksMatchesWhole();
    void maskLargeBuffer();

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

// ---- header encoding -------------------------------------------------------------------

void tst_FrameCodec::encodeHeader_data()
{
    QTest::addColumn<FrameHeader>("header");
    QTest::addColumn<LengthEncoding>("encoding");
    QTest::addColumn<QByteArray>("expected");

    const auto M = LengthEncoding::Minimal;
    FrameHeader h;

    // RFC 6455 section 5.7.
    QTest::newRow("unmasked text Hello (5.7)") << header(0x1, 5) << M << QByteArray("8105");
    QTest::newRow("masked text Hello (5.7)") << maskedHeader(0x1, 5, rfcKey) << M << QByteArray("818537fa213d");
    QTest::newRow("first fragment Hel (5.7)") << header(0x1, 3, false) << M << QByteArray("0103");
    QTest::newRow("last fragment lo (5.7)") << header(0x0, 2) << M << QByteArray("8002");
    QTest::newRow("unmasked ping Hello (5.7)") << header(0x9, 5) << M << QByteArray("8905");
    QTest::newRow("masked pong Hello (5.7)") << maskedHeader(0xA, 5, rfcKey) << M << QByteArray("8a8537fa213d");
    QTest::newRow("256-byte binary (5.7)") << header(0x2, 256) << M << QByteArray("827e0100");
    QTest::newRow("64KiB binary (5.7)") << header(0x2, 65536) << M << QByteArray("827f0000000000010000");

    QTest::newRow("empty close") << header(0x8, 0) << M << QByteArray("8800");
    QTest::newRow("non-final continuation") << header(0x0, 0, false) << M << QByteArray("0000");
    QTest::newRow("125 bytes is the largest 7-bit length") << header(0x2, 125) << M << QByteArray("827d");
    QTest::newRow("126 bytes needs 16 bits") << header(0x2, 126) << M << QByteArray("827e007e");
    QTest::newRow("65535 bytes is the largest 16-bit length") << header(0x2, 65535) << M << QByteArray("827effff");
    QTest::newRow("masked 64-bit length") << maskedHeader(0x2, 0x123456789aull, {1, 2, 3, 4}) << M
                                          << QByteArray("82ff000000123456789a01020304");
    QTest::newRow("length with the high bit is written as given")
        << header(0x2, 0x8000000000000000ull) << M << QByteArray("827f8000000000000000");
    h = header(0x1, 0);
    h.rsv1 = true;
    QTest::newRow("RSV1") << h << M << QByteArray("c100");
    h = header(0x1, 0);
    h.rsv2 = true;
    QTest::newRow("RSV2") << h << M << QByteArray("a100");
    h = header(0x1, 0);
    h.rsv3 = true;
    QTest::newRow("RSV3") << h << M << QByteArray("9100");
    h = header(0xF, 1, false);
    h.rsv1 = h.rsv2 = h.rsv3 = true;
    QTest::newRow("all bits of byte 0 but FIN") << h << M << QByteArray("7f01");
    QTest::newRow("reserved opcode 0x3") << header(0x3, 0) << M << QByteArray("8300");

    QTest::newRow("forced 16-bit length for 5 bytes") << header(0x2, 5) << LengthEncoding::Force16
                                                      << QByteArray("827e0005");
    QTest::newRow("forced 64-bit length for 5 bytes") << header(0x2, 5) << LengthEncoding::Force64
                                                      << QByteArray("827f0000000000000005");
    QTest::newRow("forced 64-bit length for 300 bytes, masked")
        << maskedHeader(0x1, 300, rfcKey) << LengthEncoding::Force64 << QByteArray("81ff000000000000012c37fa213d");
    QTest::newRow("forced 16-bit length too large falls back to 64 bits")
        << header(0x2, 70000) << LengthEncoding::Force16 << QByteArray("827f0000000000011170");
    QTest::newRow("forced 16-bit for a 16-bit length is the minimal form")
        << header(0x2, 1000) << LengthEncoding::Force16 << QByteArray("827e03e8");
}

void tst_FrameCodec::encodeHeader()
{
    QFETCH(FrameHeader, header);
    QFETCH(LengthEncoding, encoding);
    QFETCH(QByteArray, expected);
    const EncodedHeader e = encodeFrameHeader(header, encoding);
    QCOMPARE(QByteArray(reinterpret_cast<const char *>(e.bytes.data()), qsizetype(e.size)).toHex(), expected);
    if (encoding == LengthEncoding::Minimal) {
        const EncodedHeader viaDefault = encodeFrameHeader(header);
        QCOMPARE(viaDefault.size, e.size);
        QVERIFY(std::equal(e.bytes.begin(), e.bytes.begin() + qsizetype(e.size), viaDefault.bytes.begin()));
    }
}

void tst_FrameCodec::encodedHeaderParsesBack_data()
{
    QTest::addColumn<FrameHeader>("header");
    QTest::newRow("final text 0") << header(0x1, 0);
    QTest::newRow("non-final binary 125") << header(0x2, 125, false);
    QTest::newRow("continuation 126") << header(0x0, 126);
    QTest::newRow("binary 65535") << header(0x2, 65535);
    QTest::newRow("binary 65536") << header(0x2, 65536);
    QTest::newRow("ping 125") << header(0x9, 125);
    QTest::newRow("binary 2^40") << header(0x2, 1ull << 40);
}

void tst_FrameCodec::encodedHeaderParsesBack()
{
    // The encoder and the parser agree on every field, in both roles.
    QFETCH(FrameHeader, header);
    for (Role role : {Role::Client, Role::Server}) {
        FrameHeader h = header;
        h.masked = role == Role::Server;
        h.maskKey = {0xde, 0xad, 0xbe, 0xef};
        const EncodedHeader e = encodeFrameHeader(h);

        struct Catch : FrameParserListener {
            void onFrameHeader(const FrameHeader &fh, const std::uint8_t *, std::size_t size, std::uint64_t) override
            {
                got = fh;
                rawSize = size;
                ++headers;
            }
            void onFramePayload(const std::uint8_t *, std::size_t) override {}
            void onFrameEnd() override {}
            FrameHeader got;
            std::size_t rawSize = 0;
            int headers = 0;
        } listener;
        FrameParser parser(optionsFor(role, ~0ull >> 1), listener);
        QCOMPARE(parser.parse(e.bytes.data(), e.size), e.size);
        QVERIFY(!parser.hasError());
        QCOMPARE(listener.headers, 1);
        QCOMPARE(listener.rawSize, e.size);
        QCOMPARE(listener.got.fin, h.fin);
        QCOMPARE(listener.got.opcode, h.opcode);
        QCOMPARE(listener.got.masked, h.masked);
        QCOMPARE(listener.got.payloadLength, h.payloadLength);
        if (h.masked)
            QVERIFY(listener.got.maskKey == h.maskKey);
    }
}

// ---- masking ----------------------------------------------------------------------------

void tst_FrameCodec::maskRfcExample()
{
    std::uint8_t hello[] = {'H', 'e', 'l', 'l', 'o'};
    applyMask(hello, sizeof hello, rfcKey);
    QCOMPARE(hexOf(hello, sizeof hello), std::string("7f9f4d5158"));
    std::uint8_t back[5];
    applyMaskCopy(back, hello, sizeof hello, rfcKey);
    QCOMPARE(std::string(reinterpret_cast<char *>(back), 5), std::string("Hello"));
}

void tst_FrameCodec::maskEveryOffsetAndLength()
{
    // Every key phase, every length around the 8- and 32-byte steps, every pointer
    // alignment, in place and copying; guard bytes around the output must stay untouched.
    const MaskKey key = {0x11, 0x82, 0x3c, 0xf7};
    const std::string source = patternBytes(70 + 16, 9);
    for (std::uint64_t offset = 0; offset < 8; ++offset) {
        for (std::size_t length = 0; length <= 70; ++length) {
            for (std::size_t align = 0; align < 8; ++align) {
                std::vector<std::uint8_t> expected(source.begin(), source.end());
                naiveMask(expected.data() + align, length, key, offset);

                std::vector<std::uint8_t> inPlace(source.begin(), source.end());
                applyMask(inPlace.data() + align, length, key, offset);
                if (inPlace != expected)
                    QFAIL(qPrintable(QStringLiteral("applyMask offset %1 length %2 align %3").arg(offset).arg(length).arg(align)));

                std::vector<std::uint8_t> copy(source.begin(), source.end());
                const std::vector<std::uint8_t> src(source.begin(), source.end());
                applyMaskCopy(copy.data() + (7 - align), src.data() + align, length, key, offset);
                for (std::size_t i = 0; i < copy.size(); ++i) {
                    const bool inside = i >= 7 - align && i < 7 - align + length;
                    const std::uint8_t want = inside ? expected[i - (7 - align) + align]
                                                     : static_cast<std::uint8_t>(source[i]);
                    if (copy[i] != want)
                        QFAIL(qPrintable(QStringLiteral("applyMaskCopy offset %1 length %2 align %3 byte %4")
                                             .arg(offset).arg(length).arg(align).arg(i)));
                }
            }
        }
    }
}

void tst_FrameCodec::maskInChunksMatchesWhole()
{
    // Unmasking a payload in arbitrary pieces, each with its offset, equals unmasking it whole.
    const std::string payload = patternBytes(1000, 3);
    std::vector<std::uint8_t> whole(payload.begin(), payload.end());
    applyMask(whole.data(), whole.size(), rfcKey);
    for (const auto &chunking : wsi::test::chunkingsFor(payload.size(), 16, 5)) {
        std::vector<std::uint8_t> pieces(payload.begin(), payload.end());
        std::size_t at = 0;
        for (std::size_t n : chunking.sizes) {
            applyMask(pieces.data() + at, n, rfcKey, at);
            at += n;
        }
        QVERIFY2(pieces == whole, chunking.name.c_str());
    }
}

void tst_FrameCodec::maskLargeBuffer()
{
    const std::size_t size = 3 * 1024 * 1024 + 13;
    const std::string payload = patternBytes(size, 11);
    const MaskKey key = {0xa5, 0x5a, 0x0f, 0xf0};
    for (std::uint64_t offset : {0ull, 3ull, (1ull << 40) + 1}) {
        std::vector<std::uint8_t> expected(payload.begin(), payload.end());
        naiveMask(expected.data(), size, key, offset);
        std::vector<std::uint8_t> out(size + 1, 0xcc);
        applyMaskCopy(out.data() + 1, reinterpret_cast<const std::uint8_t *>(payload.data()), size, key, offset);
        QCOMPARE(out[0], std::uint8_t(0xcc));
        QVERIFY(std::memcmp(out.data() + 1, expected.data(), size) == 0);
        // Masking twice is the identity.
        applyMask(out.data() + 1, size, key, offset);
        QVERIFY(std::memcmp(out.data() + 1, payload.data(), size) == 0);
    }
}

// ---- parsing ------------------------------------------------------------------------------

void tst_FrameCodec::parseGoldenVectors_data()
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

void tst_FrameCodec::parseGoldenVectors()
{
    QFETCH(Role, role);
    QFETCH(std::string, stream);
    QFETCH(Events, expected);
    const Run run = runAllChunkings(optionsFor(role, 64ull * 1024 * 1024, true), stream);
    QCOMPARE(joined(run.events), joined(expected));
    QCOMPARE(run.consumed, std::uint64_t(stream.size()));
}

void tst_FrameCodec::parseErrors_data()
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

void tst_FrameCodec::parseErrors()
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

void tst_FrameCodec::randomFramesRoundTrip()
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

// ---- limits and delivery --------------------------------------------------------------------

void tst_FrameCodec::oversizedFrameIsNotBuffered()
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

void tst_FrameCodec::maxFrameSizeBoundary()
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

void tst_FrameCodec::payloadIsDeliveredAsItArrives()
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

void tst_FrameCodec::largeMaskedPayloadIsUnmaskedInPieces()
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

void tst_FrameCodec::nothingIsConsumedAfterAnError()
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

QTEST_GUILESS_MAIN(tst_FrameCodec)
#include "tst_framecodec.moc"
