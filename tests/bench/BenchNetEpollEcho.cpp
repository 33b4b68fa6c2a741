// SPDX-License-Identifier: MIT
#include "BenchNetEpollEcho.h"

#include "BenchNetClient.h"
#include "BenchNetPinning.h"

#include <cerrno>
#include <cstdio>
#include <cstring>

#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace bench {

namespace {

constexpr std::size_t ReadBytes = 1024 * 1024;
constexpr int MaxEvents = 64;

std::string errnoText(const char *what)
{
    return std::string(what) + ": " + std::strerror(errno);
}

} // namespace

EpollEchoServer::~EpollEchoServer()
{
    if (m_thread.joinable()) {
        const char stop = 's';
        if (::write(m_wakeFds[1], &stop, 1) != 1)
            std::perror("bench_net: waking the epoll echo");
        m_thread.join();
    }
    for (const auto &client : m_clients)
        ::close(client.first);
    for (int fd : {m_listenFd, m_wakeFds[0], m_wakeFds[1], m_epollFd}) {
        if (fd >= 0)
            ::close(fd);
    }
}

bool EpollEchoServer::start(int cpu, std::string &error)
{
    m_epollFd = ::epoll_create1(EPOLL_CLOEXEC);
    if (m_epollFd < 0 || ::pipe2(m_wakeFds, O_CLOEXEC) != 0) {
        error = errnoText("epoll echo set-up");
        return false;
    }
    m_listenFd = listenLoopback(SOCK_NONBLOCK, 64, m_port, error);
    if (m_listenFd < 0)
        return false;
    for (int fd : {m_wakeFds[0], m_listenFd}) {
        epoll_event event{};
        event.events = EPOLLIN;
        event.data.fd = fd;
        ::epoll_ctl(m_epollFd, EPOLL_CTL_ADD, fd, &event);
    }
    m_thread = std::thread([this] { run(); });
    pinThread(m_thread.native_handle(), cpu);
    pthread_getcpuclockid(m_thread.native_handle(), &m_cpuClock);
    return true;
}

double EpollEchoServer::cpuSeconds() const
{
    timespec now{};
    if (!m_thread.joinable() || clock_gettime(m_cpuClock, &now) != 0)
        return 0;
    return double(now.tv_sec) + double(now.tv_nsec) * 1e-9;
}

void EpollEchoServer::run()
{
    std::vector<char> buffer(ReadBytes);
    epoll_event events[MaxEvents];
    for (;;) {
        const int ready = ::epoll_wait(m_epollFd, events, MaxEvents, -1);
        if (ready < 0 && errno != EINTR)
            return;
        for (int i = 0; i < ready; ++i) {
            const int fd = events[i].data.fd;
            if (fd == m_wakeFds[0])
                return;
            if (fd == m_listenFd) {
                acceptClients();
                continue;
            }
            const auto found = m_clients.find(fd);
            if (found == m_clients.end())
                continue;
            Client &client = found->second;
            const bool alive = client.pending.empty() ? echo(fd, client, buffer) : flushPending(fd, client);
            if (!alive) {
                ::close(fd); // leaves the epoll set with it
                m_clients.erase(found);
            }
        }
    }
}

void EpollEchoServer::acceptClients()
{
    for (;;) {
        const int fd = ::accept4(m_listenFd, nullptr, nullptr, SOCK_CLOEXEC | SOCK_NONBLOCK);
        if (fd < 0)
            return;
        const int one = 1;
        ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        m_clients[fd] = Client();
        epoll_event event{};
        event.events = EPOLLIN;
        event.data.fd = fd;
        ::epoll_ctl(m_epollFd, EPOLL_CTL_ADD, fd, &event);
    }
}

void EpollEchoServer::watch(int fd, bool forWriting)
{
    epoll_event event{};
    event.events = forWriting ? EPOLLOUT : EPOLLIN;
    event.data.fd = fd;
    ::epoll_ctl(m_epollFd, EPOLL_CTL_MOD, fd, &event);
}

// One read, and all of it back in one write; what the kernel does not take waits, and so
// does reading, until it has gone.
bool EpollEchoServer::echo(int fd, Client &client, std::vector<char> &buffer)
{
    const ssize_t got = ::recv(fd, buffer.data(), buffer.size(), 0);
    if (got < 0)
        return errno == EAGAIN || errno == EINTR;
    if (got == 0)
        return false;
    const ssize_t sent = ::send(fd, buffer.data(), std::size_t(got), MSG_NOSIGNAL);
    if (sent < 0 && errno != EAGAIN)
        return false;
    const std::size_t taken = sent < 0 ? 0 : std::size_t(sent);
    if (taken < std::size_t(got)) {
        client.pending.assign(buffer.data() + taken, std::size_t(got) - taken);
        client.pendingOffset = 0;
        watch(fd, true);
    }
    return true;
}

bool EpollEchoServer::flushPending(int fd, Client &client)
{
    const ssize_t sent = ::send(fd, client.pending.data() + client.pendingOffset,
                                client.pending.size() - client.pendingOffset, MSG_NOSIGNAL);
    if (sent < 0)
        return errno == EAGAIN || errno == EINTR;
    client.pendingOffset += std::size_t(sent);
    if (client.pendingOffset == client.pending.size()) {
        client.pending.clear();
        client.pendingOffset = 0;
        watch(fd, false);
    }
    return true;
}

} // namespace bench
