// SPDX-License-Identifier: MIT
#pragma once
// The reverse proxy's handshake helpers, pure functions over heads (no I/O): the request
// that goes upstream for the app's upgrade request, what the upstream's 101 negotiated
// that the frame taps must know, and the gateway's own error answers.
//
// The upgrade is relayed, not re-made: the app's Sec-WebSocket-Key goes upstream as it
// came, so the upstream's Sec-WebSocket-Accept is right for the app and its answer goes
// back verbatim (chosen subprotocol, extensions and any header it adds).
#include "protocol/PermessageDeflate.h"
#include "protocol/handshake/HttpMessage.h"

#include <QByteArray>
#include <QString>

#include <string>

namespace wsi::net {

// The upstream's resource for an app's request target: the upstream URL's base path, then
// the app's path; the base's query and the app's joined with '&'.
//   "/" + "/chat?room=1" -> "/chat?room=1"; "/api?v=2" + "/feed?x=1" -> "/api/feed?v=2&x=1"
std::string upstreamResource(const QByteArray &baseResource, const protocol::HttpRequestHead &request);

// The request head sent upstream: the app's method and headers in their order and
// spelling, with Host rewritten to the upstream's; headers meant for this proxy
// (Proxy-Authorization, Proxy-Connection) stay here.
std::string buildUpstreamRequest(const protocol::HttpRequestHead &request, const std::string &resource,
                                 const QByteArray &upstreamHostHeader);

// A forward proxy's plain HTTP request (not an upgrade), relayed untouched but for Host and
// the hop-by-hop Connection and Keep-Alive: it asks for "Connection: close", so the
// response is relayed as bytes until the upstream closes, whatever framing the body has
// (Content-Length, chunked, or until the end), and the next request comes on a new
// connection.
std::string buildPlainHttpRequest(const protocol::HttpRequestHead &request, const std::string &resource,
                                  const QByteArray &upstreamHostHeader);

// What the upstream's 101 settled that a passive reader of the frames must know.
struct RelayedExtensions {
    bool deflate = false;
    protocol::DeflateParams deflateParams;
    // An extension other than permessage-deflate was accepted: its RSV bits are allowed
    // and its frames are shown as they are (payloads not decoded).
    bool unknownExtension = false;
    QString unknownName;
    QString error; // the header did not parse; frames are then shown without decoding
};
RelayedExtensions relayedExtensionsOf(const protocol::HttpResponseHead &response);

// The gateway's own answer when it cannot relay one (502, 504, 508, ...): a text/plain body
// that names what happened, so the app's developer reads the reason in the failed request.
QByteArray gatewayErrorResponse(int status, const QString &reason);

} // namespace wsi::net
