// SPDX-License-Identifier: MIT
#pragma once
// What a failed upgrade probably means, in words a user can act on: a redirect, 401, 403,
// 404, 426, a wrong Sec-WebSocket-Accept, a plain HTTP answer, a proxy in the way.
#include "net/ConnectionTypes.h"
#include "protocol/handshake/Handshake.h"

#include <QString>

namespace wsi::net {

// What every answer records, WebSocket or EventSource, accepted or not: both heads as they
// went, the status and the response's headers (the caller adds what its protocol adds).
HandshakeInfo handshakeInfoOf(bool accepted, const std::string &rawRequest, const std::string &rawResponse,
                              const protocol::HttpResponseHead &response, const std::string &bodyPreview = {});

QString diagnoseHandshakeFailure(const HandshakeInfo &info, protocol::ClientHandshakeError error, bool secure);
// The same for an EventSource request that was not answered with 200 text/event-stream.
QString diagnoseEventSourceRefusal(const HandshakeInfo &info);

} // namespace wsi::net
