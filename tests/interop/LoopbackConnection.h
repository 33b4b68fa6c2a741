// SPDX-License-Identifier: MIT
#pragma once
// A minimal loopback transport for a wsi::protocol::Driver, standing in for the network
// layer in interop tests: a plain POSIX TCP socket on 127.0.0.1, run with poll() until a
// condition holds or a deadline passes. Received bytes go to Driver::parse(), the bytes the
// Driver writes are buffered and sent as the socket takes them, end of input becomes
// Driver::endOfInput(), and once the Driver is closed our side of the TCP connection is
// shut down. Single-threaded and synchronous on purpose: every wait is bounded by the
// caller's timeout, and nothing runs between two runUntil() calls.
#include "protocol/Driver.h"

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>

namespace wsi::test {

// A listening socket on 127.0.0.1, port 0.
class LoopbackListener
{
public:
    LoopbackListener() = default;
    ~LoopbackListener();
    LoopbackListener(const LoopbackListener &) = delete;
    LoopbackListener &operator=(const LoopbackListener &) = delete;

    bool listen(std::string &error);
    std::uint16_t port() const { return m_port; }
    // A connected socket (the caller owns it), or -1 when none came within `timeout`.
    int accept(std::chrono::milliseconds timeout, std::string &error);

private:
    int m_fd = -1;
    std::uint16_t m_port = 0;
};

class LoopbackConnection : public protocol::ByteWriter
{
public:
    // Takes ownership of a connected socket.
    explicit LoopbackConnection(int fd);
    ~LoopbackConnection() override;
    LoopbackConnection(const LoopbackConnection &) = delete;
    LoopbackConnection &operator=(const LoopbackConnection &) = delete;

    // A socket connected to 127.0.0.1:port, or -1 with a message.
    static int connectLoopback(std::uint16_t port, std::string &error);

    // The Driver is made after its writer (this), so it is attached afterwards.
    void attach(protocol::Driver &driver) { m_driver = &driver; }
    // Called after each parse() and endOfInput(), outside the Driver's callbacks: where a
    // test queues its answers (an echo) without re-entering the Driver from its sink.
    std::function<void()> afterInput;

    void write(const std::uint8_t *data, std::size_t size) override;

    // Moves bytes both ways until `done()` holds (true) or `timeout` passes (false).
    bool runUntil(const std::function<bool()> &done, std::chrono::milliseconds timeout);

    bool sawEndOfInput() const { return m_eof; }
    // Our side was shut down (after the Driver closed) and everything queued was sent.
    bool isShutDown() const { return m_shutDown; }
    std::size_t pendingOutput() const { return m_out.size() - m_outSent; }
    const std::string &socketError() const { return m_error; }

private:
    void flush();
    void readAvailable();
    void shutDownWhenClosed();

    int m_fd = -1;
    protocol::Driver *m_driver = nullptr;
    std::string m_out;
    std::size_t m_outSent = 0;
    bool m_eof = false;
    bool m_shutDown = false;
    std::string m_error;
};

} // namespace wsi::test
