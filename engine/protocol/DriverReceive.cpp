// SPDX-License-Identifier: MIT
// The Driver's receive side: incoming frames become messages (reassembled, inflated,
// UTF-8 checked), control frames are answered, the close handshake is finished, and a
// protocol violation fails the connection with the close code RFC 6455 asks for.
#include "protocol/Driver.h"
#include "protocol/DriverFraming.h"

#include "protocol/CloseCode.h"
#include "protocol/Opcode.h"

#include <algorithm>
#include <cstring>

namespace wsi::protocol {

using namespace driver_framing;

void Driver::parse(const std::uint8_t *data, std::size_t size)
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

void Driver::parseFrames(const std::uint8_t *data, std::size_t size)
{
    m_parser->parse(data, size);
    if (m_parser->hasError())
        failConnection(m_parser->error(), m_parser->errorMessage());
}

void Driver::endOfInput()
{
    if (m_state == DriverState::Closed)
        return;
    if (m_state == DriverState::Connecting) {
        if (m_rejected) {
            reportRejectedResponse();
            return;
        }
        HandshakeFailureEvent failure;
        failure.kind = m_options.role == Role::Client ? HandshakeFailureKind::ResponseRejected
                                                      : HandshakeFailureKind::RequestRejected;
        failure.clientError = m_options.role == Role::Client ? ClientHandshakeError::MalformedResponse
                                                             : ClientHandshakeError::None;
        failure.message = m_headReader.head().empty()
            ? "the peer closed the connection before completing the opening handshake"
            : "the peer closed the connection in the middle of the opening handshake ("
                + std::to_string(m_headReader.head().size()) + " bytes of HTTP head received)";
        failure.rawRequest = m_sentRequest;
        failure.rawResponse = m_headReader.head();
        m_sink.onHandshakeFailed(failure);
    }
    // Section 7.1.5: the transport closed without a close frame: 1006, not clean.
    if (!m_closeSent && !m_closeReceived)
        m_close.initiator = Initiator::Remote;
    finish(false);
}

bool Driver::isIgnoringInput() const
{
    // Section 5.5.1: after a close frame is received, nothing more is read.
    return m_state == DriverState::Closed || m_closeReceived;
}

InputPosition Driver::inputPosition() const
{
    InputPosition position;
    if (m_state == DriverState::Connecting)
        return position;
    position.partialHeaderBytes = m_parser->partialHeaderSize();
    position.inPayload = m_parser->isInPayload();
    if (position.inPayload) {
        const FrameHeader &header = m_parser->currentHeader();
        position.opcode = header.opcode;
        position.payloadLength = header.payloadLength;
        position.payloadReceived = m_parser->payloadReceived();
    }
    // Between frames, a message still in progress is a fragmented one (a final first frame
    // ends it); inside a data frame's payload, only when that frame is not its only one.
    const bool inDataPayload = position.inPayload && !isControlOpcode(position.opcode);
    position.inFragmentedMessage = m_inMessage && (!inDataPayload || m_messageFrames > 1 || !m_frame.fin);
    return position;
}

// ---- incoming frames -------------------------------------------------------------------

void Driver::frameHeader(const FrameHeader &header, const std::uint8_t *raw, std::size_t rawSize,
                         std::uint64_t offset)
{
    if (isIgnoringInput())
        return;
    copyHeader(m_frame, header);
    m_frameOffset = offset;
    // RSV1 on control and continuation frames is refused by the FrameParser already
    // (RFC 7692 section 6), since one frame tells.
    if (isControlOpcode(header.opcode)) {
        std::memcpy(m_frameRaw.bytes.data(), raw, rawSize);
        m_frameRaw.size = rawSize;
        m_control.clear();
        return; // reported whole in controlFrameEnd()
    }

    if (header.opcode == static_cast<std::uint8_t>(Opcode::Continuation)) {
        // Section 5.4: a continuation needs a message in progress.
        if (!m_inMessage) {
            failConnection(ProtocolError::UnexpectedContinuation,
                           "continuation frame received with no fragmented message in progress");
            return;
        }
    } else {
        if (m_inMessage) { // section 5.4: fragments of one message are not interleaved
            failConnection(ProtocolError::ExpectedContinuation,
                           std::string("new ") + opcodeName(header.opcode)
                               + " frame received while a fragmented message is in progress");
            return;
        }
        m_inMessage = true;
        m_messageText = header.opcode == static_cast<std::uint8_t>(Opcode::Text);
        m_messageCompressed = header.rsv1;
        m_messageFrames = 0;
        m_messageWireSize = 0;
        m_messageOffset = offset;
        m_message.clear();
        m_payloadLeftOut = 0;
        m_utf8.reset();
    }

    ++m_messageFrames;
    // Refuse an oversized message as soon as its length is known, before buffering it.
    if (m_messageWireSize + header.payloadLength > m_options.maxMessageSize) {
        failConnection(ProtocolError::MessageTooLarge,
                       "message of at least " + std::to_string(m_messageWireSize + header.payloadLength)
                           + " bytes exceeds the maximum message size of "
                           + std::to_string(m_options.maxMessageSize) + " bytes");
        return;
    }

    // A message of one frame whose payload arrives whole needs no reassembly: its payload is
    // reported from where the parser delivers it (see dataFramePayload()).
    m_wholeMessage = !m_messageCompressed && header.fin && m_messageFrames == 1;
    if (!m_messageCompressed && !m_wholeMessage && m_options.deliverPayloads) {
        const std::uint64_t wanted = std::min<std::uint64_t>(m_message.size() + header.payloadLength,
                                                             RetainedMessageBuffer);
        if (wanted > m_message.capacity())
            m_message.reserve(static_cast<std::size_t>(wanted));
    }

    if (!m_options.reportDataFrames)
        return;
    FrameEvent event;
    event.direction = Direction::Incoming;
    copyHeader(event.header, header);
    std::memcpy(event.rawHeader.bytes.data(), raw, rawSize); // as m_frameRaw, without a wide copy of it
    event.rawHeader.size = rawSize;
    event.streamOffset = offset;
    m_sink.onFrame(event);
}

// What the three calls above do for a frame that arrived whole, without going back and
// forth through the FrameParser between them.
void Driver::wholeFrame(const FrameHeader &header, const std::uint8_t *raw, std::size_t rawSize,
                        std::uint64_t offset, const std::uint8_t *payload, std::size_t payloadSize)
{
    frameHeader(header, raw, rawSize, offset);
    if (payloadSize > 0)
        framePayload(payload, payloadSize);
    frameEnd();
}

void Driver::framePayload(const std::uint8_t *data, std::size_t size)
{
    if (isIgnoringInput())
        return;
    if (isControlOpcode(m_frame.opcode)) {
        m_control.append(reinterpret_cast<const char *>(data), size);
        return;
    }
    dataFramePayload(data, size);
}

void Driver::dataFramePayload(const std::uint8_t *data, std::size_t size)
{
    m_messageWireSize += size;
    if (m_wholeMessage) {
        if (size == m_frame.payloadLength) {
            // The whole payload in one piece: valid until the frame's end is reported, in the
            // same parse step, so it is not copied.
            m_wholePayload = std::string_view(reinterpret_cast<const char *>(data), size);
            if (m_messageText && m_options.validateUtf8 && !m_utf8.feed(data, size))
                failConnection(ProtocolError::InvalidUtf8,
                               "text message is not valid UTF-8 at byte " + std::to_string(m_utf8.validBytes()));
            return;
        }
        m_wholeMessage = false; // it comes in pieces: reassembled as any other
        if (!m_options.deliverPayloads) {
            countPayloadOnly(data, size);
            return;
        }
        if (m_frame.payloadLength > m_message.capacity())
            m_message.reserve(static_cast<std::size_t>(std::min(m_frame.payloadLength, RetainedMessageBuffer)));
    }
    if (!m_messageCompressed && !m_options.deliverPayloads) {
        countPayloadOnly(data, size);
        return;
    }
    const std::size_t before = m_message.size();
    if (m_messageCompressed) {
        const auto result = m_inflater->feed(data, size, m_message, m_options.maxMessageSize);
        if (result == MessageInflater::Result::TooLarge) {
            failConnection(ProtocolError::MessageTooLarge,
                           "compressed message inflates beyond the maximum message size of "
                               + std::to_string(m_options.maxMessageSize) + " bytes");
            return;
        }
        if (result == MessageInflater::Result::Corrupt) {
            failConnection(ProtocolError::InflateFailed,
                           "compressed message is not valid deflate data: " + m_inflater->errorMessage());
            return;
        }
    } else {
        m_message.append(reinterpret_cast<const char *>(data), size);
    }
    // Section 8.1: fail at the first invalid byte, not at the end of the message.
    if (m_messageText && m_options.validateUtf8
        && !m_utf8.feed(reinterpret_cast<const std::uint8_t *>(m_message.data()) + before,
                        m_message.size() - before)) {
        failConnection(ProtocolError::InvalidUtf8,
                       "text message is not valid UTF-8 at byte " + std::to_string(m_utf8.validBytes()));
    }
}

bool Driver::swapMessageBuffer(std::string_view payload, std::string &other)
{
    if (m_swappableMessage.empty() || payload.data() != m_swappableMessage.data()
        || payload.size() != m_swappableMessage.size())
        return false;
    m_message.swap(other);
    if (other.data() != payload.data()) {
        m_message.swap(other); // a short string lives inside the object and moves by copy
        return false;
    }
    m_message.clear();
    m_swappableMessage = {};
    return true;
}

// A piece of an uncompressed message whose payload nobody wants (deliverPayloads off):
// checked as it streams, counted, and not kept.
void Driver::countPayloadOnly(const std::uint8_t *data, std::size_t size)
{
    m_payloadLeftOut += size;
    // Section 8.1: fail at the first invalid byte, not at the end of the message.
    if (m_messageText && m_options.validateUtf8 && !m_utf8.feed(data, size))
        failConnection(ProtocolError::InvalidUtf8,
                       "text message is not valid UTF-8 at byte " + std::to_string(m_utf8.validBytes()));
}

void Driver::frameEnd()
{
    if (isIgnoringInput())
        return;
    if (isControlOpcode(m_frame.opcode))
        controlFrameEnd();
    else if (m_frame.fin)
        dataFrameEnd();
}

void Driver::dataFrameEnd()
{
    if (m_messageCompressed) {
        const std::size_t before = m_message.size();
        const auto result = m_inflater->finish(m_message, m_options.maxMessageSize);
        if (result != MessageInflater::Result::Ok) {
            failConnection(result == MessageInflater::Result::TooLarge ? ProtocolError::MessageTooLarge
                                                                       : ProtocolError::InflateFailed,
                           result == MessageInflater::Result::TooLarge
                               ? "compressed message inflates beyond the maximum message size of "
                                     + std::to_string(m_options.maxMessageSize) + " bytes"
                               : "compressed message is not valid deflate data: " + m_inflater->errorMessage());
            return;
        }
        if (m_messageText && m_options.validateUtf8
            && !m_utf8.feed(reinterpret_cast<const std::uint8_t *>(m_message.data()) + before,
                            m_message.size() - before)) {
            failConnection(ProtocolError::InvalidUtf8,
                           "text message is not valid UTF-8 at byte " + std::to_string(m_utf8.validBytes()));
            return;
        }
    }
    if (m_messageText && m_options.validateUtf8 && !m_utf8.isComplete()) {
        failConnection(ProtocolError::InvalidUtf8, "text message ends in the middle of a UTF-8 sequence");
        return;
    }
    m_inMessage = false;
    MessageEvent event;
    event.direction = Direction::Incoming;
    event.isText = m_messageText;
    const bool fromParser = m_wholeMessage && m_wholePayload.data();
    event.payload = fromParser ? m_wholePayload : std::string_view(m_message);
    event.length = event.payload.size() + m_payloadLeftOut;
    m_wholeMessage = false;
    m_wholePayload = {};
    m_payloadLeftOut = 0;
    event.wireSize = m_messageWireSize;
    event.compressed = m_messageCompressed;
    event.frameCount = m_messageFrames;
    event.streamOffset = m_messageOffset;
    m_swappableMessage = fromParser ? std::string_view() : event.payload;
    m_sink.onMessage(event);
    m_swappableMessage = {};
    if (fromParser)
        return; // a whole message, reported from the parser's bytes: m_message is untouched
    // Keep the buffer's capacity for the next message (the sink may have swapped it for
    // one of its own), unless it grew unusually large.
    if (m_message.capacity() > RetainedMessageBuffer)
        std::string().swap(m_message);
    else
        m_message.clear();
}

void Driver::controlFrameEnd()
{
    FrameEvent event;
    event.direction = Direction::Incoming;
    event.header = m_frame;
    event.rawHeader = m_frameRaw;
    event.streamOffset = m_frameOffset;
    event.payload = m_control;
    m_sink.onFrame(event);

    switch (static_cast<Opcode>(m_frame.opcode)) {
    case Opcode::Close:
        handleClose(m_control);
        break;
    case Opcode::Ping:
        handlePing(m_control);
        break;
    case Opcode::Pong:
        handlePong(m_control);
        break;
    default:
        break;
    }
}

void Driver::handleClose(std::string_view payload)
{
    // Section 5.5.1: a close payload, when present, starts with a 2-byte code.
    if (payload.size() == 1) {
        failConnection(ProtocolError::InvalidClosePayload,
                       "close frame has a 1-byte payload; a close code needs 2 bytes");
        return;
    }
    const CloseFrame received = closeFrameOf(payload);
    if (received.hasCode) {
        if (!isValidReceivedCloseCode(received.code)) { // section 7.4
            failConnection(ProtocolError::InvalidCloseCode,
                           "close frame carries code " + std::to_string(received.code)
                               + ", which may not be sent on the wire");
            return;
        }
        const std::string &reason = received.reason;
        Utf8Validator reasonValidator;
        if (m_options.validateUtf8
            && (!reasonValidator.feed(reinterpret_cast<const std::uint8_t *>(reason.data()), reason.size())
                || !reasonValidator.isComplete())) {
            failConnection(ProtocolError::InvalidUtf8, "close reason is not valid UTF-8");
            return;
        }
    }
    m_closeReceived = true;
    m_close.received = received;
    if (!m_closeSent) {
        // The peer started the close: answer with the same code (section 5.5.1).
        m_close.initiator = Initiator::Remote;
        const std::string answer = received.hasCode ? closePayload(received.code, {}) : std::string();
        FrameHeader header;
        header.opcode = static_cast<std::uint8_t>(Opcode::Close);
        sendFrame(header, answer);
        m_close.sent = closeFrameOf(answer);
        m_closeSent = true;
    }
    finish(true);
}

void Driver::handlePing(std::string_view payload)
{
    const bool answer = m_options.autoPong && !m_closeSent
        && (m_options.autoPongLimit < 0 || m_pingsAnswered < m_options.autoPongLimit);
    PingEvent event;
    event.direction = Direction::Incoming;
    event.payload = payload;
    event.answered = answer;
    m_sink.onPing(event);
    if (answer && m_state != DriverState::Closed) {
        ++m_pingsAnswered;
        sendPong(payload); // section 5.5.2: same payload
    }
}

void Driver::handlePong(std::string_view payload)
{
    PongEvent event;
    event.direction = Direction::Incoming;
    event.payload = payload;
    // Match the oldest outstanding ping with this payload; older unanswered ones are lost.
    for (std::size_t i = 0; i < m_pendingPings.size(); ++i) {
        if (m_pendingPings[i].payload == payload) {
            event.pingId = m_pendingPings[i].id;
            event.pingsSkipped = static_cast<std::uint32_t>(i);
            m_pendingPings.erase(m_pendingPings.begin(), m_pendingPings.begin() + static_cast<std::ptrdiff_t>(i + 1));
            break;
        }
    }
    m_sink.onPong(event);
}

void Driver::failConnection(ProtocolError error, std::string message)
{
    if (m_state == DriverState::Closed)
        return;
    ProtocolErrorEvent event;
    event.error = error;
    event.closeCode = closeCodeFor(error);
    event.message = std::move(message);
    event.streamOffset = m_frameOffset;
    m_sink.onProtocolError(event);
    // Section 7.1.7: fail the connection, sending a close frame first when we still may.
    if (!m_closeSent && m_state != DriverState::Connecting) {
        const std::string payload = closePayload(event.closeCode, truncateReason(event.message));
        FrameHeader header;
        header.opcode = static_cast<std::uint8_t>(Opcode::Close);
        sendFrame(header, payload);
        m_closeSent = true;
        m_close.initiator = Initiator::Local;
        m_close.sent = closeFrameOf(payload);
    }
    finish(false);
}

void Driver::finish(bool clean)
{
    if (m_state == DriverState::Closed)
        return;
    m_state = DriverState::Closed;
    m_close.clean = clean;
    // Section 7.1.5: the connection's close code is the received frame's; 1005 when it had
    // none, 1006 when no close frame came (whatever we sent ourselves).
    const CloseFrame &received = m_close.received;
    m_close.hasCode = received.present && received.hasCode;
    m_close.code = !received.present ? CloseCode::Abnormal : received.hasCode ? received.code : CloseCode::NoStatusReceived;
    m_close.reason = received.reason;
    m_sink.onClosed(m_close);
}

// ---- sending ---------------------------------------------------------------------------

} // namespace wsi::protocol
