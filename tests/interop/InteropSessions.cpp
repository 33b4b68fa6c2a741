// SPDX-License-Identifier: MIT
#include "InteropSessions.h"

#include <QTest>

#include <algorithm>
#include <string>
#include <vector>

namespace wsi::test {
namespace {

using protocol::DriverState;

struct ScriptedMessage {
    const char *label;
    bool isText;
    std::string payload;
    std::uint32_t fragments;
};

std::string pattern(std::size_t size, unsigned seed)
{
    std::string out(size, '\0');
    for (std::size_t i = 0; i < size; ++i)
        out[i] = static_cast<char>((i * 7 + (i >> 10) + seed) & 0xff);
    return out;
}

std::vector<ScriptedMessage> clientScript()
{
    std::string allBytes(256, '\0');
    for (std::size_t i = 0; i < allBytes.size(); ++i)
        allBytes[i] = static_cast<char>(i);
    // U+00E9, U+65E5, and the 4-byte U+1F600 and U+1D11E.
    const std::string utf8 = "h\xc3\xa9llo \xe6\x97\xa5 \xf0\x9f\x98\x80\xf0\x9d\x84\x9e end";
    std::string fragmented;
    for (int n = 1; n <= 5; ++n)
        fragmented += "fragment " + std::to_string(n) + " of 5; ";
    return {
        {"short text", true, "hello from wsinspect", 1},
        {"binary with all byte values", false, allBytes, 1},
        {"empty text", true, std::string(), 1},
        {"empty binary", false, std::string(), 1},
        {"text of 126 bytes (first 16-bit length)", true, std::string(126, 'a'), 1},
        {"64 KiB binary (first 64-bit length)", false, pattern(64 * 1024, 1), 1},
        {"1 MiB binary", false, pattern(1024 * 1024, 2), 1},
        {"text in 5 fragments", true, fragmented, 5},
        {"binary in 5 fragments", false, pattern(1000, 3), 5},
        {"UTF-8 with 4-byte characters", true, utf8, 1},
        // Without compression the cuts fall inside multi-byte characters.
        {"UTF-8 with 4-byte characters in 7 fragments", true, utf8 + utf8, 7},
    };
}

QString describe(const std::string &payload)
{
    const std::string head = toHex(payload.substr(0, 24));
    return QStringLiteral("%1 bytes %2%3")
        .arg(payload.size())
        .arg(QString::fromStdString(head), payload.size() > 24 ? QStringLiteral("...") : QString());
}

void reportFailure(PeerProcess &peer, const InteropSink &sink)
{
    if (QTest::currentTestFailed())
        qWarning("peer: %s %s\nour last events:%s", qPrintable(peer.commandLine()), qPrintable(peer.output()),
                 sink.lastEvents().constData());
}

} // namespace

ClientSession::~ClientSession()
{
    reportFailure(peer, sink);
}

void ClientSession::connect(const PeerCommand &server, protocol::DriverOptions options)
{
    QString error;
    QVERIFY2(peer.start(server, error), qPrintable(error));
    quint16 port = 0;
    QVERIFY2(peer.readPort(port, PeerStartMs, error), qPrintable(error));
    std::string socketError;
    const int fd = LoopbackConnection::connectLoopback(port, socketError);
    QVERIFY2(fd >= 0, socketError.c_str());
    connection = std::make_unique<LoopbackConnection>(fd);

    options.role = protocol::Role::Client;
    options.clientRequest.host = "127.0.0.1:" + std::to_string(port);
    options.clientRequest.resourceName = "/interop?from=wsinspect";
    driver = std::make_unique<protocol::Driver>(options, sink, *connection);
    connection->attach(*driver);
    driver->start();
    QVERIFY2(connection->runUntil([&] { return sink.openCount > 0 || sink.closedCount > 0; }, StepTimeout),
             "no answer to the upgrade request");
}

void ClientSession::exchangeScriptedMessages()
{
    for (const ScriptedMessage &message : clientScript()) {
        const QString label = QLatin1String(message.label);
        const std::size_t before = sink.received.size();
        const bool sent = message.isText ? driver->sendText(message.payload, message.fragments)
                                         : driver->sendBinary(message.payload, message.fragments);
        QVERIFY2(sent && sink.sent.size() == before + 1, message.label);
        // As many frames as asked, but never empty ones: with permessage-deflate a short
        // compressed payload gives fewer frames.
        const std::uint64_t expectedFrames =
            std::max<std::uint64_t>(1, std::min<std::uint64_t>(message.fragments, sink.sent.back().wireSize));
        QVERIFY2(sink.sent.back().frameCount == expectedFrames,
                 qPrintable(QStringLiteral("%1: sent in %2 frames, expected %3")
                                .arg(label).arg(sink.sent.back().frameCount).arg(expectedFrames)));

        QVERIFY2(connection->runUntil([&] { return sink.received.size() > before || sink.closedCount > 0; },
                                      StepTimeout),
                 qPrintable(label + QStringLiteral(": no echo")));
        QVERIFY2(sink.received.size() == before + 1, qPrintable(label + QStringLiteral(": closed instead")));
        const SeenMessage &echo = sink.received.back();
        QVERIFY2(echo.isText == message.isText, qPrintable(label + QStringLiteral(": echoed with another type")));
        QVERIFY2(echo.payload == message.payload,
                 qPrintable(QStringLiteral("%1: sent %2, got back %3")
                                .arg(label, describe(message.payload), describe(echo.payload))));
    }
}

void ClientSession::exchangePings()
{
    const std::uint64_t first = driver->sendPing("wsinspect-ping-1");
    const std::uint64_t second = driver->sendPing("wsinspect-ping-2");
    QVERIFY(first > 0 && second > 0 && first != second);
    QVERIFY2(connection->runUntil([&] { return sink.pongs.size() >= 2 || sink.closedCount > 0; }, StepTimeout),
             "no pongs");
    QCOMPARE(sink.pongs.size(), std::size_t(2));
    QCOMPARE(sink.pongs[0].pingId, first);
    QCOMPARE(sink.pongs[0].payload, std::string("wsinspect-ping-1"));
    QCOMPARE(sink.pongs[1].pingId, second);
    QCOMPARE(sink.pongs[1].payload, std::string("wsinspect-ping-2"));
}

void ClientSession::closeAndExpectEcho()
{
    QVERIFY(driver->close(1000, "wsinspect client done"));
    QCOMPARE(driver->state(), DriverState::Closing);
    // Section 7.1.1: the server closes the TCP connection first, after its close frame.
    QVERIFY2(connection->runUntil([&] { return sink.closedCount > 0 && connection->sawEndOfInput(); }, StepTimeout),
             "the close handshake did not finish");
    QCOMPARE(sink.closedCount, 1);
    QVERIFY(sink.lastClose.clean);
    QCOMPARE(sink.lastClose.initiator, protocol::Initiator::Local);
    QVERIFY(sink.lastClose.hasCode);
    QCOMPARE(sink.lastClose.code, std::uint16_t(1000));
    QCOMPARE(sink.lastError.error, protocol::ProtocolError::None);
    QVERIFY2(connection->socketError().empty(), connection->socketError().c_str());
}

ServerSession::~ServerSession()
{
    reportFailure(peer, sink);
}

void ServerSession::serveEcho(PeerCommand client, const QString &path, const QStringList &peerOptions,
                              protocol::DriverOptions options)
{
    std::string socketError;
    QVERIFY2(listener.listen(socketError), socketError.c_str());
    client.arguments << QStringLiteral("ws://127.0.0.1:%1%2").arg(listener.port()).arg(path) << peerOptions;
    QString error;
    QVERIFY2(peer.start(client, error), qPrintable(error));
    const int fd = listener.accept(std::chrono::milliseconds(PeerStartMs), socketError);
    QVERIFY2(fd >= 0, socketError.c_str());
    connection = std::make_unique<LoopbackConnection>(fd);

    options.role = protocol::Role::Server;
    driver = std::make_unique<protocol::Driver>(options, sink, *connection);
    connection->attach(*driver);
    connection->afterInput = [this] { echoQueuedMessages(); };
    driver->start();
    QVERIFY2(connection->runUntil([&] { return sink.closedCount > 0 && connection->sawEndOfInput(); },
                                  3 * StepTimeout),
             "the peer client's session did not finish");
    QVERIFY2(connection->socketError().empty(), connection->socketError().c_str());
}

void ServerSession::echoQueuedMessages()
{
    while (!sink.toEcho.empty() && driver->state() == DriverState::Open) {
        const SeenMessage message = std::move(sink.toEcho.front());
        sink.toEcho.pop_front();
        if (message.isText)
            driver->sendText(message.payload);
        else
            driver->sendBinary(message.payload);
    }
}

} // namespace wsi::test
