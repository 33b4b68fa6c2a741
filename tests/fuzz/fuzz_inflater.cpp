// SPDX-License-Identifier: MIT
// libFuzzer target: permessage-deflate's MessageInflater on hostile input (RFC 7692
// section 7.2.2), and a deflate/inflate round trip of the same bytes that must give them
// back exactly, across two messages so context takeover is exercised too.
// Input: [window bits and flags][chunk seed][bytes ...]
//   byte 0 bits 0-2: window bits 8 + value; bit 3: no context takeover;
//          bits 4-7: compression level (0-9; above 9 means 6)
#include "FuzzChunker.h"
#include "protocol/PermessageDeflate.h"

#include <cstdio>
#include <cstdlib>
#include <string>

namespace {

using wsi::fuzz::FuzzChunker;
using wsi::protocol::MessageDeflater;
using wsi::protocol::MessageInflater;

constexpr std::uint64_t MaxOutput = 1024 * 1024;

void check(bool condition, const char *what)
{
    if (!condition) {
        std::fprintf(stderr, "fuzz_inflater: broken promise: %s\n", what);
        std::abort();
    }
}

// Inflates one message fed in chunks; returns the result and checks the size limit.
MessageInflater::Result inflateMessage(MessageInflater &inflater, const std::uint8_t *data,
                                       std::size_t size, FuzzChunker &chunker, std::string &out)
{
    MessageInflater::Result result = MessageInflater::Result::Ok;
    chunker.split(data, size, [&](const std::uint8_t *chunk, std::size_t chunkSize) {
        if (result == MessageInflater::Result::Ok)
            result = inflater.feed(chunk, chunkSize, out, MaxOutput);
    });
    if (result == MessageInflater::Result::Ok)
        result = inflater.finish(out, MaxOutput);
    check(out.size() <= MaxOutput, "inflated past maxOutput");
    if (result != MessageInflater::Result::Ok)
        check(!inflater.errorMessage().empty(), "an inflate failure without a message");
    return result;
}

void fuzzHostileInput(int windowBits, bool noContext, FuzzChunker &chunker,
                      const std::uint8_t *data, std::size_t size)
{
    MessageInflater inflater(windowBits, noContext);
    std::string out;
    if (inflateMessage(inflater, data, size, chunker, out) != MessageInflater::Result::Ok)
        return;
    // The same bytes again as the next message, over the first one's window.
    out.clear();
    inflateMessage(inflater, data, size, chunker, out);
}

void roundTrip(int windowBits, bool noContext, int level, FuzzChunker &chunker,
               const std::uint8_t *data, std::size_t size)
{
    MessageDeflater deflater(windowBits, noContext, level);
    MessageInflater inflater(windowBits, noContext);
    // Two messages: the input, then its first half, which context takeover can refer back to.
    const std::size_t sizes[] = {size, size / 2};
    for (std::size_t messageSize : sizes) {
        std::string compressed;
        check(deflater.compress(data, messageSize, compressed), "deflate failed");
        check(!compressed.empty(), "an empty compressed message (7.2.3.6 wants 0x00)");
        std::string out;
        const auto result = inflateMessage(inflater,
                                           reinterpret_cast<const std::uint8_t *>(compressed.data()),
                                           compressed.size(), chunker, out);
        check(result == MessageInflater::Result::Ok, "our own deflate output does not inflate");
        check(out.size() == messageSize && out.compare(0, messageSize, reinterpret_cast<const char *>(data), messageSize) == 0,
              "deflate/inflate round trip changed the message");
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    if (size < 2)
        return 0;
    const int windowBits = 8 + (data[0] & 7);
    const bool noContext = data[0] & 8;
    const int level = (data[0] >> 4) <= 9 ? (data[0] >> 4) : 6;
    FuzzChunker chunker(data[1]);
    data += 2;
    size -= 2;
    fuzzHostileInput(windowBits, noContext, chunker, data, size);
    if (size <= MaxOutput)
        roundTrip(windowBits, noContext, level, chunker, data, size);
    return 0;
}
