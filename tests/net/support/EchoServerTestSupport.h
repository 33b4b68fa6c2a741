// SPDX-License-Identifier: MIT
#pragma once
// What the tests split out of tst_echoserver.cpp share.
#include "support/EchoTestClient.h"

#include "net/echo/EchoServer.h"
#include "net/tls/SelfSignedCertificate.h"

#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QHostAddress>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <memory>
#include <random>

#include <sys/resource.h>

#include <openssl/pem.h>
#include <openssl/x509v3.h>

using wsi::net::EchoMode;
using wsi::net::EchoServer;
using wsi::net::EchoServerOptions;
using wsi::net::EventBatch;
using wsi::net::EventKind;
using wsi::net::SelfSignedCertificate;
using wsi::test::EchoTestClient;
using wsi::test::EchoTestClientOptions;

namespace wsi::test {

inline constexpr int WaitMs = 10000;

inline std::string pattern(std::size_t size, std::uint32_t seed = 7)
{
    std::string bytes(size, '\0');
    std::mt19937 random(seed);
    for (char &c : bytes)
        c = char(random() & 0xFF);
    return bytes;
}

inline std::string textOf(std::size_t size)
{
    std::string text;
    text.reserve(size);
    while (text.size() < size)
        text += "wsinspect echo ünïcödé ";
    text.resize(size);
    while (!text.empty() && (static_cast<unsigned char>(text.back()) & 0xC0) == 0x80)
        text.pop_back(); // do not end inside a UTF-8 sequence
    if (!text.empty() && (static_cast<unsigned char>(text.back()) & 0xC0) == 0xC0)
        text.pop_back();
    return text;
}

// Sends `request` over a raw TCP connection and returns everything the server answers
// until it closes the connection (or `timeoutMs` passes). Event-driven, because the
// server usually runs on this same thread.
inline QByteArray rawExchange(quint16 port, const QByteArray &request, int timeoutMs = WaitMs)
{
    QTcpSocket socket;
    QByteArray answer;
    QObject::connect(&socket, &QTcpSocket::connected, &socket, [&] { socket.write(request); });
    QObject::connect(&socket, &QTcpSocket::readyRead, &socket, [&] { answer += socket.readAll(); });
    socket.connectToHost(QHostAddress::LocalHost, port);
    (void)QTest::qWaitFor([&] { return socket.state() == QAbstractSocket::UnconnectedState; }, timeoutMs);
    answer += socket.readAll();
    return answer;
}

inline std::unique_ptr<EchoTestClient> connectClient(quint16 port, EchoTestClientOptions options = {})
{
    auto client = std::make_unique<EchoTestClient>(std::move(options));
    client->connectTo(port);
    return client;
}

inline bool waitOpen(const EchoTestClient &client)
{
    return QTest::qWaitFor([&] { return client.opened || client.closed; }, WaitMs) && client.opened;
}

inline bool waitMessages(const EchoTestClient &client, std::size_t count)
{
    return QTest::qWaitFor([&] { return client.messages.size() >= count || client.closed; }, WaitMs)
        && client.messages.size() >= count;
}

} // namespace wsi::test

using namespace wsi::test;

// A server with an EventSource endpoint at /events (keepalives off unless asked), started.
inline std::unique_ptr<EchoServer> startEventServer(int retryMs = 0, int keepaliveMs = 0);

// Its URL: http://127.0.0.1:PORT/events.
inline QString eventsUrlOf(const EchoServer &server)
{
    return QStringLiteral("http://127.0.0.1:%1/events").arg(server.serverPort());
}

// A server with these options, started (a warning says why when it did not start).
inline std::unique_ptr<EchoServer> startServer(EchoServerOptions options = {})
{
    auto server = std::make_unique<EchoServer>();
    server->setOptions(options);
    if (!server->start())
        qWarning("server did not start: %s", qPrintable(server->lastError()));
    return server;
}

inline std::unique_ptr<EchoServer> startEventServer(int retryMs, int keepaliveMs)
{
    EchoServerOptions options;
    options.eventStream.path = QStringLiteral("/events");
    options.eventStream.retryMs = retryMs;
    options.eventStream.keepaliveMs = keepaliveMs;
    return startServer(options);
}
