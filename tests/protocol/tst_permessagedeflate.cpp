// SPDX-License-Identifier: MIT
// permessage-deflate (RFC 7692): inflating the RFC golden vectors, deflate/inflate round
// trips, and the message size limit and corrupt input.
#include "DeflateTestSupport.h"

class TestPermessageDeflate : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void inflatesGoldenVectors_data();
    void inflatesGoldenVectors();
    void compressesGoldenVectors();
    void inflatesWithSharedContext();
    void inflatesMessageEndingInFinalBlock();
    void roundTrips_data();
    void roundTrips();
    void eightBitWindowStaysWithin256Octets();
    void inflatesAnySplit();
    void stopsDecompressionBomb_data();
    void stopsDecompressionBomb();
    void acceptsMessageExactlyAtLimit();
    void rejectsCorruptInput_data();
    void rejectsCorruptInput();
};

// ---- inflate: RFC 7692 section 7.2.3 -------------------------------------------------------

void TestPermessageDeflate::inflatesGoldenVectors_data()
{
    QTest::addColumn<QByteArray>("payloadHex");
    QTest::addColumn<QByteArray>("expected");
    // Whether the payload ends where section 7.2.1 makes a sender end it, so that the
    // receiver's 00 00 ff ff completes an empty stored block and the stream can go on.
    QTest::addColumn<bool>("endsOnBlockBoundary");

    // Section 7.2.3.1.
    QTest::newRow("Hello in one compressed block")
        << QByteArray("f2 48 cd c9 c9 07 00") << QByteArray("Hello") << true;
    // Section 7.2.3.3: the block alone, without the 0x00 a sender would add (7.2.1).
    QTest::newRow("Hello in a stored block")
        << QByteArray("00 05 00 fa ff 48 65 6c 6c 6f") << QByteArray("Hello") << false;
    QTest::newRow("Hello in a stored block, then the empty block's first octet")
        << QByteArray("00 05 00 fa ff 48 65 6c 6c 6f 00") << QByteArray("Hello") << true;
    // Section 7.2.3.4: the final 0x00 starts the stored block the receiver's 00 00 ff ff ends.
    QTest::newRow("Hello in a block with BFINAL set")
        << QByteArray("f3 48 cd c9 c9 07 00 00") << QByteArray("Hello") << true;
    // Section 7.2.3.5: "Hel" and "lo" in two blocks, with a sync flush in between.
    QTest::newRow("Hello in two compressed blocks")
        << QByteArray("f2 48 05 00 00 00 ff ff ca c9 c9 07 00") << QByteArray("Hello") << true;
    // Section 7.2.3.6.
    QTest::newRow("empty message as one octet") << QByteArray("00") << QByteArray() << true;
    QTest::newRow("empty message as a whole empty stored block")
        << QByteArray("00 00 00 ff ff") << QByteArray() << false;
}

void TestPermessageDeflate::inflatesGoldenVectors()
{
    QFETCH(QByteArray, payloadHex);
    QFETCH(QByteArray, expected);
    QFETCH(bool, endsOnBlockBoundary);
    const std::string payload = bytesOf(payloadHex.constData());
    for (const auto &chunking : chunkingsFor(payload.size())) {
        MessageInflater inflater(15, false);
        QCOMPARE(QByteArray::fromStdString(inflateOne(inflater, payload, chunking)), expected);
        // A second message on the same context: section 7.2.3.2's back-reference to the
        // first "Hello", or after the empty message a "Hello" of its own.
        const char *next = expected.isEmpty() ? "f2 48 cd c9 c9 07 00" : "f2 00 11 00 00";
        if (endsOnBlockBoundary)
            QCOMPARE(inflateWhole(inflater, bytesOf(next)), std::string("Hello"));
        MessageInflater fresh(15, true);
        QCOMPARE(QByteArray::fromStdString(inflateOne(fresh, payload, chunking)), expected);
        QCOMPARE(QByteArray::fromStdString(inflateOne(fresh, payload, chunking)), expected);
    }
}

void TestPermessageDeflate::compressesGoldenVectors()
{
    // Section 7.2.3.1 and 7.2.3.2: with context takeover the second "Hello" is a single
    // back-reference; without it, the same bytes again.
    MessageDeflater shared(15, false);
    QCOMPARE(hexOf(compressOne(shared, "Hello")), QByteArray("f2 48 cd c9 c9 07 00"));
    QCOMPARE(hexOf(compressOne(shared, "Hello")), QByteArray("f2 00 11 00 00"));
    QCOMPARE(hexOf(compressOne(shared, "")), QByteArray("00"));

    MessageDeflater fresh(15, true);
    QCOMPARE(hexOf(compressOne(fresh, "Hello")), QByteArray("f2 48 cd c9 c9 07 00"));
    QCOMPARE(hexOf(compressOne(fresh, "Hello")), QByteArray("f2 48 cd c9 c9 07 00"));
    // Section 7.2.3.6: an empty message is the single octet 0x00.
    QCOMPARE(hexOf(compressOne(fresh, "")), QByteArray("00"));
}

void TestPermessageDeflate::inflatesWithSharedContext()
{
    const std::string first = bytesOf("f2 48 cd c9 c9 07 00");
    const std::string second = bytesOf("f2 00 11 00 00");

    MessageInflater shared(15, false);
    QCOMPARE(inflateWhole(shared, first), std::string("Hello"));
    QCOMPARE(inflateWhole(shared, second), std::string("Hello"));

    // Without context takeover the back-reference points before the message's start.
    MessageInflater fresh(15, true);
    QCOMPARE(inflateWhole(fresh, first), std::string("Hello"));
    QCOMPARE(inflateWhole(fresh, second), std::string("<corrupt: invalid distance too far back>"));
}

void TestPermessageDeflate::inflatesMessageEndingInFinalBlock()
{
    // Some senders end each message with Z_FINISH and omit section 7.2.3.4's extra 0x00.
    // The message is complete; with context takeover the next one may refer back to it.
    const std::string finished = bytesOf("f3 48 cd c9 c9 07 00");
    for (const auto &chunking : chunkingsFor(finished.size())) {
        MessageInflater inflater(15, false);
        QCOMPARE(inflateOne(inflater, finished, chunking), std::string("Hello"));
        QCOMPARE(inflateWhole(inflater, bytesOf("f2 00 11 00 00")), std::string("Hello"));
        QCOMPARE(inflateOne(inflater, finished, chunking), std::string("Hello"));
        QCOMPARE(inflateWhole(inflater, bytesOf("f2 48 cd c9 c9 07 00")), std::string("Hello"));
    }
}

// ---- round trips ---------------------------------------------------------------------------

void TestPermessageDeflate::roundTrips_data()
{
    QTest::addColumn<QByteArray>("message");
    QTest::addColumn<int>("windowBits");
    QTest::addColumn<bool>("noContextTakeover");

    const std::size_t sizes[] = {0, 1, 100, 64 * 1024, 1024 * 1024};
    for (const std::size_t size : sizes) {
        for (const bool random : {true, false}) {
            const std::string data = random ? randomBytes(size, 7) : repetitiveBytes(size, 7);
            for (int bits = 8; bits <= 15; ++bits) {
                for (const bool noTakeover : {false, true}) {
                    const QString name = QStringLiteral("%1 %2, window %3, %4")
                        .arg(random ? QStringLiteral("random") : QStringLiteral("repetitive"),
                             sizeName(size))
                        .arg(bits)
                        .arg(noTakeover ? QStringLiteral("no context takeover")
                                        : QStringLiteral("context takeover"));
                    QTest::newRow(name.toUtf8().constData())
                        << QByteArray::fromStdString(data) << bits << noTakeover;
                }
            }
        }
    }
}

void TestPermessageDeflate::roundTrips()
{
    QFETCH(QByteArray, message);
    QFETCH(int, windowBits);
    QFETCH(bool, noContextTakeover);

    // Three messages on one pair: the same data twice (the second can refer to the first
    // under context takeover) and a variant.
    std::string variant = message.toStdString();
    if (!variant.empty())
        variant[variant.size() / 2] ^= 0x5a;
    const std::vector<std::string> messages = {message.toStdString(), message.toStdString(),
                                               variant};
    MessageDeflater deflater(windowBits, noContextTakeover);
    MessageInflater inflater(windowBits, noContextTakeover);
    std::vector<std::string> payloads;
    for (const std::string &original : messages) {
        const std::string payload = compressOne(deflater, original);
        QVERIFY(!payload.empty());
        payloads.push_back(payload);
        const std::string inflated = inflateWhole(inflater, payload);
        QCOMPARE(inflated.size(), original.size());
        QVERIFY(inflated == original);
    }
    // zlib refers at most window - 262 octets back, and a 9-bit window stands for 8.
    const std::size_t reach = (std::size_t(1) << std::max(windowBits, 9)) - 262;
    const std::size_t size = messages[0].size();
    if (noContextTakeover) // each message stands alone
        QCOMPARE(payloads[1], payloads[0]);
    else if (size >= 100 && size <= reach)
        QVERIFY(payloads[1].size() < payloads[0].size() / 4);
    // The strict check inflates one octet per call: kept to sizes where it is quick.
    if (size <= 64 * 1024)
        QVERIFY(inflatesWithinWindow(payloads, windowBits, noContextTakeover));
}

void TestPermessageDeflate::eightBitWindowStaysWithin256Octets()
{
    // zlib deflates with a 9-bit window when asked for 8 (see MessageDeflater). Data that
    // repeats every 300 octets tempts a 9-bit compressor into distances over 256; ours
    // must not take them. The strict checker itself must catch a 15-bit compressor.
    const std::string block = randomBytes(300, 3);
    std::string data;
    for (int i = 0; i < 40; ++i)
        data += block;

    MessageDeflater narrow(8, false);
    const std::vector<std::string> narrowPayloads = {compressOne(narrow, data),
                                                     compressOne(narrow, data)};
    QVERIFY(inflatesWithinWindow(narrowPayloads, 8, false));
    MessageInflater inflater(8, false);
    QVERIFY(inflateWhole(inflater, narrowPayloads[0]) == data);
    QVERIFY(inflateWhole(inflater, narrowPayloads[1]) == data);

    MessageDeflater wide(15, false);
    const std::string widePayload = compressOne(wide, data);
    QVERIFY(widePayload.size() < narrowPayloads[0].size() / 4);
    QVERIFY(!inflatesWithinWindow({widePayload}, 8, false));
}

void TestPermessageDeflate::inflatesAnySplit()
{
    MessageDeflater deflater(15, false);
    const std::vector<std::string> messages = {repetitiveBytes(10000, 1), repetitiveBytes(3000, 1),
                                               randomBytes(2000, 2), std::string(),
                                               repetitiveBytes(10000, 1)};
    std::vector<std::string> payloads;
    for (const std::string &message : messages)
        payloads.push_back(compressOne(deflater, message));

    for (int split = 0; split < 10; ++split) {
        MessageInflater inflater(15, false);
        for (std::size_t i = 0; i < messages.size(); ++i) {
            const auto chunkings = chunkingsFor(payloads[i].size(), 10, 100 + split);
            const auto &chunking = chunkings[std::size_t(split) % chunkings.size()];
            const std::string inflated = inflateOne(inflater, payloads[i], chunking);
            const std::string where = chunking.name + ", message " + std::to_string(i);
            QVERIFY2(inflated == messages[i], where.c_str());
        }
    }
}

// ---- limits and errors ---------------------------------------------------------------------

void TestPermessageDeflate::stopsDecompressionBomb_data()
{
    QTest::addColumn<int>("chunking");
    QTest::newRow("whole") << 0;
    QTest::newRow("random split") << 2;
    QTest::newRow("another random split") << 5;
}

void TestPermessageDeflate::stopsDecompressionBomb()
{
    QFETCH(int, chunking);
    MessageDeflater deflater(15, false);
    const std::string bomb = compressOne(deflater, std::string(10 * 1000 * 1000, '\0'));
    QVERIFY(bomb.size() < 20 * 1024);

    const std::uint64_t limit = 1024 * 1024;
    MessageInflater inflater(15, false);
    std::string out;
    Result result = Result::Ok;
    const auto chunkings = chunkingsFor(bomb.size(), 6, 42);
    feedChunked(bomb, chunkings[std::size_t(chunking)], [&](const std::uint8_t *data, std::size_t size) {
        if (result == Result::Ok)
            result = inflater.feed(data, size, out, limit);
        QVERIFY(out.size() <= limit + 64 * 1024);
    });
    QVERIFY(result == Result::TooLarge);
    QVERIFY(out.size() <= limit);
    QVERIFY(!inflater.errorMessage().empty());
    // The stream is left mid-message: it keeps refusing.
    QVERIFY(inflater.finish(out, limit) == Result::TooLarge);
}

void TestPermessageDeflate::acceptsMessageExactlyAtLimit()
{
    const std::string message = repetitiveBytes(100000, 9);
    MessageDeflater deflater(15, true);
    const std::string payload = compressOne(deflater, message);

    MessageInflater atLimit(15, true);
    QVERIFY(inflateOne(atLimit, payload, {"whole", {payload.size()}}, message.size()) == message);
    MessageInflater overLimit(15, true);
    QCOMPARE(inflateOne(overLimit, payload, {"whole", {payload.size()}}, message.size() - 1),
             std::string("<too large: inflated message over its size limit>"));
    // The limit counts what `out` already held (earlier frames of the same message).
    MessageInflater withPrefix(15, true);
    std::string out(10, 'x');
    QVERIFY(withPrefix.feed(u8(payload), payload.size(), out, message.size() + 9)
            == Result::TooLarge);
    QVERIFY(out.size() <= message.size() + 9);
}

void TestPermessageDeflate::rejectsCorruptInput_data()
{
    QTest::addColumn<QByteArray>("payloadHex");
    QTest::addColumn<QByteArray>("zlibMessage");

    QTest::newRow("reserved block type") << QByteArray("ff 00 00") << QByteArray("invalid block type");
    QTest::newRow("stored block length and its complement disagree")
        << QByteArray("00 05 00 00 00 48 65") << QByteArray("invalid stored block lengths");
    QTest::newRow("back-reference before the first message")
        << QByteArray("f2 00 11 00 00") << QByteArray("invalid distance too far back");
    QTest::newRow("dynamic block with too many length codes")
        << QByteArray("fc ff ff ff ff") << QByteArray("too many length or distance symbols");
}

void TestPermessageDeflate::rejectsCorruptInput()
{
    QFETCH(QByteArray, payloadHex);
    QFETCH(QByteArray, zlibMessage);
    const std::string payload = bytesOf(payloadHex.constData());
    for (const auto &chunking : chunkingsFor(payload.size())) {
        MessageInflater inflater(15, false);
        QCOMPARE(QByteArray::fromStdString(inflateOne(inflater, payload, chunking)),
                 "<corrupt: " + zlibMessage + ">");
        // Once corrupt, always corrupt: the context is lost.
        std::string out;
        QVERIFY(inflater.feed(u8(std::string("\x00", 1)), 1, out, NoLimit) == Result::Corrupt);
        QCOMPARE(QByteArray::fromStdString(inflater.errorMessage()), zlibMessage);
    }
}

QTEST_GUILESS_MAIN(TestPermessageDeflate)
#include "tst_permessagedeflate.moc"
