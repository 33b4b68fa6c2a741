// SPDX-License-Identifier: MIT
#pragma once
// The I/O-free driver of the hixie drafts 75 and 76, either role, shaped like Driver: the
// same DriverOptions, DriverSink and ByteWriter, the same calls (start, parse, endOfInput,
// sendText, sendBinary, close, state, ...), the same events. A caller that holds one or the
// other chooses by DriverOptions::clientRequest.version (client) or detectRequestVersion()
// (server, legacy/RequestVersion.h).
//
// What differs from RFC 6455, and how it is reported:
// - OpenEvent: version Hixie76/Hixie75; rawRequest and rawResponse hold the heads and, in
//   draft 76, the 8-byte key3 and the 16-byte answer after them, exactly as on the wire.
// - FrameEvent: format Hixie, the type (and length) bytes in rawHeader, the sentinel's
//   0xFF in rawTrailer, the payload always (see FrameFormat in DriverEvents.h).
// - MessageEvent: one frame per message (no fragmentation); 0x00 frames are text (UTF-8
//   checked), 0x80 frames binary. sendBinary() sends a 0x80 frame: the drafts set the type
//   aside for binary data but no browser of the time read it, and em-websocket discards it.
// - No ping or pong: sendPing() returns 0, sendPong() false.
// - CloseEvent: no codes: code 1005 without a code. Draft 76: 0xFF 0x00 both ways is a
//   clean close. Draft 75 has no closing handshake: close() ends at once (clean, nothing
//   sent), and the peer's end of input between frames is a clean close too; 0xFF 0x00
//   received in draft 75 is answered and closes, as em-websocket does.
// - ProtocolErrorEvent: invalid UTF-8 in a text frame, a frame over maxFrameSize (or
//   maxMessageSize), 0xFF followed by anything but 0x00 (draft 76), a length over 10 bytes.
//   The drafts have no error frame: the connection just ends (onClosed, not clean).
#include "protocol/Driver.h"
#include "protocol/legacy/HixieFraming.h"
#include "protocol/legacy/HixieHandshake.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace wsi::protocol {

class HixieDriver : private HixieFrameListener
{
public:
    // Client role: clientRequest.version says the draft (anything but Hixie75 is draft 76).
    // Server role: the draft is read from the request (with skipHandshake, both roles take
    // clientRequest.version). Options not used: deflate, autoPong, deliverPayloads (one
    // frame per message: nothing to reassemble). rawRequestOverride (the handshake lab) is
    // the request's head, sent as written; draft 76's key3 follows it.
    HixieDriver(DriverOptions options, DriverSink &sink, ByteWriter &writer);
    HixieDriver(const HixieDriver &) = delete;
    HixieDriver &operator=(const HixieDriver &) = delete;

    // Client role: writes the request head (and draft 76's key3). Server role: nothing.
    void start();
    void parse(const std::uint8_t *data, std::size_t size);
    void endOfInput();
    // A non-101 answer is reported at once, with the body bytes of its read: never waits.
    bool isAwaitingRejectedBody() const { return false; }

    // Each returns false (and sends nothing) when not open. `fragments` is ignored: the
    // drafts do not fragment.
    bool sendText(std::string_view text, std::uint32_t fragments = 1);
    bool sendBinary(std::string_view data, std::uint32_t fragments = 1);
    std::uint64_t sendPing(std::string_view = {}) { return 0; }
    bool sendPong(std::string_view = {}) { return false; }
    // Draft 76 sends 0xFF 0x00 and waits for the peer's; draft 75 ends at once. The code
    // and reason cannot be sent and are ignored.
    bool close(std::uint16_t code = 1000, std::string_view reason = {});

    DriverState state() const { return m_state; }
    Role role() const { return m_options.role; }
    // The client's draft from the start; the server's once the request is read.
    ProtocolVersion version() const { return m_version; }
    const OpenEvent &openInfo() const { return m_open; }
    const CloseEvent &closeInfo() const { return m_close; }
    std::uint64_t bytesReceived() const { return m_bytesIn; }
    std::uint64_t bytesSent() const { return m_bytesOut; }
    InputPosition inputPosition() const;

private:
    // handshake (HixieDriverHandshake.cpp)
    void startWithWrittenHead();
    void parseHandshake(const std::uint8_t *data, std::size_t size);
    void parseClientHead(const std::uint8_t *data, std::size_t size);
    void parseClientAnswer(const std::uint8_t *data, std::size_t size);
    void parseServerHead(const std::uint8_t *data, std::size_t size);
    void parseServerKey3(const std::uint8_t *data, std::size_t size);
    void answerServerHandshake();
    bool readHead(const std::uint8_t *data, std::size_t size, std::size_t &consumed);
    void continueAfterHead(const std::uint8_t *rest, std::size_t restSize);
    void failClientHandshake(ClientHandshakeError error, std::string message, std::string_view body = {});
    void failServerHandshake(int status, std::string message); // status 0: nothing is sent
    void open(const std::uint8_t *rest, std::size_t restSize);

    // frames
    void parseFrames(const std::uint8_t *data, std::size_t size);
    void onHixieFrame(const HixieFrame &frame) override;
    void handleClose(const HixieFrame &frame);
    void reportFrame(Direction direction, const HixieFrame &frame);
    bool sendMessage(HixieFrameKind kind, const EncodedHeader &header, std::string_view payload, bool trailer);
    void reportMessage(Direction direction, bool text, std::string_view payload, std::uint64_t offset);
    void writeFrame(HixieFrameKind kind, const EncodedHeader &header, std::string_view payload, bool trailer);
    void failConnection(ProtocolError error, std::string message, std::uint64_t offset);
    void finish(bool clean);
    void writeBytes(std::string_view bytes);

    DriverOptions m_options;
    DriverSink &m_sink;
    ByteWriter &m_writer;
    DriverState m_state = DriverState::Connecting;
    ProtocolVersion m_version = ProtocolVersion::Hixie76;
    HixieFrameParser m_parser;
    Utf8Validator m_utf8;

    // opening handshake
    enum class Stage : std::uint8_t { Head, Body }; // Body: draft 76's key3 or answer
    Stage m_stage = Stage::Head;
    HttpHeadReader m_headReader;
    std::string m_sentRequest;
    ClientHandshakeRequest m_request;
    std::string m_key3;          // draft 76: sent (client) or being received (server)
    std::string m_answer;        // draft 76: expected (client)
    std::string m_body;          // draft 76: the bytes after the head received so far
    HixieRequestCheck m_check;   // server role
    HttpRequestHead m_requestHead;
    OpenEvent m_open;

    // close
    bool m_closeSent = false;
    bool m_closeReceived = false;
    CloseEvent m_close;

    std::uint64_t m_bytesIn = 0;
    std::uint64_t m_bytesOut = 0;
    std::uint64_t m_outOffset = 0;
};

} // namespace wsi::protocol
