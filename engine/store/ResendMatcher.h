// SPDX-License-Identifier: MIT
#pragma once
// Links the rows a resend puts in the log to the rows they resend. A resend is posted to
// the traffic source, which logs what it sent some milliseconds later, in a batch like any
// other: the network code knows nothing of resends. So the tab says what it expects (the
// row's kind and payload) and which row it resends; the first outgoing row that matches a
// waiting resend, in the order they were asked for, is linked (MessageStore::resentFrom).
// A close is matched by kind alone: its row tells how the handshake ended, not what we sent.
#include "store/MessageStore.h"

#include <QByteArray>

#include <deque>

namespace wsi::log {

class ResendMatcher
{
public:
    // Resends waiting longer than this many rows of ours are dropped (the source refused
    // them: not open, a control payload over 125 bytes, ...).
    static constexpr int MaxWaiting = 64;

    void expect(LogEntryKind kind, const QByteArray &payload, qint64 originNumber);
    // Links the outgoing rows of `rows` (just appended to `store`).
    void link(MessageStore &store, RowRange rows);
    void clear() { m_waiting.clear(); }
    int waiting() const { return int(m_waiting.size()); }

private:
    struct Expected {
        LogEntryKind kind;
        QByteArray payload;
        qint64 originNumber;
    };
    std::deque<Expected> m_waiting;
};

} // namespace wsi::log
