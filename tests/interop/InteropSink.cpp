// SPDX-License-Identifier: MIT
#include "InteropSink.h"

#include <algorithm>

namespace wsi::test {

void InteropSink::onMessage(const protocol::MessageEvent &event)
{
    RecordingSink::onMessage(event);
    SeenMessage message{event.isText, std::string(event.payload), event.frameCount, event.compressed,
                        event.wireSize};
    if (event.direction == protocol::Direction::Incoming) {
        received.push_back(message);
        toEcho.push_back(std::move(message));
    } else {
        sent.push_back(std::move(message));
    }
}

void InteropSink::onPing(const protocol::PingEvent &event)
{
    RecordingSink::onPing(event);
    if (event.direction == protocol::Direction::Incoming) {
        ++pingsReceived;
        pingsAnswered += event.answered ? 1 : 0;
    }
}

void InteropSink::onPong(const protocol::PongEvent &event)
{
    RecordingSink::onPong(event);
    if (event.direction == protocol::Direction::Incoming)
        pongs.push_back({event.pingId, std::string(event.payload)});
}

void InteropSink::onHandshakeFailed(const protocol::HandshakeFailureEvent &event)
{
    RecordingSink::onHandshakeFailed(event);
    ++handshakeFailures;
}

bool InteropSink::anyCompressed(protocol::Direction direction) const
{
    const auto &messages = direction == protocol::Direction::Incoming ? received : sent;
    return std::any_of(messages.begin(), messages.end(), [](const SeenMessage &m) { return m.compressed; });
}

std::uint32_t InteropSink::largestFrameCount() const
{
    std::uint32_t largest = 0;
    for (const SeenMessage &message : received)
        largest = std::max(largest, message.frameCount);
    return largest;
}

QByteArray InteropSink::lastEvents(std::size_t count) const
{
    QByteArray out;
    const std::size_t from = events.size() > count ? events.size() - count : 0;
    for (std::size_t i = from; i < events.size(); ++i) {
        out.append("\n    ");
        out.append(events[i].data(), static_cast<qsizetype>(events[i].size()));
    }
    return out;
}

} // namespace wsi::test
