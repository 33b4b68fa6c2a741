// SPDX-License-Identifier: MIT
#pragma once
// Value types the Driver reports. They are plain data so the network layer can copy them
// into its own batches; payloads are views valid only during the callback.
#include "protocol/FrameHeader.h"
#include "protocol/handshake/Handshake.h"
#include "protocol/PermessageDeflate.h"
#include "protocol/ProtocolError.h"

#include <cstdint>
#include <string>
#include <string_view>

namespace wsi::protocol {

enum class Direction : std::uint8_t { Incoming, Outgoing };

// How a frame is laid out on the wire.
enum class FrameFormat : std::uint8_t {
    Rfc6455, // section 5.2's header (also the hybi drafts 7 and 8)
    // The hixie drafts (legacy/HixieDriver): rawHeader holds the frame type byte, and for a
    // length-prefixed frame (type 0x80-0xFF) its 7-bit length bytes; rawTrailer holds the
    // 0xFF that ends a sentinel frame (type 0x00-0x7F). `header` maps the frame onto RFC
    // 6455's terms for display: a 0x00 frame is text, a 0x80 frame binary, 0xFF 0x00 close,
    // any other type "reserved"; fin = true, unmasked, payloadLength = the data's length.
    Hixie,
};

// One frame as it crossed the wire, either way.
struct FrameEvent {
    Direction direction = Direction::Incoming;
    FrameHeader header;
    EncodedHeader rawHeader;    // the header bytes exactly as on the wire
    std::uint64_t streamOffset = 0; // offset of the header's first byte in its direction's stream
    // The frame's payload (unmasked), for frames whose payload is available whole when
    // reported: outgoing frames and incoming control frames. Empty view otherwise.
    // (Hixie frames: always, since they are reported whole.)
    std::string_view payload;
    FrameFormat format = FrameFormat::Rfc6455;
    std::string_view rawTrailer; // bytes after the payload (hixie sentinel frames: "\xff")
};

// One whole data message, reassembled (and inflated).
struct MessageEvent {
    Direction direction = Direction::Incoming;
    bool isText = true;
    std::string_view payload;     // text (valid UTF-8) or bytes, inflated
    std::uint64_t length = 0;     // payload bytes, inflated: payload.size(), also when the
                                  // payload is left out (DriverOptions::deliverPayloads)
    std::uint64_t wireSize = 0;   // sum of its frames' payload lengths on the wire
    bool compressed = false;      // RSV1 on the first frame
    std::uint32_t frameCount = 0;
    std::uint64_t streamOffset = 0; // offset of its first frame's header
};

struct PingEvent {
    Direction direction = Direction::Incoming;
    std::string_view payload;
    bool answered = false; // incoming: whether the driver sent the automatic pong
};

struct PongEvent {
    Direction direction = Direction::Incoming;
    std::string_view payload;
    // Incoming: the id returned by sendPing() for the ping this pong answers, 0 when the
    // pong matches no outstanding ping (unsolicited, or a stale answer).
    std::uint64_t pingId = 0;
    // Pings sent before the matched one and never answered; they are forgotten now.
    std::uint32_t pingsSkipped = 0;
};

enum class Initiator : std::uint8_t { Local, Remote };

// One close frame as it went on the wire, either way.
struct CloseFrame {
    bool present = false;      // the frame was sent (or received)
    bool hasCode = false;      // false: no payload
    std::uint16_t code = 0;
    std::string reason;
};

// The close handshake's result (section 7.1.4 - 7.1.6). The connection's close code is the
// one in the close frame received (section 7.1.5): 1005 when it had none, 1006 when no close
// frame came, whatever we sent; `sent` and `received` say what each side's frame held.
struct CloseEvent {
    bool hasCode = false;      // false: the received close frame had no payload (1005), or none came (1006)
    std::uint16_t code = 1005;
    std::string reason;        // of the received close frame
    Initiator initiator = Initiator::Local; // who sent the first close frame
    bool clean = false;        // both close frames were exchanged
    CloseFrame sent;
    CloseFrame received;
};

struct ProtocolErrorEvent {
    ProtocolError error = ProtocolError::None;
    std::uint16_t closeCode = 1002;
    std::string message;       // what was wrong, naming the value that was
    std::uint64_t streamOffset = 0; // where in the incoming stream
};

// The completed opening handshake.
struct OpenEvent {
    std::string rawRequest;    // the request head as sent (client) or received (server)
    std::string rawResponse;   // the response head as received (client) or sent (server)
    HttpRequestHead request;   // server role: the parsed request (path, query, origin, headers)
    HttpResponseHead response; // client role: the parsed response
    std::string subprotocol;
    std::string extensions;    // the accepted Sec-WebSocket-Extensions value
    bool deflate = false;
    DeflateParams deflateParams;
    ProtocolVersion version = ProtocolVersion::Rfc6455_13; // the version spoken
};

enum class HandshakeFailureKind : std::uint8_t {
    // client role
    ResponseRejected,          // a check of ClientHandshakeError failed (see `clientError`)
    // server role
    RequestRejected,           // we answered 400/426/431 (see `status`)
    PlainHttpRequest,          // a GET without upgrade; the caller may answer it
    CallerHttpRequest,         // a request for one of ServerHandshakeOptions::callerHttpPaths:
                               // nothing was written, the caller answers (and reads its body)
};

struct HandshakeFailureEvent {
    HandshakeFailureKind kind = HandshakeFailureKind::ResponseRejected;
    ClientHandshakeError clientError = ClientHandshakeError::None;
    int status = 0;            // the response status (client) or our answer's (server)
    std::string message;       // precise reason for the user
    std::string rawRequest;
    std::string rawResponse;   // response head (client), or the answer we sent (server)
    std::string bodyPreview;   // client: the first bytes of a non-101 response body
    HttpRequestHead request;   // server: what the client asked for
    std::string bodyStart;     // server, CallerHttpRequest: bytes that came after the head
    HttpResponseHead response; // client: the parsed response head
};

} // namespace wsi::protocol
