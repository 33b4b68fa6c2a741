// SPDX-License-Identifier: MIT
#pragma once
// The hixie drafts' framing (draft 76 section 4.2 and 5.3, draft 75 section 4.2):
//   type 0x00-0x7F: a sentinel frame, its data up to a 0xFF byte: 0x00 <UTF-8 text> 0xFF
//   type 0x80-0xFF: a length-prefixed frame, the length in 7-bit groups, high bit set on
//                   all but the last: 0x80 0x05 <5 bytes>
//   0xFF 0x00:      the closing handshake (draft 76; em-websocket also takes it in 75)
// Only 0x00 text frames carry messages in the drafts. wsinspect also reads type 0x80
// length-prefixed frames as binary messages (and sends them for sendBinary(), what the
// drafts set the type aside for); other types are reported and discarded, as the drafts
// say.
#include "protocol/FrameHeader.h"
#include "protocol/ProtocolError.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace wsi::protocol {

enum class HixieFrameKind : std::uint8_t {
    Text,          // 0x00 ... 0xFF
    OtherSentinel, // 0x01-0x7F ... 0xFF: discarded
    Binary,        // 0x80, length, data
    OtherLength,   // 0x81-0xFE (and 0xFF with a length other than 0 in draft 75): discarded
    Close,         // 0xFF 0x00
};

inline constexpr std::uint8_t HixieTextType = 0x00;
inline constexpr std::uint8_t HixieBinaryType = 0x80;
inline constexpr std::uint8_t HixieSentinel = 0xFF;
// A 64-bit length takes 10 groups of 7 bits; the type byte comes first.
inline constexpr std::size_t MaxHixieLengthBytes = 10;

struct HixieFrame {
    HixieFrameKind kind = HixieFrameKind::Text;
    EncodedHeader rawHeader;      // the type byte, and a length-prefixed frame's length bytes
    std::string_view payload;     // valid during the callback
    bool hasTrailer = false;      // a sentinel frame's closing 0xFF
    std::uint64_t streamOffset = 0; // of the type byte

    static HixieFrame of(HixieFrameKind kind, const EncodedHeader &rawHeader, std::string_view payload,
                         bool hasTrailer, std::uint64_t streamOffset)
    {
        HixieFrame frame;
        frame.kind = kind;
        frame.rawHeader = rawHeader;
        frame.payload = payload;
        frame.hasTrailer = hasTrailer;
        frame.streamOffset = streamOffset;
        return frame;
    }
};

class HixieFrameListener
{
public:
    virtual ~HixieFrameListener() = default;
    virtual void onHixieFrame(const HixieFrame &frame) = 0;
};

struct HixieFrameParserOptions {
    std::uint64_t maxFrameSize = 64ull * 1024 * 1024;
    // Draft 76: 0xFF must be followed by 0x00 (the closing handshake); any other length is
    // an error. Draft 75 reads such a frame as another length-prefixed frame.
    bool strictClose = true;
};

// Incremental: bytes in any split give the same frames. A frame whose bytes are all in one
// parse() call is reported from them; otherwise its payload is gathered first (a sentinel
// frame has no length to wait for), up to maxFrameSize.
class HixieFrameParser
{
public:
    HixieFrameParser(HixieFrameParserOptions options, HixieFrameListener &listener);

    void parse(const std::uint8_t *data, std::size_t size);
    const HixieFrameParserOptions &options() const { return m_options; }
    void setOptions(const HixieFrameParserOptions &options) { m_options = options; }
    // After an error, parse() reads nothing more.
    bool hasError() const { return m_error != ProtocolError::None; }
    ProtocolError error() const { return m_error; }
    const std::string &errorMessage() const { return m_errorMessage; }
    // The listener may stop the parser (a close frame, a failed message): the rest of the
    // chunk is left unread.
    void stop() { m_stopped = true; }
    bool isStopped() const { return m_stopped; }

    // Where the stream stands between parse() calls.
    bool isBetweenFrames() const { return m_state == State::Type; }
    std::size_t partialHeaderSize() const { return m_state == State::Length ? m_header.size : 0; }
    bool isInPayload() const { return m_state == State::LengthPayload || m_state == State::SentinelPayload; }
    std::uint8_t currentType() const { return m_header.bytes[0]; }
    std::uint64_t payloadLength() const { return m_length; } // length-prefixed frames only
    std::uint64_t payloadReceived() const { return m_buffer.size(); }
    std::uint64_t frameOffset() const { return m_frameOffset; } // of the current (or failed) frame

private:
    enum class State : std::uint8_t { Type, Length, LengthPayload, SentinelPayload };

    // Each returns the bytes it consumed.
    std::size_t parseType(const std::uint8_t *data, std::size_t size);
    std::size_t parseLength(const std::uint8_t *data, std::size_t size);
    std::size_t parseLengthPayload(const std::uint8_t *data, std::size_t size);
    std::size_t parseSentinelPayload(const std::uint8_t *data, std::size_t size);
    void lengthComplete();
    void emit(HixieFrameKind kind, std::string_view payload, bool trailer);
    void fail(ProtocolError error, std::string message);

    HixieFrameParserOptions m_options;
    HixieFrameListener &m_listener;
    State m_state = State::Type;
    EncodedHeader m_header;
    std::uint64_t m_length = 0;
    std::string m_buffer;
    std::uint64_t m_offset = 0;      // of the next byte to read
    std::uint64_t m_frameOffset = 0; // of the current frame's type byte
    ProtocolError m_error = ProtocolError::None;
    std::string m_errorMessage;
    bool m_stopped = false;
};

// A frame's bytes, for sending: 0x00 text 0xFF, 0x80 length data, 0xFF 0x00.
EncodedHeader encodeHixieLengthHeader(std::uint8_t type, std::uint64_t length);

} // namespace wsi::protocol
