// SPDX-License-Identifier: MIT
#pragma once
// What a failed upgrade probably means, in words a user can act on: a redirect, 401, 403,
// 404, 426, a wrong Sec-WebSocket-Accept, a plain HTTP answer, a proxy in the way.
#include "net/ConnectionTypes.h"
#include "protocol/handshake/Handshake.h"

#include <QString>

namespace wsi::net {

QString diagnoseHandshakeFailure(const HandshakeInfo &info, protocol::ClientHandshakeError error, bool secure);
// The same for an EventSource request that was not answered with 200 text/event-stream.
QString diagnoseEventSourceRefusal(const HandshakeInfo &info);

} // namespace wsi::net
