// SPDX-License-Identifier: MIT
// The hixie frame parser: sentinel and length-prefixed frames and the close, each stream
// fed whole, byte by byte and in random splits with the same frames out; its errors; the
// length encoding.
#include "support/Chunking.h"
#include "support/RecordingSink.h"

#include "protocol/legacy/HixieFraming.h"

#include <QtTest>

using namespace wsi::protocol;
using wsi::test::fromHex;
using wsi::test::toHex;

namespace {

const char *kindName(HixieFrameKind kind)
{
    switch (kind) {
    case HixieFrameKind::Text: return "text";
    case HixieFrameKind::OtherSentinel: return "other-sentinel";
    case HixieFrameKind::Binary: return "binary";
    case HixieFrameKind::OtherLength: return "other-length";
    case HixieFrameKind::Close: return "close";
    }
    return "?";
}

class Recorder : public HixieFrameListener
{
public:
    void onHixieFrame(const HixieFrame &frame) override
    {
        frames.push_back(std::string(kindName(frame.kind)) + " hdr="
                         + toHex(std::string(reinterpret_cast<const char *>(frame.rawHeader.bytes.data()),
                                             frame.rawHeader.size))
                         + " data=" + toHex(std::string(frame.payload)) + (frame.hasTrailer ? " ff" : "")
                         + " at=" + std::to_string(frame.streamOffset));
    }
    std::vector<std::string> frames;
};

// Every chunking of `input` gives the same frames and the same error; returns them, the
// error (its id and message) last when there is one.
QByteArrayList parsedInEveryChunking(const std::string &input, HixieFrameParserOptions options = {})
{
    QByteArrayList reference;
    bool first = true;
    for (const auto &chunking : wsi::test::chunkingsFor(input.size(), 6)) {
        Recorder recorder;
        HixieFrameParser parser(options, recorder);
        wsi::test::feedChunked(input, chunking, [&](const std::uint8_t *data, std::size_t size) {
            parser.parse(data, size);
        });
        QByteArrayList got;
        for (const std::string &frame : recorder.frames)
            got << QByteArray::fromStdString(frame);
        if (parser.hasError())
            got << QByteArray(protocolErrorId(parser.error())) + ": " + QByteArray::fromStdString(parser.errorMessage());
        if (first) {
            reference = got;
            first = false;
        } else if (got != reference) {
            QTest::qFail(("frames differ when fed " + chunking.name).c_str(), __FILE__, __LINE__);
            return {};
        }
    }
    return reference;
}

} // namespace

class TestHixieFraming : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void frames_data();
    void frames();
    void errors_data();
    void errors();
    void draft75ReadsFfWithDataAsAFrame();
    void lengthEncoding_data();
    void lengthEncoding();
    void positionBetweenCalls();
};

void TestHixieFraming::frames_data()
{
    QTest::addColumn<QByteArray>("hex");
    QTest::addColumn<QByteArrayList>("expected");

    QTest::newRow("text 'Hi'") << QByteArray("00 4869 ff") << QByteArrayList{"text hdr=00 data=4869 ff at=0"};
    QTest::newRow("empty text") << QByteArray("00 ff") << QByteArrayList{"text hdr=00 data= ff at=0"};
    QTest::newRow("two texts and the close")
        << QByteArray("00 61 ff 00 6263 ff ff 00")
        << QByteArrayList{"text hdr=00 data=61 ff at=0", "text hdr=00 data=6263 ff at=3", "close hdr=ff00 data= at=7"};
    QTest::newRow("binary of 3") << QByteArray("80 03 010203") << QByteArrayList{"binary hdr=8003 data=010203 at=0"};
    QTest::newRow("binary of 200 (two length bytes)")
        << QByteArray("80 8148 ") + QByteArray(200, 'a').toHex()
        << QByteArrayList{QByteArray("binary hdr=808148 data=") + QByteArray(200, 'a').toHex() + " at=0"};
    QTest::newRow("empty binary, then text") << QByteArray("80 00 00 7a ff")
                                             << QByteArrayList{"binary hdr=8000 data= at=0", "text hdr=00 data=7a ff at=2"};
    QTest::newRow("other sentinel type, discarded by the driver")
        << QByteArray("05 6f6b ff") << QByteArrayList{"other-sentinel hdr=05 data=6f6b ff at=0"};
    QTest::newRow("other length type") << QByteArray("9f 02 6f6b") << QByteArrayList{"other-length hdr=9f02 data=6f6b at=0"};
    QTest::newRow("UTF-8 bytes are data") << QByteArray("00 c3a9 ff") << QByteArrayList{"text hdr=00 data=c3a9 ff at=0"};
}

void TestHixieFraming::frames()
{
    QFETCH(QByteArray, hex);
    QFETCH(QByteArrayList, expected);
    QCOMPARE(parsedInEveryChunking(fromHex(hex.toStdString())), expected);
}

void TestHixieFraming::errors_data()
{
    QTest::addColumn<QByteArray>("hex");
    QTest::addColumn<QByteArray>("error");

    QTest::newRow("0xFF not followed by 0x00 (draft 76)")
        << QByteArray("ff 01 61") << QByteArray("invalid-hixie-close: frame type 0xFF must be followed by 0x00");
    QTest::newRow("sentinel frame over the limit")
        << QByteArray("00 ") + QByteArray(17, 'a').toHex() << QByteArray("frame-too-large: frame of type 0x00 runs over");
    QTest::newRow("length over the limit") << QByteArray("80 11") << QByteArray("frame-too-large: frame of type 0x80 announces at least 17");
    QTest::newRow("length over 10 bytes")
        << QByteArray("80 80808080808080808080 00") << QByteArray("non-minimal-length: the length of a frame of type 0x80 runs over 10");
}

void TestHixieFraming::errors()
{
    QFETCH(QByteArray, hex);
    QFETCH(QByteArray, error);
    HixieFrameParserOptions options;
    options.maxFrameSize = 16;
    const QByteArrayList got = parsedInEveryChunking(fromHex(hex.toStdString()), options);
    QVERIFY(!got.isEmpty());
    QVERIFY2(got.last().startsWith(error), got.last().constData());
}

void TestHixieFraming::draft75ReadsFfWithDataAsAFrame()
{
    HixieFrameParserOptions options;
    options.strictClose = false;
    QCOMPARE(parsedInEveryChunking(fromHex("ff 01 61 ff 00"), options),
             (QByteArrayList{"other-length hdr=ff01 data=61 at=0", "close hdr=ff00 data= at=3"}));
}

void TestHixieFraming::lengthEncoding_data()
{
    QTest::addColumn<quint64>("length");
    QTest::addColumn<QByteArray>("hex");
    QTest::newRow("0") << quint64(0) << QByteArray("8000");
    QTest::newRow("127") << quint64(127) << QByteArray("807f");
    QTest::newRow("128") << quint64(128) << QByteArray("808100");
    QTest::newRow("200") << quint64(200) << QByteArray("808148");
    QTest::newRow("16384") << quint64(16384) << QByteArray("80818000");
    QTest::newRow("2^64-1") << quint64(~0ull) << QByteArray("8081ffffffffffffffff7f");
}

void TestHixieFraming::lengthEncoding()
{
    QFETCH(quint64, length);
    QFETCH(QByteArray, hex);
    const EncodedHeader header = encodeHixieLengthHeader(HixieBinaryType, length);
    QCOMPARE(QByteArray::fromStdString(toHex(std::string(reinterpret_cast<const char *>(header.bytes.data()),
                                                         header.size))),
             hex);
    // And it reads back as that length (within the default limit).
    if (length <= 16384) {
        Recorder recorder;
        HixieFrameParser parser({}, recorder);
        parser.parse(header.bytes.data(), header.size);
        QCOMPARE(parser.payloadLength(), length);
    }
}

void TestHixieFraming::positionBetweenCalls()
{
    Recorder recorder;
    HixieFrameParser parser({}, recorder);
    QVERIFY(parser.isBetweenFrames());
    const std::string part = fromHex("00 6162");
    parser.parse(reinterpret_cast<const std::uint8_t *>(part.data()), part.size());
    QVERIFY(parser.isInPayload());
    QCOMPARE(parser.payloadReceived(), 2u);
    const std::string length = fromHex("ff 80 81");
    parser.parse(reinterpret_cast<const std::uint8_t *>(length.data()), length.size());
    QCOMPARE(recorder.frames.size(), std::size_t(1));
    QCOMPARE(parser.partialHeaderSize(), std::size_t(2));
    QVERIFY(!parser.isBetweenFrames());
}

QTEST_GUILESS_MAIN(TestHixieFraming)
#include "tst_hixieframing.moc"
