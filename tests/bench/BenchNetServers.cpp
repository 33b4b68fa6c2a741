// SPDX-License-Identifier: MIT
#include "BenchNetServers.h"

#include "net/echo/EchoServer.h"

#include <QWebSocket>
#include <QWebSocketServer>

#include <cerrno>
#include <cstring>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <sys/socket.h>
#include <unistd.h>

namespace bench {

namespace {

constexpr std::size_t PlainReadBytes = 1024 * 1024;
constexpr qint64 LargestMessage = 64ll * 1024 * 1024; // 16 MiB messages must pass

std::string errnoText(const char *what)
{
    return std::string(what) + ": " + std::strerror(errno);
}

double secondsOn(clockid_t clock)
{
    timespec now{};
    if (clock_gettime(clock, &now) != 0)
        return 0;
    return double(now.tv_sec) + double(now.tv_nsec) * 1e-9;
}

clockid_t cpuClockOf(pthread_t thread)
{
    clockid_t clock = 0;
    if (pthread_getcpuclockid(thread, &clock) != 0)
        return CLOCK_THREAD_CPUTIME_ID; // reads as the caller's; never expected here
    return clock;
}

void echoQtClient(QWebSocket *client)
{
    client->setMaxAllowedIncomingMessageSize(quint64(LargestMessage));
    client->setMaxAllowedIncomingFrameSize(quint64(LargestMessage));
    QObject::connect(client, &QWebSocket::textMessageReceived, client,
                     [client](const QString &message) { client->sendTextMessage(message); });
    QObject::connect(client, &QWebSocket::binaryMessageReceived, client,
                     [client](const QByteArray &message) { client->sendBinaryMessage(message); });
    QObject::connect(client, &QWebSocket::disconnected, client, &QObject::deleteLater);
}

} // namespace

const char *serverName(ServerKind kind)
{
    switch (kind) {
    case ServerKind::Ours:
        return "ours (EchoServer)";
    case ServerKind::QtWebSockets:
        return "QWebSocketServer";
    case ServerKind::PlainTcp:
        return "plain TCP echo";
    }
    return "?";
}

// ---- PlainEchoServer ----------------------------------------------------------------

PlainEchoServer::~PlainEchoServer()
{
    if (m_thread.joinable()) {
        const char stop = 's';
        if (::write(m_wakeFds[1], &stop, 1) != 1)
            std::perror("bench_net: waking the plain echo");
        m_thread.join();
    }
    for (const Client &client : m_clients)
        ::close(client.fd);
    for (int fd : {m_listenFd, m_wakeFds[0], m_wakeFds[1]}) {
        if (fd >= 0)
            ::close(fd);
    }
}

bool PlainEchoServer::start(std::string &error)
{
    if (::pipe2(m_wakeFds, O_CLOEXEC) != 0) {
        error = errnoText("pipe");
        return false;
    }
    m_listenFd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    if (m_listenFd < 0 || ::bind(m_listenFd, reinterpret_cast<const sockaddr *>(&address), sizeof address) != 0
        || ::listen(m_listenFd, 64) != 0
        || ::getsockname(m_listenFd, reinterpret_cast<sockaddr *>(&address), &length) != 0) {
        error = errnoText("plain echo listen");
        return false;
    }
    m_port = ntohs(address.sin_port);
    m_thread = std::thread([this] { run(); });
    m_cpuClock = cpuClockOf(m_thread.native_handle());
    return true;
}

double PlainEchoServer::cpuSeconds() const
{
    return m_thread.joinable() ? secondsOn(m_cpuClock) : 0;
}

void PlainEchoServer::run()
{
    std::vector<char> buffer(PlainReadBytes);
    std::vector<pollfd> polls;
    for (;;) {
        polls.clear();
        polls.push_back({m_wakeFds[0], POLLIN, 0});
        polls.push_back({m_listenFd, POLLIN, 0});
        for (const Client &client : m_clients)
            polls.push_back({client.fd, short(client.pending.empty() ? POLLIN : POLLOUT), 0});
        if (::poll(polls.data(), nfds_t(polls.size()), -1) < 0 && errno != EINTR)
            return;
        if (polls[0].revents != 0)
            return;
        // Walk backwards so that a client erased here does not shift the ones still to visit.
        for (std::size_t i = m_clients.size(); i-- > 0;) {
            const short events = polls[i + 2].revents;
            if (events == 0)
                continue;
            Client &client = m_clients[i];
            const bool alive = client.pending.empty() ? echo(client, buffer) : flushPending(client);
            if (!alive) {
                ::close(client.fd);
                m_clients.erase(m_clients.begin() + std::ptrdiff_t(i));
            }
        }
        if (polls[1].revents != 0)
            acceptClients();
    }
}

void PlainEchoServer::acceptClients()
{
    for (;;) {
        const int fd = ::accept4(m_listenFd, nullptr, nullptr, SOCK_CLOEXEC | SOCK_NONBLOCK);
        if (fd < 0)
            return;
        const int one = 1;
        ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        m_clients.push_back({fd, {}, 0});
    }
}

// One read, and all of it back in one write; what the kernel does not take waits, and so
// does reading, until it has gone.
bool PlainEchoServer::echo(Client &client, std::vector<char> &buffer)
{
    const ssize_t got = ::recv(client.fd, buffer.data(), buffer.size(), 0);
    if (got < 0)
        return errno == EAGAIN || errno == EINTR;
    if (got == 0)
        return false;
    const ssize_t sent = ::send(client.fd, buffer.data(), std::size_t(got), MSG_NOSIGNAL);
    if (sent < 0 && errno != EAGAIN)
        return false;
    const std::size_t taken = sent < 0 ? 0 : std::size_t(sent);
    if (taken < std::size_t(got)) {
        client.pending.assign(buffer.data() + taken, std::size_t(got) - taken);
        client.pendingOffset = 0;
    }
    return true;
}

bool PlainEchoServer::flushPending(Client &client)
{
    const ssize_t sent = ::send(client.fd, client.pending.data() + client.pendingOffset,
                                client.pending.size() - client.pendingOffset, MSG_NOSIGNAL);
    if (sent < 0)
        return errno == EAGAIN || errno == EINTR;
    client.pendingOffset += std::size_t(sent);
    if (client.pendingOffset == client.pending.size()) {
        client.pending.clear();
        client.pendingOffset = 0;
    }
    return true;
}

// ---- EchoServerBox ------------------------------------------------------------------

EchoServerBox::~EchoServerBox()
{
    if (m_context) {
        // The servers and their sockets are deleted on their own thread.
        QMetaObject::invokeMethod(m_context, [this] { delete m_context; }, Qt::BlockingQueuedConnection);
        m_thread.quit();
        m_thread.wait();
    }
}

bool EchoServerBox::start(std::string &error)
{
    if (m_kind == ServerKind::PlainTcp) {
        m_plain = std::make_unique<PlainEchoServer>();
        if (!m_plain->start(error))
            return false;
        m_port = m_plain->port();
        return true;
    }
    m_thread.setObjectName(QString::fromLatin1(serverName(m_kind)));
    m_thread.start();
    m_context = new QObject;
    m_context->moveToThread(&m_thread);
    QMetaObject::invokeMethod(m_context, [this, &error] { createQtServer(error); }, Qt::BlockingQueuedConnection);
    return error.empty();
}

double EchoServerBox::cpuSeconds() const
{
    return m_plain ? m_plain->cpuSeconds() : secondsOn(m_cpuClock);
}

void EchoServerBox::createQtServer(std::string &error)
{
    m_cpuClock = cpuClockOf(pthread_self());
    if (m_kind == ServerKind::Ours) {
        auto *server = new wsi::net::EchoServer(m_context);
        wsi::net::EchoServerOptions options;
        options.maxMessageSize = quint64(LargestMessage);
        server->setOptions(options);
        server->setReportTraffic(false);
        if (!server->start())
            error = "EchoServer: " + server->lastError().toStdString();
        m_port = server->serverPort();
        return;
    }
    auto *server = new QWebSocketServer(QStringLiteral("bench_net"), QWebSocketServer::NonSecureMode, m_context);
    QObject::connect(server, &QWebSocketServer::newConnection, server, [server] {
        while (QWebSocket *client = server->nextPendingConnection())
            echoQtClient(client);
    });
    if (!server->listen(QHostAddress::LocalHost, 0))
        error = "QWebSocketServer: " + server->errorString().toStdString();
    m_port = server->serverPort();
}

} // namespace bench
