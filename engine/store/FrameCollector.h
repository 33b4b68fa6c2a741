// SPDX-License-Identifier: MIT
#pragma once
// Pairs Frame events with the row they belong to. The network layer reports every frame
// before the event it makes up (a message's frames before the Message, a ping frame
// before the Ping), so frames wait here until that event arrives:
//  - data frames wait, per client and direction, for their Message (a fragmented message
//    may span batches);
//  - ping and pong frames for the Ping / Pong event that follows them in the same batch;
//  - close frames for the Close event, however many batches later the handshake ends;
//  - an Error takes every frame of its client still waiting: they are what led to it.
// Frames nothing claims (a raw frame, an automatic pong the layer does not report as an
// event, a message cut short) come back as orphans, to be logged as rows of their own.
//
// Contract with the batcher: a batch never ends between a sent message's last frame and its
// Message event (both come from one Driver call); otherwise that frame is an orphan.
#include "net/LogEvent.h"

#include <QHash>
#include <QVector>

namespace wsi::log {

class FrameCollector
{
public:
    using Frames = QVector<net::LogEvent>;

    // A Frame event. Frames that can no longer join a message are appended to orphans.
    void addFrame(const net::LogEvent &frame, Frames &orphans);

    // The frames of a Message event; earlier unclaimed frames of its stream go to orphans.
    Frames takeMessageFrames(const net::LogEvent &message, Frames &orphans);
    // The frame of a Ping or Pong event (none when frames are not reported).
    Frames takeControlFrame(const net::LogEvent &event);
    // The close frames of a Close event; data frames of a message cut short go to orphans.
    Frames takeCloseFrames(const net::LogEvent &close, Frames &orphans);
    // Every frame still waiting for the Error's client.
    Frames takeAll(quint64 clientId);

    // After each batch: ping/pong frames nobody claimed and complete outgoing data frames
    // (FIN set) that no Message followed become orphans (an incoming message's last frame
    // is reported at its header, so its Message may come batches later).
    void endOfBatch(Frames &orphans);

    bool isEmpty() const { return m_data.isEmpty() && m_control.isEmpty(); }
    void clear();

private:
    static quint64 streamKey(quint64 clientId, net::EventDirection direction);
    void moveAll(quint64 key, Frames &to);

    QHash<quint64, Frames> m_data; // by streamKey
    Frames m_control;              // in arrival order, all clients
};

} // namespace wsi::log
