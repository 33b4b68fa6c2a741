// SPDX-License-Identifier: MIT
#pragma once
// Incremental frame decoder, one small function per state (header, extended length, mask
// key, payload), shared by both roles. It checks only what a single frame can tell: the
// length encoding, masking for the role, the frame size limit, reserved bits/opcodes and
// control-frame rules. Message-level rules (continuations, UTF-8, close codes) belong to
// the Driver. Payload bytes are delivered unmasked, in the chunks they arrived in (masked
// payloads in pieces of at most 64 KiB of those chunks); the parser never buffers a payload.
#include "protocol/FrameHeader.h"
#include "protocol/ProtocolError.h"

#include <cstddef>
#include <cstdint>
#include <string>

namespace wsi::protocol {

enum class Role : std::uint8_t { Client, Server };

class FrameParserListener
{
public:
    virtual ~FrameParserListener() = default;
    // A complete header was read. `rawHeader`/`rawHeaderSize` are its bytes as on the wire;
    // `streamOffset` is the offset of its first byte in the parsed stream.
    virtual void onFrameHeader(const FrameHeader &header, const std::uint8_t *rawHeader,
                               std::size_t rawHeaderSize, std::uint64_t streamOffset) = 0;
    // Unmasked payload bytes, in order; may be called many times per frame.
    virtual void onFramePayload(const std::uint8_t *data, std::size_t size) = 0;
    // The frame's last payload byte was delivered (also called for empty payloads).
    virtual void onFrameEnd() = 0;
    // A whole frame, header and payload in the same chunk (the usual small frame): the three
    // calls above in order, which is what this does unless a listener takes them in one.
    // The payload is unmasked and, like the header bytes, valid during the call only.
    virtual void onWholeFrame(const FrameHeader &header, const std::uint8_t *rawHeader, std::size_t rawHeaderSize,
                              std::uint64_t streamOffset, const std::uint8_t *payload, std::size_t payloadSize)
    {
        onFrameHeader(header, rawHeader, rawHeaderSize, streamOffset);
        if (payloadSize > 0)
            onFramePayload(payload, payloadSize);
        onFrameEnd();
    }
};

struct FrameParserOptions {
    Role role = Role::Client;
    std::uint64_t maxFrameSize = 64ull * 1024 * 1024;
    // The frame limit is the message limit (no frame may exceed the largest message): the
    // refusal names it so, as the limit the user set.
    bool frameLimitIsMessageLimit = false;
    // Bits a negotiated extension claims (RSV1 for permessage-deflate). Others are errors.
    bool allowRsv1 = false;
    bool allowRsv2 = false;
    bool allowRsv3 = false;
};

class FrameParser
{
public:
    FrameParser(FrameParserOptions options, FrameParserListener &listener);

    // Consumes bytes; returns how many were consumed. It consumes everything unless an
    // error occurs, after which it consumes nothing more (hasError() is true).
    std::size_t parse(const std::uint8_t *data, std::size_t size);

    bool hasError() const { return m_error != ProtocolError::None; }
    ProtocolError error() const { return m_error; }
    const std::string &errorMessage() const { return m_errorMessage; }

    void setOptions(const FrameParserOptions &options) { m_options = options; }
    const FrameParserOptions &options() const { return m_options; }

    // Bytes consumed so far: the stream offset of the next byte.
    std::uint64_t streamOffset() const { return m_streamOffset; }

    // Where the current frame stands between two parse() calls, for a stream that ends
    // early: the bytes of a header not yet complete (0 between frames and once the header
    // is whole), and whether a payload is being read, of which header and how much so far.
    std::size_t partialHeaderSize() const { return m_state == State::Payload ? 0 : m_rawSize; }
    bool isInPayload() const { return m_state == State::Payload; }
    const FrameHeader &currentHeader() const { return m_header; }
    std::uint64_t payloadReceived() const { return m_payloadOffset; }

private:
    enum class State : std::uint8_t { Header, ExtendedLength, MaskKeyBytes, Payload };

    // Each returns the number of bytes it consumed.
    std::size_t parseHeader(const std::uint8_t *data, std::size_t size);
    std::size_t parseExtendedLength(const std::uint8_t *data, std::size_t size);
    std::size_t parseMaskKey(const std::uint8_t *data, std::size_t size);
    std::size_t parsePayload(const std::uint8_t *data, std::size_t size);

    std::size_t takeWholeFrame(const std::uint8_t *payload);
    bool isPlainDataFrame(const std::uint8_t *bytes) const;
    bool checkFirstTwoBytes();
    bool checkLength();
    void lengthComplete();
    void headerComplete();
    void frameComplete();
    void fail(ProtocolError error, std::string message);

    FrameParserOptions m_options;
    FrameParserListener &m_listener;
    State m_state = State::Header;
    FrameHeader m_header;
    std::uint8_t m_raw[MaxFrameHeaderSize] = {};
    std::size_t m_rawSize = 0;
    std::size_t m_lengthBytesNeeded = 0;
    std::uint64_t m_payloadRemaining = 0;
    std::uint64_t m_payloadOffset = 0;
    std::uint64_t m_frameStart = 0;
    std::uint64_t m_streamOffset = 0;
    ProtocolError m_error = ProtocolError::None;
    std::string m_errorMessage;
    std::string m_scratch; // unmask copy buffer for const input
};

} // namespace wsi::protocol
