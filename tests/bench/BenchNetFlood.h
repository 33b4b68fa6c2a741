// SPDX-License-Identifier: MIT
#pragma once
// bench_net's flood: a raw server that answers one client's upgrade, writes N pre-built
// unmasked 64-byte text frames as fast as the socket takes them and a close frame, and
// times the whole from its 101 to the client's close frame. That one stopwatch times
// every consumer, so they are compared on the same terms: the real `wsinspect-cli connect
// --count` binary (a child process) and a QWebSocket counting textMessageReceived.
#include <QString>

#include <cstdint>
#include <string>
#include <thread>

namespace bench {

// Thread: serves in its own std::thread, from serveOneClient() until finish().
class FloodServer
{
public:
    FloodServer(std::uint64_t messages, const std::string &block);
    ~FloodServer();
    FloodServer(const FloodServer &) = delete;
    FloodServer &operator=(const FloodServer &) = delete;

    bool listen(std::string &error);
    QString url() const;
    void serveOneClient();
    // Joins the server thread. False with `error` when the flood did not complete;
    // `warning` when the client broke a rule without spoiling the figure.
    bool finish(double &seconds, std::string &error, std::string &warning);

    // `framesPerBlock` copies of one 64-byte text frame: the unit the server writes.
    static std::string buildBlock(int framesPerBlock);

private:
    void serve();
    bool answerUpgrade(int fd);
    bool sendFlood(int fd);
    bool awaitCloseFrame(int fd);

    std::uint64_t m_messages;
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

FloodResult consumeWithCli(const QString &cliPath, std::uint64_t messages, const std::string &block);
FloodResult consumeWithQWebSocket(std::uint64_t messages, const std::string &block);

} // namespace bench
