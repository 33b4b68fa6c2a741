// SPDX-License-Identifier: MIT
#include "BenchNetServers.h"

#include "BenchNetBeast.h"
#include "BenchNetEpollEcho.h"
#include "BenchNetPinning.h"
#include "net/echo/EchoServer.h"

#include <QWebSocket>
#include <QWebSocketServer>

#include <pthread.h>

namespace bench {

namespace {

constexpr qint64 LargestMessage = 64ll * 1024 * 1024; // 16 MiB messages must pass

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
    case ServerKind::Beast:
        return "Boost.Beast";
    case ServerKind::RawEpoll:
        return "raw epoll echo";
    }
    return "?";
}

bool isServerAvailable(ServerKind kind)
{
    return kind != ServerKind::Beast || isBeastBuiltIn();
}

// ---- EchoServerBox ------------------------------------------------------------------

EchoServerBox::EchoServerBox(ServerKind kind) : m_kind(kind) {}

EchoServerBox::~EchoServerBox()
{
    if (m_context) {
        // The servers and their sockets are deleted on their own thread.
        QMetaObject::invokeMethod(m_context, [this] { delete m_context; }, Qt::BlockingQueuedConnection);
        m_thread.quit();
        m_thread.wait();
    }
}

// The servers that bring their own thread (raw epoll, Beast).
template <typename Server>
bool startOnItsThread(std::unique_ptr<Server> &server, int cpu, std::uint16_t &port, std::string &error)
{
    server = std::make_unique<Server>();
    if (!server->start(cpu, error))
        return false;
    port = server->port();
    return true;
}

bool EchoServerBox::start(int cpu, std::string &error)
{
    if (m_kind == ServerKind::RawEpoll)
        return startOnItsThread(m_epoll, cpu, m_port, error);
    if (m_kind == ServerKind::Beast)
        return startOnItsThread(m_beast, cpu, m_port, error);
    m_thread.setObjectName(QString::fromLatin1(serverName(m_kind)));
    m_thread.start();
    m_context = new QObject;
    m_context->moveToThread(&m_thread);
    QMetaObject::invokeMethod(m_context, [this, cpu, &error] { createQtServer(cpu, error); },
                              Qt::BlockingQueuedConnection);
    return error.empty();
}

double EchoServerBox::cpuSeconds() const
{
    if (m_epoll)
        return m_epoll->cpuSeconds();
    if (m_beast)
        return m_beast->cpuSeconds();
    return secondsOn(m_cpuClock);
}

void EchoServerBox::createQtServer(int cpu, std::string &error)
{
    pinCurrentThread(cpu);
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
