// SPDX-License-Identifier: MIT
#pragma once
// The I/O-free WebSocket driver (RFC 6455 + RFC 7692) for one connection, in either role.
// Bytes from the peer go in through parse(); events come out through a DriverSink; bytes
// for the peer come out through a ByteWriter. No sockets, threads or clocks: randomness
// (mask keys, the handshake key) is injected, defaulting to OpenSSL's RAND_bytes.
#include "protocol/DriverEvents.h"
#include "protocol/FrameParser.h"
#include "protocol/RawFrame.h"
#include "protocol/Utf8Validator.h"

#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace wsi::protocol {

class DriverSink
{
public:
    virtual ~DriverSink() = default;
    virtual void onOpen(const OpenEvent &) {}
    virtual void onHandshakeFailed(const HandshakeFailureEvent &) {}
    virtual void onFrame(const FrameEvent &) {}
    virtual void onMessage(const MessageEvent &) {}
    virtual void onPing(const PingEvent &) {}
    virtual void onPong(const PongEvent &) {}
    virtual void onProtocolError(const ProtocolErrorEvent &) {}
    // The connection is over: after a clean close handshake, a protocol error, or a
    // handshake failure. The transport should now be closed.
    virtual void onClosed(const CloseEvent &) {}
};

class ByteWriter
{
public:
    virtual ~ByteWriter() = default;
    virtual void write(const std::uint8_t *data, std::size_t size) = 0;
    // One frame's header and payload, in that order (the payload may be empty). By default
    // two write() calls; a writer that copies into its own buffer can take both in one.
    virtual void writeFrame(const std::uint8_t *header, std::size_t headerSize, const std::uint8_t *payload,
                            std::size_t payloadSize)
    {
        write(header, headerSize);
        if (payloadSize > 0)
            write(payload, payloadSize);
    }
};

using RandomSource = std::function<void(std::uint8_t *out, std::size_t size)>;

struct DriverOptions {
    Role role = Role::Client;
    std::uint64_t maxFrameSize = 64ull * 1024 * 1024;
    std::uint64_t maxMessageSize = 64ull * 1024 * 1024;
    bool autoPong = true;
    std::int64_t autoPongLimit = -1; // answer only the first N pings; -1: all
    bool validateUtf8 = true;
    // False: no FrameEvent for data frames (text, binary, continuation) either way, for a
    // sink that needs only messages (an echo server); control frames are still reported.
    // inputPosition() tells where the incoming stream stands without them.
    bool reportDataFrames = true;
    // False: a sink that only counts messages. An uncompressed message whose payload comes
    // in pieces is then not reassembled (a 1 MiB message would be copied once more for
    // nothing): its MessageEvent has an empty payload, and `length` says its size. Checks
    // are unchanged (limits, UTF-8 as the text streams in). Whole one-frame messages and
    // compressed ones still come with their payload.
    bool deliverPayloads = true;
    RandomSource random;             // empty: OpenSSL RAND_bytes

    // Client role: the upgrade request (key is generated when empty).
    ClientHandshakeRequest clientRequest;
    bool offerDeflate = false;
    DeflateOffer deflateOffer;
    // When not empty, sent verbatim instead of the built request (the handshake lab). The
    // response is then checked against the key and offers found in this text.
    std::string rawRequestOverride;

    // Server role.
    ServerHandshakeOptions server;
    bool acceptDeflate = false;
    DeflateServerOptions deflateServer;

    // Start open, without an opening handshake (frame-level tests, fuzzing, benchmarks).
    bool skipHandshake = false;
    bool deflateWithoutHandshake = false; // with skipHandshake: use these params
    DeflateParams deflateParams;
};

enum class DriverState : std::uint8_t { Connecting, Open, Closing, Closed };

// Where the incoming frame stream stands between two parse() calls: what a peer that goes
// away now leaves unfinished. All zero/false between whole messages (and before the
// opening handshake completes).
struct InputPosition {
    std::size_t partialHeaderBytes = 0; // bytes of a frame header not yet complete
    bool inPayload = false;             // a header is whole, its payload is not:
    std::uint8_t opcode = 0;            //   that frame's opcode,
    std::uint64_t payloadLength = 0;    //   its announced payload length
    std::uint64_t payloadReceived = 0;  //   and the payload bytes received so far
    bool inFragmentedMessage = false;   // a data message's frames have begun, its last has not
};

class Driver
{
public:
    Driver(DriverOptions options, DriverSink &sink, ByteWriter &writer);
    ~Driver();
    Driver(const Driver &) = delete;
    Driver &operator=(const Driver &) = delete;

    // Client role: writes the upgrade request. Server role: nothing (waits for a request).
    void start();
    // Feeds bytes received from the peer.
    void parse(const std::uint8_t *data, std::size_t size);
    // The peer closed the transport. Completes a pending handshake failure report and,
    // when the close handshake did not finish, reports an unclean close (1006).
    void endOfInput();
    // Client role: after a non-101 answer the failure is reported once the body preview is
    // complete (Content-Length, or 4 KiB). Without a Content-Length it waits for 4 KiB or
    // endOfInput(); the network layer calls endOfInput() after a short grace period.
    bool isAwaitingRejectedBody() const { return m_rejected && m_state == DriverState::Connecting; }

    // Sending. Each returns false (and sends nothing) when not open.
    bool sendText(std::string_view text, std::uint32_t fragments = 1);
    bool sendBinary(std::string_view data, std::uint32_t fragments = 1);
    // Returns an id (> 0) to match with PongEvent::pingId, or 0 when not open.
    std::uint64_t sendPing(std::string_view payload = {});
    bool sendPong(std::string_view payload = {});
    // Starts the close handshake (section 7.1.2). code 0: a close frame without payload.
    bool close(std::uint16_t code = 1000, std::string_view reason = {});
    // Sends the frame as described, in any state but Closed.
    bool sendRawFrame(const RawFrame &frame);

    DriverState state() const { return m_state; }
    Role role() const { return m_options.role; }
    const OpenEvent &openInfo() const { return m_open; }
    const CloseEvent &closeInfo() const { return m_close; }
    bool isDeflateActive() const { return m_deflater != nullptr; }
    void setAutoPong(bool enabled, std::int64_t limit = -1);
    std::uint64_t bytesReceived() const { return m_bytesIn; }
    std::uint64_t bytesSent() const { return m_bytesOut; }
    InputPosition inputPosition() const;
    // During onMessage() of an incoming message that was reassembled in the Driver's own
    // buffer (the event's payload is that whole buffer): swaps the buffer with `other`,
    // so a sink that must keep the payload beyond the call (an echo the kernel did not take
    // at once) takes it without a copy, and the Driver reassembles the next message in
    // `other`'s capacity. The payload view stays valid: its bytes now belong to `other`.
    // False, and nothing swapped, at any other time.
    bool swapMessageBuffer(std::string_view payload, std::string &other);

private:
    class FrameListener;
    friend class FrameListener;

    void parseHandshake(const std::uint8_t *data, std::size_t size);
    void parseFrames(const std::uint8_t *data, std::size_t size);
    void parseClientHandshake(const std::uint8_t *data, std::size_t size);
    void parseServerHandshake(const std::uint8_t *data, std::size_t size);
    void collectRejectedBody(const std::uint8_t *data, std::size_t size);
    void reportRejectedResponse();
    void openWith(const std::vector<Extension> &extensions, bool serverRole);
    void failHandshakeAsServer(const ServerHandshakeCheck &check, const HttpRequestHead &request,
                               std::string_view rest = {});

    // frame events from the FrameParser
    void frameHeader(const FrameHeader &header, const std::uint8_t *raw, std::size_t rawSize,
                     std::uint64_t offset);
    void framePayload(const std::uint8_t *data, std::size_t size);
    void frameEnd();
    void wholeFrame(const FrameHeader &header, const std::uint8_t *raw, std::size_t rawSize, std::uint64_t offset,
                    const std::uint8_t *payload, std::size_t payloadSize);
    void dataFramePayload(const std::uint8_t *data, std::size_t size);
    void countPayloadOnly(const std::uint8_t *data, std::size_t size);
    void dataFrameEnd();
    void controlFrameEnd();
    void handleClose(std::string_view payload);
    void handlePing(std::string_view payload);
    void handlePong(std::string_view payload);
    void failConnection(ProtocolError error, std::string message);
    void finish(bool clean);

    bool sendMessage(bool text, std::string_view payload, std::uint32_t fragments);
    void sendDataFrames(std::uint8_t opcode, std::string_view wire, std::size_t count);
    void sendFrame(FrameHeader header, std::string_view payload);
    // Writes the header and the payload (masked when the header says so), then reports it.
    void writeFrame(const FrameHeader &header, const EncodedHeader &raw, std::string_view payload);
    void writeUnmaskedFrame(std::uint8_t firstByte, std::string_view payload);
    void writeBytes(const std::uint8_t *data, std::size_t size);
    void reportOutgoingFrame(const FrameHeader &header, const EncodedHeader &raw, std::string_view payload);
    void markCloseSent(std::string_view payload);
    static CloseFrame closeFrameOf(std::string_view payload);
    bool isIgnoringInput() const;
    void setUpDeflate(const DeflateParams &params);
    MaskKey nextMaskKey();

    DriverOptions m_options;
    DriverSink &m_sink;
    ByteWriter &m_writer;
    std::unique_ptr<FrameListener> m_frameListener;
    std::unique_ptr<FrameParser> m_parser;
    DriverState m_state = DriverState::Connecting;

    // opening handshake
    HttpHeadReader m_headReader;
    std::string m_sentRequest;
    ClientHandshakeRequest m_effectiveRequest;
    bool m_rejected = false;
    HandshakeFailureEvent m_rejection;
    std::uint64_t m_rejectedBodyWanted = 0;
    OpenEvent m_open;

    // incoming frame/message state
    FrameHeader m_frame;
    EncodedHeader m_frameRaw;
    std::uint64_t m_frameOffset = 0;
    bool m_inMessage = false;
    bool m_messageText = false;
    bool m_messageCompressed = false;
    std::uint32_t m_messageFrames = 0;
    std::uint64_t m_messageWireSize = 0;
    std::uint64_t m_messageOffset = 0;
    std::string m_message;
    bool m_wholeMessage = false;      // one final frame, its payload not yet split
    std::string_view m_wholePayload;  // ... delivered whole: the parser's bytes, not copied
    std::uint64_t m_payloadLeftOut = 0; // bytes of the message not kept (deliverPayloads off)
    std::string_view m_swappableMessage; // during onMessage(): m_message's payload, if it is one
    std::string m_control;
    Utf8Validator m_utf8;

    // permessage-deflate
    DeflateParams m_deflateParams;
    std::unique_ptr<MessageDeflater> m_deflater;
    std::unique_ptr<MessageInflater> m_inflater;

    // ping bookkeeping
    struct PendingPing {
        std::uint64_t id;
        std::string payload;
    };
    std::deque<PendingPing> m_pendingPings;
    std::uint64_t m_nextPingId = 1;
    std::int64_t m_pingsAnswered = 0;

    // close handshake
    bool m_closeSent = false;
    bool m_closeReceived = false;
    CloseEvent m_close;

    std::uint64_t m_bytesIn = 0;
    std::uint64_t m_bytesOut = 0;
    std::uint64_t m_outOffset = 0;
    std::string m_outScratch;
    std::string m_deflateScratch;
    std::uint8_t m_randomPool[256] = {};
    std::size_t m_randomUsed = sizeof m_randomPool;
};

} // namespace wsi::protocol
