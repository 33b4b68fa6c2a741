// SPDX-License-Identifier: MIT
#pragma once
// bench_net's load generator: a lean POSIX socket client that pre-builds masked frames and
// counts the replies by their frame headers only. The same code drives every server; the
// plain TCP echo gets the same masked frames and answers them raw, which the frame
// counter reads just as well (it skips a mask key when the mask bit is set).
#include <cstddef>
#include <cstdint>
#include <string>

namespace bench {

// One client frame (RFC 6455 5.2), masked with `maskKey` (5.3).
std::string maskedFrame(int opcode, const std::string &payload, std::uint32_t maskKey);

// A listening TCP socket on 127.0.0.1, port 0 (the kernel picks one, read back into
// `port`), with `socketFlags` (SOCK_NONBLOCK, ...) beside SOCK_CLOEXEC; -1 with `error`
// set on failure.
int listenLoopback(int socketFlags, int backlog, std::uint16_t &port, std::string &error);

// A blocking TCP connection to 127.0.0.1:port with TCP_NODELAY and 5 s send/receive
// timeouts (so a stuck server cannot hang the benchmark); -1 with `error` set on failure.
int connectLoopback(std::uint16_t port, std::string &error);
// The opening handshake (RFC 6455 4.1); reads the answer byte by byte so that nothing
// after it is consumed. False with `error` unless it is a 101 with the right Accept.
bool upgrade(int fd, std::string &error);

// Counts whole messages in a stream of frames fed in any splits: a message ends with a
// frame whose FIN bit is set. Any frame whose opcode is not `expectedOpcode` (or a
// continuation) is an error: a close, a ping or garbage means the run went wrong.
class FrameCounter
{
public:
    explicit FrameCounter(int expectedOpcode) : m_expectedOpcode(expectedOpcode) {}
    void feed(const char *data, std::size_t size);
    std::uint64_t messages() const { return m_messages; }
    bool failed() const { return !m_error.empty(); }
    const std::string &error() const { return m_error; }

private:
    std::size_t takeHeader(const unsigned char *data, std::size_t size);
    bool parseHeader(const unsigned char *header, std::size_t available, std::size_t &length);
    void finishFrame();

    int m_expectedOpcode;
    unsigned char m_header[14] = {};
    std::size_t m_headerSize = 0;
    std::uint64_t m_payloadLeft = 0; // of the current frame (its header, mask key included, is read)
    bool m_finalFrame = false;
    bool m_inPayload = false;
    std::uint64_t m_messages = 0;
    std::string m_error;
};

struct SmallResult {
    double messagesPerSecond = 0;
    double p99Micros = 0;
    std::uint64_t messages = 0;    // echoes counted
    double clientCpuSeconds = 0;   // this (the client's) thread, over the run
    std::string error; // empty: the run is valid
};

// 32-byte text messages: `connections` connections, each with `window` messages in flight;
// every read's completed messages are answered with as many new ones in one write.
SmallResult runSmallMessages(std::uint16_t port, bool websocket, int connections, int window, double seconds);

struct LargeResult {
    double megabytesPerSecond = 0; // payload echoed, 10^6 bytes per second
    double seconds = 0;            // the run's length
    std::string error;
};

// `size`-byte binary messages on one connection, `inFlight` of them outstanding; keeps
// sending for `seconds`, then waits (bounded) for the last echoes.
LargeResult runLargeMessages(std::uint16_t port, bool websocket, std::size_t size, int inFlight, double seconds);

} // namespace bench
