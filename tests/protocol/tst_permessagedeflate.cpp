// SPDX-License-Identifier: MIT
// RFC 7692: the per-message compressor and decompressor (golden vectors of section 7.2.3,
// round trips, chunked input, size limits, corrupt input) and the negotiation of
// section 7.1 in both roles.
#include "protocol/PermessageDeflate.h"
#include "support/Chunking.h"

#include <QtTest/QtTest>

#include <zlib.h>

#include <random>
#include <string>
#include <vector>

using namespace wsi::protocol;
using wsi::test::chunkingsFor;
using wsi::test::feedChunked;

namespace {

using Result = MessageInflater::Result;
constexpr std::uint64_t NoLimit = std::uint64_t(1) << 40;

QByteArray hexOf(const std::string &bytes)
{
    return QByteArray::fromStdString(bytes).toHex(' ');
}

std::string bytesOf(const char *hex)
{
    return QByteArray::fromHex(QByteArray(hex)).toStdString();
}

const std::uint8_t *u8(const std::string &s)
{
    return reinterpret_cast<const std::uint8_t *>(s.data());
}

std::string compressOne(MessageDeflater &deflater, const std::string &message)
{
    std::string out;
    if (!deflater.compress(u8(message), message.size(), out))
        return "<compress failed>";
    return out;
}

// Inflates one message fed in the given chunking; "<...>" strings report failures.
std::string inflateOne(MessageInflater &inflater, const std::string &payload,
                       const wsi::test::Chunking &chunking, std::uint64_t limit = NoLimit)
{
    std::string out;
    Result result = Result::Ok;
    feedChunked(payload, chunking, [&](const std::uint8_t *data, std::size_t size) {
        if (result == Result::Ok)
            result = inflater.feed(data, size, out, limit);
    });
    if (result == Result::Ok)
        result = inflater.finish(out, limit);
    if (result != Result::Ok)
        return std::string(result == Result::TooLarge ? "<too large: " : "<corrupt: ")
            + inflater.errorMessage() + ">";
    return out;
}

std::string inflateWhole(MessageInflater &inflater, const std::string &payload)
{
    return inflateOne(inflater, payload, {"whole", {payload.size()}});
}

// An independent, strict check of the window a compressor really used: zlib's raw inflate
// with at most one output octet per call, so every back-reference must be served from
// the 2^bits window and "invalid distance too far back" catches any that reach farther.
bool inflatesWithinWindow(const std::vector<std::string> &messages, int bits,
                          bool noContextTakeover)
{
    z_stream zs{};
    if (inflateInit2(&zs, -bits) != Z_OK)
        return false;
    bool ok = true;
    for (const std::string &message : messages) {
        const std::string input = message + std::string("\x00\x00\xff\xff", 4);
        zs.next_in = const_cast<Bytef *>(u8(input));
        zs.avail_in = static_cast<uInt>(input.size());
        unsigned char octet = 0;
        while (ok && zs.avail_in > 0) {
            zs.next_out = &octet;
            zs.avail_out = 1;
            const int rc = inflate(&zs, Z_SYNC_FLUSH);
            ok = rc == Z_OK || (rc == Z_BUF_ERROR && zs.avail_out == 0);
        }
        if (noContextTakeover)
            inflateReset(&zs);
    }
    inflateEnd(&zs);
    return ok;
}

std::string randomBytes(std::size_t size, std::uint32_t seed)
{
    std::mt19937 rng(seed);
    std::string out(size, '\0');
    for (char &c : out)
        c = static_cast<char>(rng() & 0xff);
    return out;
}

// Text-like data with repeats both near and far (up to several KiB back), so that every
// window size changes what the compressor may reference.
std::string repetitiveBytes(std::size_t size, std::uint32_t seed)
{
    static const char *const words[] = {"websocket ", "frame ", "deflate ", "window ",
                                        "{\"op\":\"subscribe\"} ", "inspector ", "0123456789 "};
    std::mt19937 rng(seed);
    std::string out;
    out.reserve(size + 32);
    while (out.size() < size) {
        if (out.size() > 600 && rng() % 5 == 0) {
            const std::size_t back = 1 + rng() % std::min<std::size_t>(out.size() - 64, 8000);
            out.append(out, out.size() - back, 64);
        } else {
            out += words[rng() % 7];
        }
    }
    out.resize(size);
    return out;
}

std::vector<Extension> parseOffers(const QByteArray &header)
{
    std::vector<Extension> extensions;
    std::string error;
    if (!parseExtensionList(header.toStdString(), extensions, error))
        qFatal("test data does not parse: %s: %s", header.constData(), error.c_str());
    return extensions;
}

// All four settled parameters in one comparable line.
QByteArray describe(const DeflateParams &params)
{
    return QByteArrayLiteral("server: ")
        + (params.serverNoContextTakeover ? "no takeover" : "takeover") + " window "
        + QByteArray::number(params.serverMaxWindowBits) + "; client: "
        + (params.clientNoContextTakeover ? "no takeover" : "takeover") + " window "
        + QByteArray::number(params.clientMaxWindowBits);
}

QString sizeName(std::size_t size)
{
    if (size >= 1024 * 1024)
        return QStringLiteral("%1 MiB").arg(size / (1024 * 1024));
    if (size >= 1024)
        return QStringLiteral("%1 KiB").arg(size / 1024);
    return QStringLiteral("%1 B").arg(size);
}

} // namespace

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

    void formatsOffer_data();
    void formatsOffer();
    void formatsParams();
    void negotiatesAsServer_data();
    void negotiatesAsServer();
    void acceptsServerResponse_data();
    void acceptsServerResponse();
    void bothRolesAgreeAndInterwork_data();
    void bothRolesAgreeAndInterwork();
};

// ---- inflate: RFC 7692 section 7.2.3 ------------------------------------------------

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

// ---- round trips ----------------------------------------------------------------------

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

// ---- limits and errors ---------------------------------------------------------------

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

// ---- negotiation: RFC 7692 section 7.1 -------------------------------------------------

void TestPermessageDeflate::formatsOffer_data()
{
    QTest::addColumn<bool>("serverNoContextTakeover");
    QTest::addColumn<bool>("clientNoContextTakeover");
    QTest::addColumn<int>("serverMaxWindowBits");
    QTest::addColumn<int>("clientMaxWindowBits");
    QTest::addColumn<QByteArray>("expected");

    QTest::newRow("default offer lets the server pick our window")
        << false << false << 0 << -1 << QByteArray("permessage-deflate; client_max_window_bits");
    QTest::newRow("bare offer") << false << false << 0 << 0 << QByteArray("permessage-deflate");
    QTest::newRow("every parameter")
        << true << true << 10 << 12
        << QByteArray("permessage-deflate; server_no_context_takeover; client_no_context_takeover; "
                      "server_max_window_bits=10; client_max_window_bits=12");
    QTest::newRow("smallest windows") << false << false << 8 << 8
        << QByteArray("permessage-deflate; server_max_window_bits=8; client_max_window_bits=8");
}

void TestPermessageDeflate::formatsOffer()
{
    QFETCH(bool, serverNoContextTakeover);
    QFETCH(bool, clientNoContextTakeover);
    QFETCH(int, serverMaxWindowBits);
    QFETCH(int, clientMaxWindowBits);
    QFETCH(QByteArray, expected);
    DeflateOffer offer;
    offer.serverNoContextTakeover = serverNoContextTakeover;
    offer.clientNoContextTakeover = clientNoContextTakeover;
    offer.serverMaxWindowBits = serverMaxWindowBits;
    offer.clientMaxWindowBits = clientMaxWindowBits;
    QCOMPARE(QByteArray::fromStdString(formatDeflateOffer(offer)), expected);
    // What we offer, a server of ours accepts.
    DeflateParams params;
    std::string response;
    QVERIFY(negotiateDeflateAsServer(parseOffers(expected), DeflateServerOptions(), params, response));
}

void TestPermessageDeflate::formatsParams()
{
    QCOMPARE(formatDeflateParams(DeflateParams()), std::string("permessage-deflate"));
    DeflateParams params;
    params.serverNoContextTakeover = true;
    params.clientNoContextTakeover = true;
    params.serverMaxWindowBits = 9;
    params.clientMaxWindowBits = 14;
    QCOMPARE(formatDeflateParams(params),
             std::string("permessage-deflate; server_no_context_takeover; client_no_context_takeover; "
                         "server_max_window_bits=9; client_max_window_bits=14"));
    params.serverMaxWindowBits = 15;
    QCOMPARE(formatDeflateParams(params),
             std::string("permessage-deflate; server_no_context_takeover; client_no_context_takeover; "
                         "client_max_window_bits=14"));
}

void TestPermessageDeflate::negotiatesAsServer_data()
{
    QTest::addColumn<QByteArray>("offers");
    QTest::addColumn<bool>("forceServerNoContextTakeover");
    QTest::addColumn<bool>("askClientNoContextTakeover");
    QTest::addColumn<int>("ourServerBits");
    QTest::addColumn<int>("ourClientBits");
    QTest::addColumn<bool>("accepted");
    QTest::addColumn<QByteArray>("response");
    QTest::addColumn<QByteArray>("params");

    const QByteArray plain("permessage-deflate");
    const QByteArray defaults("server: takeover window 15; client: takeover window 15");
    auto row = [](const char *name) { return &QTest::newRow(name); };

    *row("bare offer") << plain << false << false << 15 << 15 << true << plain << defaults;
    *row("client window without a value, ours the default")
        << QByteArray("permessage-deflate; client_max_window_bits") << false << false << 15 << 15
        << true << plain << defaults;
    *row("client window without a value, ours smaller")
        << QByteArray("permessage-deflate; client_max_window_bits") << false << false << 15 << 10
        << true << QByteArray("permessage-deflate; client_max_window_bits=10")
        << QByteArray("server: takeover window 15; client: takeover window 10");
    *row("client window offered below ours")
        << QByteArray("permessage-deflate; client_max_window_bits=12") << false << false << 15 << 15
        << true << QByteArray("permessage-deflate; client_max_window_bits=12")
        << QByteArray("server: takeover window 15; client: takeover window 12");
    *row("client window offered above ours")
        << QByteArray("permessage-deflate; client_max_window_bits=12") << false << false << 15 << 10
        << true << QByteArray("permessage-deflate; client_max_window_bits=10")
        << QByteArray("server: takeover window 15; client: takeover window 10");
    *row("our client window not asked when the client did not offer the parameter")
        << plain << false << false << 15 << 9 << true << plain << defaults;
    *row("server window asked")
        << QByteArray("permessage-deflate; server_max_window_bits=10") << false << false << 15 << 15
        << true << QByteArray("permessage-deflate; server_max_window_bits=10")
        << QByteArray("server: takeover window 10; client: takeover window 15");
    *row("server window asked, ours smaller")
        << QByteArray("permessage-deflate; server_max_window_bits=10") << false << false << 9 << 15
        << true << QByteArray("permessage-deflate; server_max_window_bits=9")
        << QByteArray("server: takeover window 9; client: takeover window 15");
    *row("server window asked at the default is echoed")
        << QByteArray("permessage-deflate; server_max_window_bits=15") << false << false << 15 << 15
        << true << QByteArray("permessage-deflate; server_max_window_bits=15") << defaults;
    *row("our smaller server window announced unasked")
        << plain << false << false << 12 << 15
        << true << QByteArray("permessage-deflate; server_max_window_bits=12")
        << QByteArray("server: takeover window 12; client: takeover window 15");
    *row("server window of 8 accepted (deflated with zlib's 9, reaching 250 octets back)")
        << QByteArray("permessage-deflate; server_max_window_bits=8") << false << false << 15 << 15
        << true << QByteArray("permessage-deflate; server_max_window_bits=8")
        << QByteArray("server: takeover window 8; client: takeover window 15");
    *row("server no context takeover asked")
        << QByteArray("permessage-deflate; server_no_context_takeover") << false << false << 15 << 15
        << true << QByteArray("permessage-deflate; server_no_context_takeover")
        << QByteArray("server: no takeover window 15; client: takeover window 15");
    *row("server no context takeover forced by us")
        << plain << true << false << 15 << 15
        << true << QByteArray("permessage-deflate; server_no_context_takeover")
        << QByteArray("server: no takeover window 15; client: takeover window 15");
    *row("client no context takeover asked by us, unoffered")
        << plain << false << true << 15 << 15
        << true << QByteArray("permessage-deflate; client_no_context_takeover")
        << QByteArray("server: takeover window 15; client: no takeover window 15");
    *row("client no context takeover offered only as a hint")
        << QByteArray("permessage-deflate; client_no_context_takeover") << false << false << 15 << 15
        << true << plain << defaults;
    *row("every parameter")
        << QByteArray("permessage-deflate; server_no_context_takeover; client_no_context_takeover; "
                      "server_max_window_bits=10; client_max_window_bits=9")
        << false << true << 15 << 15 << true
        << QByteArray("permessage-deflate; server_no_context_takeover; client_no_context_takeover; "
                      "server_max_window_bits=10; client_max_window_bits=9")
        << QByteArray("server: no takeover window 10; client: no takeover window 9");
    *row("quoted window value")
        << QByteArray("permessage-deflate; client_max_window_bits=\"10\"") << false << false << 15 << 15
        << true << QByteArray("permessage-deflate; client_max_window_bits=10")
        << QByteArray("server: takeover window 15; client: takeover window 10");
    *row("first of two acceptable offers")
        << QByteArray("permessage-deflate; server_max_window_bits=10, permessage-deflate")
        << false << false << 15 << 15 << true
        << QByteArray("permessage-deflate; server_max_window_bits=10")
        << QByteArray("server: takeover window 10; client: takeover window 15");
    *row("invalid first offer, valid fallback")
        << QByteArray("permessage-deflate; server_max_window_bits=7, "
                      "permessage-deflate; client_max_window_bits")
        << false << false << 15 << 11 << true
        << QByteArray("permessage-deflate; client_max_window_bits=11")
        << QByteArray("server: takeover window 15; client: takeover window 11");
    *row("another extension first")
        << QByteArray("x-webkit-deflate-frame, permessage-deflate; server_max_window_bits=11")
        << false << false << 15 << 15 << true
        << QByteArray("permessage-deflate; server_max_window_bits=11")
        << QByteArray("server: takeover window 11; client: takeover window 15");

    const char *const declined[][2] = {
        {"only another extension", "x-webkit-deflate-frame"},
        {"unknown parameter", "permessage-deflate; mystery"},
        {"unknown parameter with a value", "permessage-deflate; mystery=1"},
        {"duplicate flag", "permessage-deflate; server_no_context_takeover; server_no_context_takeover"},
        {"duplicate window", "permessage-deflate; client_max_window_bits=10; client_max_window_bits=10"},
        {"duplicate window, one without value",
         "permessage-deflate; client_max_window_bits; client_max_window_bits=10"},
        {"server window 7", "permessage-deflate; server_max_window_bits=7"},
        {"server window 16", "permessage-deflate; server_max_window_bits=16"},
        {"server window with a leading zero", "permessage-deflate; server_max_window_bits=09"},
        {"server window not a number", "permessage-deflate; server_max_window_bits=ten"},
        {"server window signed", "permessage-deflate; server_max_window_bits=+9"},
        {"server window without a value", "permessage-deflate; server_max_window_bits"},
        {"client window 0", "permessage-deflate; client_max_window_bits=0"},
        {"client window 100", "permessage-deflate; client_max_window_bits=100"},
        {"server no context takeover with a value", "permessage-deflate; server_no_context_takeover=1"},
        {"client no context takeover with a value",
         "permessage-deflate; client_no_context_takeover=true"},
        {"two invalid offers", "permessage-deflate; a, permessage-deflate; b"},
    };
    for (const auto &entry : declined)
        *row(entry[0]) << QByteArray(entry[1]) << false << false << 15 << 15 << false
                       << QByteArray() << QByteArray();
}

void TestPermessageDeflate::negotiatesAsServer()
{
    QFETCH(QByteArray, offers);
    QFETCH(bool, forceServerNoContextTakeover);
    QFETCH(bool, askClientNoContextTakeover);
    QFETCH(int, ourServerBits);
    QFETCH(int, ourClientBits);
    QFETCH(bool, accepted);
    QFETCH(QByteArray, response);
    QFETCH(QByteArray, params);

    DeflateServerOptions options;
    options.serverNoContextTakeover = forceServerNoContextTakeover;
    options.clientNoContextTakeover = askClientNoContextTakeover;
    options.serverMaxWindowBits = ourServerBits;
    options.clientMaxWindowBits = ourClientBits;
    DeflateParams settled;
    std::string responseValue;
    QCOMPARE(negotiateDeflateAsServer(parseOffers(offers), options, settled, responseValue), accepted);
    if (!accepted)
        return;
    QCOMPARE(QByteArray::fromStdString(responseValue), response);
    QCOMPARE(describe(settled), params);
}

void TestPermessageDeflate::acceptsServerResponse_data()
{
    QTest::addColumn<int>("offeredServerBits");
    QTest::addColumn<int>("offeredClientBits");
    QTest::addColumn<bool>("offeredClientNoContextTakeover");
    QTest::addColumn<QByteArray>("response");
    // The settled parameters, or the error.
    QTest::addColumn<QByteArray>("expected");

    const QByteArray defaults("server: takeover window 15; client: takeover window 15");
    const QByteArray prefix("permessage-deflate response: ");
    const QByteArray notWindow(
        " is not a window size (8 to 15, no leading zeros; RFC 7692 section 7.1.2)");
    auto row = [](const char *name) { return &QTest::newRow(name); };

    *row("bare response") << 0 << -1 << false << QByteArray("permessage-deflate") << defaults;
    *row("server no context takeover, unasked")
        << 0 << -1 << false << QByteArray("permessage-deflate; server_no_context_takeover")
        << QByteArray("server: no takeover window 15; client: takeover window 15");
    *row("client no context takeover, asked by the server")
        << 0 << -1 << false << QByteArray("permessage-deflate; client_no_context_takeover")
        << QByteArray("server: takeover window 15; client: no takeover window 15");
    *row("client no context takeover we promised in the offer")
        << 0 << -1 << true << QByteArray("permessage-deflate")
        << QByteArray("server: takeover window 15; client: no takeover window 15");
    *row("server window, unasked") << 0 << -1 << false
        << QByteArray("permessage-deflate; server_max_window_bits=10")
        << QByteArray("server: takeover window 10; client: takeover window 15");
    *row("server window of 8") << 0 << -1 << false
        << QByteArray("permessage-deflate; server_max_window_bits=8")
        << QByteArray("server: takeover window 8; client: takeover window 15");
    *row("server window below the one we asked") << 10 << -1 << false
        << QByteArray("permessage-deflate; server_max_window_bits=9")
        << QByteArray("server: takeover window 9; client: takeover window 15");
    *row("server window we asked, left out") << 10 << -1 << false
        << QByteArray("permessage-deflate") << defaults;
    *row("server window above the one we asked") << 10 << -1 << false
        << QByteArray("permessage-deflate; server_max_window_bits=12")
        << prefix + "server_max_window_bits=12 is larger than the 10 we offered "
                    "(RFC 7692 section 7.1.2.1)";
    *row("client window picked by the server") << 0 << -1 << false
        << QByteArray("permessage-deflate; client_max_window_bits=9")
        << QByteArray("server: takeover window 15; client: takeover window 9");
    *row("client window equal to ours") << 0 << 10 << false
        << QByteArray("permessage-deflate; client_max_window_bits=10")
        << QByteArray("server: takeover window 15; client: takeover window 10");
    *row("client window left out keeps ours") << 0 << 10 << false
        << QByteArray("permessage-deflate")
        << QByteArray("server: takeover window 15; client: takeover window 10");
    *row("client window above ours") << 0 << 10 << false
        << QByteArray("permessage-deflate; client_max_window_bits=11")
        << prefix + "client_max_window_bits=11 is larger than the 10 we offered "
                    "(RFC 7692 section 7.1.2.2)";
    *row("client window we did not offer") << 0 << 0 << false
        << QByteArray("permessage-deflate; client_max_window_bits=9")
        << prefix + "client_max_window_bits=9 was not offered (RFC 7692 section 7.1.2.2)";
    *row("client window without a value") << 0 << -1 << false
        << QByteArray("permessage-deflate; client_max_window_bits")
        << prefix + "client_max_window_bits needs a value from 8 to 15 (RFC 7692 section 7.1.2)";
    *row("server window without a value") << 0 << -1 << false
        << QByteArray("permessage-deflate; server_max_window_bits")
        << prefix + "server_max_window_bits needs a value from 8 to 15 (RFC 7692 section 7.1.2)";
    *row("server window 16") << 0 << -1 << false
        << QByteArray("permessage-deflate; server_max_window_bits=16")
        << prefix + "server_max_window_bits=16" + notWindow;
    *row("server window 7") << 0 << -1 << false
        << QByteArray("permessage-deflate; server_max_window_bits=7")
        << prefix + "server_max_window_bits=7" + notWindow;
    *row("client window with a leading zero") << 0 << -1 << false
        << QByteArray("permessage-deflate; client_max_window_bits=010")
        << prefix + "client_max_window_bits=010" + notWindow;
    *row("unknown parameter") << 0 << -1 << false
        << QByteArray("permessage-deflate; mystery=1")
        << prefix + "unknown parameter mystery=1 (RFC 7692 section 7.1)";
    *row("duplicate parameter") << 0 << -1 << false
        << QByteArray("permessage-deflate; client_no_context_takeover; client_no_context_takeover")
        << prefix + "client_no_context_takeover appears more than once (RFC 7692 section 7.1)";
    *row("flag with a value") << 0 << -1 << false
        << QByteArray("permessage-deflate; server_no_context_takeover=yes")
        << prefix + "server_no_context_takeover takes no value, got \"yes\" (RFC 7692 section 7.1.1)";
    *row("another extension") << 0 << -1 << false << QByteArray("x-webkit-deflate-frame")
        << QByteArray("expected permessage-deflate, got x-webkit-deflate-frame");
}

void TestPermessageDeflate::acceptsServerResponse()
{
    QFETCH(int, offeredServerBits);
    QFETCH(int, offeredClientBits);
    QFETCH(bool, offeredClientNoContextTakeover);
    QFETCH(QByteArray, response);
    QFETCH(QByteArray, expected);

    DeflateOffer offer;
    offer.serverMaxWindowBits = offeredServerBits;
    offer.clientMaxWindowBits = offeredClientBits;
    offer.clientNoContextTakeover = offeredClientNoContextTakeover;
    const std::vector<Extension> extensions = parseOffers(response);
    QCOMPARE(extensions.size(), std::size_t(1));
    DeflateParams params;
    std::string error;
    const bool ok = acceptDeflateResponse(extensions[0], offer, params, error);
    QCOMPARE(ok ? describe(params) : QByteArray::fromStdString(error), expected);
    QCOMPARE(ok, error.empty());
}

void TestPermessageDeflate::bothRolesAgreeAndInterwork_data()
{
    QTest::addColumn<bool>("serverNoContextTakeover");
    QTest::addColumn<bool>("clientNoContextTakeover");
    QTest::addColumn<int>("offeredServerBits");
    QTest::addColumn<int>("offeredClientBits");
    QTest::addColumn<int>("ourServerBits");
    QTest::addColumn<int>("ourClientBits");
    QTest::addColumn<bool>("forceServerNoContextTakeover");
    QTest::addColumn<bool>("askClientNoContextTakeover");

    QTest::newRow("defaults") << false << false << 0 << -1 << 15 << 15 << false << false;
    QTest::newRow("small windows both ways") << false << false << 8 << -1 << 15 << 8 << false << false;
    QTest::newRow("client asks no takeover and small server window")
        << true << false << 10 << 12 << 15 << 15 << false << false;
    QTest::newRow("server forces and asks no takeover")
        << false << false << 0 << -1 << 11 << 9 << true << true;
    QTest::newRow("client promises no takeover")
        << false << true << 0 << 0 << 15 << 15 << false << false;
}

void TestPermessageDeflate::bothRolesAgreeAndInterwork()
{
    QFETCH(bool, serverNoContextTakeover);
    QFETCH(bool, clientNoContextTakeover);
    QFETCH(int, offeredServerBits);
    QFETCH(int, offeredClientBits);
    QFETCH(int, ourServerBits);
    QFETCH(int, ourClientBits);
    QFETCH(bool, forceServerNoContextTakeover);
    QFETCH(bool, askClientNoContextTakeover);

    DeflateOffer offer;
    offer.serverNoContextTakeover = serverNoContextTakeover;
    offer.clientNoContextTakeover = clientNoContextTakeover;
    offer.serverMaxWindowBits = offeredServerBits;
    offer.clientMaxWindowBits = offeredClientBits;
    DeflateServerOptions options;
    options.serverMaxWindowBits = ourServerBits;
    options.clientMaxWindowBits = ourClientBits;
    options.serverNoContextTakeover = forceServerNoContextTakeover;
    options.clientNoContextTakeover = askClientNoContextTakeover;

    DeflateParams server;
    std::string response;
    QVERIFY(negotiateDeflateAsServer(parseOffers(QByteArray::fromStdString(formatDeflateOffer(offer))),
                                     options, server, response));
    const std::vector<Extension> answered = parseOffers(QByteArray::fromStdString(response));
    QCOMPARE(answered.size(), std::size_t(1));
    DeflateParams client;
    std::string error;
    QVERIFY2(acceptDeflateResponse(answered[0], offer, client, error), error.c_str());
    // The client may be stricter with itself than the server knows (a promised
    // client_no_context_takeover); everything else must agree.
    QCOMPARE(client.serverNoContextTakeover, server.serverNoContextTakeover);
    QCOMPARE(client.serverMaxWindowBits, server.serverMaxWindowBits);
    QCOMPARE(client.clientMaxWindowBits, server.clientMaxWindowBits);
    QVERIFY(client.clientNoContextTakeover || !server.clientNoContextTakeover);

    // Each side compresses with its own settings; the peer inflates with what it knows.
    MessageDeflater serverOut(server.serverMaxWindowBits, server.serverNoContextTakeover);
    MessageInflater clientIn(client.serverMaxWindowBits, client.serverNoContextTakeover);
    MessageDeflater clientOut(client.clientMaxWindowBits, client.clientNoContextTakeover);
    MessageInflater serverIn(server.clientMaxWindowBits, server.clientNoContextTakeover);
    for (int i = 0; i < 4; ++i) {
        const std::string message = repetitiveBytes(5000, std::uint32_t(i % 2));
        QVERIFY(inflateWhole(clientIn, compressOne(serverOut, message)) == message);
        QVERIFY(inflateWhole(serverIn, compressOne(clientOut, message)) == message);
    }
}

QTEST_GUILESS_MAIN(TestPermessageDeflate)
#include "tst_permessagedeflate.moc"
