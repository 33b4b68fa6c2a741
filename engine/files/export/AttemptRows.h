// SPDX-License-Identifier: MIT
#pragma once
// Reading the rows that frame a connection attempt, the same way in the window and the
// exports: an Attempt row (the boundary: number, URL, how it ended) and a
// Handshake row (the upgrade's request and response heads as they were on the wire, with
// credentials masked).
#include "store/MessageStore.h"

#include <QByteArrayView>
#include <QString>

namespace wsi::log {

struct HandshakeHeads {
    QByteArrayView request;  // up to and including its blank line
    QByteArrayView response; // the response head, then the first bytes of a refusal's body
    QByteArrayView responseHead() const;
};

// Handshake rows: the two heads in the row's payload.
HandshakeHeads handshakeHeads(const MessageStore &store, int row);
// "connected: 101 Switching Protocols · subprotocol chat · permessage-deflate; ..." or
// "refused: 404 Not Found".
QString handshakeSummary(const MessageStore &store, int row);

// Attempt rows: "closed 1000 (normal closure), clean", "failed: connection-refused: ...",
// or "in progress" while nothing says how it ended.
QString attemptResult(const MessageStore &store, int row);
// "attempt 2 · ws://127.0.0.1:9000/ · closed 1000 (normal closure), clean"
QString attemptSummary(const MessageStore &store, int row);

} // namespace wsi::log
