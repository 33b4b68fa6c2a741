// SPDX-License-Identifier: MIT
#pragma once
// bench_net's ceiling: a raw TCP echo without WebSocket, a level-triggered epoll(7) loop on one
// thread that answers all the bytes one read brought with one write, as the fastest echo
// servers do. It gets the same masked frames as the WebSocket servers and sends them back
// as they came; the load generator's frame counter reads them just as well.
#include <cstdint>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include <time.h>

namespace bench {

// Thread: its own std::thread, started by start(), stopped and joined by the destructor.
class EpollEchoServer
{
public:
    EpollEchoServer() = default;
    ~EpollEchoServer();
    EpollEchoServer(const EpollEchoServer &) = delete;
    EpollEchoServer &operator=(const EpollEchoServer &) = delete;

    // Listens on 127.0.0.1 (port 0); the thread is pinned to `cpu` (-1: anywhere).
    bool start(int cpu, std::string &error);
    std::uint16_t port() const { return m_port; }
    // CPU time its thread has used so far (user and kernel), in seconds.
    double cpuSeconds() const;

private:
    struct Client {
        std::string pending; // what the kernel did not take yet; reading waits for it
        std::size_t pendingOffset = 0;
    };

    void run();
    void acceptClients();
    bool echo(int fd, Client &client, std::vector<char> &buffer);
    bool flushPending(int fd, Client &client);
    void watch(int fd, bool forWriting);

    int m_epollFd = -1;
    int m_listenFd = -1;
    int m_wakeFds[2] = {-1, -1}; // the destructor writes to [1] to stop the loop
    std::uint16_t m_port = 0;
    std::unordered_map<int, Client> m_clients;
    std::thread m_thread;
    clockid_t m_cpuClock = CLOCK_THREAD_CPUTIME_ID; // m_thread's CPU clock
};

} // namespace bench
