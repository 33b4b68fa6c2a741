// SPDX-License-Identifier: MIT
#include "protocol/legacy/HixieFraming.h"

#include <algorithm>
#include <cstring>

namespace wsi::protocol {

namespace {

std::string hexByte(std::uint8_t value)
{
    static const char digits[] = "0123456789ABCDEF";
    return std::string("0x") + digits[value >> 4] + digits[value & 0xf];
}

} // namespace

HixieFrameParser::HixieFrameParser(HixieFrameParserOptions options, HixieFrameListener &listener)
    : m_options(options), m_listener(listener)
{
}

void HixieFrameParser::parse(const std::uint8_t *data, std::size_t size)
{
    m_stopped = false;
    std::size_t pos = 0;
    while (pos < size && !hasError() && !m_stopped) {
        std::size_t used = 0;
        switch (m_state) {
        case State::Type: used = parseType(data + pos, size - pos); break;
        case State::Length: used = parseLength(data + pos, size - pos); break;
        case State::LengthPayload: used = parseLengthPayload(data + pos, size - pos); break;
        case State::SentinelPayload: used = parseSentinelPayload(data + pos, size - pos); break;
        }
        pos += used;
        m_offset += used;
    }
}

// Draft 76 section 5.3 step 1: the frame type byte; its high bit chooses the framing.
std::size_t HixieFrameParser::parseType(const std::uint8_t *data, std::size_t)
{
    m_frameOffset = m_offset;
    m_header = EncodedHeader();
    m_header.bytes[0] = data[0];
    m_header.size = 1;
    m_length = 0;
    m_buffer.clear();
    m_state = (data[0] & 0x80) ? State::Length : State::SentinelPayload;
    return 1;
}

// Steps 2-4: length = length * 128 + (b & 0x7F) while b has its high bit set.
std::size_t HixieFrameParser::parseLength(const std::uint8_t *data, std::size_t size)
{
    std::size_t used = 0;
    while (used < size) {
        const std::uint8_t b = data[used++];
        if (m_header.size == 1 + MaxHixieLengthBytes) {
            fail(ProtocolError::NonMinimalLength,
                 "the length of a frame of type " + hexByte(m_header.bytes[0]) + " runs over "
                     + std::to_string(MaxHixieLengthBytes) + " bytes");
            return used;
        }
        m_header.bytes[m_header.size++] = b;
        m_length = m_length * 128 + (b & 0x7f);
        if (m_length > m_options.maxFrameSize) {
            fail(ProtocolError::FrameTooLarge, "frame of type " + hexByte(m_header.bytes[0]) + " announces at least "
                                                   + std::to_string(m_length) + " bytes, over the maximum frame size of "
                                                   + std::to_string(m_options.maxFrameSize) + " bytes");
            return used;
        }
        if ((b & 0x80) == 0) {
            lengthComplete();
            return used;
        }
    }
    return used;
}

void HixieFrameParser::lengthComplete()
{
    const std::uint8_t type = m_header.bytes[0];
    if (type == HixieSentinel && m_length == 0) { // section 5.3: the closing handshake
        emit(HixieFrameKind::Close, {}, false);
        return;
    }
    if (type == HixieSentinel && m_options.strictClose) {
        fail(ProtocolError::InvalidHixieClose, "frame type 0xFF must be followed by 0x00 (the closing handshake); "
                                               "it announces "
                                                   + std::to_string(m_length) + " bytes of data");
        return;
    }
    if (m_length == 0) {
        emit(type == HixieBinaryType ? HixieFrameKind::Binary : HixieFrameKind::OtherLength, {}, false);
        return;
    }
    m_state = State::LengthPayload;
}

std::size_t HixieFrameParser::parseLengthPayload(const std::uint8_t *data, std::size_t size)
{
    const std::uint64_t missing = m_length - m_buffer.size();
    const std::size_t take = static_cast<std::size_t>(std::min<std::uint64_t>(missing, size));
    const auto kind = m_header.bytes[0] == HixieBinaryType ? HixieFrameKind::Binary : HixieFrameKind::OtherLength;
    if (m_buffer.empty() && take == m_length) {
        emit(kind, std::string_view(reinterpret_cast<const char *>(data), take), false);
        return take;
    }
    m_buffer.append(reinterpret_cast<const char *>(data), take);
    if (m_buffer.size() == m_length)
        emit(kind, m_buffer, false);
    return take;
}

// Section 5.3 (high bit clear): the data runs up to the next 0xFF.
std::size_t HixieFrameParser::parseSentinelPayload(const std::uint8_t *data, std::size_t size)
{
    const auto *end = static_cast<const std::uint8_t *>(std::memchr(data, HixieSentinel, size));
    const std::size_t dataSize = end ? static_cast<std::size_t>(end - data) : size;
    if (m_buffer.size() + dataSize > m_options.maxFrameSize) {
        fail(ProtocolError::FrameTooLarge, "frame of type " + hexByte(m_header.bytes[0]) + " runs over the maximum "
                                               "frame size of "
                                               + std::to_string(m_options.maxFrameSize)
                                               + " bytes without its closing 0xFF");
        return dataSize;
    }
    const auto kind = m_header.bytes[0] == HixieTextType ? HixieFrameKind::Text : HixieFrameKind::OtherSentinel;
    if (!end) {
        m_buffer.append(reinterpret_cast<const char *>(data), dataSize);
        return dataSize;
    }
    if (m_buffer.empty()) {
        emit(kind, std::string_view(reinterpret_cast<const char *>(data), dataSize), true);
    } else {
        m_buffer.append(reinterpret_cast<const char *>(data), dataSize);
        emit(kind, m_buffer, true);
    }
    return dataSize + 1;
}

void HixieFrameParser::emit(HixieFrameKind kind, std::string_view payload, bool trailer)
{
    m_state = State::Type;
    m_listener.onHixieFrame(HixieFrame::of(kind, m_header, payload, trailer, m_frameOffset));
}

void HixieFrameParser::fail(ProtocolError error, std::string message)
{
    m_error = error;
    m_errorMessage = std::move(message);
}

EncodedHeader encodeHixieLengthHeader(std::uint8_t type, std::uint64_t length)
{
    EncodedHeader header;
    header.bytes[0] = type;
    std::uint8_t groups[MaxHixieLengthBytes];
    std::size_t count = 0;
    do {
        groups[count++] = static_cast<std::uint8_t>(length & 0x7f);
        length >>= 7;
    } while (length > 0);
    header.size = 1 + count;
    for (std::size_t i = 0; i < count; ++i) // most significant group first, high bit on all but the last
        header.bytes[1 + i] = static_cast<std::uint8_t>(groups[count - 1 - i] | (i + 1 < count ? 0x80 : 0));
    return header;
}

} // namespace wsi::protocol
