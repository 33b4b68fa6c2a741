// SPDX-License-Identifier: MIT
#pragma once
// What the tests split out of tst_permessagedeflate.cpp share.
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

namespace wsi::test {

using Result = MessageInflater::Result;
inline constexpr std::uint64_t NoLimit = std::uint64_t(1) << 40;

inline QByteArray hexOf(const std::string &bytes)
{
    return QByteArray::fromStdString(bytes).toHex(' ');
}

inline std::string bytesOf(const char *hex)
{
    return QByteArray::fromHex(QByteArray(hex)).toStdString();
}

inline const std::uint8_t *u8(const std::string &s)
{
    return reinterpret_cast<const std::uint8_t *>(s.data());
}

inline std::string compressOne(MessageDeflater &deflater, const std::string &message)
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

inline std::string inflateWhole(MessageInflater &inflater, const std::string &payload)
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

inline std::string randomBytes(std::size_t size, std::uint32_t seed)
{
    std::mt19937 rng(seed);
    std::string out(size, '\0');
    for (char &c : out)
        c = static_cast<char>(rng() & 0xff);
    return out;
}

// Text-like data with repeats both near and far (up to several KiB back), so that every
// window size changes what the compressor may reference.
inline std::string repetitiveBytes(std::size_t size, std::uint32_t seed)
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

inline std::vector<Extension> parseOffers(const QByteArray &header)
{
    std::vector<Extension> extensions;
    std::string error;
    if (!parseExtensionList(header.toStdString(), extensions, error))
        qFatal("test data does not parse: %s: %s", header.constData(), error.c_str());
    return extensions;
}

// All four settled parameters in one comparable line.
inline QByteArray describe(const DeflateParams &params)
{
    return QByteArrayLiteral("server: ")
        + (params.serverNoContextTakeover ? "no takeover" : "takeover") + " window "
        + QByteArray::number(params.serverMaxWindowBits) + "; client: "
        + (params.clientNoContextTakeover ? "no takeover" : "takeover") + " window "
        + QByteArray::number(params.clientMaxWindowBits);
}

inline QString sizeName(std::size_t size)
{
    if (size >= 1024 * 1024)
        return QStringLiteral("%1 MiB").arg(size / (1024 * 1024));
    if (size >= 1024)
        return QStringLiteral("%1 KiB").arg(size / 1024);
    return QStringLiteral("%1 B").arg(size);
}

} // namespace wsi::test

using namespace wsi::test;
