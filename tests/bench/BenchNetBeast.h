// SPDX-License-Identifier: MIT
#pragma once
// bench_net's best peer, Boost.Beast (Debian's libboost-dev, header-only), written from its
// documented API the way its examples use it: an asynchronous echo server on one
// io_context thread (async_accept, then async_read / async_write of the same flat_buffer),
// and a synchronous client that reads a flood message by message (websocket::stream::read).
// Without Boost at configure time (no WSI_BENCH_HAVE_BEAST) these are stubs that fail with
// a sentence saying why, and bench_net skips the Beast columns and measures the others.
#include <cstdint>
#include <memory>
#include <string>

namespace bench {

// Whether Boost was found when bench_net was configured.
bool isBeastBuiltIn();

// Beast's async echo. Thread: one std::thread running the io_context, from start() until
// the destructor stops and joins it.
class BeastEchoServer
{
public:
    BeastEchoServer();
    ~BeastEchoServer();
    BeastEchoServer(const BeastEchoServer &) = delete;
    BeastEchoServer &operator=(const BeastEchoServer &) = delete;

    // Listens on 127.0.0.1 (port 0) and starts the thread, pinned to `cpu` (-1: anywhere).
    bool start(int cpu, std::string &error);
    std::uint16_t port() const;
    // CPU time its thread has used so far (user and kernel), in seconds.
    double cpuSeconds() const;

private:
    struct State;
    std::unique_ptr<State> m_state;
};

// Beast's synchronous client: connects to 127.0.0.1:port, upgrades, and reads messages until
// the server's close frame (which Beast answers itself). Runs on the calling thread.
// Returns the messages read; `error` is set when the run went wrong.
std::uint64_t consumeWithBeastClient(std::uint16_t port, std::string &error);

} // namespace bench
