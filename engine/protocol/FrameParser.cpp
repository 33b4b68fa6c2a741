// SPDX-License-Identifier: MIT
#include "protocol/FrameParser.h"

#include "protocol/Masking.h"
#include "protocol/Opcode.h"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <utility>

namespace wsi::protocol {
namespace {

// Masked payloads are unmasked into a scratch buffer of at most this many bytes at a time,
// so a huge chunk from the network never makes the parser hold a copy of it.
constexpr std::size_t ScratchChunk = 64 * 1024;

std::string hex(std::uint64_t value)
{
    char buf[24];
    std::snprintf(buf, sizeof buf, "0x%llx", static_cast<unsigned long long>(value));
    return buf;
}

std::string controlName(std::uint8_t opcode)
{
    return std::string("control frame (") + opcodeName(opcode) + ")";
}

std::string reservedBitNames(const FrameHeader &h, const FrameParserOptions &o)
{
    std::string names;
    const auto add = [&names](bool bad, const char *name) {
        if (!bad)
            return;
        if (!names.empty())
            names += ", ";
        names += name;
    };
    add(h.rsv1 && !o.allowRsv1, "RSV1");
    add(h.rsv2 && !o.allowRsv2, "RSV2");
    add(h.rsv3 && !o.allowRsv3, "RSV3");
    return names;
}

// Section 5.2: FIN, RSV1-3, opcode | MASK; the rest of the header is reset. Field by field:
// the Driver reads these fields soon after, and narrow stores forward to narrow loads.
void decodeFirstTwoBytes(const std::uint8_t *bytes, FrameHeader &header)
{
    header.fin = (bytes[0] & 0x80) != 0;
    header.rsv1 = (bytes[0] & 0x40) != 0;
    header.rsv2 = (bytes[0] & 0x20) != 0;
    header.rsv3 = (bytes[0] & 0x10) != 0;
    header.opcode = bytes[0] & 0x0f;
    header.masked = (bytes[1] & 0x80) != 0;
    header.maskKey = MaskKey{};
    header.payloadLength = 0;
}

// Section 5.2: a 7-bit length of 126 means a 16-bit length follows, 127 a 64-bit one.
std::size_t extendedLengthBytes(std::uint8_t secondByte)
{
    const std::uint8_t length7 = secondByte & 0x7f;
    return length7 == 126 ? 2 : length7 == 127 ? 8 : 0;
}

std::size_t wholeHeaderSize(std::uint8_t secondByte)
{
    return 2 + extendedLengthBytes(secondByte) + ((secondByte & 0x80) != 0 ? 4 : 0);
}

// Section 5.2: the extended length is in network byte order.
std::uint64_t readBigEndian(const std::uint8_t *bytes, std::size_t count)
{
    std::uint64_t value = 0;
    for (std::size_t i = 0; i < count; ++i)
        value = (value << 8) | bytes[i];
    return value;
}

// Collects header bytes up to `total` in m_raw; returns how many it took from `data`.
std::size_t collect(std::uint8_t *raw, std::size_t &rawSize, std::size_t total,
             const std::uint8_t *data, std::size_t size)
{
    const std::size_t n = std::min(total - rawSize, size);
    std::memcpy(raw + rawSize, data, n);
    rawSize += n;
    return n;
}

} // namespace

FrameParser::FrameParser(FrameParserOptions options, FrameParserListener &listener)
    : m_options(options), m_listener(listener)
{
}

std::size_t FrameParser::parse(const std::uint8_t *data, std::size_t size)
{
    std::size_t consumed = 0;
    while (consumed < size && !hasError()) {
        const std::uint8_t *p = data + consumed;
        const std::size_t left = size - consumed;
        switch (m_state) {
        case State::Header:
            consumed += parseHeader(p, left);
            break;
        case State::ExtendedLength:
            consumed += parseExtendedLength(p, left);
            break;
        case State::MaskKeyBytes:
            consumed += parseMaskKey(p, left);
            break;
        case State::Payload:
            consumed += parsePayload(p, left);
            break;
        }
    }
    return consumed;
}

std::size_t FrameParser::parseHeader(const std::uint8_t *data, std::size_t size)
{
    if (m_rawSize == 0) {
        m_frameStart = m_streamOffset;
        // The usual case: the whole header is in this chunk. It is taken in one step rather
        // than one per state, with the same checks and, when one fails, the same bytes
        // counted as consumed.
        const std::size_t whole = size >= 2 ? wholeHeaderSize(data[1]) : 0;
        if (whole > 0 && size >= whole) {
            // A fixed-size copy when the chunk has the bytes (the rest of m_raw is unused):
            // cheaper than a call to copy a few bytes.
            if (size >= sizeof m_raw)
                std::memcpy(m_raw, data, sizeof m_raw);
            else
                std::memcpy(m_raw, data, whole);
            m_rawSize = whole;
            m_streamOffset += 2;
            decodeFirstTwoBytes(m_raw, m_header);
            if (!isPlainDataFrame(m_raw) && !checkFirstTwoBytes())
                return 2;
            m_lengthBytesNeeded = extendedLengthBytes(m_raw[1]);
            m_header.payloadLength = m_lengthBytesNeeded > 0 ? readBigEndian(m_raw + 2, m_lengthBytesNeeded)
                                                             : m_raw[1] & 0x7f;
            m_streamOffset += m_lengthBytesNeeded;
            // A 7-bit length is minimal and fits any control frame: only the size limit is left.
            const bool shortLengthFits = m_lengthBytesNeeded == 0 && m_header.payloadLength <= m_options.maxFrameSize;
            if (!shortLengthFits && !checkLength())
                return 2 + m_lengthBytesNeeded;
            if (m_header.masked)
                std::memcpy(m_header.maskKey.data(), m_raw + 2 + m_lengthBytesNeeded, 4);
            m_streamOffset += whole - 2 - m_lengthBytesNeeded;
            const std::uint64_t length = m_header.payloadLength;
            if (length <= size - whole && (!m_header.masked || length <= ScratchChunk))
                return whole + takeWholeFrame(data + whole);
            headerComplete();
            return whole;
        }
    }
    const std::size_t n = collect(m_raw, m_rawSize, 2, data, size);
    m_streamOffset += n;
    if (m_rawSize < 2)
        return n;

    // Section 5.2: FIN, RSV1-3, opcode | MASK, 7-bit payload length.
    decodeFirstTwoBytes(m_raw, m_header);
    if (!checkFirstTwoBytes())
        return n;

    m_lengthBytesNeeded = extendedLengthBytes(m_raw[1]);
    if (m_lengthBytesNeeded > 0) {
        m_state = State::ExtendedLength;
    } else {
        m_header.payloadLength = m_raw[1] & 0x7f;
        lengthComplete();
    }
    return n;
}

std::size_t FrameParser::parseExtendedLength(const std::uint8_t *data, std::size_t size)
{
    const std::size_t n = collect(m_raw, m_rawSize, 2 + m_lengthBytesNeeded, data, size);
    m_streamOffset += n;
    if (m_rawSize < 2 + m_lengthBytesNeeded)
        return n;

    m_header.payloadLength = readBigEndian(m_raw + 2, m_lengthBytesNeeded);
    lengthComplete();
    return n;
}

std::size_t FrameParser::parseMaskKey(const std::uint8_t *data, std::size_t size)
{
    const std::size_t keyStart = 2 + m_lengthBytesNeeded;
    const std::size_t n = collect(m_raw, m_rawSize, keyStart + 4, data, size);
    m_streamOffset += n;
    if (m_rawSize < keyStart + 4)
        return n;

    std::copy(m_raw + keyStart, m_raw + keyStart + 4, m_header.maskKey.begin());
    headerComplete();
    return n;
}

std::size_t FrameParser::parsePayload(const std::uint8_t *data, std::size_t size)
{
    std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(m_payloadRemaining, size));
    if (m_header.masked) {
        // Section 5.3: unmask into scratch, since the caller's bytes are const.
        n = std::min(n, ScratchChunk);
        if (m_scratch.size() < n)
            m_scratch.resize(n);
        auto *out = reinterpret_cast<std::uint8_t *>(m_scratch.data());
        applyMaskCopy(out, data, n, m_header.maskKey, m_payloadOffset);
        data = out;
    }
    m_payloadOffset += n;
    m_payloadRemaining -= n;
    m_streamOffset += n;
    const bool last = m_payloadRemaining == 0;
    if (last)
        m_state = State::Header;
    m_listener.onFramePayload(data, n);
    if (last)
        frameComplete();
    return n;
}

// The usual frame, which passes every check of checkFirstTwoBytes() at a glance: a text,
// binary or continuation frame without reserved bits, masked as our role requires.
bool FrameParser::isPlainDataFrame(const std::uint8_t *bytes) const
{
    const std::uint8_t opcode = bytes[0] & 0x0f;
    const bool maskWanted = m_options.role == Role::Server;
    return (bytes[0] & 0x70) == 0 && opcode <= 0x2 && ((bytes[1] & 0x80) != 0) == maskWanted;
}

// The payload of the frame whose header was just taken is in the chunk too: the frame goes
// to the listener in one call, as headerComplete() and parsePayload() would have passed it.
std::size_t FrameParser::takeWholeFrame(const std::uint8_t *payload)
{
    const auto size = static_cast<std::size_t>(m_header.payloadLength);
    if (m_header.masked && size > 0) {
        if (m_scratch.size() < size)
            m_scratch.resize(size);
        auto *out = reinterpret_cast<std::uint8_t *>(m_scratch.data());
        applyMaskCopy(out, payload, size, m_header.maskKey);
        payload = out;
    }
    const std::size_t rawSize = m_rawSize;
    m_payloadOffset = size;
    m_payloadRemaining = 0;
    m_streamOffset += size;
    m_rawSize = 0;
    m_state = State::Header;
    m_listener.onWholeFrame(m_header, m_raw, rawSize, m_frameStart, payload, size);
    return size;
}

bool FrameParser::checkFirstTwoBytes()
{
    const FrameHeader &h = m_header;
    const bool control = isControlOpcode(h.opcode);

    // Section 5.2: "If an unknown opcode is received, the receiving endpoint MUST _Fail
    // the WebSocket Connection_."
    if (!isKnownOpcode(h.opcode)) {
        fail(ProtocolError::ReservedOpcode, "frame uses reserved opcode " + hex(h.opcode));
        return false;
    }
    // RFC 7692 section 6: only a data message's first frame may carry RSV1; control
    // frames (6.1: "MUST NOT" compress) and continuations never do.
    if (h.rsv1 && m_options.allowRsv1 && control) {
        fail(ProtocolError::CompressedControlFrame,
             controlName(h.opcode) + " has RSV1 set; control frames are never compressed (RFC 7692 section 6.1)");
        return false;
    }
    if (h.rsv1 && m_options.allowRsv1 && h.opcode == 0x0) {
        fail(ProtocolError::CompressedContinuation,
             "continuation frame has RSV1 set; only a message's first frame may (RFC 7692 section 6.1)");
        return false;
    }
    // Section 5.2: a nonzero RSV bit no negotiated extension defines fails the connection.
    if ((h.rsv1 && !m_options.allowRsv1) || (h.rsv2 && !m_options.allowRsv2) || (h.rsv3 && !m_options.allowRsv3)) {
        fail(ProtocolError::ReservedBitsSet,
             std::string("frame (") + opcodeName(h.opcode) + ") sets reserved bit " + reservedBitNames(h, m_options)
                 + " that no negotiated extension defines (RFC 6455 section 5.2)");
        return false;
    }
    // Section 5.5: "Control frames MUST NOT be fragmented."
    if (control && !h.fin) {
        fail(ProtocolError::ControlFrameFragmented,
             controlName(h.opcode) + " has FIN=0; control frames must not be fragmented (RFC 6455 section 5.5)");
        return false;
    }
    // Section 5.1: clients mask every frame, servers never do.
    if (m_options.role == Role::Server && !h.masked) {
        fail(ProtocolError::MaskRequired,
             std::string("server received an unmasked frame (") + opcodeName(h.opcode)
                 + "); clients must mask every frame (RFC 6455 section 5.1)");
        return false;
    }
    if (m_options.role == Role::Client && h.masked) {
        fail(ProtocolError::MaskForbidden,
             std::string("client received a masked frame (") + opcodeName(h.opcode)
                 + "); servers must not mask frames (RFC 6455 section 5.1)");
        return false;
    }
    return true;
}

bool FrameParser::checkLength()
{
    const std::uint64_t length = m_header.payloadLength;
    // Section 5.2: "the most significant bit MUST be 0" in the 64-bit form.
    if (m_lengthBytesNeeded == 8 && (length >> 63) != 0) {
        fail(ProtocolError::LengthHighBitSet,
             "64-bit payload length " + hex(length) + " has its most significant bit set (RFC 6455 section 5.2)");
        return false;
    }
    // Section 5.2: "the minimal number of bytes MUST be used to encode the length".
    if ((m_lengthBytesNeeded == 2 && length < 126) || (m_lengthBytesNeeded == 8 && length < 65536)) {
        fail(ProtocolError::NonMinimalLength,
             "payload length " + std::to_string(length) + " sent in " + std::to_string(m_lengthBytesNeeded * 8)
                 + "-bit form; the minimal encoding is required (RFC 6455 section 5.2)");
        return false;
    }
    // Section 5.5: "All control frames MUST have a payload length of 125 bytes or less".
    if (isControlOpcode(m_header.opcode) && length > 125) {
        fail(ProtocolError::ControlFrameTooLarge,
             controlName(m_header.opcode) + " payload of " + std::to_string(length)
                 + " bytes exceeds 125 (RFC 6455 section 5.5)");
        return false;
    }
    // Checked before any payload byte is read, so an oversized frame is never buffered.
    if (length > m_options.maxFrameSize) {
        fail(ProtocolError::FrameTooLarge,
             "frame payload of " + std::to_string(length) + " bytes exceeds the maximum "
                 + (m_options.frameLimitIsMessageLimit ? "message" : "frame") + " size of "
                 + std::to_string(m_options.maxFrameSize) + " bytes");
        return false;
    }
    return true;
}

void FrameParser::lengthComplete()
{
    if (!checkLength())
        return;
    if (m_header.masked)
        m_state = State::MaskKeyBytes;
    else
        headerComplete();
}

void FrameParser::headerComplete()
{
    m_payloadRemaining = m_header.payloadLength;
    m_payloadOffset = 0;
    m_state = State::Payload;
    m_listener.onFrameHeader(m_header, m_raw, m_rawSize, m_frameStart);
    if (m_payloadRemaining == 0) {
        m_state = State::Header;
        frameComplete();
    }
}

void FrameParser::frameComplete()
{
    m_rawSize = 0;
    m_listener.onFrameEnd();
}

// The bytes that revealed the error count as consumed (streamOffset() is just past them);
// parse() takes nothing after this.
void FrameParser::fail(ProtocolError error, std::string message)
{
    m_error = error;
    m_errorMessage = std::move(message);
}

} // namespace wsi::protocol
