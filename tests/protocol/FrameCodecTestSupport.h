// SPDX-License-Identifier: MIT
#pragma once
// What the tests split out of tst_framecodec.cpp share.
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

namespace wsi::test {

using Events = std::vector<std::string>;

inline std::string hexOf(const std::uint8_t *data, std::size_t size)
{
    static const char digits[] = "0123456789abcdef";
    std::string out;
    for (std::size_t i = 0; i < size; ++i) {
        out += digits[data[i] >> 4];
        out += digits[data[i] & 0xf];
    }
    return out;
}

inline std::string hexOf(const std::string &s)
{
    return hexOf(reinterpret_cast<const std::uint8_t *>(s.data()), s.size());
}

inline std::string fromHex(const char *hex)
{
    const QByteArray b = QByteArray::fromHex(QByteArray(hex));
    return std::string(b.constData(), std::size_t(b.size()));
}

// Payloads are shown in full when short, else by size and an FNV-1a hash.
inline std::string describePayload(const std::string &payload)
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

inline FrameParserOptions optionsFor(Role role, std::uint64_t maxFrameSize = 64ull * 1024 * 1024, bool rsv1 = false)
{
    FrameParserOptions o;
    o.role = role;
    o.maxFrameSize = maxFrameSize;
    o.allowRsv1 = rsv1;
    return o;
}

// Feeds the stream in the given chunking; the error (if any) becomes the last event.
inline Run runParser(const FrameParserOptions &options, const std::string &stream, const wsi::test::Chunking &chunking)
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

inline QByteArray joined(const Events &events)
{
    QByteArray out;
    for (const auto &e : events)
        out += QByteArray::fromStdString(e) + '\n';
    return out;
}

// Runs every chunking and checks they all give the same events as the whole stream.
inline Run runAllChunkings(const FrameParserOptions &options, const std::string &stream)
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

inline std::string patternBytes(std::size_t size, std::uint32_t seed = 1)
{
    std::string out(size, '\0');
    std::mt19937 rng(seed);
    for (auto &c : out)
        c = static_cast<char>(rng());
    return out;
}

inline std::string masked(std::string payload, const MaskKey &key)
{
    applyMask(reinterpret_cast<std::uint8_t *>(payload.data()), payload.size(), key);
    return payload;
}

inline std::string frame(const FrameHeader &h, const std::string &payload, LengthEncoding enc = LengthEncoding::Minimal)
{
    const EncodedHeader e = encodeFrameHeader(h, enc);
    std::string out(reinterpret_cast<const char *>(e.bytes.data()), e.size);
    return out + (h.masked ? masked(payload, h.maskKey) : payload);
}

inline FrameHeader header(std::uint8_t opcode, std::uint64_t length, bool fin = true)
{
    FrameHeader h;
    h.opcode = opcode;
    h.payloadLength = length;
    h.fin = fin;
    return h;
}

inline FrameHeader maskedHeader(std::uint8_t opcode, std::uint64_t length, MaskKey key, bool fin = true)
{
    FrameHeader h = header(opcode, length, fin);
    h.masked = true;
    h.maskKey = key;
    return h;
}

inline void naiveMask(std::uint8_t *data, std::size_t size, const MaskKey &key, std::uint64_t offset)
{
    for (std::size_t i = 0; i < size; ++i)
        data[i] ^= key[(offset + i) % 4];
}

const MaskKey rfcKey = {0x37, 0xfa, 0x21, 0x3d};

} // namespace wsi::test

using namespace wsi::test;

Q_DECLARE_METATYPE(Events)
Q_DECLARE_METATYPE(FrameHeader)
Q_DECLARE_METATYPE(LengthEncoding)
Q_DECLARE_METATYPE(std::string)
