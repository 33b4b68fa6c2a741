// SPDX-License-Identifier: MIT
// Frame headers and masking (RFC 6455 section 5.2, 5.3): encoding with minimal and forced
// lengths, parsing encoded headers back, masking at every offset, in chunks and at size.
#include "FrameCodecTestSupport.h"

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
};

// ---- header encoding -----------------------------------------------------------------------

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

// ---- masking -------------------------------------------------------------------------------

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

QTEST_GUILESS_MAIN(tst_FrameCodec)
#include "tst_framecodec.moc"
