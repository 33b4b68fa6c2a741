// SPDX-License-Identifier: MIT
#include "LoopbackConnection.h"

#include <algorithm>
#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace wsi::test {
namespace {

using Clock = std::chrono::steady_clock;

std::string errnoText(const char *what)
{
    return std::string(what) + ": " + std::strerror(errno);
}

sockaddr_in loopbackAddress(std::uint16_t port)
{
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return address;
}

void setNonBlocking(int fd)
{
    const int flags = ::fcntl(fd, F_GETFL, 0);
    ::fcntl(fd, F_SETFL, flags | O_NONBLOCK);
    // Small frames (pings, close) should leave at once, as a real client's would.
    const int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

int millisecondsUntil(Clock::time_point deadline)
{
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    return left.count() < 0 ? 0 : static_cast<int>(left.count());
}

} // namespace

LoopbackListener::~LoopbackListener()
{
    if (m_fd >= 0)
        ::close(m_fd);
}

bool LoopbackListener::listen(std::string &error)
{
    m_fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (m_fd < 0) {
        error = errnoText("socket");
        return false;
    }
    sockaddr_in address = loopbackAddress(0);
    if (::bind(m_fd, reinterpret_cast<sockaddr *>(&address), sizeof address) != 0
        || ::listen(m_fd, 4) != 0) {
        error = errnoText("bind/listen on 127.0.0.1:0");
        return false;
    }
    socklen_t length = sizeof address;
    ::getsockname(m_fd, reinterpret_cast<sockaddr *>(&address), &length);
    m_port = ntohs(address.sin_port);
    return true;
}

int LoopbackListener::accept(std::chrono::milliseconds timeout, std::string &error)
{
    pollfd entry{m_fd, POLLIN, 0};
    const int ready = ::poll(&entry, 1, static_cast<int>(timeout.count()));
    if (ready <= 0) {
        error = ready == 0 ? "no connection within " + std::to_string(timeout.count()) + " ms"
                           : errnoText("poll");
        return -1;
    }
    const int fd = ::accept4(m_fd, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) {
        error = errnoText("accept");
        return -1;
    }
    setNonBlocking(fd);
    return fd;
}

LoopbackConnection::LoopbackConnection(int fd)
    : m_fd(fd)
{
}

LoopbackConnection::~LoopbackConnection()
{
    if (m_fd >= 0)
        ::close(m_fd);
}

int LoopbackConnection::connectLoopback(std::uint16_t port, std::string &error)
{
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        error = errnoText("socket");
        return -1;
    }
    // A blocking connect is bounded here: on loopback it either succeeds or is refused.
    const sockaddr_in address = loopbackAddress(port);
    if (::connect(fd, reinterpret_cast<const sockaddr *>(&address), sizeof address) != 0) {
        error = errnoText("connect to 127.0.0.1");
        ::close(fd);
        return -1;
    }
    setNonBlocking(fd);
    return fd;
}

void LoopbackConnection::write(const std::uint8_t *data, std::size_t size)
{
    if (m_shutDown) {
        m_error = "the Driver wrote " + std::to_string(size) + " bytes after it was closed";
        return;
    }
    m_out.append(reinterpret_cast<const char *>(data), size);
}

bool LoopbackConnection::runUntil(const std::function<bool()> &done, std::chrono::milliseconds timeout)
{
    const auto deadline = Clock::now() + timeout;
    for (;;) {
        flush();
        shutDownWhenClosed();
        if (done())
            return true;
        if (Clock::now() >= deadline)
            return false;
        pollfd entry{m_fd, 0, 0};
        if (!m_eof)
            entry.events |= POLLIN;
        if (pendingOutput() > 0)
            entry.events |= POLLOUT;
        // Short steps, so a `done()` that watches something else (a child process) is
        // checked often even while the socket is quiet or has nothing left to give.
        const int wait = std::min(millisecondsUntil(deadline), 50);
        const nfds_t count = entry.events != 0 ? 1 : 0;
        const int ready = ::poll(&entry, count, wait);
        if (ready < 0 && errno != EINTR) {
            m_error = errnoText("poll");
            return false;
        }
        if (ready > 0 && (entry.revents & (POLLIN | POLLHUP | POLLERR)))
            readAvailable();
    }
}

void LoopbackConnection::flush()
{
    while (pendingOutput() > 0) {
        const ssize_t sent = ::send(m_fd, m_out.data() + m_outSent, pendingOutput(), MSG_NOSIGNAL);
        if (sent < 0) {
            if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
                return;
            m_error = errnoText("send");
            m_out.clear();
            m_outSent = 0;
            return;
        }
        m_outSent += static_cast<std::size_t>(sent);
    }
    m_out.clear();
    m_outSent = 0;
}

void LoopbackConnection::readAvailable()
{
    std::uint8_t buffer[64 * 1024];
    for (;;) {
        const ssize_t received = ::recv(m_fd, buffer, sizeof buffer, 0);
        if (received > 0) {
            if (m_driver)
                m_driver->parse(buffer, static_cast<std::size_t>(received));
            if (afterInput)
                afterInput();
            continue;
        }
        if (received < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            return;
        if (received < 0 && errno == EINTR)
            continue;
        if (received < 0)
            m_error = errnoText("recv"); // a reset ends the input like a FIN does
        m_eof = true;
        if (m_driver)
            m_driver->endOfInput();
        if (afterInput)
            afterInput();
        return;
    }
}

void LoopbackConnection::shutDownWhenClosed()
{
    // Section 7.1.1: once the close handshake is over (or the connection failed), the TCP
    // connection goes. Half-close so the peer still reads what we sent last.
    if (m_shutDown || !m_driver || m_driver->state() != protocol::DriverState::Closed
        || pendingOutput() > 0)
        return;
    ::shutdown(m_fd, SHUT_WR);
    m_shutDown = true;
}

} // namespace wsi::test
