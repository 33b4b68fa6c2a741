// SPDX-License-Identifier: MIT
// The HixieDriver's set-up, frames both ways and the close. The opening handshake is in
// HixieDriverHandshake.cpp.
#include "protocol/legacy/HixieDriver.h"

#include "protocol/Opcode.h"

#include <openssl/rand.h>

#include <algorithm>

namespace wsi::protocol {

namespace {

constexpr std::string_view HixieTrailer("\xff", 1);

// The frame's type in RFC 6455's terms, for display (see FrameFormat::Hixie).
std::uint8_t displayOpcode(HixieFrameKind kind)
{
    switch (kind) {
    case HixieFrameKind::Text: return static_cast<std::uint8_t>(Opcode::Text);
    case HixieFrameKind::Binary: return static_cast<std::uint8_t>(Opcode::Binary);
    case HixieFrameKind::Close: return static_cast<std::uint8_t>(Opcode::Close);
    case HixieFrameKind::OtherSentinel: return 0x3; // reserved data opcode
    case HixieFrameKind::OtherLength: return 0xB;   // reserved control opcode
    }
    return 0x3;
}

HixieFrameKind kindOfType(std::uint8_t type)
{
    if (type == HixieTextType)
        return HixieFrameKind::Text;
    if (type == HixieBinaryType)
        return HixieFrameKind::Binary;
    return (type & 0x80) ? HixieFrameKind::OtherLength : HixieFrameKind::OtherSentinel;
}

// One frame is one message: the smaller limit holds for both.
HixieFrameParserOptions parserOptionsFor(const DriverOptions &options)
{
    HixieFrameParserOptions parserOptions;
    parserOptions.maxFrameSize = std::min(options.maxFrameSize, options.maxMessageSize);
    return parserOptions;
}

} // namespace

HixieDriver::HixieDriver(DriverOptions options, DriverSink &sink, ByteWriter &writer)
    : m_options(std::move(options)),
      m_sink(sink),
      m_writer(writer),
      m_parser(parserOptionsFor(m_options), *this),
      m_headReader(m_options.server.maxHeadSize)
{
    if (!m_options.random) {
        m_options.random = [](std::uint8_t *out, std::size_t size) {
            RAND_bytes(out, static_cast<int>(size));
        };
    }
    m_version = m_options.clientRequest.version == ProtocolVersion::Hixie75 ? ProtocolVersion::Hixie75
                                                                            : ProtocolVersion::Hixie76;
    if (m_options.skipHandshake)
        open(nullptr, 0);
}

void HixieDriver::parse(const std::uint8_t *data, std::size_t size)
{
    m_bytesIn += size;
    if (m_state == DriverState::Closed || size == 0)
        return;
    if (m_state == DriverState::Connecting) {
        parseHandshake(data, size);
        return;
    }
    parseFrames(data, size);
}

void HixieDriver::parseFrames(const std::uint8_t *data, std::size_t size)
{
    if (m_closeReceived)
        return;
    m_parser.parse(data, size);
    if (m_parser.hasError() && m_state != DriverState::Closed)
        failConnection(m_parser.error(), m_parser.errorMessage(), m_parser.frameOffset());
}

void HixieDriver::endOfInput()
{
    if (m_state == DriverState::Closed)
        return;
    if (m_state == DriverState::Connecting) {
        const std::string message = m_headReader.head().empty()
            ? "the peer closed the connection before completing the opening handshake"
            : "the peer closed the connection in the middle of the opening handshake ("
                + std::to_string(m_headReader.head().size() + m_body.size()) + " bytes received)";
        if (m_options.role == Role::Client)
            failClientHandshake(ClientHandshakeError::MalformedResponse, message);
        else
            failServerHandshake(0, message);
        return;
    }
    if (!m_closeSent)
        m_close.initiator = Initiator::Remote;
    // Draft 75 has no closing handshake: its connections end this way.
    const bool clean = m_version == ProtocolVersion::Hixie75 && !m_closeSent && m_parser.isBetweenFrames();
    finish(clean);
}

InputPosition HixieDriver::inputPosition() const
{
    InputPosition position;
    if (m_state == DriverState::Connecting)
        return position;
    position.partialHeaderBytes = m_parser.partialHeaderSize();
    position.inPayload = m_parser.isInPayload();
    if (position.inPayload) {
        position.opcode = displayOpcode(kindOfType(m_parser.currentType()));
        position.payloadLength = m_parser.payloadLength();
        position.payloadReceived = m_parser.payloadReceived();
    }
    return position;
}

// ---- sending ---------------------------------------------------------------------------

bool HixieDriver::sendText(std::string_view text, std::uint32_t)
{
    EncodedHeader header;
    header.bytes[0] = HixieTextType;
    header.size = 1;
    return sendMessage(HixieFrameKind::Text, header, text, true);
}

bool HixieDriver::sendBinary(std::string_view data, std::uint32_t)
{
    return sendMessage(HixieFrameKind::Binary, encodeHixieLengthHeader(HixieBinaryType, data.size()), data, false);
}

bool HixieDriver::sendMessage(HixieFrameKind kind, const EncodedHeader &header, std::string_view payload,
                              bool trailer)
{
    if (m_state != DriverState::Open || m_closeSent)
        return false;
    const std::uint64_t offset = m_outOffset;
    writeFrame(kind, header, payload, trailer);
    reportMessage(Direction::Outgoing, kind == HixieFrameKind::Text, payload, offset);
    return true;
}

void HixieDriver::reportMessage(Direction direction, bool text, std::string_view payload, std::uint64_t offset)
{
    MessageEvent event;
    event.direction = direction;
    event.isText = text;
    event.payload = payload;
    event.length = event.wireSize = payload.size();
    event.frameCount = 1;
    event.streamOffset = offset;
    m_sink.onMessage(event);
}

bool HixieDriver::close(std::uint16_t, std::string_view)
{
    if (m_state != DriverState::Open || m_closeSent)
        return false;
    m_close.initiator = Initiator::Local;
    if (m_version == ProtocolVersion::Hixie75) {
        finish(true); // nothing to send: the transport's close is draft 75's close
        return true;
    }
    writeFrame(HixieFrameKind::Close, encodeHixieLengthHeader(HixieSentinel, 0), {}, false);
    m_closeSent = true;
    m_close.sent.present = true;
    m_state = DriverState::Closing;
    return true;
}

void HixieDriver::writeFrame(HixieFrameKind kind, const EncodedHeader &header, std::string_view payload,
                             bool trailer)
{
    m_writer.writeFrame(header.bytes.data(), header.size, reinterpret_cast<const std::uint8_t *>(payload.data()),
                        payload.size());
    if (trailer)
        m_writer.write(reinterpret_cast<const std::uint8_t *>(HixieTrailer.data()), HixieTrailer.size());
    const std::uint64_t size = header.size + payload.size() + (trailer ? HixieTrailer.size() : 0);
    m_bytesOut += size;
    const std::uint64_t offset = m_outOffset;
    m_outOffset += size;
    reportFrame(Direction::Outgoing, HixieFrame::of(kind, header, payload, trailer, offset));
}

void HixieDriver::writeBytes(std::string_view bytes)
{
    m_bytesOut += bytes.size();
    m_writer.write(reinterpret_cast<const std::uint8_t *>(bytes.data()), bytes.size());
}

// ---- receiving -------------------------------------------------------------------------

void HixieDriver::onHixieFrame(const HixieFrame &frame)
{
    if (frame.kind == HixieFrameKind::Close) {
        handleClose(frame);
        return;
    }
    reportFrame(Direction::Incoming, frame);
    if (frame.kind != HixieFrameKind::Text && frame.kind != HixieFrameKind::Binary)
        return; // the drafts discard other frame types
    const bool text = frame.kind == HixieFrameKind::Text;
    if (text && m_options.validateUtf8) {
        m_utf8.reset();
        const auto *bytes = reinterpret_cast<const std::uint8_t *>(frame.payload.data());
        if (!m_utf8.feed(bytes, frame.payload.size()) || !m_utf8.isComplete()) {
            failConnection(ProtocolError::InvalidUtf8,
                           "text frame is not valid UTF-8 at byte " + std::to_string(m_utf8.validBytes()),
                           frame.streamOffset);
            return;
        }
    }
    reportMessage(Direction::Incoming, text, frame.payload, frame.streamOffset);
}

// Draft 76 section 5.3 and 7.1: 0xFF 0x00 starts or completes the closing handshake; the
// side that did not start it answers with its own before closing.
void HixieDriver::handleClose(const HixieFrame &frame)
{
    reportFrame(Direction::Incoming, frame);
    m_closeReceived = true;
    m_close.received.present = true;
    if (!m_closeSent) {
        m_close.initiator = Initiator::Remote;
        writeFrame(HixieFrameKind::Close, encodeHixieLengthHeader(HixieSentinel, 0), {}, false);
        m_closeSent = true;
        m_close.sent.present = true;
    }
    finish(true);
}

void HixieDriver::reportFrame(Direction direction, const HixieFrame &frame)
{
    if (!m_options.reportDataFrames && frame.kind != HixieFrameKind::Close)
        return;
    FrameEvent event;
    event.direction = direction;
    event.format = FrameFormat::Hixie;
    event.header.opcode = displayOpcode(frame.kind);
    event.header.payloadLength = frame.payload.size();
    event.rawHeader = frame.rawHeader;
    event.streamOffset = frame.streamOffset;
    event.payload = frame.payload;
    if (frame.hasTrailer)
        event.rawTrailer = HixieTrailer;
    m_sink.onFrame(event);
}

void HixieDriver::failConnection(ProtocolError error, std::string message, std::uint64_t offset)
{
    ProtocolErrorEvent event;
    event.error = error;
    event.closeCode = closeCodeFor(error);
    event.message = std::move(message);
    event.streamOffset = offset;
    m_sink.onProtocolError(event);
    finish(false);
}

void HixieDriver::finish(bool clean)
{
    if (m_state == DriverState::Closed)
        return;
    m_state = DriverState::Closed;
    m_parser.stop(); // nothing more is read, also from the rest of the current chunk
    m_close.clean = clean;
    m_close.hasCode = false;
    // No codes in the drafts: "no status" after a close frame or draft 75's normal end,
    // "abnormal" otherwise, as RFC 6455 section 7.1.5 would name them.
    m_close.code = m_closeReceived || clean ? 1005 : 1006;
    m_sink.onClosed(m_close);
}

} // namespace wsi::protocol
