// SPDX-License-Identifier: MIT
#include "DriverFuzzer.h"

#include "FuzzChunker.h"
#include "protocol/Driver.h"
#include "protocol/handshake/HttpMessage.h"
#include "protocol/Opcode.h"

#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

namespace wsi::fuzz {
namespace {

using namespace wsi::protocol;

constexpr std::uint64_t MaxMessageSize = 64 * 1024; // small, so 1009 paths are reachable
constexpr std::uint64_t FrameSizeLimits[] = {64 * 1024, 125, 1024, 16 * 1024};

void check(bool condition, const char *what)
{
    if (!condition) {
        std::fprintf(stderr, "fuzz_driver: broken promise: %s\n", what);
        std::abort();
    }
}

// Receives what the driver writes and parses it as the peer would: every frame must be
// well formed for the peer's role, messages must be sequenced (section 5.4), and nothing
// but control frames may follow our close frame (section 5.5.1).
class PeerFrameChecker : public ByteWriter, private FrameParserListener
{
public:
    PeerFrameChecker(Role driverRole, bool expectHead, bool deflate)
        : m_parser(peerOptions(driverRole, deflate), *this),
          m_driverRole(driverRole),
          m_mode(expectHead ? Mode::Head : Mode::Frames)
    {
    }

    void write(const std::uint8_t *data, std::size_t size) override
    {
        check(size > 0, "empty write");
        if (m_mode == Mode::Head) {
            std::size_t consumed = 0;
            const auto status = m_head.feed(data, size, consumed);
            check(status != HttpHeadReader::Status::TooLarge, "our own head is over 16 KiB");
            if (status == HttpHeadReader::Status::NeedMore)
                return;
            m_mode = headStartsFrames() ? Mode::Frames : Mode::Ignore;
            data += consumed;
            size -= consumed;
        }
        if (m_mode == Mode::Frames && size > 0) {
            m_parser.parse(data, size);
            check(!m_parser.hasError(), "the driver wrote a frame its peer must reject");
        }
    }

private:
    enum class Mode : std::uint8_t { Head, Frames, Ignore };

    static FrameParserOptions peerOptions(Role driverRole, bool deflate)
    {
        FrameParserOptions options;
        options.role = driverRole == Role::Client ? Role::Server : Role::Client;
        options.maxFrameSize = 1ull << 62;
        options.allowRsv1 = deflate;
        return options;
    }

    // A client's request, or a server's 101, is followed by frames; an error answer by
    // a body.
    bool headStartsFrames() const
    {
        const std::string &head = m_head.head();
        if (m_driverRole == Role::Client)
            return head.compare(0, 4, "GET ") == 0;
        return head.compare(0, 13, "HTTP/1.1 101 ") == 0;
    }

    void onFrameHeader(const FrameHeader &header, const std::uint8_t *, std::size_t,
                       std::uint64_t) override
    {
        const bool control = isControlOpcode(header.opcode);
        check(!m_closeSent || control, "a data frame after our close frame");
        check(!(m_closeSent && header.opcode == static_cast<std::uint8_t>(Opcode::Close)),
              "a second close frame");
        if (header.opcode == static_cast<std::uint8_t>(Opcode::Close))
            m_closeSent = true;
        if (control)
            return;
        const bool continuation = header.opcode == static_cast<std::uint8_t>(Opcode::Continuation);
        check(continuation == m_inMessage, "data frames out of sequence");
        check(!(continuation && header.rsv1), "RSV1 on a continuation frame");
        m_inMessage = !header.fin;
    }
    void onFramePayload(const std::uint8_t *, std::size_t) override {}
    void onFrameEnd() override {}

    HttpHeadReader m_head;
    FrameParser m_parser;
    Role m_driverRole;
    Mode m_mode;
    bool m_inMessage = false;
    bool m_closeSent = false;
};

// Answers incoming events like an application: echoes messages (in fragments), pings
// back every other ping, and closes after a few messages. Either inside the callback or
// after parse() returns, as an application on an event loop would.
class ReactingSink : public DriverSink
{
public:
    ReactingSink(bool immediate, bool validateUtf8) : m_immediate(immediate), m_validateUtf8(validateUtf8) {}

    void attach(Driver &driver) { m_driver = &driver; }
    int closedCount() const { return m_closed; }

    void runPending()
    {
        // Actions do not queue further actions: they only cause outgoing events.
        std::vector<Action> actions;
        actions.swap(m_pending);
        for (const Action &action : actions)
            run(action);
    }

    void onOpen(const OpenEvent &) override
    {
        check(++m_opened == 1, "onOpen twice");
        act({Action::Kind::Text, "hello", 1});
        act({Action::Kind::Ping, "p", 1});
    }
    void onHandshakeFailed(const HandshakeFailureEvent &event) override
    {
        check(m_opened == 0, "handshake failure after onOpen");
        check(!event.message.empty(), "handshake failure without a reason");
    }
    void onMessage(const MessageEvent &event) override
    {
        if (event.direction != Direction::Incoming)
            return;
        check(event.payload.size() <= MaxMessageSize, "a message over maxMessageSize");
        if (event.isText && m_validateUtf8) {
            Utf8Validator validator;
            check(validator.feed(reinterpret_cast<const std::uint8_t *>(event.payload.data()),
                                 event.payload.size())
                      && validator.isComplete(),
                  "a text message that is not UTF-8");
        }
        if (++m_messages % 4 == 3) {
            act({Action::Kind::Close, "bye", 1});
            return;
        }
        act({event.isText ? Action::Kind::Text : Action::Kind::Binary, std::string(event.payload),
             static_cast<std::uint32_t>(1 + event.payload.size() % 3)});
    }
    void onPing(const PingEvent &event) override
    {
        if (event.direction == Direction::Incoming && ++m_pings % 2 == 0)
            act({Action::Kind::Ping, std::string(event.payload), 1});
    }
    void onProtocolError(const ProtocolErrorEvent &event) override
    {
        check(event.error != ProtocolError::None, "a protocol error without an error");
        check(event.closeCode == 1002 || event.closeCode == 1007 || event.closeCode == 1009,
              "a protocol error with a close code other than 1002/1007/1009");
        check(!event.message.empty(), "a protocol error without a message");
    }
    void onClosed(const CloseEvent &) override { check(++m_closed == 1, "onClosed twice"); }

private:
    struct Action {
        enum class Kind : std::uint8_t { Text, Binary, Ping, Close };
        Kind kind;
        std::string payload;
        std::uint32_t fragments;
    };

    void act(Action action)
    {
        if (m_immediate)
            run(action);
        else
            m_pending.push_back(std::move(action));
    }

    void run(const Action &action)
    {
        const bool open = m_driver->state() == DriverState::Open;
        bool sent = false;
        switch (action.kind) {
        case Action::Kind::Text:
            sent = m_driver->sendText(action.payload, action.fragments);
            break;
        case Action::Kind::Binary:
            sent = m_driver->sendBinary(action.payload, action.fragments);
            break;
        case Action::Kind::Ping:
            sent = m_driver->sendPing(action.payload) != 0;
            break;
        case Action::Kind::Close:
            sent = m_driver->close(1000, action.payload);
            break;
        }
        check(open || !sent, "a send succeeded while the driver was not open");
    }

    Driver *m_driver = nullptr;
    bool m_immediate;
    bool m_validateUtf8;
    std::vector<Action> m_pending;
    int m_opened = 0;
    int m_closed = 0;
    int m_messages = 0;
    int m_pings = 0;
};

DriverOptions optionsFor(Role role, std::uint8_t flags, std::uint8_t deflateBits)
{
    DriverOptions options;
    options.role = role;
    options.skipHandshake = flags & 0x01;
    options.autoPong = !(flags & 0x08);
    options.maxFrameSize = FrameSizeLimits[(flags >> 4) & 3];
    options.maxMessageSize = MaxMessageSize;
    options.validateUtf8 = !(flags & 0x40);
    options.autoPongLimit = (flags & 0x80) ? 1 : -1;
    // Deterministic "randomness": mask keys count up.
    options.random = [counter = std::uint8_t(0)](std::uint8_t *out, std::size_t size) mutable {
        for (std::size_t i = 0; i < size; ++i)
            out[i] = counter++;
    };
    options.server.maxHeadSize = 2048; // small, so 431 is reachable

    // RFC 6455 section 1.3's example request, whose answer the seed corpus carries.
    options.clientRequest.host = "server.example.com";
    options.clientRequest.resourceName = "/chat";
    options.clientRequest.origin = "http://example.com";
    options.clientRequest.subprotocols = {"chat", "superchat"};
    options.clientRequest.key = "dGhlIHNhbXBsZSBub25jZQ==";
    options.server.subprotocols = {"chat"};

    const bool deflate = flags & 0x02;
    const int serverBits = 8 + (deflateBits & 7);
    const int clientBits = 8 + ((deflateBits >> 3) & 7);
    const bool serverNoContext = deflateBits & 0x40;
    const bool clientNoContext = deflateBits & 0x80;
    if (deflate && options.skipHandshake) {
        options.deflateWithoutHandshake = true;
        options.deflateParams = {serverNoContext, clientNoContext, serverBits, clientBits};
    } else if (deflate) {
        options.offerDeflate = true;
        options.deflateOffer.serverNoContextTakeover = serverNoContext;
        options.deflateOffer.clientNoContextTakeover = clientNoContext;
        options.deflateOffer.serverMaxWindowBits = (deflateBits & 7) ? serverBits : 0;
        options.acceptDeflate = true;
        options.deflateServer.serverNoContextTakeover = serverNoContext;
        options.deflateServer.clientNoContextTakeover = clientNoContext;
        options.deflateServer.serverMaxWindowBits = serverBits;
        options.deflateServer.clientMaxWindowBits = clientBits;
    }
    return options;
}

} // namespace

int runDriverFuzz(Role role, const std::uint8_t *data, std::size_t size)
{
    if (size < DriverFuzzHeaderSize)
        return 0;
    const std::uint8_t flags = data[0];
    FuzzChunker chunker(data[1]);
    DriverOptions options = optionsFor(role, flags, data[2]);
    data += DriverFuzzHeaderSize;
    size -= DriverFuzzHeaderSize;

    PeerFrameChecker writer(role, !options.skipHandshake, flags & 0x02);
    ReactingSink sink(flags & 0x04, options.validateUtf8);
    Driver driver(std::move(options), sink, writer);
    sink.attach(driver);

    driver.start();
    sink.runPending();
    chunker.split(data, size, [&](const std::uint8_t *chunk, std::size_t chunkSize) {
        driver.parse(chunk, chunkSize);
        sink.runPending();
    });
    driver.endOfInput();
    sink.runPending();

    check(driver.state() == DriverState::Closed, "not closed after endOfInput()");
    check(sink.closedCount() == 1, "onClosed not reported exactly once");
    check(!driver.sendText("late"), "sendText succeeded after the connection closed");
    check(driver.sendPing() == 0, "sendPing succeeded after the connection closed");
    return 0;
}

} // namespace wsi::fuzz
