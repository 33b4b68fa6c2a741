// SPDX-License-Identifier: MIT
// The Driver's framing half: incoming frames become messages, control frames are answered,
// the close handshake runs, and outgoing messages become frames. The opening handshake is
// in DriverHandshake.cpp.
#include "protocol/Driver.h"

#include "protocol/CloseCode.h"
#include "protocol/Masking.h"
#include "protocol/Opcode.h"

#include <openssl/rand.h>

#include <algorithm>
#include <cstring>

namespace wsi::protocol {

namespace {

constexpr std::size_t MaxControlPayload = 125; // RFC 6455 section 5.5
constexpr std::size_t MaxCloseReason = 123;    // 125 minus the 2-byte code
constexpr std::size_t MaxPendingPings = 1024;  // unanswered pings remembered for matching
// The reassembly buffer keeps up to this much capacity between messages, and is reserved
// up to this much from a frame's announced length: large messages then cost no realloc
// copies or fresh page faults, while a lying header cannot make us reserve more.
constexpr std::uint64_t RetainedMessageBuffer = 16u * 1024 * 1024;

// Copies a header field by field. Headers are built a field at a time just before they are
// copied, and a whole-struct copy (one wide load over several small stores still in
// flight) cannot take them from the store buffer: it waits for them to reach the cache,
// which for a small frame costs as much as a good part of its parsing.
void copyHeader(FrameHeader &to, const FrameHeader &from)
{
    to.fin = from.fin;
    to.rsv1 = from.rsv1;
    to.rsv2 = from.rsv2;
    to.rsv3 = from.rsv3;
    to.opcode = from.opcode;
    to.masked = from.masked;
    to.maskKey = from.maskKey;
    to.payloadLength = from.payloadLength;
}

std::uint16_t readBigEndian16(std::string_view bytes)
{
    return static_cast<std::uint16_t>((static_cast<std::uint8_t>(bytes[0]) << 8)
                                      | static_cast<std::uint8_t>(bytes[1]));
}

// Cuts a reason to 123 bytes without splitting a UTF-8 sequence.
std::string_view truncateReason(std::string_view reason)
{
    if (reason.size() <= MaxCloseReason)
        return reason;
    std::size_t end = MaxCloseReason;
    while (end > 0 && (static_cast<std::uint8_t>(reason[end]) & 0xC0) == 0x80)
        --end;
    return reason.substr(0, end);
}

std::string closePayload(std::uint16_t code, std::string_view reason)
{
    std::string payload;
    if (code == 0)
        return payload;
    payload.reserve(2 + reason.size());
    payload += static_cast<char>(code >> 8);
    payload += static_cast<char>(code & 0xFF);
    payload.append(reason.data(), reason.size());
    return payload;
}

} // namespace

// Forwards the FrameParser's callbacks to the Driver without making them public.
class Driver::FrameListener : public FrameParserListener
{
public:
    explicit FrameListener(Driver &driver) : m_driver(driver) {}
    void onFrameHeader(const FrameHeader &header, const std::uint8_t *raw, std::size_t rawSize,
                       std::uint64_t offset) override
    {
        m_driver.frameHeader(header, raw, rawSize, offset);
    }
    void onFramePayload(const std::uint8_t *data, std::size_t size) override
    {
        m_driver.framePayload(data, size);
    }
    void onFrameEnd() override { m_driver.frameEnd(); }
    void onWholeFrame(const FrameHeader &header, const std::uint8_t *raw, std::size_t rawSize, std::uint64_t offset,
                      const std::uint8_t *payload, std::size_t payloadSize) override
    {
        m_driver.wholeFrame(header, raw, rawSize, offset, payload, payloadSize);
    }

private:
    Driver &m_driver;
};

Driver::Driver(DriverOptions options, DriverSink &sink, ByteWriter &writer)
    : m_options(std::move(options)),
      m_sink(sink),
      m_writer(writer),
      m_frameListener(std::make_unique<FrameListener>(*this)),
      m_headReader(m_options.server.maxHeadSize)
{
    FrameParserOptions parserOptions;
    parserOptions.role = m_options.role;
    parserOptions.maxFrameSize = m_options.maxFrameSize;
    m_parser = std::make_unique<FrameParser>(parserOptions, *m_frameListener);
    if (!m_options.random) {
        m_options.random = [](std::uint8_t *out, std::size_t size) {
            RAND_bytes(out, static_cast<int>(size));
        };
    }
    if (m_options.skipHandshake) {
        m_state = DriverState::Open;
        if (m_options.deflateWithoutHandshake)
            setUpDeflate(m_options.deflateParams);
    }
}

Driver::~Driver() = default;

void Driver::setAutoPong(bool enabled, std::int64_t limit)
{
    m_options.autoPong = enabled;
    m_options.autoPongLimit = limit;
    m_pingsAnswered = 0;
}

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
    if (!m_closeSent && !m_closeReceived) {
        m_close.initiator = Initiator::Remote;
        m_close.hasCode = false;
        m_close.code = CloseCode::Abnormal;
        m_close.reason.clear();
    }
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
    if (!m_messageCompressed && !m_wholeMessage) {
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
        if (m_frame.payloadLength > m_message.capacity())
            m_message.reserve(static_cast<std::size_t>(std::min(m_frame.payloadLength, RetainedMessageBuffer)));
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
    event.payload = m_wholeMessage && m_wholePayload.data() ? m_wholePayload : std::string_view(m_message);
    m_wholeMessage = false;
    m_wholePayload = {};
    event.wireSize = m_messageWireSize;
    event.compressed = m_messageCompressed;
    event.frameCount = m_messageFrames;
    event.streamOffset = m_messageOffset;
    m_sink.onMessage(event);
    if (event.payload.data() != m_message.data())
        return; // a whole message, reported from the parser's bytes: m_message is untouched
    // Keep the buffer's capacity for the next message, unless it grew unusually large.
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
    CloseEvent received;
    if (payload.size() >= 2) {
        received.hasCode = true;
        received.code = readBigEndian16(payload);
        if (!isValidReceivedCloseCode(received.code)) { // section 7.4
            failConnection(ProtocolError::InvalidCloseCode,
                           "close frame carries code " + std::to_string(received.code)
                               + ", which may not be sent on the wire");
            return;
        }
        const std::string_view reason = payload.substr(2);
        Utf8Validator reasonValidator;
        if (m_options.validateUtf8
            && (!reasonValidator.feed(reinterpret_cast<const std::uint8_t *>(reason.data()), reason.size())
                || !reasonValidator.isComplete())) {
            failConnection(ProtocolError::InvalidUtf8, "close reason is not valid UTF-8");
            return;
        }
        received.reason.assign(reason.data(), reason.size());
    }
    m_closeReceived = true;
    if (!m_closeSent) {
        // The peer started the close: answer with the same code (section 5.5.1).
        m_close = received;
        m_close.initiator = Initiator::Remote;
        FrameHeader header;
        header.opcode = static_cast<std::uint8_t>(Opcode::Close);
        sendFrame(header, received.hasCode ? closePayload(received.code, {}) : std::string());
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
        m_close = CloseEvent{};
        m_close.hasCode = true;
        m_close.code = event.closeCode;
        m_close.reason = std::string(truncateReason(event.message));
        m_close.initiator = Initiator::Local;
        FrameHeader header;
        header.opcode = static_cast<std::uint8_t>(Opcode::Close);
        sendFrame(header, closePayload(m_close.code, m_close.reason));
        m_closeSent = true;
    }
    finish(false);
}

void Driver::finish(bool clean)
{
    if (m_state == DriverState::Closed)
        return;
    m_state = DriverState::Closed;
    m_close.clean = clean;
    m_sink.onClosed(m_close);
}

// ---- sending ---------------------------------------------------------------------------

bool Driver::sendText(std::string_view text, std::uint32_t fragments)
{
    return sendMessage(true, text, fragments);
}

bool Driver::sendBinary(std::string_view data, std::uint32_t fragments)
{
    return sendMessage(false, data, fragments);
}

bool Driver::sendMessage(bool text, std::string_view payload, std::uint32_t fragments)
{
    // Section 5.5.1: no data frames after our close frame.
    if (m_state != DriverState::Open || m_closeSent)
        return false;
    std::string_view wire = payload;
    if (m_deflater) {
        m_deflateScratch.clear();
        if (!m_deflater->compress(reinterpret_cast<const std::uint8_t *>(payload.data()), payload.size(),
                                  m_deflateScratch))
            return false;
        wire = m_deflateScratch;
    }
    const std::size_t count = std::max<std::size_t>(1, std::min<std::size_t>(fragments, wire.size()));
    const std::uint64_t offset = m_outOffset;
    const auto opcode = static_cast<std::uint8_t>(text ? Opcode::Text : Opcode::Binary);
    if (count == 1 && m_options.role == Role::Server && !m_options.reportDataFrames) {
        // The usual server message: one unmasked final frame, nobody to report it to.
        writeUnmaskedFrame(static_cast<std::uint8_t>(0x80 | (m_deflater ? 0x40 : 0) | opcode), wire);
    } else {
        sendDataFrames(opcode, wire, count);
    }
    MessageEvent event;
    event.direction = Direction::Outgoing;
    event.isText = text;
    event.payload = payload;
    event.wireSize = wire.size();
    event.compressed = m_deflater != nullptr;
    event.frameCount = static_cast<std::uint32_t>(count);
    event.streamOffset = offset;
    m_sink.onMessage(event);
    return true;
}

// A message's wire bytes (compressed or not) as `count` frames, the first with `opcode`.
void Driver::sendDataFrames(std::uint8_t opcode, std::string_view wire, std::size_t count)
{
    // (A division costs more than the rest of framing a small message: not for one frame.)
    const std::size_t chunk = count == 1 ? wire.size() : (wire.size() + count - 1) / count;
    for (std::size_t i = 0; i < count; ++i) {
        FrameHeader header;
        header.fin = i + 1 == count;
        header.rsv1 = m_deflater && i == 0; // RFC 7692 section 6: first frame only
        header.opcode = i > 0 ? static_cast<std::uint8_t>(Opcode::Continuation) : opcode;
        const std::size_t start = std::min(wire.size(), i * chunk);
        const std::string_view part = wire.substr(start, std::min(chunk, wire.size() - start));
        // What sendFrame() does, on this header in place: handing it over by value would
        // copy it whole right after its fields were written (see copyHeader()).
        header.payloadLength = part.size();
        header.masked = m_options.role == Role::Client; // section 5.3
        if (header.masked)
            header.maskKey = nextMaskKey();
        writeFrame(header, encodeFrameHeader(header), part);
    }
}

std::uint64_t Driver::sendPing(std::string_view payload)
{
    if (m_state != DriverState::Open || m_closeSent || payload.size() > MaxControlPayload)
        return 0;
    const std::uint64_t id = m_nextPingId++;
    if (m_pendingPings.size() == MaxPendingPings)
        m_pendingPings.pop_front();
    m_pendingPings.push_back({id, std::string(payload)});
    FrameHeader header;
    header.opcode = static_cast<std::uint8_t>(Opcode::Ping);
    sendFrame(header, payload);
    PingEvent event;
    event.direction = Direction::Outgoing;
    event.payload = payload;
    m_sink.onPing(event);
    return id;
}

bool Driver::sendPong(std::string_view payload)
{
    if ((m_state != DriverState::Open && m_state != DriverState::Closing) || payload.size() > MaxControlPayload)
        return false;
    FrameHeader header;
    header.opcode = static_cast<std::uint8_t>(Opcode::Pong);
    sendFrame(header, payload);
    PongEvent event;
    event.direction = Direction::Outgoing;
    event.payload = payload;
    m_sink.onPong(event);
    return true;
}

bool Driver::close(std::uint16_t code, std::string_view reason)
{
    if (m_state != DriverState::Open || m_closeSent)
        return false;
    if (code == 0 && !reason.empty())
        return false; // a reason needs a code (section 5.5.1)
    if (reason.size() > MaxCloseReason)
        return false;
    const std::string payload = closePayload(code, reason);
    FrameHeader header;
    header.opcode = static_cast<std::uint8_t>(Opcode::Close);
    sendFrame(header, payload);
    markCloseSent(payload);
    return true;
}

void Driver::markCloseSent(std::string_view payload)
{
    m_closeSent = true;
    m_state = DriverState::Closing;
    m_close = CloseEvent{};
    m_close.initiator = Initiator::Local;
    if (payload.size() >= 2) {
        m_close.hasCode = true;
        m_close.code = readBigEndian16(payload);
        m_close.reason.assign(payload.substr(2));
    }
}

bool Driver::sendRawFrame(const RawFrame &frame)
{
    if (m_state != DriverState::Open && m_state != DriverState::Closing)
        return false;
    FrameHeader header = frame.header;
    if (header.masked && frame.randomMaskKey)
        header.maskKey = nextMaskKey();
    if (!frame.overrideLength)
        header.payloadLength = frame.payload.size();
    writeFrame(header, encodeFrameHeader(header, frame.lengthEncoding), frame.payload);
    // A close frame sent by hand still starts the close handshake.
    if (header.opcode == static_cast<std::uint8_t>(Opcode::Close) && !m_closeSent)
        markCloseSent(frame.payload);
    return true;
}

void Driver::sendFrame(FrameHeader header, std::string_view payload)
{
    header.payloadLength = payload.size();
    // Section 5.3: a client masks every frame with a fresh, unpredictable key.
    header.masked = m_options.role == Role::Client;
    if (header.masked)
        header.maskKey = nextMaskKey();
    writeFrame(header, encodeFrameHeader(header), payload);
}

void Driver::writeFrame(const FrameHeader &header, const EncodedHeader &raw, std::string_view payload)
{
    const auto *bytes = reinterpret_cast<const std::uint8_t *>(payload.data());
    if (header.masked) {
        m_outScratch.resize(payload.size());
        auto *masked = reinterpret_cast<std::uint8_t *>(m_outScratch.data());
        applyMaskCopy(masked, bytes, payload.size(), header.maskKey);
        bytes = masked;
    }
    m_bytesOut += raw.size + payload.size();
    m_writer.writeFrame(raw.bytes.data(), raw.size, bytes, payload.size());
    reportOutgoingFrame(header, raw, payload);
}

// What writeFrame() does for a final unmasked frame that is not reported: the header is
// written straight as bytes (section 5.2, minimal length) from its first byte, without a
// FrameHeader to fill and encodeFrameHeader() to read back.
void Driver::writeUnmaskedFrame(std::uint8_t firstByte, std::string_view payload)
{
    std::uint8_t raw[MaxFrameHeaderSize];
    raw[0] = firstByte;
    const std::uint64_t length = payload.size();
    std::size_t rawSize = 2;
    if (length <= 125) {
        raw[1] = static_cast<std::uint8_t>(length);
    } else if (length <= 0xffff) {
        raw[1] = 126;
        raw[2] = static_cast<std::uint8_t>(length >> 8);
        raw[3] = static_cast<std::uint8_t>(length);
        rawSize = 4;
    } else {
        raw[1] = 127;
        for (std::size_t i = 0; i < 8; ++i)
            raw[2 + i] = static_cast<std::uint8_t>(length >> (56 - 8 * i));
        rawSize = 10;
    }
    m_bytesOut += rawSize + length;
    m_outOffset += rawSize + length;
    m_writer.writeFrame(raw, rawSize, reinterpret_cast<const std::uint8_t *>(payload.data()), payload.size());
}

void Driver::reportOutgoingFrame(const FrameHeader &header, const EncodedHeader &raw, std::string_view payload)
{
    if (!m_options.reportDataFrames && !isControlOpcode(header.opcode)) {
        m_outOffset += raw.size + payload.size();
        return;
    }
    FrameEvent event;
    event.direction = Direction::Outgoing;
    copyHeader(event.header, header);
    std::memcpy(event.rawHeader.bytes.data(), raw.bytes.data(), raw.size); // see copyHeader()
    event.rawHeader.size = raw.size;
    event.streamOffset = m_outOffset;
    event.payload = payload;
    m_outOffset += raw.size + payload.size();
    m_sink.onFrame(event);
}

void Driver::writeBytes(const std::uint8_t *data, std::size_t size)
{
    if (size == 0)
        return;
    m_bytesOut += size;
    m_writer.write(data, size);
}

MaskKey Driver::nextMaskKey()
{
    // Draw randomness in blocks: one RAND_bytes call per 64 frames, not per frame.
    if (m_randomUsed + 4 > sizeof m_randomPool) {
        m_options.random(m_randomPool, sizeof m_randomPool);
        m_randomUsed = 0;
    }
    MaskKey key;
    std::memcpy(key.data(), m_randomPool + m_randomUsed, 4);
    m_randomUsed += 4;
    return key;
}

void Driver::setUpDeflate(const DeflateParams &params)
{
    m_deflateParams = params;
    const bool client = m_options.role == Role::Client;
    // Each side compresses with its own window and takeover setting, and inflates with the peer's.
    m_deflater = std::make_unique<MessageDeflater>(client ? params.clientMaxWindowBits : params.serverMaxWindowBits,
                                                   client ? params.clientNoContextTakeover
                                                          : params.serverNoContextTakeover);
    m_inflater = std::make_unique<MessageInflater>(client ? params.serverMaxWindowBits : params.clientMaxWindowBits,
                                                   client ? params.serverNoContextTakeover
                                                          : params.clientNoContextTakeover);
    FrameParserOptions parserOptions = m_parser->options();
    parserOptions.allowRsv1 = true;
    m_parser->setOptions(parserOptions);
}

} // namespace wsi::protocol
