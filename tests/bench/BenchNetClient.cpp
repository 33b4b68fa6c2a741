// SPDX-License-Identifier: MIT
#include "BenchNetClient.h"

#include "protocol/handshake/Handshake.h"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <vector>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

namespace bench {

namespace {

// RFC 6455 4.1's sample nonce: the key's randomness protects proxies, not this benchmark.
constexpr const char *Key = "dGhlIHNhbXBsZSBub25jZQ==";
constexpr std::size_t SmallPayload = 32;

double threadCpuSeconds()
{
    timespec now{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return double(now.tv_sec) + double(now.tv_nsec) * 1e-9;
}

std::int64_t nowNs()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

std::string errnoText(const char *what)
{
    return std::string(what) + ": " + std::strerror(errno);
}

bool sendAll(int fd, const char *data, std::size_t size, std::string &error)
{
    while (size > 0) {
        const ssize_t sent = ::send(fd, data, size, MSG_NOSIGNAL);
        if (sent < 0 && errno == EINTR)
            continue;
        if (sent <= 0) {
            error = errnoText("send");
            return false;
        }
        data += sent;
        size -= std::size_t(sent);
    }
    return true;
}

// Different mask keys frame to frame, as a real client's would be (RFC 6455 5.3).
std::uint32_t maskKeyFor(std::size_t index)
{
    return std::uint32_t(0x9e3779b9u * std::uint32_t(index + 1));
}

// `window` 32-byte text frames back to back: any prefix of whole frames is a valid burst.
std::string smallBurst(int window)
{
    const std::string payload = "{\"op\":\"echo\",\"seq\":12345,\"x\":1}"; // 32 bytes of JSON
    std::string burst;
    for (int i = 0; i < window; ++i)
        burst += maskedFrame(1, payload.substr(0, SmallPayload), maskKeyFor(std::size_t(i)));
    return burst;
}

struct SmallConnection {
    int fd = -1;
    FrameCounter counter{1};
    std::vector<std::int64_t> sentAtNs; // ring: always exactly `window` messages in flight
    std::size_t oldest = 0;
};

void closeAll(std::vector<SmallConnection> &connections)
{
    for (SmallConnection &connection : connections) {
        if (connection.fd >= 0)
            ::close(connection.fd);
    }
}

double percentile99(std::vector<std::int64_t> &samples)
{
    if (samples.empty())
        return 0;
    const auto rank = samples.begin() + std::ptrdiff_t(double(samples.size() - 1) * 0.99);
    std::nth_element(samples.begin(), rank, samples.end());
    return double(*rank) / 1e3;
}

} // namespace

std::string maskedFrame(int opcode, const std::string &payload, std::uint32_t maskKey)
{
    std::string frame;
    frame += char(0x80 | opcode);
    const std::uint64_t size = payload.size();
    if (size < 126) {
        frame += char(0x80 | size);
    } else if (size < 65536) {
        frame += char(0x80 | 126);
        frame += char(size >> 8);
        frame += char(size & 0xff);
    } else {
        frame += char(0x80 | 127);
        for (int shift = 56; shift >= 0; shift -= 8)
            frame += char((size >> shift) & 0xff);
    }
    const char mask[4] = {char(maskKey >> 24), char(maskKey >> 16), char(maskKey >> 8), char(maskKey)};
    frame.append(mask, 4);
    const std::size_t start = frame.size();
    frame += payload;
    for (std::size_t i = 0; i < size; ++i)
        frame[start + i] = char(frame[start + i] ^ mask[i % 4]);
    return frame;
}

int listenLoopback(int socketFlags, int backlog, std::uint16_t &port, std::string &error)
{
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | socketFlags, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    if (fd < 0 || ::bind(fd, reinterpret_cast<const sockaddr *>(&address), sizeof address) != 0
        || ::listen(fd, backlog) != 0 || ::getsockname(fd, reinterpret_cast<sockaddr *>(&address), &length) != 0) {
        error = errnoText("listen on 127.0.0.1");
        if (fd >= 0)
            ::close(fd);
        return -1;
    }
    port = ntohs(address.sin_port);
    return fd;
}

int connectLoopback(std::uint16_t port, std::string &error)
{
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        error = errnoText("socket");
        return -1;
    }
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    const timeval timeout{5, 0};
    const int one = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (::connect(fd, reinterpret_cast<const sockaddr *>(&address), sizeof address) != 0) {
        error = errnoText("connect");
        ::close(fd);
        return -1;
    }
    return fd;
}

bool upgrade(int fd, std::string &error)
{
    const std::string request = std::string("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                                            "Connection: Upgrade\r\nSec-WebSocket-Key: ")
        + Key + "\r\nSec-WebSocket-Version: 13\r\n\r\n";
    if (!sendAll(fd, request.data(), request.size(), error))
        return false;
    std::string answer;
    while (answer.size() < 8192 && answer.find("\r\n\r\n") == std::string::npos) {
        char byte = 0;
        const ssize_t got = ::recv(fd, &byte, 1, 0);
        if (got <= 0) {
            error = got == 0 ? std::string("the server closed during the handshake") : errnoText("handshake");
            return false;
        }
        answer += byte;
    }
    const std::string accept = wsi::protocol::computeSecWebSocketAccept(Key);
    if (answer.rfind("HTTP/1.1 101", 0) != 0 || answer.find(accept) == std::string::npos) {
        error = "unexpected handshake answer: " + answer.substr(0, answer.find("\r\n"));
        return false;
    }
    return true;
}

// ---- FrameCounter ---------------------------------------------------------------------

void FrameCounter::feed(const char *data, std::size_t size)
{
    const auto *bytes = reinterpret_cast<const unsigned char *>(data);
    while (size > 0 && m_error.empty()) {
        std::size_t used = 0;
        if (m_inPayload) {
            used = std::size_t(std::min<std::uint64_t>(size, m_payloadLeft));
            m_payloadLeft -= used;
            if (m_payloadLeft == 0)
                finishFrame();
        } else {
            used = takeHeader(bytes, size);
        }
        bytes += used;
        size -= used;
    }
}

std::size_t FrameCounter::takeHeader(const unsigned char *data, std::size_t size)
{
    std::size_t length = 0;
    if (m_headerSize == 0 && parseHeader(data, size, length))
        return length;
    if (!m_error.empty())
        return size;
    // The header is split across reads: gather it (at most 14 bytes, RFC 6455 5.2).
    const std::size_t before = m_headerSize;
    const std::size_t take = std::min(size, sizeof m_header - m_headerSize);
    std::memcpy(m_header + m_headerSize, data, take);
    m_headerSize += take;
    if (!parseHeader(m_header, m_headerSize, length))
        return take;
    m_headerSize = 0;
    return length - before;
}

bool FrameCounter::parseHeader(const unsigned char *header, std::size_t available, std::size_t &length)
{
    if (available < 2)
        return false;
    const bool masked = header[1] & 0x80;
    const unsigned shortLength = header[1] & 0x7f;
    const std::size_t extended = shortLength == 126 ? 2 : shortLength == 127 ? 8 : 0;
    length = 2 + extended + (masked ? 4 : 0);
    if (available < length)
        return false;
    const int opcode = header[0] & 0x0f;
    if ((header[0] & 0x70) != 0 || (opcode != 0 && opcode != m_expectedOpcode)) {
        m_error = "unexpected frame: first byte " + std::to_string(int(header[0]));
        return false;
    }
    std::uint64_t payload = shortLength;
    if (extended > 0) {
        payload = 0;
        for (std::size_t i = 0; i < extended; ++i)
            payload = (payload << 8) | header[2 + i];
    }
    m_finalFrame = header[0] & 0x80;
    m_payloadLeft = payload;
    m_inPayload = true;
    if (payload == 0)
        finishFrame();
    return true;
}

void FrameCounter::finishFrame()
{
    m_inPayload = false;
    if (m_finalFrame)
        ++m_messages;
}

// ---- the two loads ----------------------------------------------------------------------

SmallResult runSmallMessages(std::uint16_t port, bool websocket, int connectionCount, int window, double seconds)
{
    SmallResult result;
    const std::string burst = smallBurst(window);
    const std::size_t frameSize = burst.size() / std::size_t(window);
    std::vector<SmallConnection> connections(static_cast<std::size_t>(connectionCount));
    for (SmallConnection &connection : connections) {
        connection.fd = connectLoopback(port, result.error);
        if (connection.fd < 0 || (websocket && !upgrade(connection.fd, result.error))) {
            closeAll(connections);
            return result;
        }
        connection.sentAtNs.assign(std::size_t(window), 0);
    }
    std::vector<std::int64_t> roundTrips;
    roundTrips.reserve(std::size_t(seconds * 4e6) + 1024);
    std::vector<pollfd> polls;
    for (const SmallConnection &connection : connections)
        polls.push_back({connection.fd, POLLIN, 0});
    std::vector<char> buffer(256 * 1024);

    const double startCpu = threadCpuSeconds();
    const std::int64_t startNs = nowNs();
    const std::int64_t endNs = startNs + std::int64_t(seconds * 1e9);
    std::int64_t now = startNs;
    std::uint64_t done = 0;
    for (SmallConnection &connection : connections) {
        std::fill(connection.sentAtNs.begin(), connection.sentAtNs.end(), startNs);
        if (!sendAll(connection.fd, burst.data(), burst.size(), result.error))
            break;
    }
    while (result.error.empty() && now < endNs) {
        ::poll(polls.data(), nfds_t(polls.size()), 100);
        now = nowNs();
        for (std::size_t i = 0; i < polls.size() && result.error.empty(); ++i) {
            if (polls[i].revents == 0)
                continue;
            SmallConnection &connection = connections[i];
            const ssize_t got = ::recv(connection.fd, buffer.data(), buffer.size(), MSG_DONTWAIT);
            if (got <= 0) {
                if (got < 0 && (errno == EAGAIN || errno == EINTR))
                    continue;
                result.error = got == 0 ? std::string("the server closed the connection") : errnoText("recv");
                break;
            }
            const std::uint64_t before = connection.counter.messages();
            connection.counter.feed(buffer.data(), std::size_t(got));
            const std::size_t completed = std::size_t(connection.counter.messages() - before);
            if (connection.counter.failed() || completed > std::size_t(window)) {
                result.error = connection.counter.failed() ? connection.counter.error() : "more echoes than messages sent";
                break;
            }
            for (std::size_t k = 0; k < completed; ++k) {
                roundTrips.push_back(now - connection.sentAtNs[connection.oldest]);
                connection.sentAtNs[connection.oldest] = now; // its replacement leaves now
                connection.oldest = (connection.oldest + 1) % std::size_t(window);
            }
            done += completed;
            if (completed > 0)
                sendAll(connection.fd, burst.data(), completed * frameSize, result.error);
        }
    }
    result.clientCpuSeconds = threadCpuSeconds() - startCpu;
    closeAll(connections);
    const double elapsed = double(now - startNs) / 1e9;
    result.messages = done;
    result.messagesPerSecond = elapsed > 0 ? double(done) / elapsed : 0;
    result.p99Micros = percentile99(roundTrips);
    if (result.error.empty() && done == 0)
        result.error = "no echo came back";
    return result;
}

LargeResult runLargeMessages(std::uint16_t port, bool websocket, std::size_t size, int inFlight, double seconds)
{
    LargeResult result;
    const int fd = connectLoopback(port, result.error);
    if (fd < 0)
        return result;
    if (websocket && !upgrade(fd, result.error)) {
        ::close(fd);
        return result;
    }
    const std::string frame = maskedFrame(2, std::string(size, 'b'), 0x5a3c96e1u);
    FrameCounter counter(2);
    std::vector<char> buffer(4 * 1024 * 1024);
    const std::int64_t startNs = nowNs();
    const std::int64_t endNs = startNs + std::int64_t(seconds * 1e9);
    const std::int64_t giveUpNs = endNs + 30'000'000'000; // the last echoes, at most this late
    std::int64_t now = startNs;
    std::size_t toWrite = frame.size() * std::size_t(inFlight);
    std::size_t writeOffset = 0;
    std::uint64_t outstanding = std::uint64_t(inFlight);
    while (outstanding > 0 && result.error.empty()) {
        if (now > giveUpNs) {
            result.error = "the last echoes did not come back";
            break;
        }
        pollfd events{fd, short(POLLIN | (toWrite > 0 ? POLLOUT : 0)), 0};
        ::poll(&events, 1, 100);
        now = nowNs();
        if ((events.revents & POLLOUT) && toWrite > 0) {
            const std::size_t chunk = std::min(toWrite, frame.size() - writeOffset);
            const ssize_t sent = ::send(fd, frame.data() + writeOffset, chunk, MSG_DONTWAIT | MSG_NOSIGNAL);
            if (sent > 0) {
                toWrite -= std::size_t(sent);
                writeOffset = (writeOffset + std::size_t(sent)) % frame.size();
            } else if (sent < 0 && errno != EAGAIN && errno != EINTR) {
                result.error = errnoText("send");
            }
        }
        if (!(events.revents & (POLLIN | POLLHUP | POLLERR)))
            continue;
        const ssize_t got = ::recv(fd, buffer.data(), buffer.size(), MSG_DONTWAIT);
        if (got <= 0) {
            if (got < 0 && (errno == EAGAIN || errno == EINTR))
                continue;
            result.error = got == 0 ? std::string("the server closed the connection") : errnoText("recv");
            break;
        }
        const std::uint64_t before = counter.messages();
        counter.feed(buffer.data(), std::size_t(got));
        if (counter.failed())
            result.error = counter.error();
        const std::uint64_t completed = counter.messages() - before;
        outstanding -= std::min(outstanding, completed);
        if (now < endNs) {
            toWrite += std::size_t(completed) * frame.size();
            outstanding += completed;
        }
    }
    ::close(fd);
    const double elapsed = double(now - startNs) / 1e9;
    result.seconds = elapsed;
    if (elapsed > 0)
        result.megabytesPerSecond = double(counter.messages()) * double(size) / elapsed / 1e6;
    return result;
}

} // namespace bench
