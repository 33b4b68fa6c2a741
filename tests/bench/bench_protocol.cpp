// SPDX-License-Identifier: MIT
// Throughput of the protocol engine's hot paths, with memcpy measured in the same run on
// the same sizes as the reference: parsing and unmasking masked client frames (server-role
// FrameParser, and the whole server Driver), applyMask alone, and permessage-deflate.
// Not a timed test: run it by hand on a quiet machine.
//   bench_protocol           best of 5 runs of ~0.15 s per case (~20 s in all)
//   bench_protocol --quick   one run of a few ms per case, checks results (ctest smoke)
#include "protocol/Driver.h"
#include "protocol/FrameHeader.h"
#include "protocol/FrameParser.h"
#include "protocol/Masking.h"
#include "protocol/PermessageDeflate.h"

#include <cstdio>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include <time.h>

namespace {

using namespace wsi::protocol;

struct Settings {
    int runs = 5;
    double secondsPerRun = 0.15;
};

struct Rate {
    double itemsPerSecond = 0; // frames, messages or calls
    double bytesPerSecond = 0;
};

// This thread's CPU time: on a shared machine, time spent preempted is not counted.
double cpuSeconds()
{
    timespec now{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) * 1e-9;
}

// Keeps the compiler from dropping work whose result is never read.
inline void escape(const void *p)
{
    asm volatile("" : : "g"(p) : "memory");
}

// Calls `step` (which returns the bytes it processed) until the run's time is up, and
// reports the best run. Items are counted per call times `itemsPerCall`.
template<typename Step>
Rate measure(const Settings &settings, double itemsPerCall, Step &&step)
{
    Rate best;
    for (int run = 0; run < settings.runs; ++run) {
        std::uint64_t calls = 0;
        double bytes = 0;
        const double start = cpuSeconds();
        double elapsed = 0;
        do {
            bytes += static_cast<double>(step());
            ++calls;
            elapsed = cpuSeconds() - start;
        } while (elapsed < settings.secondsPerRun);
        if (bytes / elapsed > best.bytesPerSecond) {
            best.bytesPerSecond = bytes / elapsed;
            best.itemsPerSecond = static_cast<double>(calls) * itemsPerCall / elapsed;
        }
    }
    return best;
}

std::vector<std::uint8_t> pseudoRandomBytes(std::size_t size, std::uint32_t seed)
{
    std::vector<std::uint8_t> bytes(size);
    for (auto &byte : bytes) {
        seed = seed * 1664525u + 1013904223u;
        byte = static_cast<std::uint8_t>(seed >> 24);
    }
    return bytes;
}

const MaskKey BenchKey = {0x37, 0xfa, 0x21, 0x3d}; // RFC 6455 section 5.7's key

// Masked binary frames of `payloadSize` bytes, as a client sends them, enough of them to
// fill about `targetBytes` (at least one).
std::string maskedFrames(std::size_t payloadSize, std::size_t targetBytes, std::size_t &frameCount)
{
    FrameHeader header;
    header.opcode = 0x2;
    header.masked = true;
    header.maskKey = BenchKey;
    header.payloadLength = payloadSize;
    const EncodedHeader encoded = encodeFrameHeader(header);
    std::vector<std::uint8_t> payload = pseudoRandomBytes(payloadSize, 42);
    applyMask(payload.data(), payload.size(), BenchKey);

    frameCount = std::max<std::size_t>(1, targetBytes / (encoded.size + payloadSize));
    std::string frames;
    frames.reserve(frameCount * (encoded.size + payloadSize));
    for (std::size_t i = 0; i < frameCount; ++i) {
        frames.append(reinterpret_cast<const char *>(encoded.bytes.data()), encoded.size);
        frames.append(reinterpret_cast<const char *>(payload.data()), payload.size());
    }
    return frames;
}

class CountingListener : public FrameParserListener
{
public:
    void onFrameHeader(const FrameHeader &, const std::uint8_t *, std::size_t, std::uint64_t) override {}
    void onFramePayload(const std::uint8_t *data, std::size_t size) override
    {
        escape(data);
        payloadBytes += size;
    }
    void onFrameEnd() override { ++frames; }
    std::uint64_t frames = 0;
    std::uint64_t payloadBytes = 0;
};

class CountingSink : public DriverSink
{
public:
    void onMessage(const MessageEvent &event) override
    {
        escape(event.payload.data());
        ++messages;
        payloadBytes += event.payload.size();
    }
    void onProtocolError(const ProtocolErrorEvent &event) override { error = event.message; }
    std::uint64_t messages = 0;
    std::uint64_t payloadBytes = 0;
    std::string error;
};

class DiscardingWriter : public ByteWriter
{
public:
    void write(const std::uint8_t *, std::size_t) override {}
};

std::string formatSize(std::size_t bytes)
{
    if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0)
        return std::to_string(bytes / (1024 * 1024)) + " MiB";
    if (bytes >= 1024 && bytes % 1024 == 0)
        return std::to_string(bytes / 1024) + " KiB";
    return std::to_string(bytes) + " B";
}

void printRow(const char *what, std::size_t size, const Rate &rate, const Rate &reference)
{
    std::printf("%-34s %8s %14.0f %9.2f %9.2f\n", what, formatSize(size).c_str(),
                rate.itemsPerSecond, rate.bytesPerSecond / 1e9,
                rate.bytesPerSecond / reference.bytesPerSecond);
}

bool g_failed = false;

void expect(bool condition, const char *what)
{
    if (!condition) {
        std::fprintf(stderr, "bench_protocol: wrong result: %s\n", what);
        g_failed = true;
    }
}

constexpr std::size_t BatchBytes = 256 * 1024; // frames parsed per call for small sizes

Rate benchMemcpy(const Settings &settings, std::size_t size)
{
    std::vector<std::uint8_t> src = pseudoRandomBytes(size, 1);
    std::vector<std::uint8_t> dst(size);
    const std::size_t repeat = std::max<std::size_t>(1, BatchBytes / size);
    return measure(settings, static_cast<double>(repeat), [&] {
        for (std::size_t i = 0; i < repeat; ++i) {
            escape(src.data());
            std::memcpy(dst.data(), src.data(), size);
            escape(dst.data());
        }
        return repeat * size;
    });
}

Rate benchApplyMask(const Settings &settings, std::size_t size)
{
    std::vector<std::uint8_t> data = pseudoRandomBytes(size, 2);
    const std::vector<std::uint8_t> original = data;
    const std::size_t repeat = std::max<std::size_t>(1, BatchBytes / size);
    std::uint64_t calls = 0;
    const Rate rate = measure(settings, static_cast<double>(repeat), [&] {
        for (std::size_t i = 0; i < repeat; ++i) {
            applyMask(data.data(), size, BenchKey);
            escape(data.data());
        }
        calls += repeat;
        return repeat * size;
    });
    if (calls % 2 == 1)
        applyMask(data.data(), size, BenchKey);
    expect(data == original, "applyMask twice is not the identity");
    return rate;
}

Rate benchFrameParser(const Settings &settings, std::size_t size)
{
    std::size_t frameCount = 0;
    const std::string frames = maskedFrames(size, BatchBytes, frameCount);
    CountingListener listener;
    FrameParserOptions options;
    options.role = Role::Server;
    options.maxFrameSize = 1ull << 40;
    FrameParser parser(options, listener);
    std::uint64_t calls = 0;
    const Rate rate = measure(settings, static_cast<double>(frameCount), [&] {
        parser.parse(reinterpret_cast<const std::uint8_t *>(frames.data()), frames.size());
        ++calls;
        return frameCount * size;
    });
    expect(!parser.hasError(), "FrameParser reported an error");
    expect(listener.frames == calls * frameCount, "FrameParser frame count");
    expect(listener.payloadBytes == calls * frameCount * size, "FrameParser payload bytes");
    return rate;
}

Rate benchDriver(const Settings &settings, std::size_t size)
{
    std::size_t frameCount = 0;
    const std::string frames = maskedFrames(size, BatchBytes, frameCount);
    CountingSink sink;
    DiscardingWriter writer;
    DriverOptions options;
    options.role = Role::Server;
    options.skipHandshake = true;
    options.maxFrameSize = options.maxMessageSize = 1ull << 40;
    Driver driver(options, sink, writer);
    std::uint64_t calls = 0;
    const Rate rate = measure(settings, static_cast<double>(frameCount), [&] {
        driver.parse(reinterpret_cast<const std::uint8_t *>(frames.data()), frames.size());
        ++calls;
        return frameCount * size;
    });
    expect(sink.error.empty(), "Driver reported a protocol error");
    expect(sink.messages == calls * frameCount, "Driver message count");
    expect(sink.payloadBytes == calls * frameCount * size, "Driver payload bytes");
    return rate;
}

// Text like a feed of JSON updates: repetitive keys, varying numbers.
std::string jsonText(std::size_t size)
{
    std::string text = "[";
    std::uint32_t seed = 7;
    char item[160];
    while (text.size() < size) {
        seed = seed * 1664525u + 1013904223u;
        const int n = std::snprintf(item, sizeof item,
                                    "{\"op\":\"update\",\"topic\":\"prices\",\"seq\":%u,\"sym\":\"S%02u\","
                                    "\"bid\":%u.%02u,\"ask\":%u.%02u,\"size\":%u},",
                                    seed >> 8, (seed >> 3) % 50, 100 + (seed >> 20) % 50, seed % 100,
                                    101 + (seed >> 20) % 50, (seed >> 4) % 100, (seed >> 12) % 1000);
        text.append(item, static_cast<std::size_t>(n));
    }
    text.resize(size);
    return text;
}

void benchDeflate(const Settings &settings, std::size_t size)
{
    const std::string text = jsonText(size);
    const auto *input = reinterpret_cast<const std::uint8_t *>(text.data());
    // No context takeover: every message is compressed on its own, as the worst case, and
    // so repeating the same message does not turn into back-references to the last one.
    MessageDeflater deflater(15, true);
    std::string compressed;
    const Rate deflateRate = measure(settings, 1, [&] {
        compressed.clear();
        deflater.compress(input, text.size(), compressed);
        return text.size();
    });

    MessageInflater inflater(15, true);
    std::string inflated;
    inflated.reserve(text.size());
    bool ok = true;
    const Rate inflateRate = measure(settings, 1, [&] {
        inflated.clear();
        ok = ok
            && inflater.feed(reinterpret_cast<const std::uint8_t *>(compressed.data()),
                             compressed.size(), inflated, text.size())
                == MessageInflater::Result::Ok
            && inflater.finish(inflated, text.size()) == MessageInflater::Result::Ok;
        return text.size();
    });
    expect(ok && inflated == text, "deflate/inflate round trip");

    const double ratio = static_cast<double>(text.size()) / static_cast<double>(compressed.size());
    std::printf("%-34s %8s %14.0f %9.1f %9.1fx\n", "deflate (level 6, JSON text)",
                formatSize(size).c_str(), deflateRate.itemsPerSecond, deflateRate.bytesPerSecond / 1e6, ratio);
    std::printf("%-34s %8s %14.0f %9.1f %9.1fx\n", "inflate (JSON text)", formatSize(size).c_str(),
                inflateRate.itemsPerSecond, inflateRate.bytesPerSecond / 1e6, ratio);
}

} // namespace

int main(int argc, char **argv)
{
    Settings settings;
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg = argv[i];
        if (arg == "--quick") {
            settings.runs = 1;
            settings.secondsPerRun = 0.003;
        } else {
            std::fprintf(stderr, "usage: %s [--quick]\n", argv[0]);
            return 2;
        }
    }

    std::printf("wsinspect protocol benchmark: best of %d run(s) of %.3f s of CPU time per case; payload "
                "bytes counted;\nmemcpy of the same sizes measured in this run as the reference.\n\n",
                settings.runs, settings.secondsPerRun);
    std::printf("%-34s %8s %14s %9s %9s\n", "masked client frames", "payload", "frames/s", "GB/s",
                "/memcpy");
    const std::size_t sizes[] = {32, 1024, 64 * 1024, 1024 * 1024};
    for (std::size_t size : sizes) {
        const Rate reference = benchMemcpy(settings, size);
        printRow("memcpy (reference)", size, reference, reference);
        printRow("applyMask (in place)", size, benchApplyMask(settings, size), reference);
        printRow("FrameParser, server: parse+unmask", size, benchFrameParser(settings, size), reference);
        printRow("Driver, server: binary messages", size, benchDriver(settings, size), reference);
    }

    std::printf("\n%-34s %8s %14s %9s %10s\n", "permessage-deflate", "message", "messages/s", "MB/s",
                "ratio");
    for (std::size_t size : {std::size_t(64 * 1024), std::size_t(1024 * 1024)})
        benchDeflate(settings, size);

    return g_failed ? 1 : 0;
}
