// SPDX-License-Identifier: MIT
#pragma once
// What a replay sends and what it compares against, read from a log (a saved session's
// tab, or the rows a user selected): the sent text and binary messages with their times,
// and the messages that were received in answer, each with its row number in the log.
//
// Times count from the connection's opening (the 101) of the attempt being replayed, so
// "original timing" keeps the wait before the first message too. A selection counts from
// its first sent message: replaying rows from the middle of a long session does not wait
// out the minutes before them.
#include "store/MessageStore.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QVector>

namespace wsi::replay {

struct ReplayMessage {
    qint64 atMs = 0;       // since the open (or the selection's first send)
    bool binary = false;
    QByteArray payload;
    qint64 rowNumber = 0;  // in the log it came from, 1-based; 0 when it was not logged
};

struct ReplayPlan {
    QString url;                     // the attempt's URL, as its boundary row shows it
    int attempt = 0;                 // which attempt of the log (1-based), 0 for a selection
    int attemptCount = 0;            // attempts in the log
    QList<ReplayMessage> sends;      // outgoing text and binary messages, in order
    QList<ReplayMessage> recorded;   // incoming text and binary messages: the answers
};

// The rows of one attempt: `attempt` 1-based, or 0 for the first one that sent a message.
// An empty plan (no sends) with *error saying why when there is nothing to replay.
ReplayPlan planFromLog(const log::MessageStore &store, int attempt, QString *error);

// The selected rows (indices into the store, any order): the selected sent messages, and
// the received messages from the first selected row up to the next sent message that was
// not selected (the answers to the last one included), within the same attempt.
ReplayPlan planFromRows(const log::MessageStore &store, QVector<int> rows, QString *error);

} // namespace wsi::replay
