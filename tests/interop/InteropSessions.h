// SPDX-License-Identifier: MIT
#pragma once
// One interop test row's connection: our Driver on a LoopbackConnection, and the peer
// process at the other end. Their steps assert with QVERIFY, so a caller checks
// QTest::currentTestFailed() after each; on failure the destructor prints the peer's
// output and our last events, and the peer is killed if it is still running.
#include "InteropSink.h"
#include "LoopbackConnection.h"
#include "PeerProcess.h"

#include "protocol/Driver.h"

#include <chrono>
#include <memory>

namespace wsi::test {

// Bound of each step (handshake, one echo, the pings, the close handshake).
constexpr std::chrono::milliseconds StepTimeout{10000};

// Our client against a peer echo server.
class ClientSession
{
public:
    ~ClientSession();
    // Starts the peer, connects and runs the opening handshake until it opens or fails.
    void connect(const PeerCommand &server, protocol::DriverOptions options);
    // Text, binary, empty, 126 B, 64 KiB, 1 MiB, fragmented, 4-byte UTF-8: each echoed
    // back byte-exact with its type.
    void exchangeScriptedMessages();
    // Two pings; each pong is matched to its own ping.
    void exchangePings();
    // Closes with 1000; the peer answers 1000 and closes the TCP connection.
    void closeAndExpectEcho();

    PeerProcess peer;
    InteropSink sink;
    std::unique_ptr<LoopbackConnection> connection;
    std::unique_ptr<protocol::Driver> driver;
};

// A peer echo client against our server, which echoes every message it receives.
class ServerSession
{
public:
    ~ServerSession();
    // Listens, starts the peer with ws://127.0.0.1:<port><path> and `peerOptions`, accepts,
    // and echoes until the peer has closed and the TCP connection has ended.
    void serveEcho(PeerCommand client, const QString &path, const QStringList &peerOptions,
                   protocol::DriverOptions options);

    PeerProcess peer;
    InteropSink sink;
    LoopbackListener listener;
    std::unique_ptr<LoopbackConnection> connection;
    std::unique_ptr<protocol::Driver> driver;

private:
    void echoQueuedMessages();
};

} // namespace wsi::test
