// SPDX-License-Identifier: MIT
#pragma once
// bench_net's echo servers, each on its own thread pinned to the core under test, all
// listening on 127.0.0.1 (port 0): our EchoServer (traffic reports off), Qt's
// QWebSocketServer used the way its examples use it (textMessageReceived ->
// sendTextMessage), Boost.Beast's async echo (BenchNetBeast, when Boost is installed) and
// a raw epoll TCP echo without WebSocket as the ceiling (BenchNetEpollEcho).
#include <QThread>

#include <cstdint>
#include <memory>
#include <string>

#include <time.h>

namespace bench {

enum class ServerKind { Ours, QtWebSockets, Beast, RawEpoll };

const char *serverName(ServerKind kind);
// Whether this build has the kind (Beast needs Boost at configure time).
bool isServerAvailable(ServerKind kind);

class BeastEchoServer;
class EpollEchoServer;

// One echo server of the given kind on its own thread, stopped by the destructor.
class EchoServerBox
{
public:
    explicit EchoServerBox(ServerKind kind);
    ~EchoServerBox();
    EchoServerBox(const EchoServerBox &) = delete;
    EchoServerBox &operator=(const EchoServerBox &) = delete;

    // Starts the server with its thread pinned to `cpu` (-1: anywhere).
    bool start(int cpu, std::string &error);
    ServerKind kind() const { return m_kind; }
    std::uint16_t port() const { return m_port; }
    // CPU time the server's thread has used so far (user and kernel), in seconds: the
    // difference over a run, divided by the messages echoed, is what each one cost it.
    double cpuSeconds() const;

private:
    void createQtServer(int cpu, std::string &error); // runs on m_thread

    ServerKind m_kind;
    std::uint16_t m_port = 0;
    QThread m_thread;
    QObject *m_context = nullptr; // lives on m_thread; parent of the Qt server
    clockid_t m_cpuClock = 0;     // m_thread's CPU clock (Qt servers)
    std::unique_ptr<EpollEchoServer> m_epoll;
    std::unique_ptr<BeastEchoServer> m_beast;
};

} // namespace bench
