// SPDX-License-Identifier: MIT
#include "store/FrameCollector.h"

#include "protocol/Opcode.h"

#include <algorithm>

namespace wsi::log {

using net::EventDirection;
using net::LogEvent;
using protocol::Opcode;

namespace {
bool isControl(const LogEvent &frame) { return protocol::isControlOpcode(frame.opcode); }
bool hasOpcode(const LogEvent &frame, Opcode opcode) { return frame.opcode == quint8(opcode); }
} // namespace

quint64 FrameCollector::streamKey(quint64 clientId, EventDirection direction)
{
    return (clientId << 2) | quint64(direction);
}

void FrameCollector::moveAll(quint64 key, Frames &to)
{
    const auto it = m_data.find(key);
    if (it == m_data.end())
        return;
    to += *it;
    m_data.erase(it);
}

void FrameCollector::addFrame(const LogEvent &frame, Frames &orphans)
{
    if (isControl(frame)) {
        m_control.append(frame);
        return;
    }
    const quint64 key = streamKey(frame.clientId, frame.direction);
    const bool continuation = hasOpcode(frame, Opcode::Continuation);
    // A new text/binary frame starts a message: whatever waited before it is left over.
    if (!continuation)
        moveAll(key, orphans);
    else if (!m_data.contains(key)) {
        orphans.append(frame); // a continuation of nothing we saw
        return;
    }
    m_data[key].append(frame);
}

FrameCollector::Frames FrameCollector::takeMessageFrames(const LogEvent &message, Frames &orphans)
{
    Frames frames;
    const auto it = m_data.find(streamKey(message.clientId, message.direction));
    if (it == m_data.end())
        return frames;
    // The message starts at its first frame's header; anything earlier is not part of it.
    for (const LogEvent &frame : std::as_const(*it))
        (frame.streamOffset < message.streamOffset ? orphans : frames).append(frame);
    m_data.erase(it);
    return frames;
}

FrameCollector::Frames FrameCollector::takeControlFrame(const LogEvent &event)
{
    const Opcode opcode = event.kind == net::EventKind::Ping ? Opcode::Ping : Opcode::Pong;
    const auto it = std::find_if(m_control.begin(), m_control.end(), [&](const LogEvent &frame) {
        return hasOpcode(frame, opcode) && frame.clientId == event.clientId && frame.direction == event.direction;
    });
    if (it == m_control.end())
        return {};
    Frames frames{*it};
    m_control.erase(it);
    return frames;
}

FrameCollector::Frames FrameCollector::takeCloseFrames(const LogEvent &close, Frames &orphans)
{
    moveAll(streamKey(close.clientId, EventDirection::Incoming), orphans);
    moveAll(streamKey(close.clientId, EventDirection::Outgoing), orphans);
    Frames frames;
    const auto isCloseOfClient = [&](const LogEvent &frame) {
        return hasOpcode(frame, Opcode::Close) && frame.clientId == close.clientId;
    };
    std::copy_if(m_control.cbegin(), m_control.cend(), std::back_inserter(frames), isCloseOfClient);
    m_control.erase(std::remove_if(m_control.begin(), m_control.end(), isCloseOfClient), m_control.end());
    return frames;
}

FrameCollector::Frames FrameCollector::takeAll(quint64 clientId)
{
    Frames frames;
    moveAll(streamKey(clientId, EventDirection::Incoming), frames);
    moveAll(streamKey(clientId, EventDirection::Outgoing), frames);
    const auto ofClient = [&](const LogEvent &frame) { return frame.clientId == clientId; };
    std::copy_if(m_control.cbegin(), m_control.cend(), std::back_inserter(frames), ofClient);
    m_control.erase(std::remove_if(m_control.begin(), m_control.end(), ofClient), m_control.end());
    std::stable_sort(frames.begin(), frames.end(),
                     [](const LogEvent &a, const LogEvent &b) { return a.timeNs < b.timeNs; });
    return frames;
}

void FrameCollector::endOfBatch(Frames &orphans)
{
    // Close frames wait for the Close event, which follows only when the peer answers.
    const auto unclaimed = [](const LogEvent &frame) { return !hasOpcode(frame, Opcode::Close); };
    std::copy_if(m_control.cbegin(), m_control.cend(), std::back_inserter(orphans), unclaimed);
    m_control.erase(std::remove_if(m_control.begin(), m_control.end(), unclaimed), m_control.end());

    for (auto it = m_data.begin(); it != m_data.end();) {
        // A fragmented message still in progress waits; so does an incoming message whose
        // last frame came: the frame is reported at its header and a large payload takes
        // more than one batch to arrive (an error or a close claims it if it never does).
        if (!it->isEmpty()
            && (!(it->constLast().flags & net::FrameFlag::Fin) || it->constLast().direction == net::EventDirection::Incoming)) {
            ++it;
            continue;
        }
        orphans += *it;
        it = m_data.erase(it);
    }
    std::stable_sort(orphans.begin(), orphans.end(),
                     [](const LogEvent &a, const LogEvent &b) { return a.timeNs < b.timeNs; });
}

void FrameCollector::clear()
{
    m_data.clear();
    m_control.clear();
}

} // namespace wsi::log
