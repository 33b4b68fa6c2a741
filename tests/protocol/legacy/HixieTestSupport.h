// SPDX-License-Identifier: MIT
#pragma once
// What the hixie tests share: draft 76's worked example (section 1.3 and 5.2), and a
// HixieDriver endpoint like DriverTestSupport.h's Endpoint.
#include "protocol/DriverTestSupport.h"

#include "protocol/legacy/HixieDriver.h"
#include "protocol/legacy/RequestVersion.h"

namespace wsi::test::hixie {

inline const std::string kKey1 = "4 @1  46546xW%0l 1 5";
inline const std::string kKey2 = "12998 5 Y3 1  .P00";
inline const std::string kKey3 = "^n:ds[4U";
inline const std::string kAnswer = "8jKS'y:G*Co,Wxa-";

// The example request head of draft 76 section 1.3 (its body, kKey3, follows it).
inline std::string exampleRequestHead()
{
    return "GET /demo HTTP/1.1\r\n"
           "Host: example.com\r\n"
           "Connection: Upgrade\r\n"
           "Sec-WebSocket-Key2: " + kKey2 + "\r\n"
           "Sec-WebSocket-Protocol: sample\r\n"
           "Upgrade: WebSocket\r\n"
           "Sec-WebSocket-Key1: " + kKey1 + "\r\n"
           "Origin: http://example.com\r\n"
           "\r\n";
}

// The example response head; kAnswer follows it.
inline std::string exampleResponseHead()
{
    return "HTTP/1.1 101 WebSocket Protocol Handshake\r\n"
           "Upgrade: WebSocket\r\n"
           "Connection: Upgrade\r\n"
           "Sec-WebSocket-Origin: http://example.com\r\n"
           "Sec-WebSocket-Location: ws://example.com/demo\r\n"
           "Sec-WebSocket-Protocol: sample\r\n"
           "\r\n";
}

// A draft-75 request as Chrome 4 sent it.
inline std::string draft75RequestHead()
{
    return "GET /demo HTTP/1.1\r\n"
           "Upgrade: WebSocket\r\n"
           "Connection: Upgrade\r\n"
           "Host: example.com\r\n"
           "Origin: http://example.com\r\n"
           "WebSocket-Protocol: sample\r\n"
           "\r\n";
}

inline DriverOptions hixieClientOptions(ProtocolVersion version)
{
    DriverOptions options;
    options.role = Role::Client;
    options.clientRequest.host = "example.com";
    options.clientRequest.resourceName = "/demo";
    options.clientRequest.origin = "http://example.com";
    options.clientRequest.version = version;
    options.random = wsi::test::countingRandom(7);
    return options;
}

// The client of the worked example: its keys, key3 and subprotocol.
inline DriverOptions exampleClientOptions()
{
    DriverOptions options = hixieClientOptions(ProtocolVersion::Hixie76);
    options.clientRequest.subprotocols = {"sample"};
    options.clientRequest.extraHeaders = {{"Sec-WebSocket-Key1", kKey1}, {"Sec-WebSocket-Key2", kKey2}};
    options.clientRequest.key = kKey3;
    return options;
}

inline DriverOptions hixieServerOptions()
{
    DriverOptions options;
    options.role = Role::Server;
    options.server.subprotocols = {"sample"};
    options.random = wsi::test::countingRandom(3);
    return options;
}

using HixieEndpoint = wsi::test::BasicEndpoint<HixieDriver>;
using HixiePair = wsi::test::BasicPair<HixieEndpoint>;

// Feeds `input` to a fresh endpoint in every chunking; all must record the same events and
// write the same bytes. Returns the events (the bytes written go to `written`).
inline std::vector<std::string> hixieEventsInEveryChunking(const DriverOptions &options, const std::string &input,
                                                           std::string *written = nullptr, bool start = false)
{
    std::vector<std::string> reference;
    std::string referenceBytes;
    bool first = true;
    for (const auto &chunking : wsi::test::chunkingsFor(input.size(), 6)) {
        HixieEndpoint endpoint(options);
        if (start)
            endpoint.driver.start();
        wsi::test::feedChunked(input, chunking, [&](const std::uint8_t *data, std::size_t size) {
            endpoint.driver.parse(data, size);
        });
        if (first) {
            reference = endpoint.sink.events;
            referenceBytes = endpoint.writer.bytes;
            first = false;
        } else if (endpoint.sink.events != reference || endpoint.writer.bytes != referenceBytes) {
            QTest::qFail(("events or output differ when fed " + chunking.name).c_str(), __FILE__, __LINE__);
            return {};
        }
    }
    if (written)
        *written = referenceBytes;
    return reference;
}

} // namespace wsi::test::hixie
