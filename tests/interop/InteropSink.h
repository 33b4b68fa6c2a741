// SPDX-License-Identifier: MIT
#pragma once
// The DriverSink of the interop tests: records every event (RecordingSink, for failure
// messages) and keeps the messages, pongs and pings the assertions look at. Incoming
// messages are also queued for an echo, which the server session sends after parse()
// returns rather than from inside the Driver's callback.
#include "support/RecordingSink.h"

#include <QByteArray>

#include <cstdint>
#include <deque>
#include <string>
#include <vector>

namespace wsi::test {

struct SeenMessage {
    bool isText = true;
    std::string payload;
    std::uint32_t frameCount = 0;
    bool compressed = false;
    std::uint64_t wireSize = 0;
};

struct SeenPong {
    std::uint64_t pingId = 0;
    std::string payload;
};

class InteropSink : public RecordingSink
{
public:
    InteropSink() { recordFrames = false; }

    void onMessage(const protocol::MessageEvent &event) override;
    void onPing(const protocol::PingEvent &event) override;
    void onPong(const protocol::PongEvent &event) override;
    void onHandshakeFailed(const protocol::HandshakeFailureEvent &event) override;

    bool anyCompressed(protocol::Direction direction) const;
    std::uint32_t largestFrameCount() const;
    // The last few events, one per line, for failure messages.
    QByteArray lastEvents(std::size_t count = 12) const;

    std::vector<SeenMessage> received;
    std::vector<SeenMessage> sent;
    std::deque<SeenMessage> toEcho;
    std::vector<SeenPong> pongs;
    int pingsReceived = 0;
    int pingsAnswered = 0;
    int handshakeFailures = 0;
};

} // namespace wsi::test
