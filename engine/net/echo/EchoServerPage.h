// SPDX-License-Identifier: MIT
#pragma once
// The page the echo server answers a plain HTTP GET (no upgrade) with: what the server is,
// its URL, how it is set up and how to connect, so a browser pointed at it learns something.
// Built once at start, on the server's thread.
#include "net/echo/EchoServerOptions.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QUrl>

namespace wsi::net {

// An open WebSocket client, as the page lists it.
struct EchoPageClient {
    quint64 id = 0;
    QString address; // "host:port"
    QString target;  // path and query
    QString version; // "13", "8", "hixie-76", ...
};

// The whole HTTP/1.1 200 answer (text/html, Connection: close) to a GET without upgrade,
// with the open clients (the first EchoPageClientLimit) and the version each speaks.
QByteArray buildEchoServerPage(const QUrl &url, const EchoServerOptions &options,
                               const QList<EchoPageClient> &clients = {});
inline constexpr int EchoPageClientLimit = 50;

} // namespace wsi::net
