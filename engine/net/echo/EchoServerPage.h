// SPDX-License-Identifier: MIT
#pragma once
// The page the echo server answers a plain HTTP GET (no upgrade) with: what the server is,
// its URL, how it is set up and how to connect, so a browser pointed at it learns something.
// Built once at start, on the server's thread.
#include "net/echo/EchoServerOptions.h"

#include <QByteArray>
#include <QUrl>

namespace wsi::net {

// The whole HTTP/1.1 200 answer (text/html, Connection: close) to a GET without upgrade.
QByteArray buildEchoServerPage(const QUrl &url, const EchoServerOptions &options);

} // namespace wsi::net
