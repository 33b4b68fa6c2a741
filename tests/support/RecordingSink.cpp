// SPDX-License-Identifier: MIT
#include "support/RecordingSink.h"

#include "protocol/Opcode.h"

#include <cstdio>

namespace wsi::test {
namespace {

const char *dir(protocol::Direction d)
{
    return d == protocol::Direction::Incoming ? "in" : "out";
}

std::string quoted(std::string_view payload)
{
    // Short payloads in full, long ones by size and their first bytes.
    std::string out = "'";
    const std::size_t shown = payload.size() > 40 ? 40 : payload.size();
    for (std::size_t i = 0; i < shown; ++i) {
        const unsigned char c = static_cast<unsigned char>(payload[i]);
        if (c >= 0x20 && c < 0x7f) {
            out += static_cast<char>(c);
        } else {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\x%02x", c);
            out += buf;
        }
    }
    if (shown < payload.size())
        out += "...";
    out += "'";
    return out;
}

} // namespace

void RecordingSink::onOpen(const protocol::OpenEvent &event)
{
    ++openCount;
    lastOpen = event;
    events.push_back("open protocol=" + event.subprotocol + " extensions=" + event.extensions
                     + (event.version == protocol::ProtocolVersion::Rfc6455_13
                            ? std::string()
                            : std::string(" version=") + protocol::protocolVersionName(event.version)));
}

void RecordingSink::onHandshakeFailed(const protocol::HandshakeFailureEvent &event)
{
    lastHandshakeFailure = event;
    events.push_back("handshake-failed status=" + std::to_string(event.status) + " "
                     + protocol::clientHandshakeErrorId(event.clientError) + ": " + event.message);
}

void RecordingSink::onFrame(const protocol::FrameEvent &event)
{
    if (!recordFrames)
        return;
    const auto &h = event.header;
    events.push_back(std::string("frame ") + dir(event.direction) + " fin=" + (h.fin ? "1" : "0")
                     + " rsv=" + (h.rsv1 ? "1" : "0") + (h.rsv2 ? "1" : "0") + (h.rsv3 ? "1" : "0")
                     + " op=" + protocol::opcodeName(h.opcode) + " mask=" + (h.masked ? "1" : "0")
                     + " len=" + std::to_string(h.payloadLength)
                     + " hdr=" + toHex(std::string(reinterpret_cast<const char *>(event.rawHeader.bytes.data()),
                                                   event.rawHeader.size))
                     + " at=" + std::to_string(event.streamOffset)
                     + (event.format == protocol::FrameFormat::Hixie
                            ? " hixie payload=" + quoted(event.payload) + " trailer="
                                  + toHex(std::string(event.rawTrailer))
                            : std::string()));
}

void RecordingSink::onMessage(const protocol::MessageEvent &event)
{
    if (!recordPayloads) {
        events.push_back(std::string("message ") + dir(event.direction) + (event.isText ? " text " : " binary ")
                         + std::to_string(event.length) + " wire=" + std::to_string(event.wireSize)
                         + " frames=" + std::to_string(event.frameCount) + (event.compressed ? " compressed" : "")
                         + (event.payload.empty() || event.payload.size() == event.length ? "" : " LENGTH MISMATCH"));
        return;
    }
    if (event.direction == protocol::Direction::Incoming)
        messages.emplace_back(event.payload);
    events.push_back(std::string("message ") + dir(event.direction) + (event.isText ? " text " : " binary ")
                     + std::to_string(event.payload.size()) + " " + quoted(event.payload)
                     + " wire=" + std::to_string(event.wireSize) + " frames=" + std::to_string(event.frameCount)
                     + (event.compressed ? " compressed" : ""));
}

void RecordingSink::onPing(const protocol::PingEvent &event)
{
    events.push_back(std::string("ping ") + dir(event.direction) + " " + quoted(event.payload)
                     + (event.answered ? " answered" : ""));
}

void RecordingSink::onPong(const protocol::PongEvent &event)
{
    events.push_back(std::string("pong ") + dir(event.direction) + " " + quoted(event.payload)
                     + " id=" + std::to_string(event.pingId) + " skipped=" + std::to_string(event.pingsSkipped));
}

void RecordingSink::onProtocolError(const protocol::ProtocolErrorEvent &event)
{
    lastError = event;
    events.push_back(std::string("error ") + protocol::protocolErrorId(event.error) + " code="
                     + std::to_string(event.closeCode) + " at=" + std::to_string(event.streamOffset));
}

void RecordingSink::onClosed(const protocol::CloseEvent &event)
{
    ++closedCount;
    lastClose = event;
    events.push_back("closed code=" + std::to_string(event.code) + " reason=" + quoted(event.reason)
                     + (event.initiator == protocol::Initiator::Local ? " by=local" : " by=remote")
                     + (event.clean ? " clean" : " unclean"));
}

protocol::RandomSource countingRandom(std::uint8_t seed)
{
    return [next = seed](std::uint8_t *out, std::size_t size) mutable {
        for (std::size_t i = 0; i < size; ++i)
            out[i] = next++;
    };
}

protocol::RandomSource fixedRandom(std::string bytes)
{
    return [bytes](std::uint8_t *out, std::size_t size) {
        for (std::size_t i = 0; i < size; ++i)
            out[i] = static_cast<std::uint8_t>(bytes[i % bytes.size()]);
    };
}

std::string toHex(const std::string &bytes)
{
    static const char digits[] = "0123456789abcdef";
    std::string out;
    out.reserve(bytes.size() * 2);
    for (unsigned char c : bytes) {
        out += digits[c >> 4];
        out += digits[c & 0xf];
    }
    return out;
}

std::string fromHex(const std::string &hex)
{
    std::string out;
    int high = -1;
    for (char c : hex) {
        int v;
        if (c >= '0' && c <= '9')
            v = c - '0';
        else if (c >= 'a' && c <= 'f')
            v = c - 'a' + 10;
        else if (c >= 'A' && c <= 'F')
            v = c - 'A' + 10;
        else
            continue;
        if (high < 0) {
            high = v;
        } else {
            out += static_cast<char>((high << 4) | v);
            high = -1;
        }
    }
    return out;
}

} // namespace wsi::test
