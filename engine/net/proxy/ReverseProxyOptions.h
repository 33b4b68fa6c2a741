// SPDX-License-Identifier: MIT
#pragma once
// What a reverse proxy (gateway) is told: where it listens, the upstream it relays each
// incoming WebSocket to, the upstream leg's TLS options (the same as a client connection's:
// verification on unless asked), the app side's TLS, and the bounds that keep a stuck or
// hostile client from holding resources.
#include "net/ConnectionOptions.h"

#include <QHostAddress>
#include <QString>

#include <cstddef>

namespace wsi::net {

struct ReverseProxyOptions {
    // Loopback unless asked: anyone who can reach the port can use the upstream through it
    // (with the app's cookies and tokens passing by), so another address is warned about.
    QHostAddress listenAddress = QHostAddress(QHostAddress::LocalHost);
    quint16 listenPort = 0;   // 0: any free port (ProxyServer::port() says which)
    QString upstreamUrl;      // ws(s)://host[:port][/base]: the incoming path is appended
    TlsOptions upstreamTls;   // CA file, client certificate, verify (on by default)

    // wss:// on the app's side: the user's PEM certificate and key, or a self-signed pair
    // made at start when both are empty.
    bool listenTls = false;
    QString listenCertificateFile;
    QString listenKeyFile;

    int handshakeTimeoutMs = 10000; // the app's whole upgrade request must arrive by then
    int upstreamTimeoutMs = 10000;  // connect, TLS and the upstream's answer head
    std::size_t maxHeadSize = 16 * 1024; // either head, request or response (431 / 502 over it)
    // A message's payload is kept in its report up to this size (the relay itself has no
    // limit: the bytes pass whatever their size).
    quint64 maxReportedMessageSize = 64ull * 1024 * 1024;
    // Frame events beneath each message (the frame table); off: messages and control frames.
    bool reportFrames = true;
    // Flow control toward the report's consumer (0: none); see TrafficSource.
    int maxRowsInFlight = 0;
};

} // namespace wsi::net
