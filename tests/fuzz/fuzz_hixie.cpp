// SPDX-License-Identifier: MIT
// libFuzzer target: the HixieDriver (drafts 75 and 76) in either role, fed what a
// (hostile) peer sends in input-chosen chunks, echoing messages and closing after a few as
// an application would. It aborts when the driver breaks a promise of HixieDriver.h or
// writes frames its peer's parser would reject.
//
// Input layout: [flags][chunk seed][bytes from the peer ...]
//   flags bit 0: server role (else client)
//         bit 1: draft 75 (client role; a server reads its draft from the request)
//         bit 2: skip the opening handshake (start open)
//         bit 3: frame size limit 64 bytes (else 64 KiB)
//         bit 4: refuse old drafts (server role)
#include "FuzzChunker.h"
#include "protocol/legacy/HixieDriver.h"

#include <cstdio>
#include <cstdlib>
#include <string>

namespace {

using namespace wsi::protocol;

void check(bool condition, const char *what)
{
    if (!condition) {
        std::fprintf(stderr, "fuzz_hixie: broken promise: %s\n", what);
        std::abort();
    }
}

// Reads the driver's frames back as its peer would (after the handshake, which it skips:
// the head and draft 76's body are known to the driver only).
class PeerChecker : public ByteWriter, private HixieFrameListener
{
public:
    explicit PeerChecker(bool draft76) : m_parser(options(draft76), *this) {}
    void startFrames() { m_frames = true; }
    void write(const std::uint8_t *data, std::size_t size) override
    {
        check(size > 0, "empty write");
        if (!m_frames)
            return;
        m_parser.parse(data, size);
        check(!m_parser.hasError(), "the driver wrote a frame its peer must reject");
    }

private:
    static HixieFrameParserOptions options(bool draft76)
    {
        HixieFrameParserOptions options;
        options.maxFrameSize = 1ull << 40;
        options.strictClose = draft76;
        return options;
    }
    void onHixieFrame(const HixieFrame &frame) override
    {
        check(!m_closeSent, "a frame after our 0xFF 0x00");
        m_closeSent = frame.kind == HixieFrameKind::Close;
    }

    HixieFrameParser m_parser;
    bool m_frames = false;
    bool m_closeSent = false;
};

class EchoingSink : public DriverSink
{
public:
    EchoingSink(HixieDriver *&driver, PeerChecker &peer, std::uint64_t limit) : m_driver(driver), m_peer(peer), m_limit(limit) {}
    void onOpen(const OpenEvent &) override
    {
        check(++m_opened == 1 && m_closed == 0, "onOpen twice or after onClosed");
        m_peer.startFrames();
        m_driver->sendText("hello");
    }
    void onHandshakeFailed(const HandshakeFailureEvent &event) override
    {
        check(m_opened == 0 && m_closed == 0, "a handshake failure after onOpen or onClosed");
        check(!event.message.empty(), "a handshake failure without a reason");
    }
    void onFrame(const FrameEvent &event) override
    {
        check(m_closed == 0, "a frame after onClosed");
        check(event.format == FrameFormat::Hixie && event.rawHeader.size >= 1, "a hixie frame without its type byte");
    }
    void onMessage(const MessageEvent &event) override
    {
        check(m_closed == 0, "a message after onClosed");
        if (event.direction != Direction::Incoming)
            return;
        check(event.payload.size() <= m_limit, "a message over the limit");
        if (event.isText) {
            Utf8Validator validator;
            check(validator.feed(reinterpret_cast<const std::uint8_t *>(event.payload.data()), event.payload.size())
                      && validator.isComplete(),
                  "a text message that is not UTF-8");
        }
        if (++m_messages == 3) {
            check(m_driver->close(), "close() refused while open");
            return;
        }
        const bool sent = event.isText ? m_driver->sendText(event.payload) : m_driver->sendBinary(event.payload);
        check(sent || m_driver->state() != DriverState::Open, "an echo refused while open");
    }
    void onProtocolError(const ProtocolErrorEvent &event) override
    {
        check(event.error != ProtocolError::None && !event.message.empty(), "a protocol error without its reason");
    }
    void onClosed(const CloseEvent &event) override
    {
        check(++m_closed == 1, "onClosed twice");
        check(!event.hasCode && (event.code == 1005 || event.code == 1006), "a hixie close with a code");
        check(m_driver->state() == DriverState::Closed, "onClosed before the state is Closed");
    }

private:
    HixieDriver *&m_driver;
    PeerChecker &m_peer;
    std::uint64_t m_limit;
    int m_opened = 0;
    int m_closed = 0;
    int m_messages = 0;
};

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    if (size < 2)
        return 0;
    const std::uint8_t flags = data[0];
    DriverOptions options;
    options.role = (flags & 1) ? Role::Server : Role::Client;
    options.clientRequest.host = "example.com";
    options.clientRequest.resourceName = "/demo";
    options.clientRequest.version = (flags & 2) ? ProtocolVersion::Hixie75 : ProtocolVersion::Hixie76;
    options.skipHandshake = (flags & 4) != 0;
    options.maxFrameSize = options.maxMessageSize = (flags & 8) ? 64 : 64 * 1024;
    options.server.refuseOldDrafts = (flags & 16) != 0;
    options.random = [](std::uint8_t *out, std::size_t n) {
        for (std::size_t i = 0; i < n; ++i)
            out[i] = static_cast<std::uint8_t>(i * 7 + 3);
    };
    // A server learns its draft from the request; its peer checker is lenient about 0xFF.
    PeerChecker peer(options.role == Role::Client && !(flags & 2));
    HixieDriver *driverPointer = nullptr;
    EchoingSink sink(driverPointer, peer, options.maxMessageSize);
    if (options.skipHandshake)
        peer.startFrames();
    HixieDriver driver(options, sink, peer);
    driverPointer = &driver;
    driver.start();
    wsi::fuzz::FuzzChunker chunker(data[1]);
    chunker.split(data + 2, size - 2, [&](const std::uint8_t *chunk, std::size_t chunkSize) {
        driver.parse(chunk, chunkSize);
    });
    driver.endOfInput();
    check(driver.state() == DriverState::Closed, "not closed after endOfInput");
    return 0;
}
