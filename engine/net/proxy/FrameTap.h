// SPDX-License-Identifier: MIT
#pragma once
// One direction of a proxied flow, read as it passes: the relay forwards the bytes
// unchanged and hands the same bytes here, where a FrameParser finds the frames, data
// frames are reassembled (and inflated, for permessage-deflate) into messages, and each
// frame, message, ping, pong and close frame becomes a log event on the flow's report
// stream, with its leg and direction.
//
// The tap only watches: a frame it cannot parse is reported once as an error on its leg
// and the rest of that direction passes unread, since the endpoints, not the proxy, judge
// each other's frames (a proxy that enforced rules would hide the very bugs it is there
// to show).
//
// Threads: the flow's (its worker thread).
#include "net/LogEvent.h"
#include "net/ConnectionTypes.h"
#include "protocol/FrameParser.h"
#include "protocol/PermessageDeflate.h"

#include <QByteArray>

#include <memory>
#include <string>

namespace wsi::net {

class ReportBatcher;
class ByteSlab;

struct FrameTapSettings {
    TrafficLeg leg = TrafficLeg::Client; // the leg these bytes arrive on
    bool deflate = false;                // permessage-deflate negotiated
    bool noContextTakeover = false;      // this direction's sender resets its context
    bool unknownExtension = false;       // RSV bits allowed, payloads not decoded
    bool reportFrames = true;
    quint64 maxReportedMessageSize = 64ull * 1024 * 1024;
};

class FrameTap : private protocol::FrameParserListener
{
public:
    FrameTap(ReportBatcher &reports, ByteSlab &slab, const FrameTapSettings &settings);
    ~FrameTap() override;
    FrameTap(const FrameTap &) = delete;
    FrameTap &operator=(const FrameTap &) = delete;

    // Bytes as relayed, read at `timeNs` (the flow's clock).
    void feed(const char *data, qsizetype size, qint64 timeNs);

    // The close frame that came this way, if any.
    const CloseFrameInfo &closeFrame() const { return m_close; }
    qint64 closeTimeNs() const { return m_closeTimeNs; }
    quint64 messages() const { return m_messages; }
    quint64 frames() const { return m_frames; }
    bool failed() const { return m_failed; }

private:
    void onFrameHeader(const protocol::FrameHeader &header, const std::uint8_t *rawHeader, std::size_t rawHeaderSize,
                       std::uint64_t streamOffset) override;
    void onFramePayload(const std::uint8_t *data, std::size_t size) override;
    void onFrameEnd() override;
    void onWholeFrame(const protocol::FrameHeader &header, const std::uint8_t *rawHeader, std::size_t rawHeaderSize,
                      std::uint64_t streamOffset, const std::uint8_t *payload, std::size_t payloadSize) override;

    LogEvent &append(EventKind kind);
    void reportFrame(const protocol::FrameHeader &header, const std::uint8_t *rawHeader, std::size_t rawHeaderSize,
                     std::uint64_t streamOffset, const char *payload, std::size_t payloadSize);
    void startFrame(const protocol::FrameHeader &header, std::uint64_t streamOffset);
    void takePayload(const char *data, std::size_t size);
    void endControlFrame(const protocol::FrameHeader &header, const char *payload, std::size_t size);
    void endMessage();
    void failMessage(const QString &why);
    void reportError(const QString &id, const QString &message);

    ReportBatcher &m_reports;
    ByteSlab &m_slab;
    FrameTapSettings m_settings;
    protocol::FrameParser m_parser;
    std::unique_ptr<protocol::MessageInflater> m_inflater;
    qint64 m_timeNs = 0;
    bool m_failed = false;

    // The frame being read (when it came in pieces).
    protocol::FrameHeader m_header;
    protocol::EncodedHeader m_rawHeader;
    std::uint64_t m_frameOffset = 0;
    QByteArray m_control; // a control frame's payload (at most 125 bytes)

    // The message being reassembled.
    bool m_inMessage = false;
    bool m_messageText = false;
    bool m_messageCompressed = false;
    bool m_messageTooLarge = false;
    quint32 m_messageFrames = 0;
    quint64 m_messageWireSize = 0;
    quint64 m_messageLength = 0;
    quint64 m_messageOffset = 0;
    QByteArray m_message;
    std::string m_inflated;

    CloseFrameInfo m_close;
    qint64 m_closeTimeNs = -1;
    quint64 m_messages = 0;
    quint64 m_frames = 0;
};

} // namespace wsi::net
