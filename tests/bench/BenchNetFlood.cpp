// SPDX-License-Identifier: MIT
#include "BenchNetFlood.h"

#include "BenchNetBeast.h"
#include "BenchNetClient.h"
#include "BenchNetPinning.h"
#include "protocol/handshake/Handshake.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QProcess>
#include <QRegularExpression>
#include <QTimer>
#include <QUrl>
#include <QWebSocket>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstring>

#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace bench {

namespace {

constexpr int AcceptTimeoutMs = 15000;
constexpr int ConsumerTimeoutMs = 120000;
// A ticker's update, 64 bytes of JSON: the kind of message a flood is made of.
constexpr char Payload[] = "{\"op\":\"tick\",\"id\":123456,\"sym\":\"ABCD\",\"px\":101.25,\"q\":7,\"x\":\"a\"}";
static_assert(sizeof Payload - 1 == 64, "the small flood's messages are 64 bytes");
constexpr std::size_t BlockBytes = 1024 * 1024;

// RFC 6455 5.2: a server's frame header, without a mask.
std::string frameHeader(int opcode, std::size_t size)
{
    std::string header(1, char(0x80 | opcode));
    if (size < 126) {
        header += char(size);
    } else if (size < 65536) {
        header += char(126);
        header += char(size >> 8);
        header += char(size & 0xff);
    } else {
        header += char(127);
        for (int shift = 56; shift >= 0; shift -= 8)
            header += char((std::uint64_t(size) >> shift) & 0xff);
    }
    return header;
}

std::string frameFor(std::size_t messageSize)
{
    if (messageSize == 64)
        return frameHeader(1, 64) + std::string(Payload, 64);
    return frameHeader(2, messageSize) + std::string(messageSize, 'b');
}

std::string errnoText(const char *what)
{
    return std::string(what) + ": " + std::strerror(errno);
}

bool sendAll(int fd, const char *data, std::size_t size)
{
    while (size > 0) {
        const ssize_t sent = ::send(fd, data, size, MSG_NOSIGNAL);
        if (sent < 0 && errno == EINTR)
            continue;
        if (sent <= 0)
            return false;
        data += sent;
        size -= std::size_t(sent);
    }
    return true;
}

std::string lowered(std::string text)
{
    std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return text;
}

// The client's close frame (RFC 6455 5.5.1), after any ping it may have sent: true once a
// whole masked frame with opcode 8 has arrived.
bool containsCloseFrame(const std::string &input)
{
    std::size_t at = 0;
    while (input.size() >= at + 2) {
        const auto *header = reinterpret_cast<const unsigned char *>(input.data() + at);
        const unsigned shortLength = header[1] & 0x7f;
        const std::size_t extended = shortLength == 126 ? 2 : shortLength == 127 ? 8 : 0;
        const std::size_t headerSize = 2 + extended + ((header[1] & 0x80) ? 4 : 0);
        if (input.size() < at + headerSize)
            return false;
        std::uint64_t payload = shortLength;
        if (extended > 0) {
            payload = 0;
            for (std::size_t i = 0; i < extended; ++i)
                payload = (payload << 8) | header[2 + i];
        }
        if (input.size() < at + headerSize + payload)
            return false;
        if ((header[0] & 0x0f) == 8)
            return true;
        at += headerSize + std::size_t(payload);
    }
    return false;
}

} // namespace

std::string FloodServer::buildBlock(std::size_t messageSize)
{
    const std::string frame = frameFor(messageSize);
    const std::size_t frames = std::max<std::size_t>(1, BlockBytes / frame.size());
    std::string block;
    block.reserve(frame.size() * frames);
    for (std::size_t i = 0; i < frames; ++i)
        block += frame;
    return block;
}

FloodServer::FloodServer(std::uint64_t messages, std::size_t messageSize, const std::string &block)
    : m_messages(messages), m_frameBytes(frameFor(messageSize).size()), m_block(block)
{
}

FloodServer::~FloodServer()
{
    if (m_thread.joinable())
        m_thread.join();
    if (m_listenFd >= 0)
        ::close(m_listenFd);
}

bool FloodServer::listen(std::string &error)
{
    m_listenFd = listenLoopback(0, 4, m_port, error);
    return m_listenFd >= 0;
}

QString FloodServer::url() const
{
    return QStringLiteral("ws://127.0.0.1:%1/").arg(m_port);
}

void FloodServer::serveOneClient(int cpu)
{
    m_thread = std::thread([this] { serve(); });
    pinThread(m_thread.native_handle(), cpu);
}

bool FloodServer::finish(double &seconds, std::string &error, std::string &warning)
{
    if (m_thread.joinable())
        m_thread.join();
    seconds = m_seconds;
    error = m_error;
    warning = m_warning;
    return m_error.empty();
}

void FloodServer::serve()
{
    pollfd waiting{m_listenFd, POLLIN, 0};
    if (::poll(&waiting, 1, AcceptTimeoutMs) != 1) {
        m_error = "no client connected to the flood server";
        return;
    }
    const int fd = ::accept4(m_listenFd, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) {
        m_error = errnoText("accept");
        return;
    }
    // Bounded: a consumer that stops reading (or dies) fails the run instead of hanging it.
    const timeval timeout{30, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    if (answerUpgrade(fd)) {
        const auto start = std::chrono::steady_clock::now();
        if (sendFlood(fd) && awaitCloseFrame(fd))
            m_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    }
    ::close(fd); // the server closes the TCP connection first (RFC 6455 7.1.1)
}

bool FloodServer::answerUpgrade(int fd)
{
    std::string request;
    char buffer[4096];
    while (request.find("\r\n\r\n") == std::string::npos) {
        const ssize_t got = ::recv(fd, buffer, sizeof buffer, 0);
        if (got <= 0 || request.size() > 65536) {
            m_error = "no upgrade request came";
            return false;
        }
        request.append(buffer, std::size_t(got));
    }
    const std::string name = "\r\nsec-websocket-key:";
    const std::size_t at = lowered(request).find(name);
    if (at == std::string::npos) {
        m_error = "the upgrade request has no Sec-WebSocket-Key";
        return false;
    }
    std::string key = request.substr(at + name.size(), request.find("\r\n", at + 2) - at - name.size());
    key.erase(0, key.find_first_not_of(' '));
    key.erase(key.find_last_not_of(' ') + 1);
    const std::string answer = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                               "Sec-WebSocket-Accept: "
        + wsi::protocol::computeSecWebSocketAccept(key) + "\r\n\r\n";
    if (!sendAll(fd, answer.data(), answer.size())) {
        m_error = errnoText("sending the 101");
        return false;
    }
    return true;
}

bool FloodServer::sendFlood(int fd)
{
    const std::uint64_t perBlock = m_block.size() / m_frameBytes;
    for (std::uint64_t left = m_messages; left > 0;) {
        const std::uint64_t frames = std::min(left, perBlock);
        if (!sendAll(fd, m_block.data(), std::size_t(frames) * m_frameBytes)) {
            m_error = errnoText("flooding");
            return false;
        }
        left -= frames;
    }
    const char close[] = {char(0x88), 2, char(1000 >> 8), char(1000 & 0xff)};
    if (!sendAll(fd, close, sizeof close)) {
        m_error = errnoText("sending the close frame");
        return false;
    }
    return true;
}

bool FloodServer::awaitCloseFrame(int fd)
{
    std::string input;
    char buffer[4096];
    while (!containsCloseFrame(input)) {
        const ssize_t got = ::recv(fd, buffer, sizeof buffer, 0);
        if (got == 0) {
            // Done reading, but RFC 6455 5.5.1 wants our close frame answered first: say so,
            // and still take the time (the messages are counted by the consumer).
            m_warning = "closed the TCP connection without answering the close frame";
            return true;
        }
        if (got < 0) {
            m_error = "the client did not answer the close frame: " + errnoText("recv");
            return false;
        }
        input.append(buffer, std::size_t(got));
    }
    return true;
}

// ---- the consumers ----------------------------------------------------------------------

FloodResult consumeWithCli(const QString &cliPath, const FloodCase &flood)
{
    FloodResult result;
    const std::uint64_t messages = flood.messages;
    FloodServer server(messages, flood.messageSize, *flood.block);
    if (!server.listen(result.error))
        return result;
    server.serveOneClient(flood.serverCpu);
    QProcess cli;
    cli.setStandardInputFile(QProcess::nullDevice());
    const int cpu = flood.consumerCpu;
    cli.setChildProcessModifier([cpu] { pinProcess(cpu); }); // its threads too: one core
    cli.start(cliPath, {QStringLiteral("connect"), QStringLiteral("--count"), server.url()});
    if (!cli.waitForStarted(10000)) {
        result.error = "could not start " + cliPath.toStdString();
    } else if (!cli.waitForFinished(ConsumerTimeoutMs)) {
        result.error = "wsinspect-cli did not finish in time";
        cli.kill();
        cli.waitForFinished(5000);
    }
    double seconds = 0;
    std::string serverError;
    const bool served = server.finish(seconds, serverError, result.warning);
    if (!result.error.empty())
        return result;
    const QString summary = QString::fromLocal8Bit(cli.readAllStandardOutput()).trimmed();
    result.note = "its summary: " + summary.toStdString();
    static const QRegularExpression counted(QStringLiteral("^(\\d+) messages, "));
    const QRegularExpressionMatch match = counted.match(summary);
    if (cli.exitStatus() != QProcess::NormalExit || cli.exitCode() != 0)
        result.error = "wsinspect-cli failed: " + QString::fromLocal8Bit(cli.readAllStandardError()).trimmed().toStdString();
    else if (!served)
        result.error = serverError;
    else if (!match.hasMatch() || match.captured(1).toULongLong() != messages)
        result.error = "wsinspect-cli did not count every message (" + summary.toStdString() + ")";
    else
        result.messagesPerSecond = double(messages) / seconds;
    return result;
}

FloodResult consumeWithBeast(const FloodCase &flood)
{
    FloodResult result;
    FloodServer server(flood.messages, flood.messageSize, *flood.block);
    if (!server.listen(result.error))
        return result;
    server.serveOneClient(flood.serverCpu);
    std::uint64_t received = 0;
    std::string clientError;
    std::thread client([&] {
        pinCurrentThread(flood.consumerCpu);
        received = consumeWithBeastClient(server.port(), clientError);
    });
    client.join();
    double seconds = 0;
    if (!server.finish(seconds, result.error, result.warning))
        return result;
    if (!clientError.empty())
        result.error = clientError;
    else if (received != flood.messages)
        result.error = "Beast counted " + std::to_string(received) + " messages";
    else
        result.messagesPerSecond = double(flood.messages) / seconds;
    return result;
}

FloodResult consumeWithQWebSocket(const FloodCase &flood, int homeCpu)
{
    FloodResult result;
    const std::uint64_t messages = flood.messages;
    FloodServer server(messages, flood.messageSize, *flood.block);
    if (!server.listen(result.error))
        return result;
    server.serveOneClient(flood.serverCpu);
    pinCurrentThread(flood.consumerCpu);
    QWebSocket socket;
    socket.setMaxAllowedIncomingMessageSize(64ull * 1024 * 1024);
    socket.setMaxAllowedIncomingFrameSize(64ull * 1024 * 1024);
    std::uint64_t received = 0;
    QElapsedTimer clock;
    qint64 ownNs = 0;
    QEventLoop loop;
    QObject::connect(&socket, &QWebSocket::connected, &loop, [&clock] { clock.start(); });
    QObject::connect(&socket, &QWebSocket::textMessageReceived, &loop, [&received](const QString &) { ++received; });
    QObject::connect(&socket, &QWebSocket::binaryMessageReceived, &loop,
                     [&received](const QByteArray &) { ++received; });
    QObject::connect(&socket, &QWebSocket::disconnected, &loop, [&] {
        ownNs = clock.isValid() ? clock.nsecsElapsed() : 0;
        loop.quit();
    });
    QObject::connect(&socket, qOverload<QAbstractSocket::SocketError>(&QWebSocket::error), &loop, [&] {
        if (!clock.isValid())
            loop.quit(); // never connected; later errors end in disconnected()
    });
    QTimer::singleShot(ConsumerTimeoutMs, &loop, &QEventLoop::quit);
    socket.open(QUrl(server.url()));
    loop.exec();
    socket.abort();
    pinCurrentThread(homeCpu);
    double seconds = 0;
    if (!server.finish(seconds, result.error, result.warning))
        return result;
    if (received != messages) {
        result.error = "QWebSocket counted " + std::to_string(received) + " messages";
        return result;
    }
    result.messagesPerSecond = double(messages) / seconds;
    if (ownNs > 0)
        result.note = "its own clock, connected to disconnected: "
            + std::to_string(std::uint64_t(double(messages) / (double(ownNs) / 1e9))) + " messages/s";
    return result;
}

} // namespace bench
