// SPDX-License-Identifier: MIT
// The Driver's set-up and its send side: outgoing messages become (compressed, masked)
// frames, pings are remembered for matching, the close handshake is started. Incoming
// frames are in DriverReceive.cpp, the opening handshake in DriverHandshake.cpp.
#include "protocol/Driver.h"
#include "protocol/DriverFraming.h"

#include "protocol/CloseCode.h"
#include "protocol/Masking.h"
#include "protocol/Opcode.h"

#include <openssl/rand.h>

#include <algorithm>
#include <cstring>

namespace wsi::protocol {

using namespace driver_framing;

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
    parserOptions.frameLimitIsMessageLimit = m_options.maxFrameSize == m_options.maxMessageSize;
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
    event.length = payload.size();
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
    m_close.initiator = Initiator::Local;
    m_close.sent = closeFrameOf(payload);
}

CloseFrame Driver::closeFrameOf(std::string_view payload)
{
    CloseFrame frame;
    frame.present = true;
    if (payload.size() >= 2) {
        frame.hasCode = true;
        frame.code = readBigEndian16(payload);
        frame.reason.assign(payload.substr(2));
    }
    return frame;
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
