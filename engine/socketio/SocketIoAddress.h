// SPDX-License-Identifier: MIT
#pragma once
// Where a Socket.IO server's WebSocket transport is: the http(s) URL a user gives (as
// Postman and the socket.io client take it) becomes ws(s)://host:port/socket.io/?EIO=4&
// transport=websocket, its own query (a token, say) kept. The path is the server's
// option (`path`, "/socket.io/" by default); EIO=3 speaks to Socket.IO v2 servers.
#include <QString>

#include <optional>

namespace wsi::socketio {

struct SocketIoAddress {
    QString webSocketUrl;  // what the Connection opens
    QString nameSpace;     // a path in the URL beyond the server's path ("/chat"), else "/"
};

// nullopt and *error for a URL that is not http, https, ws or wss, or has no host.
std::optional<SocketIoAddress> socketIoAddress(const QString &url, const QString &path, int engineIoVersion, QString *error);

} // namespace wsi::socketio
