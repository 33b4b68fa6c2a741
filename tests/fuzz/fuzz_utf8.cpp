// SPDX-License-Identifier: MIT
// libFuzzer target: Utf8Validator against a plain reference decoder written from RFC 3629
// section 4 (Unicode's table of well-formed byte sequences). They must agree on whether
// the input is valid, where it first goes wrong, and whether it ends mid-character, both
// fed whole and split at input-chosen points (as frames and TCP segments split text).
#include "FuzzChunker.h"
#include "protocol/Utf8Validator.h"

#include <cstdio>
#include <cstdlib>

namespace {

using wsi::protocol::Utf8Validator;

void check(bool condition, const char *what)
{
    if (!condition) {
        std::fprintf(stderr, "fuzz_utf8: disagreement: %s\n", what);
        std::abort();
    }
}

struct Reference {
    bool valid = true;          // no invalid byte
    std::size_t failAt = 0;     // index of the first invalid byte, when !valid
    bool complete = true;       // valid and not ending inside a character
};

// Returns the allowed range of the second byte for a lead byte, or false when `lead`
// cannot start a multi-byte character. `length` is the character's byte count.
bool leadInfo(std::uint8_t lead, int &length, std::uint8_t &low, std::uint8_t &high)
{
    low = 0x80;
    high = 0xBF;
    if (lead >= 0xC2 && lead <= 0xDF)
        length = 2;
    else if (lead >= 0xE0 && lead <= 0xEF)
        length = 3;
    else if (lead >= 0xF0 && lead <= 0xF4)
        length = 4;
    else
        return false;
    if (lead == 0xE0)
        low = 0xA0; // overlong
    else if (lead == 0xED)
        high = 0x9F; // surrogates
    else if (lead == 0xF0)
        low = 0x90; // overlong
    else if (lead == 0xF4)
        high = 0x8F; // above U+10FFFF
    return true;
}

Reference referenceDecode(const std::uint8_t *data, std::size_t size)
{
    Reference r;
    std::size_t i = 0;
    while (i < size) {
        const std::uint8_t lead = data[i];
        if (lead < 0x80) {
            ++i;
            continue;
        }
        int length = 0;
        std::uint8_t low = 0;
        std::uint8_t high = 0;
        if (!leadInfo(lead, length, low, high)) {
            r.valid = false;
            r.failAt = i;
            r.complete = false;
            return r;
        }
        for (int k = 1; k < length; ++k) {
            if (i + k >= size) {
                r.complete = false; // valid so far, ends inside the character
                return r;
            }
            const std::uint8_t byte = data[i + k];
            const std::uint8_t lo = k == 1 ? low : 0x80;
            const std::uint8_t hi = k == 1 ? high : 0xBF;
            if (byte < lo || byte > hi) {
                r.valid = false;
                r.failAt = i + k;
                r.complete = false;
                return r;
            }
        }
        i += length;
    }
    return r;
}

// Feeds the validator in chunks and checks it fails in the chunk that holds the first
// invalid byte, not earlier and not later.
void compareChunked(const std::uint8_t *data, std::size_t size, const Reference &expected,
                    std::uint8_t seed)
{
    Utf8Validator validator;
    wsi::fuzz::FuzzChunker chunker(seed);
    std::size_t offset = 0;
    while (offset < size) {
        const std::size_t chunk = chunker.next(size - offset);
        const bool accepted = validator.feed(data + offset, chunk);
        const bool holdsFailure = !expected.valid && expected.failAt < offset + chunk;
        check(accepted == !holdsFailure, "feed() verdict differs from the reference");
        if (!accepted) {
            check(!validator.feed(data, 1), "feed() accepted bytes after a failure");
            break;
        }
        offset += chunk;
    }
    check(validator.hasFailed() == !expected.valid, "hasFailed() differs (chunked)");
    check(validator.isComplete() == expected.complete, "isComplete() differs (chunked)");
    if (!expected.valid)
        check(validator.validBytes() == expected.failAt, "validBytes() differs (chunked)");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const Reference expected = referenceDecode(data, size);

    Utf8Validator whole;
    check(whole.feed(data, size) == expected.valid, "feed() differs (whole)");
    check(whole.hasFailed() == !expected.valid, "hasFailed() differs (whole)");
    check(whole.isComplete() == expected.complete, "isComplete() differs (whole)");
    check(whole.validBytes() == (expected.valid ? size : expected.failAt), "validBytes() differs (whole)");

    whole.reset();
    check(whole.isComplete() && !whole.hasFailed() && whole.validBytes() == 0, "reset() left state");

    // Split points chosen from the input: its last byte seeds the chunking, and two more
    // chunkings (byte by byte, small pieces) always run.
    if (size > 0) {
        compareChunked(data, size, expected, data[size - 1]);
        compareChunked(data, size, expected, 1);
        compareChunked(data, size, expected, 2);
    }
    return 0;
}
