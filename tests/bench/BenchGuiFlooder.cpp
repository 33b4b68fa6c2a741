// SPDX-License-Identifier: MIT
#include "BenchGuiFlooder.h"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <sys/socket.h>
#include <unistd.h>

namespace wsi::bench {

namespace {

using Clock = std::chrono::steady_clock;

// Any fixed key will do: the server unmasks whatever key it gets (RFC 6455 section 5.3).
constexpr unsigned char MaskKey[4] = {0x37, 0xfa, 0x21, 0x3d};
// Frames queued in user space at most; beyond it TCP is pushing back and we fall behind.
constexpr std::size_t MaxQueuedBytes = 256 * 1024;

bool sendAll(int fd, const std::string &data)
{
    std::size_t done = 0;
    while (done < data.size()) {
        const ssize_t n = ::send(fd, data.data() + done, data.size() - done, MSG_NOSIGNAL);
        if (n <= 0)
            return false;
        done += std::size_t(n);
    }
    return true;
}

} // namespace

QByteArray tickPayload(std::int64_t id, bool socketIo)
{
    if (socketIo) {
        QByteArray event = R"(42["tick",)";
        event += tickPayload(id, false);
        event += ']';
        return event;
    }
    static const char *const symbols[] = {"AAPL", "MSFT", "GOOG", "ABCD", "TSLA", "NVDA", "AMZN", "META"};
    QByteArray json = R"({"op":"tick","id":)";
    json += QByteArray::number(qint64(id));
    json += R"(,"sym":")";
    json += symbols[id % 8];
    json += R"(","px":)";
    json += QByteArray::number(100 + double(id % 997) / 100.0, 'f', 2);
    json += R"(,"q":)";
    json += QByteArray::number(qint64(id % 50));
    json += '}';
    return json;
}

BenchGuiFlooder::~BenchGuiFlooder()
{
    stop();
}

bool BenchGuiFlooder::connectTo(std::uint16_t port, int timeoutMs)
{
    m_fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (m_fd < 0) {
        m_error = std::strerror(errno);
        return false;
    }
    timeval timeout{timeoutMs / 1000, (timeoutMs % 1000) * 1000};
    ::setsockopt(m_fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    ::setsockopt(m_fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
    const int one = 1;
    ::setsockopt(m_fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(m_fd, reinterpret_cast<sockaddr *>(&address), sizeof address) != 0) {
        m_error = std::string("connect: ") + std::strerror(errno);
        return false;
    }
    const std::string request = "GET /flood HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(port)
        + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
          "Sec-WebSocket-Version: 13\r\n\r\n";
    if (!sendAll(m_fd, request)) {
        m_error = "sending the handshake failed";
        return false;
    }
    // Read the response a byte at a time so nothing after its blank line is swallowed.
    std::string response;
    char byte = 0;
    while (response.size() < 8192 && response.find("\r\n\r\n") == std::string::npos) {
        if (::recv(m_fd, &byte, 1, 0) != 1) {
            m_error = "no handshake response";
            return false;
        }
        response += byte;
    }
    if (response.compare(0, 12, "HTTP/1.1 101") != 0) {
        m_error = "handshake refused: " + response.substr(0, response.find("\r\n"));
        return false;
    }
    ::fcntl(m_fd, F_SETFL, ::fcntl(m_fd, F_GETFL) | O_NONBLOCK);
    return true;
}

void BenchGuiFlooder::start(int messagesPerSecond, double seconds)
{
    m_thread = std::thread([this, messagesPerSecond, seconds] { run(messagesPerSecond, seconds); });
}

void BenchGuiFlooder::stop()
{
    m_stop = true;
    if (m_thread.joinable())
        m_thread.join();
    if (m_fd >= 0) {
        // A masked close frame with no body; the socket goes right after, best effort.
        const char close[] = {char(0x88), char(0x80), char(MaskKey[0]), char(MaskKey[1]), char(MaskKey[2]),
                              char(MaskKey[3])};
        (void)::send(m_fd, close, sizeof close, MSG_NOSIGNAL | MSG_DONTWAIT);
        ::close(m_fd);
        m_fd = -1;
    }
}

void BenchGuiFlooder::appendFrame(const QByteArray &payload, bool binary)
{
    // Text or binary, FIN, masked; the payloads are short (< 126 bytes): a 2-byte header.
    m_out += char(binary ? 0x82 : 0x81);
    m_out += char(0x80 | payload.size());
    m_out.append(reinterpret_cast<const char *>(MaskKey), 4);
    for (int i = 0; i < payload.size(); ++i)
        m_out += char(payload[i] ^ char(MaskKey[i % 4]));
}

bool BenchGuiFlooder::flushOutgoing()
{
    while (m_outOffset < m_out.size()) {
        const ssize_t n = ::send(m_fd, m_out.data() + m_outOffset, m_out.size() - m_outOffset, MSG_NOSIGNAL);
        if (n < 0) {
            const int error = errno;
            if (m_outOffset > MaxQueuedBytes) { // keep the buffer from creeping
                m_out.erase(0, m_outOffset);
                m_outOffset = 0;
            }
            return error == EAGAIN || error == EWOULDBLOCK || error == EINTR;
        }
        m_outOffset += std::size_t(n);
    }
    m_out.clear();
    m_outOffset = 0;
    return true;
}

void BenchGuiFlooder::drainIncoming()
{
    // Our own messages come back (Broadcast includes the sender): read and forget them.
    static thread_local char sink[64 * 1024];
    while (::recv(m_fd, sink, sizeof sink, MSG_DONTWAIT) > 0) {
    }
}

void BenchGuiFlooder::run(int messagesPerSecond, double seconds)
{
    pthread_setname_np(pthread_self(), "bench-flooder"); // for the per-thread CPU report
    const std::int64_t total = std::int64_t(messagesPerSecond * seconds);
    const Clock::time_point start = Clock::now();
    std::int64_t generated = 0;
    while (!m_stop) {
        const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
        if (!m_doneSending) {
            const std::int64_t due = std::min(total, std::int64_t(elapsed * messagesPerSecond));
            while (generated < due && m_out.size() - m_outOffset < MaxQueuedBytes) {
                const QByteArray payload = tickPayload(generated, m_socketIo);
                appendFrame(payload, !m_textOnly && isBinaryTick(generated));
                m_payloadBytes += payload.size();
                ++generated;
            }
            m_worstBacklog = std::max<std::int64_t>(m_worstBacklog, due - generated);
            m_sent = generated;
        }
        if (!flushOutgoing())
            break; // the server went away
        if (!m_doneSending && generated == total && m_out.empty()) {
            m_sendSeconds = elapsed;
            m_doneSending = true;
        }
        drainIncoming();
        // Wake at the next millisecond, or sooner when there is something to read or write.
        pollfd fd{m_fd, short(POLLIN | (m_out.empty() ? 0 : POLLOUT)), 0};
        const timespec oneMs{0, 1000000};
        ::ppoll(&fd, 1, &oneMs, nullptr);
    }
}

} // namespace wsi::bench
