// SPDX-License-Identifier: MIT
#pragma once
// A DriverSink and ByteWriter for tests: every event becomes one line of text, so two runs
// (say, whole input vs byte-by-byte) can be compared with a single QCOMPARE, and a failing
// comparison shows which event differs.
#include "protocol/Driver.h"

#include <string>
#include <vector>

namespace wsi::test {

class RecordingSink : public protocol::DriverSink
{
public:
    void onOpen(const protocol::OpenEvent &event) override;
    void onHandshakeFailed(const protocol::HandshakeFailureEvent &event) override;
    void onFrame(const protocol::FrameEvent &event) override;
    void onMessage(const protocol::MessageEvent &event) override;
    void onPing(const protocol::PingEvent &event) override;
    void onPong(const protocol::PongEvent &event) override;
    void onProtocolError(const protocol::ProtocolErrorEvent &event) override;
    void onClosed(const protocol::CloseEvent &event) override;

    // When false, frame events are not recorded (message-level comparisons).
    bool recordFrames = true;
    // When false, a message is recorded by its length only (DriverOptions::deliverPayloads
    // off may leave its payload out).
    bool recordPayloads = true;

    std::vector<std::string> events;
    // The last of each kind, for precise assertions.
    std::vector<std::string> messages;        // payloads of incoming messages
    protocol::ProtocolErrorEvent lastError;
    protocol::CloseEvent lastClose;
    protocol::HandshakeFailureEvent lastHandshakeFailure;
    protocol::OpenEvent lastOpen;
    int closedCount = 0;
    int openCount = 0;
};

class CapturingWriter : public protocol::ByteWriter
{
public:
    void write(const std::uint8_t *data, std::size_t size) override
    {
        bytes.append(reinterpret_cast<const char *>(data), size);
    }
    std::string take()
    {
        std::string out;
        out.swap(bytes);
        return out;
    }
    std::string bytes;
};

// Deterministic "randomness": bytes counting up from a seed.
protocol::RandomSource countingRandom(std::uint8_t seed = 0);
// Always the same 4 bytes (for golden vectors with a known mask key).
protocol::RandomSource fixedRandom(std::string bytes);

std::string toHex(const std::string &bytes);
std::string fromHex(const std::string &hex); // ignores spaces

} // namespace wsi::test
