// SPDX-License-Identifier: MIT
#include "BenchNetBeast.h"

#include "BenchNetPinning.h"

#ifdef WSI_BENCH_HAVE_BEAST

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>

#include <thread>

#include <time.h>

namespace bench {

namespace beast = boost::beast;
namespace websocket = beast::websocket;
namespace net = boost::asio;
using tcp = net::ip::tcp;

namespace {

// 16 MiB messages must pass (Beast's default limit is exactly 16 MiB of payload).
constexpr std::uint64_t LargestMessage = 64ull * 1024 * 1024;

// One client: read a message, write it back, read the next. Beast keeps one read and one
// write outstanding per stream, so this is how its examples echo.
class EchoSession : public std::enable_shared_from_this<EchoSession>
{
public:
    explicit EchoSession(tcp::socket socket) : m_ws(std::move(socket)) {}

    void start()
    {
        m_ws.next_layer().set_option(tcp::no_delay(true)); // as every other server here
        m_ws.read_message_max(LargestMessage);
        // Beast's best for large echoes: a message goes out as one frame from the buffer it
        // was read into (by default it is cut into frames of write_buffer_bytes, 4 KiB,
        // each its own write).
        m_ws.auto_fragment(false);
        m_ws.async_accept([self = shared_from_this()](beast::error_code error) {
            if (!error)
                self->readNext();
        });
    }

private:
    void readNext()
    {
        m_ws.async_read(m_buffer, [self = shared_from_this()](beast::error_code error, std::size_t) {
            if (!error)
                self->echo();
        });
    }

    void echo()
    {
        m_ws.text(m_ws.got_text());
        m_ws.async_write(m_buffer.data(), [self = shared_from_this()](beast::error_code error, std::size_t) {
            if (error)
                return;
            self->m_buffer.consume(self->m_buffer.size());
            self->readNext();
        });
    }

    websocket::stream<tcp::socket> m_ws;
    beast::flat_buffer m_buffer;
};

} // namespace

struct BeastEchoServer::State {
    net::io_context io{1};
    tcp::acceptor acceptor{io};
    std::thread thread;
    clockid_t cpuClock = CLOCK_THREAD_CPUTIME_ID;

    void acceptNext()
    {
        acceptor.async_accept([this](beast::error_code error, tcp::socket socket) {
            if (error)
                return;
            std::make_shared<EchoSession>(std::move(socket))->start();
            acceptNext();
        });
    }
};

BeastEchoServer::BeastEchoServer() : m_state(std::make_unique<State>()) {}

BeastEchoServer::~BeastEchoServer()
{
    if (m_state->thread.joinable()) {
        m_state->io.stop();
        m_state->thread.join();
    }
}

bool BeastEchoServer::start(int cpu, std::string &error)
{
    beast::error_code code;
    const tcp::endpoint endpoint(net::ip::address_v4::loopback(), 0);
    m_state->acceptor.open(endpoint.protocol(), code);
    if (!code)
        m_state->acceptor.bind(endpoint, code);
    if (!code)
        m_state->acceptor.listen(net::socket_base::max_listen_connections, code);
    if (code) {
        error = "Beast echo listen: " + code.message();
        return false;
    }
    m_state->acceptNext();
    m_state->thread = std::thread([this] { m_state->io.run(); });
    pinThread(m_state->thread.native_handle(), cpu);
    pthread_getcpuclockid(m_state->thread.native_handle(), &m_state->cpuClock);
    return true;
}

std::uint16_t BeastEchoServer::port() const
{
    return m_state->acceptor.local_endpoint().port();
}

double BeastEchoServer::cpuSeconds() const
{
    timespec now{};
    if (!m_state->thread.joinable() || clock_gettime(m_state->cpuClock, &now) != 0)
        return 0;
    return double(now.tv_sec) + double(now.tv_nsec) * 1e-9;
}

std::uint64_t consumeWithBeastClient(std::uint16_t port, std::string &error)
{
    net::io_context io;
    websocket::stream<tcp::socket> ws(io);
    beast::error_code code;
    ws.next_layer().connect(tcp::endpoint(net::ip::address_v4::loopback(), port), code);
    if (code) {
        error = "Beast client connect: " + code.message();
        return 0;
    }
    ws.read_message_max(LargestMessage);
    ws.handshake("127.0.0.1", "/", code);
    if (code) {
        error = "Beast client handshake: " + code.message();
        return 0;
    }
    beast::flat_buffer buffer;
    std::uint64_t messages = 0;
    for (;;) {
        ws.read(buffer, code);
        if (code == websocket::error::closed)
            return messages; // the server's close frame, answered by Beast
        if (code) {
            error = "Beast client read: " + code.message();
            return messages;
        }
        ++messages;
        buffer.consume(buffer.size());
    }
}

bool isBeastBuiltIn()
{
    return true;
}

} // namespace bench

#else // no Boost at configure time: the Beast columns are skipped, with this reason

namespace bench {

namespace {
constexpr const char *Missing = "Boost.Beast skipped: Boost was not found when bench_net was configured "
                                "(install libboost-dev, scripts/setup-deps.sh)";
} // namespace

struct BeastEchoServer::State {
};

BeastEchoServer::BeastEchoServer() : m_state(std::make_unique<State>()) {}
BeastEchoServer::~BeastEchoServer() = default;

bool BeastEchoServer::start(int, std::string &error)
{
    error = Missing;
    return false;
}

std::uint16_t BeastEchoServer::port() const
{
    return 0;
}

double BeastEchoServer::cpuSeconds() const
{
    return 0;
}

std::uint64_t consumeWithBeastClient(std::uint16_t, std::string &error)
{
    error = Missing;
    return 0;
}

bool isBeastBuiltIn()
{
    return false;
}

} // namespace bench

#endif
