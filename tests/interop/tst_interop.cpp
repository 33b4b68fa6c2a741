// Interop: our protocol Driver, in both roles, against real third-party WebSocket
// implementations over loopback: python3-websockets (Debian) and Node's `ws` (npm, installed
// into tests/interop/node_modules by `npm ci`). The peers are the echo scripts in
// tests/interop/peers; LoopbackConnection stands in for the network layer.
#include "LoopbackConnection.h"
#include "PeerProcess.h"

#include "protocol/Driver.h"
#include "support/RecordingSink.h"

#include <QDir>
#include <QFileInfo>
#include <QProcess>
#include <QTest>

#include <algorithm>
#include <deque>
#include <string>
#include <vector>

using namespace wsi;
using namespace std::chrono_literals;

namespace {

const QString InteropDir = QStringLiteral(WSI_INTEROP_DIR);
const QString PythonExecutable = QStringLiteral("/usr/bin/python3");
const QString NodeExecutable = QStringLiteral(WSI_NODE_EXECUTABLE);
constexpr int PeerStartMs = 10000;
constexpr int PeerExitMs = 10000;
constexpr auto StepTimeout = 10s;

struct ReceivedMessage {
    bool isText = true;
    std::string payload;
    std::uint32_t frameCount = 0;
    bool compressed = false;
};

struct ReceivedPong {
    std::uint64_t pingId = 0;
    std::string payload;
};

// Records every event (for failure messages) and keeps what the assertions need. In the
// server role it also queues each incoming message for the echo, sent after parse()
// returns rather than from inside the Driver's callback.
class InteropSink : public test::RecordingSink
{
public:
    InteropSink() { recordFrames = false; }

    void onMessage(const protocol::MessageEvent &event) override
    {
        RecordingSink::onMessage(event);
        ReceivedMessage message{event.isText, std::string(event.payload), event.frameCount, event.compressed};
        if (event.direction == protocol::Direction::Incoming) {
            received.push_back(message);
            toEcho.push_back(message);
        } else {
            sent.push_back(message);
        }
    }
    void onPing(const protocol::PingEvent &event) override
    {
        RecordingSink::onPing(event);
        if (event.direction == protocol::Direction::Incoming) {
            ++pingsReceived;
            pingsAnswered += event.answered ? 1 : 0;
        }
    }
    void onPong(const protocol::PongEvent &event) override
    {
        RecordingSink::onPong(event);
        if (event.direction == protocol::Direction::Incoming)
            pongs.push_back({event.pingId, std::string(event.payload)});
    }
    void onHandshakeFailed(const protocol::HandshakeFailureEvent &event) override
    {
        RecordingSink::onHandshakeFailed(event);
        ++handshakeFailures;
    }

    std::vector<ReceivedMessage> received;
    std::vector<ReceivedMessage> sent;
    std::deque<ReceivedMessage> toEcho;
    std::vector<ReceivedPong> pongs;
    int pingsReceived = 0;
    int pingsAnswered = 0;
    int handshakeFailures = 0;
};

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
    for (int i = 0; i < 256; ++i)
        allBytes[static_cast<std::size_t>(i)] = static_cast<char>(i);
    // U+00E9, U+65E5 and the 4-byte U+1F600 and U+1D11E.
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
        {"UTF-8 with 4-byte characters split across 7 fragments", true, utf8 + utf8, 7},
    };
}

QByteArray describe(const std::string &payload)
{
    const std::string head = test::toHex(payload.substr(0, 24));
    return QByteArray::number(qulonglong(payload.size())) + " bytes " + QByteArray::fromStdString(head)
        + (payload.size() > 24 ? "..." : "");
}

QByteArray lastEvents(const InteropSink &sink, std::size_t count = 12)
{
    QByteArray out;
    const std::size_t from = sink.events.size() > count ? sink.events.size() - count : 0;
    for (std::size_t i = from; i < sink.events.size(); ++i)
        out += "\n    " + QByteArray::fromStdString(sink.events[i]);
    return out;
}

// Prints the peer's output and our last events when the test fails, whatever the point of
// failure (QVERIFY returns early).
struct FailureReport {
    test::PeerProcess &peer;
    const InteropSink &sink;
    ~FailureReport()
    {
        if (QTest::currentTestFailed())
            qWarning("peer: %s\nour last events:%s", qPrintable(peer.commandLine() + QLatin1Char(' ') + peer.output()),
                     lastEvents(sink).constData());
    }
};

// QSKIP with a single argument trips -Wgnu-zero-variadic-macro-arguments in Qt 6.4.
void skipRow(const QString &reason)
{
    QTest::qSkip(qPrintable(reason), __FILE__, __LINE__);
}

bool isPythonPeerAvailable()
{
    QProcess probe;
    probe.start(PythonExecutable, {QStringLiteral("-c"), QStringLiteral("import websockets")});
    if (!probe.waitForFinished(20000)) {
        probe.kill();
        probe.waitForFinished(5000);
        return false;
    }
    return probe.exitStatus() == QProcess::NormalExit && probe.exitCode() == 0;
}

} // namespace

class TestInterop : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void ourClientAgainstPeerServer_data();
    void ourClientAgainstPeerServer();
    void peerClientAgainstOurServer_data();
    void peerClientAgainstOurServer();
    void unrequestedSubprotocolIsRejected_data();
    void unrequestedSubprotocolIsRejected();

private:
    // The interpreter and script for a peer, or a reason to skip the row.
    bool peerCommand(const QString &peer, const QString &script, QString &program, QStringList &arguments,
                     QString &skipReason) const;
    bool m_havePython = false;
};

void TestInterop::initTestCase()
{
    m_havePython = isPythonPeerAvailable();
}

bool TestInterop::peerCommand(const QString &peer, const QString &script, QString &program,
                              QStringList &arguments, QString &skipReason) const
{
    if (peer == QLatin1String("python")) {
        if (!m_havePython) {
            skipReason = QStringLiteral("python3-websockets is not installed (apt-get install python3-websockets)");
            return false;
        }
        program = PythonExecutable;
        arguments = {InteropDir + QStringLiteral("/peers/") + script + QStringLiteral(".py")};
        return true;
    }
    if (NodeExecutable.isEmpty()) {
        skipReason = QStringLiteral("node was not found when configuring");
        return false;
    }
    if (!QFileInfo::exists(InteropDir + QStringLiteral("/node_modules/ws/package.json"))) {
        skipReason = QStringLiteral("node_modules/ws is missing: run `npm ci` in tests/interop");
        return false;
    }
    program = NodeExecutable;
    arguments = {InteropDir + QStringLiteral("/peers/") + script + QStringLiteral(".js")};
    return true;
}

void TestInterop::ourClientAgainstPeerServer_data()
{
    QTest::addColumn<QString>("peer");
    QTest::addColumn<bool>("deflate");
    QTest::addColumn<QStringList>("serverSubprotocols");
    QTest::addColumn<QStringList>("requestedSubprotocols");
    QTest::addColumn<QString>("expectedSubprotocol");

    const QStringList none;
    const QStringList serverProtocols{QStringLiteral("chat.v1"), QStringLiteral("chat.v2")};
    const QStringList ourProtocols{QStringLiteral("chat.v0"), QStringLiteral("chat.v2")};
    const QString noProtocol;
    const QString python = QStringLiteral("python");
    const QString node = QStringLiteral("node");
    const QString v2 = QStringLiteral("chat.v2");
    QTest::newRow("our client vs python websockets server")
        << python << false << none << none << noProtocol;
    QTest::newRow("our client vs python websockets server with permessage-deflate")
        << python << true << none << none << noProtocol;
    QTest::newRow("our client vs python websockets server with subprotocol")
        << python << false << serverProtocols << ourProtocols << v2;
    QTest::newRow("our client vs node ws server")
        << node << false << none << none << noProtocol;
    QTest::newRow("our client vs node ws server with permessage-deflate")
        << node << true << none << none << noProtocol;
    QTest::newRow("our client vs node ws server with subprotocol")
        << node << false << serverProtocols << ourProtocols << v2;
}

void TestInterop::ourClientAgainstPeerServer()
{
    QFETCH(QString, peer);
    QFETCH(bool, deflate);
    QFETCH(QStringList, serverSubprotocols);
    QFETCH(QStringList, requestedSubprotocols);
    QFETCH(QString, expectedSubprotocol);

    QString program;
    QStringList arguments;
    QString skipReason;
    if (!peerCommand(peer, QStringLiteral("echo_server"), program, arguments, skipReason))
        return skipRow(skipReason);
    if (deflate)
        arguments << QStringLiteral("--deflate");
    for (const QString &protocol : serverSubprotocols)
        arguments << QStringLiteral("--subprotocol") << protocol;

    test::PeerProcess server;
    InteropSink sink;
    FailureReport report{server, sink};
    QString error;
    QVERIFY2(server.start(program, arguments, error), qPrintable(error));
    quint16 port = 0;
    QVERIFY2(server.readPort(port, PeerStartMs, error), qPrintable(error));

    std::string socketError;
    const int fd = test::LoopbackConnection::connectLoopback(port, socketError);
    QVERIFY2(fd >= 0, socketError.c_str());
    test::LoopbackConnection connection(fd);

    protocol::DriverOptions options;
    options.role = protocol::Role::Client;
    options.clientRequest.host = "127.0.0.1:" + std::to_string(port);
    options.clientRequest.resourceName = "/interop?row=1";
    for (const QString &protocol : requestedSubprotocols)
        options.clientRequest.subprotocols.push_back(protocol.toStdString());
    options.offerDeflate = deflate;
    protocol::Driver driver(options, sink, connection);
    connection.attach(driver);
    driver.start();

    // Opening handshake.
    QVERIFY2(connection.runUntil([&] { return sink.openCount > 0 || sink.closedCount > 0; }, StepTimeout),
             "no answer to the upgrade request");
    QCOMPARE(sink.handshakeFailures, 0);
    QCOMPARE(driver.state(), protocol::DriverState::Open);
    QCOMPARE(QString::fromStdString(driver.openInfo().subprotocol), expectedSubprotocol);
    QCOMPARE(driver.isDeflateActive(), deflate);
    QCOMPARE(driver.openInfo().deflate, deflate);

    // Each scripted message is echoed back byte-exact, with its type.
    for (const ScriptedMessage &message : clientScript()) {
        const std::size_t before = sink.received.size();
        const bool sent = message.isText ? driver.sendText(message.payload, message.fragments)
                                         : driver.sendBinary(message.payload, message.fragments);
        QVERIFY2(sent, message.label);
        QVERIFY2(sink.sent.size() == before + 1 && sink.sent.back().frameCount == message.fragments,
                 qPrintable(QStringLiteral("%1: our outgoing message event is missing or has the wrong frame count")
                                .arg(QLatin1String(message.label))));
        QVERIFY2(connection.runUntil([&] { return sink.received.size() > before || sink.closedCount > 0; }, StepTimeout),
                 qPrintable(QStringLiteral("%1: no echo").arg(QLatin1String(message.label))));
        QVERIFY2(sink.received.size() == before + 1,
                 qPrintable(QStringLiteral("%1: the connection closed instead").arg(QLatin1String(message.label))));
        const ReceivedMessage &echo = sink.received.back();
        QVERIFY2(echo.isText == message.isText, message.label);
        QVERIFY2(echo.payload == message.payload,
                 qPrintable(QStringLiteral("%1: sent %2, got back %3")
                                .arg(QLatin1String(message.label), QString::fromLatin1(describe(message.payload)),
                                     QString::fromLatin1(describe(echo.payload)))));
    }
    // With permessage-deflate both sides compress (node's ws only above 1 KiB), without it
    // neither may set RSV1.
    const auto isCompressed = [](const ReceivedMessage &m) { return m.compressed; };
    QCOMPARE(std::any_of(sink.received.begin(), sink.received.end(), isCompressed), deflate);
    QCOMPARE(std::any_of(sink.sent.begin(), sink.sent.end(), isCompressed), deflate);

    // Two pings, each pong matched to its own ping.
    const std::uint64_t firstPing = driver.sendPing("wsinspect-ping-1");
    const std::uint64_t secondPing = driver.sendPing("wsinspect-ping-2");
    QVERIFY(firstPing > 0 && secondPing > 0 && firstPing != secondPing);
    QVERIFY2(connection.runUntil([&] { return sink.pongs.size() >= 2 || sink.closedCount > 0; }, StepTimeout),
             "no pongs");
    QCOMPARE(sink.pongs.size(), std::size_t(2));
    QCOMPARE(sink.pongs[0].pingId, firstPing);
    QCOMPARE(sink.pongs[0].payload, std::string("wsinspect-ping-1"));
    QCOMPARE(sink.pongs[1].pingId, secondPing);
    QCOMPARE(sink.pongs[1].payload, std::string("wsinspect-ping-2"));

    // Close handshake: the peer echoes our code and reason, then closes the TCP connection.
    QVERIFY(driver.close(1000, "wsinspect client done"));
    QVERIFY2(connection.runUntil([&] { return sink.closedCount > 0 && connection.sawEndOfInput(); }, StepTimeout),
             "the close handshake did not finish");
    QCOMPARE(sink.closedCount, 1);
    QVERIFY(sink.lastClose.clean);
    QCOMPARE(sink.lastClose.initiator, protocol::Initiator::Local);
    QVERIFY(sink.lastClose.hasCode);
    QCOMPARE(sink.lastClose.code, std::uint16_t(1000));
    QCOMPARE(sink.lastClose.reason, std::string("wsinspect client done"));
    QCOMPARE(sink.lastError.error, protocol::ProtocolError::None);
    QVERIFY2(connection.socketError().empty(), connection.socketError().c_str());

    QVERIFY2(server.waitForExit(PeerExitMs), "the peer server did not exit after the connection ended");
    QVERIFY2(server.exitedCleanly(), qPrintable(server.output()));
}

void TestInterop::peerClientAgainstOurServer_data()
{
    QTest::addColumn<QString>("peer");
    QTest::addColumn<bool>("deflate");
    QTest::addColumn<QString>("subprotocol");

    const QString python = QStringLiteral("python");
    const QString node = QStringLiteral("node");
    const QString protocol = QStringLiteral("chat.v2");
    QTest::newRow("python websockets client vs our server") << python << false << QString();
    QTest::newRow("python websockets client vs our server with permessage-deflate") << python << true << QString();
    QTest::newRow("python websockets client vs our server with subprotocol") << python << false << protocol;
    QTest::newRow("node ws client vs our server") << node << false << QString();
    QTest::newRow("node ws client vs our server with permessage-deflate") << node << true << QString();
    QTest::newRow("node ws client vs our server with subprotocol") << node << false << protocol;
}

void TestInterop::peerClientAgainstOurServer()
{
    QFETCH(QString, peer);
    QFETCH(bool, deflate);
    QFETCH(QString, subprotocol);

    QString program;
    QStringList arguments;
    QString skipReason;
    if (!peerCommand(peer, QStringLiteral("echo_client"), program, arguments, skipReason))
        return skipRow(skipReason);

    test::LoopbackListener listener;
    std::string socketError;
    QVERIFY2(listener.listen(socketError), socketError.c_str());
    arguments << QStringLiteral("ws://127.0.0.1:%1/echo?from=%2").arg(listener.port()).arg(peer);
    if (deflate)
        arguments << QStringLiteral("--deflate");
    if (!subprotocol.isEmpty())
        arguments << QStringLiteral("--subprotocol") << subprotocol;

    test::PeerProcess client;
    InteropSink sink;
    FailureReport report{client, sink};
    QString error;
    QVERIFY2(client.start(program, arguments, error), qPrintable(error));
    const int fd = listener.accept(std::chrono::milliseconds(PeerStartMs), socketError);
    QVERIFY2(fd >= 0, socketError.c_str());
    test::LoopbackConnection connection(fd);

    protocol::DriverOptions options;
    options.role = protocol::Role::Server;
    options.server.subprotocols = {"chat.v1", "chat.v2"};
    options.acceptDeflate = deflate;
    protocol::Driver driver(options, sink, connection);
    connection.attach(driver);
    connection.afterInput = [&] {
        while (!sink.toEcho.empty() && driver.state() == protocol::DriverState::Open) {
            const ReceivedMessage message = std::move(sink.toEcho.front());
            sink.toEcho.pop_front();
            if (message.isText)
                driver.sendText(message.payload);
            else
                driver.sendBinary(message.payload);
        }
    };
    driver.start();

    // The peer runs its whole script; we echo until it closes and the TCP connection ends.
    QVERIFY2(connection.runUntil([&] { return sink.closedCount > 0 && connection.sawEndOfInput(); }, 30s),
             "the peer client's session did not finish");
    QVERIFY2(client.waitForExit(PeerExitMs), "the peer client did not exit");
    QVERIFY2(client.exitedCleanly(), qPrintable(client.output()));

    QCOMPARE(sink.openCount, 1);
    QCOMPARE(QString::fromStdString(sink.lastOpen.subprotocol), subprotocol);
    QCOMPARE(sink.lastOpen.deflate, deflate);
    QCOMPARE(sink.lastOpen.request.path, std::string("/echo"));
    // The scripted messages (see peers/echo_client.*), one of them fragmented.
    QCOMPARE(sink.received.size(), std::size_t(7));
    QVERIFY(std::any_of(sink.received.begin(), sink.received.end(),
                        [](const ReceivedMessage &m) { return m.frameCount >= 5; }));
    QCOMPARE(sink.sent.size(), std::size_t(7));
    QVERIFY(sink.pingsReceived >= 1);
    QCOMPARE(sink.pingsAnswered, sink.pingsReceived);

    QCOMPARE(sink.closedCount, 1);
    QVERIFY(sink.lastClose.clean);
    QCOMPARE(sink.lastClose.initiator, protocol::Initiator::Remote);
    QCOMPARE(sink.lastClose.code, std::uint16_t(1000));
    QCOMPARE(sink.lastClose.reason, peer == QLatin1String("python") ? std::string("python client done")
                                                                     : std::string("node client done"));
    QCOMPARE(sink.lastError.error, protocol::ProtocolError::None);
    QVERIFY2(connection.socketError().empty(), connection.socketError().c_str());
}

void TestInterop::unrequestedSubprotocolIsRejected_data()
{
    QTest::addColumn<QString>("peer");
    QTest::newRow("python websockets server answering a subprotocol we did not offer")
        << QStringLiteral("python");
    QTest::newRow("node ws server answering a subprotocol we did not offer") << QStringLiteral("node");
}

// Section 4.1, item 6 of the client's checks: a Sec-WebSocket-Protocol the client did not
// offer fails the connection. The peers are told to add one to their 101 answer.
void TestInterop::unrequestedSubprotocolIsRejected()
{
    QFETCH(QString, peer);

    QString program;
    QStringList arguments;
    QString skipReason;
    if (!peerCommand(peer, QStringLiteral("echo_server"), program, arguments, skipReason))
        return skipRow(skipReason);
    arguments << QStringLiteral("--force-subprotocol") << QStringLiteral("surprise");

    test::PeerProcess server;
    InteropSink sink;
    FailureReport report{server, sink};
    QString error;
    QVERIFY2(server.start(program, arguments, error), qPrintable(error));
    quint16 port = 0;
    QVERIFY2(server.readPort(port, PeerStartMs, error), qPrintable(error));
    std::string socketError;
    const int fd = test::LoopbackConnection::connectLoopback(port, socketError);
    QVERIFY2(fd >= 0, socketError.c_str());
    test::LoopbackConnection connection(fd);

    protocol::DriverOptions options;
    options.role = protocol::Role::Client;
    options.clientRequest.host = "127.0.0.1:" + std::to_string(port);
    options.clientRequest.resourceName = "/";
    protocol::Driver driver(options, sink, connection);
    connection.attach(driver);
    driver.start();

    QVERIFY2(connection.runUntil([&] { return sink.closedCount > 0 || sink.openCount > 0; }, StepTimeout),
             "the handshake neither failed nor succeeded");
    QCOMPARE(sink.openCount, 0);
    QCOMPARE(sink.handshakeFailures, 1);
    QCOMPARE(sink.lastHandshakeFailure.kind, protocol::HandshakeFailureKind::ResponseRejected);
    QCOMPARE(sink.lastHandshakeFailure.clientError, protocol::ClientHandshakeError::UnrequestedSubprotocol);
    QCOMPARE(sink.lastHandshakeFailure.status, 101);
    QVERIFY2(sink.lastHandshakeFailure.message.find("surprise") != std::string::npos,
             sink.lastHandshakeFailure.message.c_str());
    QCOMPARE(driver.state(), protocol::DriverState::Closed);
    QVERIFY(!driver.sendText("must not be sent"));

    // Our side hangs up; the peer sees the connection end and exits by itself.
    QVERIFY(connection.runUntil([&] { return connection.isShutDown(); }, StepTimeout));
    QVERIFY2(server.waitForExit(PeerExitMs), "the peer server did not exit after we hung up");
}

QTEST_GUILESS_MAIN(TestInterop)
#include "tst_interop.moc"
