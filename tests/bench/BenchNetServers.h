// SPDX-License-Identifier: MIT
#pragma once
// bench_net's echo servers, each on its own thread, all listening on 127.0.0.1 (port 0):
// our EchoServer (traffic reports off), Qt's QWebSocketServer used the way its examples
// use it (textMessageReceived -> sendTextMessage), and a plain TCP echo without WebSocket
// as the ceiling (a POSIX poll() loop answering all the bytes one read brought with one
// write, as the fastest echo servers do).
#include <QThread>

#include <cstdint>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <time.h>

namespace bench {

enum class ServerKind { Ours, QtWebSockets, PlainTcp };

const char *serverName(ServerKind kind);

// The plain TCP ceiling. Thread: its own std::thread, started by start(), joined by the
// destructor.
class PlainEchoServer
{
public:
    PlainEchoServer() = default;
    ~PlainEchoServer();
    PlainEchoServer(const PlainEchoServer &) = delete;
    PlainEchoServer &operator=(const PlainEchoServer &) = delete;

    bool start(std::string &error);
    std::uint16_t port() const { return m_port; }
    // CPU time its thread has used so far (user and kernel), in seconds.
    double cpuSeconds() const;

private:
    struct Client {
        int fd = -1;
        std::string pending; // what the kernel did not take yet; reading waits for it
        std::size_t pendingOffset = 0;
    };

    void run();
    void acceptClients();
    bool echo(Client &client, std::vector<char> &buffer);
    bool flushPending(Client &client);

    int m_listenFd = -1;
    int m_wakeFds[2] = {-1, -1}; // the destructor writes to [1] to stop the loop
    std::uint16_t m_port = 0;
    std::vector<Client> m_clients;
    std::thread m_thread;
    clockid_t m_cpuClock = 0; // m_thread's CPU clock
};

// One echo server of the given kind on its own thread, stopped by the destructor.
class EchoServerBox
{
public:
    explicit EchoServerBox(ServerKind kind) : m_kind(kind) {}
    ~EchoServerBox();
    EchoServerBox(const EchoServerBox &) = delete;
    EchoServerBox &operator=(const EchoServerBox &) = delete;

    bool start(std::string &error);
    ServerKind kind() const { return m_kind; }
    std::uint16_t port() const { return m_port; }
    // CPU time the server's thread has used so far (user and kernel), in seconds: the
    // difference over a run, divided by the messages echoed, is what each one cost it.
    double cpuSeconds() const;

private:
    void createQtServer(std::string &error); // runs on m_thread

    ServerKind m_kind;
    std::uint16_t m_port = 0;
    QThread m_thread;
    QObject *m_context = nullptr; // lives on m_thread; parent of the Qt server
    clockid_t m_cpuClock = 0;     // m_thread's CPU clock (Qt servers)
    std::unique_ptr<PlainEchoServer> m_plain;
};

} // namespace bench
