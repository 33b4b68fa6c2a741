// SPDX-License-Identifier: MIT
#pragma once
// What the tests split out of tst_driver.cpp share.
#include "support/Chunking.h"
#include "support/RecordingSink.h"

#include "protocol/CloseCode.h"
#include "protocol/Driver.h"
#include "protocol/Masking.h"

#include <QtTest>

#include <deque>

using namespace wsi::protocol;
using wsi::test::CapturingWriter;
using wsi::test::RecordingSink;
using wsi::test::fromHex;

namespace wsi::test {

// One driver with its sink and writer, fed whole streams in a given chunking. (Any driver
// of the Driver's shape: legacy/HixieDriver too.)
template <typename DriverType>
struct BasicEndpoint {
    explicit BasicEndpoint(DriverOptions options) : driver(withDefaults(std::move(options)), sink, writer) {}
    static DriverOptions withDefaults(DriverOptions options)
    {
        if (!options.random)
            options.random = wsi::test::countingRandom(1);
        return options;
    }
    void feed(const std::string &bytes)
    {
        driver.parse(reinterpret_cast<const std::uint8_t *>(bytes.data()), bytes.size());
    }
    RecordingSink sink;
    CapturingWriter writer;
    DriverType driver;
};
using Endpoint = BasicEndpoint<Driver>;

inline DriverOptions openOptions(Role role)
{
    DriverOptions options;
    options.role = role;
    options.skipHandshake = true;
    return options;
}

// A masked frame as a client would send it (the server role requires masks).
inline std::string maskedFrame(std::uint8_t firstByte, const std::string &payload, MaskKey key = {0x37, 0xfa, 0x21, 0x3d})
{
    FrameHeader header;
    header.fin = (firstByte & 0x80) != 0;
    header.rsv1 = (firstByte & 0x40) != 0;
    header.rsv2 = (firstByte & 0x20) != 0;
    header.rsv3 = (firstByte & 0x10) != 0;
    header.opcode = firstByte & 0x0F;
    header.masked = true;
    header.maskKey = key;
    header.payloadLength = payload.size();
    const EncodedHeader raw = encodeFrameHeader(header);
    std::string out(reinterpret_cast<const char *>(raw.bytes.data()), raw.size);
    std::string body = payload;
    applyMask(reinterpret_cast<std::uint8_t *>(body.data()), body.size(), key);
    return out + body;
}

inline std::string closeFramePayload(std::uint16_t code, const std::string &reason = {})
{
    std::string payload;
    payload += static_cast<char>(code >> 8);
    payload += static_cast<char>(code & 0xFF);
    return payload + reason;
}

// Runs `input` through a fresh endpoint in every chunking; all must record the same events.
inline std::vector<std::string> eventsInEveryChunking(const DriverOptions &options, const std::string &input)
{
    std::vector<std::string> reference;
    bool first = true;
    for (const auto &chunking : wsi::test::chunkingsFor(input.size(), 6)) {
        Endpoint endpoint(options);
        wsi::test::feedChunked(input, chunking, [&](const std::uint8_t *data, std::size_t size) {
            endpoint.driver.parse(data, size);
        });
        if (first) {
            reference = endpoint.sink.events;
            first = false;
        } else if (endpoint.sink.events != reference) {
            QTest::qFail(("events differ when fed " + chunking.name).c_str(), __FILE__, __LINE__);
            return {};
        }
    }
    return reference;
}

inline bool containsLine(const std::vector<std::string> &events, const std::string &prefix)
{
    for (const auto &line : events) {
        if (line.rfind(prefix, 0) == 0)
            return true;
    }
    return false;
}

// A client and a server driver wired back to back through byte queues.
template <typename EndpointType>
class BasicPair
{
public:
    BasicPair(DriverOptions clientOptions, DriverOptions serverOptions)
        : client(clientOptions), server(serverOptions)
    {
    }
    // Moves bytes both ways until neither side has anything left to say.
    void pump(int maxRounds = 100)
    {
        for (int round = 0; round < maxRounds; ++round) {
            const std::string toServer = client.writer.take();
            const std::string toClient = server.writer.take();
            if (toServer.empty() && toClient.empty())
                return;
            if (!toServer.empty())
                server.feed(toServer);
            if (!toClient.empty())
                client.feed(toClient);
        }
    }
    void open()
    {
        client.driver.start();
        pump();
    }
    EndpointType client;
    EndpointType server;
};
using Pair = BasicPair<Endpoint>;

inline DriverOptions clientOptions()
{
    DriverOptions options;
    options.role = Role::Client;
    options.clientRequest.host = "example.com";
    options.clientRequest.resourceName = "/chat?room=1";
    return options;
}

inline DriverOptions serverOptions()
{
    DriverOptions options;
    options.role = Role::Server;
    return options;
}

// Frame event lines of data frames (text, binary, continuation), either way.
inline std::string toHexString(const std::string &bytes)
{
    return wsi::test::toHex(bytes);
}

inline bool isDataFrameLine(const std::string &line)
{
    if (line.rfind("frame ", 0) != 0)
        return false;
    return line.find(" op=text ") != std::string::npos || line.find(" op=binary ") != std::string::npos
        || line.find(" op=continuation ") != std::string::npos;
}

inline std::string describePosition(const InputPosition &p)
{
    return "header=" + std::to_string(p.partialHeaderBytes) + " payload=" + (p.inPayload ? "1" : "0")
        + " op=" + std::to_string(p.opcode) + " len=" + std::to_string(p.payloadLength)
        + " received=" + std::to_string(p.payloadReceived) + " fragmented=" + (p.inFragmentedMessage ? "1" : "0");
}

} // namespace wsi::test

using namespace wsi::test;
