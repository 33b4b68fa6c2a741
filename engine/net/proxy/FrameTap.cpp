// SPDX-License-Identifier: MIT
#include "net/proxy/FrameTap.h"

#include "net/source/ByteSlab.h"
#include "net/source/ReportBatcher.h"
#include "protocol/Opcode.h"

#include <algorithm>
#include <limits>
#include <utility>

namespace wsi::net {

namespace {

protocol::FrameParserOptions parserOptions(const FrameTapSettings &settings)
{
    protocol::FrameParserOptions options;
    // What the app sends is a client's (masked), what the upstream sends a server's.
    options.role = settings.leg == TrafficLeg::Client ? protocol::Role::Server : protocol::Role::Client;
    // Any size passes the relay; only what a report keeps is bounded (maxReportedMessageSize).
    options.maxFrameSize = std::numeric_limits<std::uint64_t>::max();
    options.allowRsv1 = settings.deflate || settings.unknownExtension;
    options.allowRsv2 = settings.unknownExtension;
    options.allowRsv3 = settings.unknownExtension;
    return options;
}

quint8 flagsOf(const protocol::FrameHeader &header)
{
    return quint8((header.fin ? FrameFlag::Fin : 0) | (header.rsv1 ? FrameFlag::Rsv1 : 0)
                  | (header.rsv2 ? FrameFlag::Rsv2 : 0) | (header.rsv3 ? FrameFlag::Rsv3 : 0)
                  | (header.masked ? FrameFlag::Masked : 0));
}

const char *legName(TrafficLeg leg)
{
    return leg == TrafficLeg::Client ? "the app" : "the upstream";
}

} // namespace

FrameTap::FrameTap(ReportBatcher &reports, ByteSlab &slab, const FrameTapSettings &settings)
    : m_reports(reports), m_slab(slab), m_settings(settings), m_parser(parserOptions(settings), *this)
{
    // Window 15 inflates whatever window the sender chose (a larger window reads a smaller
    // one's output); the reset follows the negotiated no_context_takeover of this sender.
    if (settings.deflate)
        m_inflater = std::make_unique<protocol::MessageInflater>(15, settings.noContextTakeover);
}

FrameTap::~FrameTap() = default;

void FrameTap::feed(const char *data, qsizetype size, qint64 timeNs)
{
    if (m_failed || size <= 0)
        return;
    m_timeNs = timeNs;
    m_parser.parse(reinterpret_cast<const std::uint8_t *>(data), std::size_t(size));
    if (m_parser.hasError()) {
        m_failed = true;
        reportError(QStringLiteral("protocol-error"),
                    QStringLiteral("%1 sent a frame the proxy cannot read: %2; its bytes still pass, unread from here on")
                        .arg(QLatin1String(legName(m_settings.leg)), QString::fromStdString(m_parser.errorMessage())));
    }
}

LogEvent &FrameTap::append(EventKind kind)
{
    LogEvent &event = m_reports.appendEvent(kind, EventDirection::Incoming, m_timeNs);
    event.leg = m_settings.leg;
    return event;
}

void FrameTap::reportError(const QString &id, const QString &message)
{
    append(EventKind::Error).text = id + QStringLiteral(": ") + message;
}

void FrameTap::reportFrame(const protocol::FrameHeader &header, const std::uint8_t *rawHeader, std::size_t rawHeaderSize,
                           std::uint64_t streamOffset, const char *payload, std::size_t payloadSize)
{
    ++m_frames;
    if (!m_settings.reportFrames)
        return;
    LogEvent &event = append(EventKind::Frame);
    event.opcode = header.opcode;
    event.flags = flagsOf(header);
    const protocol::MaskKey &key = header.maskKey;
    event.maskKey = header.masked ? (quint32(key[0]) << 24 | quint32(key[1]) << 16 | quint32(key[2]) << 8 | key[3]) : 0;
    event.length = header.payloadLength;
    event.streamOffset = streamOffset;
    event.header = m_slab.bytes(QByteArrayView(reinterpret_cast<const char *>(rawHeader), qsizetype(rawHeaderSize)));
    if (payload && protocol::isControlOpcode(header.opcode))
        event.payload = m_slab.bytes(QByteArrayView(payload, qsizetype(payloadSize)));
}

// The usual small frame, whole in one read: a single-frame message goes to the report
// without passing through the reassembly buffer.
void FrameTap::onWholeFrame(const protocol::FrameHeader &header, const std::uint8_t *rawHeader, std::size_t rawHeaderSize,
                            std::uint64_t streamOffset, const std::uint8_t *payload, std::size_t payloadSize)
{
    const char *bytes = reinterpret_cast<const char *>(payload);
    const bool dataFrame = header.opcode == quint8(protocol::Opcode::Text) || header.opcode == quint8(protocol::Opcode::Binary);
    if (protocol::isControlOpcode(header.opcode)) {
        reportFrame(header, rawHeader, rawHeaderSize, streamOffset, bytes, payloadSize);
        endControlFrame(header, bytes, payloadSize);
        return;
    }
    if (!dataFrame || !header.fin || header.rsv1 || m_inMessage || m_settings.unknownExtension
        || payloadSize > m_settings.maxReportedMessageSize) {
        onFrameHeader(header, rawHeader, rawHeaderSize, streamOffset);
        if (payloadSize > 0)
            onFramePayload(payload, payloadSize);
        onFrameEnd();
        return;
    }
    reportFrame(header, rawHeader, rawHeaderSize, streamOffset, nullptr, 0);
    ++m_messages;
    LogEvent &event = append(EventKind::Message);
    event.isText = header.opcode == quint8(protocol::Opcode::Text);
    event.frameCount = 1;
    event.length = payloadSize;
    event.wireSize = payloadSize;
    event.streamOffset = streamOffset;
    event.payload = m_slab.bytes(QByteArrayView(bytes, qsizetype(payloadSize)));
}

void FrameTap::onFrameHeader(const protocol::FrameHeader &header, const std::uint8_t *rawHeader, std::size_t rawHeaderSize,
                             std::uint64_t streamOffset)
{
    m_header = header;
    m_rawHeader.size = std::min(rawHeaderSize, m_rawHeader.bytes.size());
    std::copy(rawHeader, rawHeader + m_rawHeader.size, m_rawHeader.bytes.begin());
    m_frameOffset = streamOffset;
    m_control.clear();
    if (protocol::isControlOpcode(header.opcode))
        return; // reported whole at its end, with its payload
    reportFrame(header, rawHeader, rawHeaderSize, streamOffset, nullptr, 0);
    startFrame(header, streamOffset);
}

void FrameTap::startFrame(const protocol::FrameHeader &header, std::uint64_t streamOffset)
{
    const bool continuation = header.opcode == quint8(protocol::Opcode::Continuation);
    if (!continuation) {
        if (m_inMessage)
            append(EventKind::Info).text = QStringLiteral("%1 began a new message inside an unfinished one")
                                               .arg(QLatin1String(legName(m_settings.leg)));
        m_inMessage = true;
        m_messageText = header.opcode == quint8(protocol::Opcode::Text);
        // RSV1 on the first frame marks a compressed message (RFC 7692 section 6).
        m_messageCompressed = header.rsv1 && m_inflater;
        m_messageTooLarge = false;
        m_messageFrames = 0;
        m_messageWireSize = 0;
        m_messageLength = 0;
        m_messageOffset = streamOffset;
        m_message.clear();
        m_inflated.clear();
        // A message's first frame tells its size when it is the only one (the usual large
        // message): the buffer is made once instead of grown by copies.
        if (!m_messageCompressed && header.fin && header.payloadLength <= m_settings.maxReportedMessageSize)
            m_message.reserve(qsizetype(header.payloadLength));
    } else if (!m_inMessage) {
        append(EventKind::Info).text =
            QStringLiteral("%1 sent a continuation frame outside a message").arg(QLatin1String(legName(m_settings.leg)));
        return;
    }
    ++m_messageFrames;
    m_messageWireSize += header.payloadLength;
}

void FrameTap::onFramePayload(const std::uint8_t *data, std::size_t size)
{
    const char *bytes = reinterpret_cast<const char *>(data);
    if (protocol::isControlOpcode(m_header.opcode)) {
        m_control.append(bytes, qsizetype(size));
        return;
    }
    if (m_inMessage)
        takePayload(bytes, size);
}

void FrameTap::takePayload(const char *data, std::size_t size)
{
    if (m_messageTooLarge || m_settings.unknownExtension)
        return;
    const quint64 limit = m_settings.maxReportedMessageSize;
    if (!m_messageCompressed) {
        m_messageLength += size;
        if (m_messageLength > limit)
            return failMessage(QStringLiteral("over %1 bytes").arg(limit));
        m_message.append(data, qsizetype(size));
        return;
    }
    const auto result = m_inflater->feed(reinterpret_cast<const std::uint8_t *>(data), size, m_inflated, limit);
    if (result == protocol::MessageInflater::Result::TooLarge)
        failMessage(QStringLiteral("inflates to over %1 bytes").arg(limit));
    else if (result == protocol::MessageInflater::Result::Corrupt)
        failMessage(QStringLiteral("does not inflate: %1").arg(QString::fromStdString(m_inflater->errorMessage())));
}

// The payload is not kept, but the message is still counted and reported by its size.
void FrameTap::failMessage(const QString &why)
{
    m_messageTooLarge = true;
    m_message.clear();
    m_inflated.clear();
    append(EventKind::Info).text =
        QStringLiteral("a message from %1 is reported without its payload: it %2").arg(QLatin1String(legName(m_settings.leg)), why);
}

void FrameTap::onFrameEnd()
{
    if (protocol::isControlOpcode(m_header.opcode)) {
        // Pieces of a control frame (its header came in another read than its payload).
        reportFrame(m_header, m_rawHeader.bytes.data(), m_rawHeader.size, m_frameOffset, m_control.constData(),
                    std::size_t(m_control.size()));
        endControlFrame(m_header, m_control.constData(), std::size_t(m_control.size()));
        return;
    }
    if (m_inMessage && m_header.fin)
        endMessage();
}

void FrameTap::endControlFrame(const protocol::FrameHeader &header, const char *payload, std::size_t size)
{
    const QByteArrayView bytes(payload, qsizetype(size));
    if (header.opcode == quint8(protocol::Opcode::Ping)) {
        append(EventKind::Ping).payload = m_slab.bytes(bytes);
    } else if (header.opcode == quint8(protocol::Opcode::Pong)) {
        append(EventKind::Pong).payload = m_slab.bytes(bytes);
    } else if (header.opcode == quint8(protocol::Opcode::Close)) {
        m_close.present = true;
        m_close.code = size >= 2 ? quint16(quint8(payload[0]) << 8 | quint8(payload[1])) : 0;
        m_close.reason = size > 2 ? QString::fromUtf8(payload + 2, qsizetype(size - 2)) : QString();
        if (m_closeTimeNs < 0)
            m_closeTimeNs = m_timeNs;
        // The close frame as it passed, on its leg; the flow's own close comes when both
        // transports have ended (ProxyFlow).
        LogEvent &event = append(EventKind::Close);
        event.code = m_close.code;
        event.text = m_close.reason;
    }
}

void FrameTap::endMessage()
{
    if (m_messageCompressed && !m_messageTooLarge && !m_settings.unknownExtension) {
        const auto result = m_inflater->finish(m_inflated, m_settings.maxReportedMessageSize);
        if (result != protocol::MessageInflater::Result::Ok)
            failMessage(result == protocol::MessageInflater::Result::TooLarge
                            ? QStringLiteral("inflates to over %1 bytes").arg(m_settings.maxReportedMessageSize)
                            : QStringLiteral("does not inflate: %1").arg(QString::fromStdString(m_inflater->errorMessage())));
    }
    ++m_messages;
    LogEvent &event = append(EventKind::Message);
    event.isText = m_messageText;
    event.compressed = m_messageCompressed;
    event.frameCount = m_messageFrames;
    event.wireSize = m_messageWireSize;
    event.streamOffset = m_messageOffset;
    if (m_messageCompressed && !m_messageTooLarge)
        event.payload = QByteArray(m_inflated.data(), qsizetype(m_inflated.size()));
    else if (!m_messageTooLarge)
        event.payload = std::exchange(m_message, QByteArray());
    event.length = m_messageTooLarge && !m_messageCompressed ? m_messageLength : quint64(event.payload.size());
    m_inMessage = false;
    m_message.clear();
    m_inflated.clear();
}

} // namespace wsi::net
