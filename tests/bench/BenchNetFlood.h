// SPDX-License-Identifier: MIT
#pragma once
// bench_net's flood: a raw server that answers one client's upgrade, writes N pre-built
// unmasked frames (64-byte text messages, or 1 MiB binary ones) as fast as the socket
// takes them and a close frame, and times the whole from its 101 to the client's close
// frame. That one stopwatch times every consumer, so they are compared on the same terms:
// the real `wsinspect-cli connect --count` binary (a child process), Boost.Beast's
// synchronous client (BenchNetBeast) and a QWebSocket counting its messages. The server
// runs on the load's core and each consumer on the core under test (BenchNetPinning).
#include <QString>

#include <cstdint>
#include <string>
#include <thread>

namespace bench {

// Thread: serves in its own std::thread, from serveOneClient() until finish().
class FloodServer
{
public:
    // `block` is buildBlock(messageSize)'s, shared by the runs of a case.
    FloodServer(std::uint64_t messages, std::size_t messageSize, const std::string &block);
    ~FloodServer();
    FloodServer(const FloodServer &) = delete;
    FloodServer &operator=(const FloodServer &) = delete;

    bool listen(std::string &error);
    QString url() const;
    std::uint16_t port() const { return m_port; }
    // Serves on a thread pinned to `cpu` (-1: anywhere).
    void serveOneClient(int cpu);
    // Joins the server thread. False with `error` when the flood did not complete;
    // `warning` when the client broke a rule without spoiling the figure.
    bool finish(double &seconds, std::string &error, std::string &warning);

    // About 1 MiB of whole frames of one `messageSize`-byte message each (text for small
    // messages, binary from 126 bytes on): the unit the server writes.
    static std::string buildBlock(std::size_t messageSize);

private:
    void serve();
    bool answerUpgrade(int fd);
    bool sendFlood(int fd);
    bool awaitCloseFrame(int fd);

    std::uint64_t m_messages;
    std::size_t m_frameBytes;
    const std::string &m_block;
    int m_listenFd = -1;
    std::uint16_t m_port = 0;
    std::thread m_thread;
    double m_seconds = 0;
    std::string m_error;
    std::string m_warning;
};

struct FloodResult {
    double messagesPerSecond = 0; // by the server's stopwatch
    std::string note;             // what the consumer itself said
    std::string error;            // empty: the run is valid (every message counted)
    std::string warning;          // a rule the consumer broke that does not spoil the figure
};

// One flood case: how many messages of what size, the block the server writes, and the
// core each side runs on.
struct FloodCase {
    std::uint64_t messages = 0;
    std::size_t messageSize = 64;
    const std::string *block = nullptr;
    int serverCpu = -1;
    int consumerCpu = -1;
};

FloodResult consumeWithCli(const QString &cliPath, const FloodCase &flood);
FloodResult consumeWithBeast(const FloodCase &flood);
// Runs on the calling thread (the event loop's), pinned to flood.consumerCpu meanwhile and
// then back to `homeCpu`.
FloodResult consumeWithQWebSocket(const FloodCase &flood, int homeCpu);

} // namespace bench
