// SPDX-License-Identifier: MIT
#pragma once
// bench_gui's traffic source: a lean WebSocket client on its own std::thread, plain POSIX
// sockets and hand-built masked frames (no Qt, no Driver), so that it costs the process as
// little as possible. Connected to the built-in echo server in Broadcast mode, every
// message it sends is broadcast to the GUI tab's connection too. It sends `rate` small
// messages per second (tickPayload, one in ten binary), paced in bursts every millisecond, for `seconds`, and reads
// and discards what the server broadcasts back to it.
#include <QByteArray>

#include <atomic>
#include <cstdint>
#include <string>
#include <thread>

namespace wsi::bench {

// ~64 bytes of JSON, like a market-data or chat feed (the payloads bench_log stores):
// {"op":"tick","id":123,"sym":"MSFT","px":101.23,"q":17}
// socketIo: the same JSON as a Socket.IO event, 42["tick",{...}] (bench_gui --decode).
QByteArray tickPayload(std::int64_t id, bool socketIo = false);
// One message in ten goes as binary (the same bytes), so that type filters keep a part.
inline bool isBinaryTick(std::int64_t id)
{
    return id % 10 == 9;
}

class BenchGuiFlooder
{
public:
    BenchGuiFlooder() = default;
    ~BenchGuiFlooder();
    BenchGuiFlooder(const BenchGuiFlooder &) = delete;
    BenchGuiFlooder &operator=(const BenchGuiFlooder &) = delete;

    // Connects to 127.0.0.1:port and does the opening handshake (blocking, bounded by
    // `timeoutMs`). False with error() when it cannot.
    bool connectTo(std::uint16_t port, int timeoutMs = 5000);
    // Starts the sending thread; it stops sending after `seconds` but keeps reading until
    // stop().
    void start(int messagesPerSecond, double seconds);
    // Text messages only (the built-in server's EventSource bridge publishes text alone);
    // by default one in ten is binary. Before start().
    void setTextOnly(bool textOnly) { m_textOnly = textOnly; }
    void setSocketIo(bool socketIo) { m_socketIo = socketIo; }
    // Stops the thread and closes the socket (a close frame first, best effort).
    void stop();

    bool finishedSending() const { return m_doneSending.load(); }
    std::int64_t sent() const { return m_sent.load(); }
    // Bytes of payload sent so far.
    std::int64_t payloadBytes() const { return m_payloadBytes.load(); }
    // Messages the flooder fell behind its schedule at worst (TCP pushing back).
    std::int64_t worstBacklog() const { return m_worstBacklog.load(); }
    double sendSeconds() const { return m_sendSeconds.load(); }
    const std::string &error() const { return m_error; }

private:
    void run(int messagesPerSecond, double seconds);
    bool flushOutgoing();
    void drainIncoming();
    void appendFrame(const QByteArray &payload, bool binary);

    int m_fd = -1;
    bool m_textOnly = false;
    bool m_socketIo = false;
    std::thread m_thread;
    std::atomic<bool> m_stop{false};
    std::atomic<bool> m_doneSending{false};
    std::atomic<std::int64_t> m_sent{0};
    std::atomic<std::int64_t> m_payloadBytes{0};
    std::atomic<std::int64_t> m_worstBacklog{0};
    std::atomic<double> m_sendSeconds{0};
    std::string m_out; // frames not yet written
    std::size_t m_outOffset = 0;
    std::string m_error;
};

} // namespace wsi::bench
