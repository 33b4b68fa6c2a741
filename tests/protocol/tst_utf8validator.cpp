// SPDX-License-Identifier: MIT
// Utf8Validator: valid text, the exact index of the first invalid byte, incomplete
// sequences, all of it fed whole, byte by byte, at every two-way split and in random splits.
#include "protocol/Utf8Validator.h"
#include "support/Chunking.h"

#include <QtTest/QtTest>

#include <string>
#include <unordered_set>

using wsi::protocol::Utf8Validator;

namespace {

QByteArray bytes(const char *hex)
{
    return QByteArray::fromHex(QByteArray(hex));
}

struct FeedResult {
    bool allAccepted = true;     // every feed() returned true
    std::size_t failedAt = 0;    // offset of the chunk whose feed() first returned false
    bool complete = false;
    bool failed = false;
    std::uint64_t validBytes = 0;
};

FeedResult feedInChunks(const QByteArray &input, const std::vector<std::size_t> &sizes)
{
    Utf8Validator validator;
    FeedResult result;
    std::size_t offset = 0;
    for (std::size_t n : sizes) {
        // Each chunk in its own buffer, so ASan catches a read past its end.
        std::vector<std::uint8_t> chunk(input.begin() + qsizetype(offset), input.begin() + qsizetype(offset + n));
        const bool ok = validator.feed(chunk.data(), chunk.size());
        if (!ok && result.allAccepted) {
            result.allAccepted = false;
            result.failedAt = offset;
        }
        offset += n;
    }
    result.complete = validator.isComplete();
    result.failed = validator.hasFailed();
    result.validBytes = validator.validBytes();
    return result;
}

// Whole, byte by byte, every two-way split and a few random splits.
std::vector<wsi::test::Chunking> everySplit(std::size_t size)
{
    std::vector<wsi::test::Chunking> chunkings = wsi::test::chunkingsFor(size, 8, 7);
    for (std::size_t cut = 1; cut < size; ++cut)
        chunkings.push_back({"split at " + std::to_string(cut), {cut, size - cut}});
    return chunkings;
}

// An oracle independent of the DFA: complete characters are checked by decoding, and
// valid proper prefixes come from encoding every scalar value (surrogates excluded).
std::string encode(std::uint32_t cp)
{
    std::string out;
    if (cp < 0x80) {
        out += char(cp);
    } else if (cp < 0x800) {
        out += char(0xC0 | (cp >> 6));
        out += char(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += char(0xE0 | (cp >> 12));
        out += char(0x80 | ((cp >> 6) & 0x3F));
        out += char(0x80 | (cp & 0x3F));
    } else {
        out += char(0xF0 | (cp >> 18));
        out += char(0x80 | ((cp >> 12) & 0x3F));
        out += char(0x80 | ((cp >> 6) & 0x3F));
        out += char(0x80 | (cp & 0x3F));
    }
    return out;
}

bool isScalar(std::uint32_t cp)
{
    return cp <= 0x10FFFF && (cp < 0xD800 || cp > 0xDFFF);
}

// Bytes s[i..i+len) as one integer key, the length in the top byte.
std::uint64_t keyOf(const std::string &s, std::size_t i, std::size_t len)
{
    std::uint64_t key = std::uint64_t(len) << 32;
    for (std::size_t j = 0; j < len; ++j)
        key |= std::uint64_t(std::uint8_t(s[i + j])) << (8 * j);
    return key;
}

// Decodes by the bit patterns of RFC 3629 section 3, then applies its limits: shortest
// form, no surrogates, nothing above U+10FFFF.
bool isCompleteChar(const std::string &s, std::size_t i, std::size_t len)
{
    static const std::uint8_t leadMask[] = {0, 0x80, 0xE0, 0xF0, 0xF8};
    static const std::uint8_t leadBits[] = {0, 0x00, 0xC0, 0xE0, 0xF0};
    static const std::uint32_t minimum[] = {0, 0, 0x80, 0x800, 0x10000};
    const auto lead = std::uint8_t(s[i]);
    if ((lead & leadMask[len]) != leadBits[len])
        return false;
    std::uint32_t cp = lead & std::uint8_t(~leadMask[len]);
    for (std::size_t j = 1; j < len; ++j) {
        const auto b = std::uint8_t(s[i + j]);
        if ((b & 0xC0) != 0x80)
            return false;
        cp = (cp << 6) | (b & 0x3F);
    }
    return cp >= minimum[len] && isScalar(cp);
}

class Oracle
{
public:
    Oracle()
    {
        // Proper prefixes of the encoding of every scalar value.
        for (std::uint32_t cp = 0x80; cp <= 0x10FFFF; ++cp) {
            if (!isScalar(cp))
                continue;
            const std::string e = encode(cp);
            for (std::size_t k = 1; k < e.size(); ++k)
                m_properPrefixes.insert(keyOf(e, 0, k));
        }
    }
    // Whether s[i..] splits into complete characters and then a proper prefix of one.
    bool isValidPrefix(const std::string &s, std::size_t i = 0) const
    {
        if (i == s.size())
            return true;
        for (std::size_t len = 1; len <= 4 && i + len <= s.size(); ++len) {
            if (isCompleteChar(s, i, len) && isValidPrefix(s, i + len))
                return true;
        }
        return s.size() - i < 4 && m_properPrefixes.count(keyOf(s, i, s.size() - i)) != 0;
    }
    bool isCompleteText(const std::string &s, std::size_t i = 0) const
    {
        if (i == s.size())
            return true;
        for (std::size_t len = 1; len <= 4 && i + len <= s.size(); ++len) {
            if (isCompleteChar(s, i, len) && isCompleteText(s, i + len))
                return true;
        }
        return false;
    }
    // The index of the first byte after which the input can no longer be valid UTF-8.
    std::size_t firstInvalid(const std::string &s) const
    {
        for (std::size_t k = 1; k <= s.size(); ++k) {
            if (!isValidPrefix(s.substr(0, k)))
                return k - 1;
        }
        return s.size();
    }

private:
    std::unordered_set<std::uint64_t> m_properPrefixes;
};

} // namespace

class tst_Utf8Validator : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void validText_data();
    void validText();
    void invalidText_data();
    void invalidText();
    void truncatedSequence_data();
    void truncatedSequence();
    void staysFailedUntilReset();
    void countsValidBytesAcrossFeeds();
    void everyScalarValueIsValid();
    void surrogatesAndBeyondMaxAreInvalid();
    void matchesOracleOnShortSequences();
};

void tst_Utf8Validator::validText_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("ASCII word") << QByteArray("Hello");
    QTest::newRow("long ASCII (fast path)") << QByteArray(200, 'a');
    QTest::newRow("ASCII with NUL and DEL") << bytes("00417f00");
    QTest::newRow("U+007F last 1-byte") << bytes("7f");
    QTest::newRow("U+0080 first 2-byte") << bytes("c280");
    QTest::newRow("U+07FF last 2-byte") << bytes("dfbf");
    QTest::newRow("U+0800 first 3-byte") << bytes("e0a080");
    QTest::newRow("U+D7FF below surrogates") << bytes("ed9fbf");
    QTest::newRow("U+E000 above surrogates") << bytes("ee8080");
    QTest::newRow("U+FFFD replacement character") << bytes("efbfbd");
    QTest::newRow("U+FFFF last 3-byte") << bytes("efbfbf");
    QTest::newRow("U+10000 first 4-byte") << bytes("f0908080");
    QTest::newRow("U+10FFFF last code point") << bytes("f48fbfbf");
    QTest::newRow("Greek kosme (Autobahn 6.2.1)") << bytes("cebae1bdb9cf83cebcceb5");
    QTest::newRow("mixed Hello-mu@ss-oau-UTF-8!! (Autobahn 6.3.1)")
        << bytes("48656c6c6f2dc2b540c39fc3b6c3a4c3bcc3a0c3a12d5554462d382121");
    QTest::newRow("multibyte straddling an 8-byte word") << QByteArray("abcdefg") + bytes("f09f9880") + "tail12345";
    QTest::newRow("ASCII run after multibyte") << bytes("c3a9") + QByteArray(37, 'x') + bytes("e282ac");
}

void tst_Utf8Validator::validText()
{
    QFETCH(QByteArray, input);
    for (const auto &chunking : everySplit(std::size_t(input.size()))) {
        const FeedResult r = feedInChunks(input, chunking.sizes);
        QVERIFY2(r.allAccepted, chunking.name.c_str());
        QVERIFY2(r.complete, chunking.name.c_str());
        QVERIFY(!r.failed);
        QCOMPARE(r.validBytes, std::uint64_t(input.size()));
    }
}

void tst_Utf8Validator::invalidText_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<int>("firstInvalid");
    QTest::newRow("C0 fails at once") << bytes("c0") << 0;
    QTest::newRow("overlong slash C0 AF") << bytes("c0af") << 0;
    QTest::newRow("overlong C1 BF") << bytes("c1bf") << 0;
    QTest::newRow("overlong slash 3-byte E0 80 AF") << bytes("e080af") << 1;
    QTest::newRow("overlong U+07FF 3-byte E0 9F BF") << bytes("e09fbf") << 1;
    QTest::newRow("overlong slash 4-byte F0 80 80 AF") << bytes("f08080af") << 1;
    QTest::newRow("overlong U+FFFF 4-byte F0 8F BF BF") << bytes("f08fbfbf") << 1;
    QTest::newRow("5-byte form F8 88 80 80 80") << bytes("f888808080") << 0;
    QTest::newRow("6-byte form FC 84 80 80 80 80") << bytes("fc8480808080") << 0;
    QTest::newRow("surrogate U+D800 ED A0 80") << bytes("eda080") << 1;
    QTest::newRow("surrogate U+DFFF ED BF BF") << bytes("edbfbf") << 1;
    QTest::newRow("surrogate pair ED A0 80 ED B0 80") << bytes("eda080edb080") << 1;
    QTest::newRow("above U+10FFFF F4 90 80 80") << bytes("f4908080") << 1;
    QTest::newRow("lead F5") << bytes("f5808080") << 0;
    QTest::newRow("byte FE") << bytes("fe") << 0;
    QTest::newRow("byte FF") << bytes("ff") << 0;
    QTest::newRow("stray continuation 80") << bytes("80") << 0;
    QTest::newRow("stray continuation BF after ASCII") << QByteArray("Hello") + bytes("bf") << 5;
    QTest::newRow("2-byte lead then ASCII") << bytes("c241") << 1;
    QTest::newRow("3-byte lead, one continuation, then ASCII") << bytes("e18041") << 2;
    QTest::newRow("4-byte lead, two continuations, then ASCII") << bytes("f0908041") << 3;
    QTest::newRow("kosme then surrogate then text (Autobahn 6.4.3 style)")
        << bytes("cebae1bdb9cf83cebcceb5") + bytes("eda080") + "edited" << 12;
    QTest::newRow("kosme then F4 90 (Autobahn 6.4.1 style)")
        << bytes("cebae1bdb9cf83cebcceb5") + bytes("f4908080") + "edited" << 12;
    QTest::newRow("invalid byte after a long ASCII run") << QByteArray(21, 'a') + bytes("c0af") << 21;
    QTest::newRow("invalid byte exactly at a word boundary") << QByteArray(16, 'a') + bytes("ff") << 16;
    QTest::newRow("ASCII after the invalid byte is not counted") << bytes("41ff") + QByteArray(40, 'b') << 1;
}

void tst_Utf8Validator::invalidText()
{
    QFETCH(QByteArray, input);
    QFETCH(int, firstInvalid);
    for (const auto &chunking : everySplit(std::size_t(input.size()))) {
        const FeedResult r = feedInChunks(input, chunking.sizes);
        QVERIFY2(!r.allAccepted, chunking.name.c_str());
        QVERIFY(r.failed);
        QVERIFY(!r.complete);
        QCOMPARE(r.validBytes, std::uint64_t(firstInvalid));
        // The feed that returned false is the one holding the invalid byte: the failure is
        // reported as soon as the byte is seen, not at the end of the message.
        std::size_t offset = 0;
        for (std::size_t n : chunking.sizes) {
            if (std::size_t(firstInvalid) < offset + n)
                break;
            offset += n;
        }
        QCOMPARE(r.failedAt, offset);
    }
}

void tst_Utf8Validator::truncatedSequence_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::newRow("2-byte lead alone") << bytes("c3");
    QTest::newRow("3-byte sequence missing one") << bytes("e0a0");
    QTest::newRow("4-byte sequence missing one") << bytes("f0908080").left(3);
    QTest::newRow("U+10FFFF missing its last byte") << bytes("f48fbf");
    QTest::newRow("kosme with its last byte cut") << bytes("cebae1bdb9cf83cebcce");
    QTest::newRow("long ASCII then a lead byte") << QByteArray(30, 'z') + bytes("f1");
}

void tst_Utf8Validator::truncatedSequence()
{
    QFETCH(QByteArray, input);
    for (const auto &chunking : everySplit(std::size_t(input.size()))) {
        const FeedResult r = feedInChunks(input, chunking.sizes);
        QVERIFY2(r.allAccepted, chunking.name.c_str());
        QVERIFY(!r.failed);
        QVERIFY2(!r.complete, chunking.name.c_str());
        QCOMPARE(r.validBytes, std::uint64_t(input.size()));
    }
}

void tst_Utf8Validator::staysFailedUntilReset()
{
    Utf8Validator v;
    const QByteArray bad = bytes("41c0");
    QVERIFY(!v.feed(reinterpret_cast<const std::uint8_t *>(bad.data()), std::size_t(bad.size())));
    QCOMPARE(v.validBytes(), std::uint64_t(1));
    const std::uint8_t good[] = {'o', 'k'};
    QVERIFY(!v.feed(good, sizeof good));
    QVERIFY(!v.feed(good, 0));
    QVERIFY(v.hasFailed());
    QCOMPARE(v.validBytes(), std::uint64_t(1));

    v.reset();
    QVERIFY(!v.hasFailed());
    QVERIFY(v.isComplete());
    QCOMPARE(v.validBytes(), std::uint64_t(0));
    QVERIFY(v.feed(good, sizeof good));
    QVERIFY(v.isComplete());
    QCOMPARE(v.validBytes(), std::uint64_t(2));
}

void tst_Utf8Validator::countsValidBytesAcrossFeeds()
{
    // A sequence split over three feed() calls, then an error in a fourth.
    Utf8Validator v;
    const std::uint8_t a[] = {'x', 0xF0};
    const std::uint8_t b[] = {0x9F};
    const std::uint8_t c[] = {0x98, 0x80, 'y'};
    const std::uint8_t d[] = {'z', 0xED, 0xA0};
    QVERIFY(v.feed(a, sizeof a));
    QVERIFY(!v.isComplete());
    QVERIFY(v.feed(b, sizeof b));
    QVERIFY(v.feed(c, sizeof c));
    QVERIFY(v.isComplete());
    QCOMPARE(v.validBytes(), std::uint64_t(6));
    QVERIFY(!v.feed(d, sizeof d));
    QCOMPARE(v.validBytes(), std::uint64_t(8)); // 'z' and ED were fine, A0 is not
}

void tst_Utf8Validator::everyScalarValueIsValid()
{
    // All of U+0000..U+10FFFF except surrogates, one validator, one feed per character.
    Utf8Validator v;
    std::uint64_t total = 0;
    for (std::uint32_t cp = 0; cp <= 0x10FFFF; ++cp) {
        if (!isScalar(cp))
            continue;
        const std::string e = encode(cp);
        if (!v.feed(reinterpret_cast<const std::uint8_t *>(e.data()), e.size()))
            QFAIL(qPrintable(QStringLiteral("U+%1 rejected").arg(cp, 4, 16, QLatin1Char('0'))));
        total += e.size();
    }
    QVERIFY(v.isComplete());
    QCOMPARE(v.validBytes(), total);
}

void tst_Utf8Validator::surrogatesAndBeyondMaxAreInvalid()
{
    // The generic encoder happily writes these; the validator must refuse each one at its
    // second byte.
    for (std::uint32_t cp : {0xD800u, 0xDABCu, 0xDFFFu, 0x110000u, 0x13FFFFu, 0x1FFFFFu}) {
        const std::string e = encode(cp);
        Utf8Validator v;
        QVERIFY(!v.feed(reinterpret_cast<const std::uint8_t *>(e.data()), e.size()));
        QCOMPARE(v.validBytes(), std::uint64_t(cp >= 0x140000 ? 0 : 1));
    }
}

void tst_Utf8Validator::matchesOracleOnShortSequences()
{
    // Every sequence of up to 4 bytes drawn from the bytes at each class boundary, against
    // the oracle built from the encoder.
    static const std::uint8_t samples[] = {0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF,
                                           0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xE1, 0xEC, 0xED, 0xEE,
                                           0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xFF};
    const Oracle oracle;
    const std::size_t n = sizeof samples;
    int checked = 0;
    for (std::size_t len = 1; len <= 4; ++len) {
        std::size_t combos = 1;
        for (std::size_t i = 0; i < len; ++i)
            combos *= n;
        for (std::size_t k = 0; k < combos; ++k) {
            std::string s;
            for (std::size_t i = 0, rest = k; i < len; ++i, rest /= n)
                s += char(samples[rest % n]);
            Utf8Validator v;
            const bool ok = v.feed(reinterpret_cast<const std::uint8_t *>(s.data()), s.size());
            const std::size_t expected = oracle.firstInvalid(s);
            const bool expectOk = expected == s.size();
            if (ok != expectOk || v.validBytes() != expected || v.isComplete() != oracle.isCompleteText(s)) {
                QFAIL(qPrintable(QStringLiteral("mismatch on %1: validBytes %2, expected %3")
                                     .arg(QString::fromLatin1(QByteArray(s.data(), qsizetype(s.size())).toHex(' ')))
                                     .arg(v.validBytes())
                                     .arg(expected)));
            }
            ++checked;
        }
    }
    QVERIFY(checked > 390000);
}

QTEST_GUILESS_MAIN(tst_Utf8Validator)
#include "tst_utf8validator.moc"
