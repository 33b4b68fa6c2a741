// SPDX-License-Identifier: MIT
// Interop: our protocol Driver, in both roles, against real third-party WebSocket
// implementations over loopback: python3-websockets (Debian) and Node's `ws` (npm, installed
// into tests/interop/node_modules by `npm ci`). The peers are the echo scripts in
// tests/interop/peers; LoopbackConnection stands in for the network layer.
#include "InteropSessions.h"

#include <QFileInfo>
#include <QProcess>
#include <QTest>

using namespace wsi;
using namespace wsi::test;
using namespace std::chrono_literals;

namespace {

const QString PythonExecutable = QStringLiteral("/usr/bin/python3");
const QString NodeExecutable = QStringLiteral(WSI_NODE_EXECUTABLE);
const QString InteropDir = QStringLiteral(WSI_INTEROP_DIR);
const QString Python = QStringLiteral("python");
const QString Node = QStringLiteral("node");

// How a row uses permessage-deflate (RFC 7692).
enum class Deflate { Off, Default, Strict };

// Strict: no context takeover either way, 10-bit windows.
void applyDeflate(Deflate mode, protocol::DriverOptions &options)
{
    options.offerDeflate = mode != Deflate::Off;
    options.acceptDeflate = mode != Deflate::Off;
    if (mode == Deflate::Strict) {
        options.deflateOffer = {true, true, 10, 10};
        options.deflateServer = {true, true, 10, 10};
    }
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

Q_DECLARE_METATYPE(Deflate)

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
    // The interpreter and script for a peer, or an empty command and a reason to skip.
    PeerCommand peerCommand(const QString &peer, const QString &script, QString &skipReason) const;
    bool m_havePython = false;
};

void TestInterop::initTestCase()
{
    m_havePython = isPythonPeerAvailable();
}

PeerCommand TestInterop::peerCommand(const QString &peer, const QString &script, QString &skipReason) const
{
    if (peer == Python) {
        if (!m_havePython)
            skipReason = QStringLiteral("python3-websockets is not installed (apt-get install python3-websockets)");
        return {PythonExecutable, {InteropDir + QStringLiteral("/peers/") + script + QStringLiteral(".py")}};
    }
    if (NodeExecutable.isEmpty())
        skipReason = QStringLiteral("node was not found when configuring");
    else if (!QFileInfo::exists(InteropDir + QStringLiteral("/node_modules/ws/package.json")))
        skipReason = QStringLiteral("node_modules/ws is missing: run `npm ci` in tests/interop");
    return {NodeExecutable, {InteropDir + QStringLiteral("/peers/") + script + QStringLiteral(".js")}};
}

void TestInterop::ourClientAgainstPeerServer_data()
{
    QTest::addColumn<QString>("peer");
    QTest::addColumn<Deflate>("deflate");
    QTest::addColumn<QStringList>("serverSubprotocols");
    QTest::addColumn<QStringList>("offeredSubprotocols");
    QTest::addColumn<QString>("expectedSubprotocol");

    const QStringList none;
    const QStringList theirs{QStringLiteral("chat.v1"), QStringLiteral("chat.v2")};
    const QStringList ours{QStringLiteral("chat.v0"), QStringLiteral("chat.v2")};
    const QString v2 = QStringLiteral("chat.v2");
    const QString noProtocol;
    for (const QString &peer : {Python, Node}) {
        const QByteArray server = peer == Python ? "python websockets server" : "node ws server";
        QTest::addRow("our client vs %s", server.constData())
            << peer << Deflate::Off << none << none << noProtocol;
        QTest::addRow("our client vs %s with permessage-deflate", server.constData())
            << peer << Deflate::Default << none << none << noProtocol;
        QTest::addRow("our client vs %s with permessage-deflate, no context takeover, 10-bit windows",
                      server.constData())
            << peer << Deflate::Strict << none << none << noProtocol;
        QTest::addRow("our client vs %s with subprotocol", server.constData())
            << peer << Deflate::Off << theirs << ours << v2;
    }
}

void TestInterop::ourClientAgainstPeerServer()
{
    QFETCH(QString, peer);
    QFETCH(Deflate, deflate);
    QFETCH(QStringList, serverSubprotocols);
    QFETCH(QStringList, offeredSubprotocols);
    QFETCH(QString, expectedSubprotocol);

    QString skipReason;
    PeerCommand command = peerCommand(peer, QStringLiteral("echo_server"), skipReason);
    if (!skipReason.isEmpty())
        QSKIP(qPrintable(skipReason));
    if (deflate != Deflate::Off)
        command.arguments << QStringLiteral("--deflate");
    for (const QString &protocol : serverSubprotocols)
        command.arguments << QStringLiteral("--subprotocol") << protocol;

    protocol::DriverOptions options;
    applyDeflate(deflate, options);
    for (const QString &protocol : offeredSubprotocols)
        options.clientRequest.subprotocols.push_back(protocol.toStdString());

    ClientSession session;
    session.connect(command, options);
    if (QTest::currentTestFailed())
        return;
    QCOMPARE(session.sink.openCount, 1);
    QCOMPARE(session.driver->state(), protocol::DriverState::Open);
    QCOMPARE(QString::fromStdString(session.driver->openInfo().subprotocol), expectedSubprotocol);
    QCOMPARE(session.driver->isDeflateActive(), deflate != Deflate::Off);
    if (deflate == Deflate::Strict) {
        // The server must honour what we asked of it (RFC 7692 sections 7.1.1.1, 7.1.2.1)
        // and may only narrow the window we offered to use ourselves.
        const protocol::DeflateParams &params = session.driver->openInfo().deflateParams;
        QVERIFY(params.serverNoContextTakeover);
        QVERIFY(params.serverMaxWindowBits >= 8 && params.serverMaxWindowBits <= 10);
        QVERIFY(params.clientMaxWindowBits >= 8 && params.clientMaxWindowBits <= 10);
    }

    session.exchangeScriptedMessages();
    if (QTest::currentTestFailed())
        return;
    // With permessage-deflate both sides compress (node's ws only above 1 KiB), without it
    // neither may set RSV1.
    QCOMPARE(session.sink.anyCompressed(protocol::Direction::Incoming), deflate != Deflate::Off);
    QCOMPARE(session.sink.anyCompressed(protocol::Direction::Outgoing), deflate != Deflate::Off);

    session.exchangePings();
    if (QTest::currentTestFailed())
        return;
    session.closeAndExpectEcho();
    if (QTest::currentTestFailed())
        return;
    QVERIFY2(session.peer.waitForExit(PeerExitMs), "the peer server did not exit after the connection ended");
    QVERIFY2(session.peer.exitedCleanly(), qPrintable(session.peer.output()));
}

void TestInterop::peerClientAgainstOurServer_data()
{
    QTest::addColumn<QString>("peer");
    QTest::addColumn<Deflate>("deflate");
    QTest::addColumn<QString>("subprotocol");

    const QString protocol = QStringLiteral("chat.v2");
    for (const QString &peer : {Python, Node}) {
        const QByteArray client = peer == Python ? "python websockets client" : "node ws client";
        QTest::addRow("%s vs our server", client.constData()) << peer << Deflate::Off << QString();
        QTest::addRow("%s vs our server with permessage-deflate", client.constData())
            << peer << Deflate::Default << QString();
        QTest::addRow("%s vs our server with permessage-deflate, no context takeover, 10-bit windows",
                      client.constData())
            << peer << Deflate::Strict << QString();
        QTest::addRow("%s vs our server with subprotocol", client.constData()) << peer << Deflate::Off << protocol;
    }
}

void TestInterop::peerClientAgainstOurServer()
{
    QFETCH(QString, peer);
    QFETCH(Deflate, deflate);
    QFETCH(QString, subprotocol);

    QString skipReason;
    PeerCommand command = peerCommand(peer, QStringLiteral("echo_client"), skipReason);
    if (!skipReason.isEmpty())
        QSKIP(qPrintable(skipReason));
    QStringList options;
    if (deflate != Deflate::Off)
        options << QStringLiteral("--deflate");
    if (!subprotocol.isEmpty())
        options << QStringLiteral("--subprotocol") << subprotocol;

    protocol::DriverOptions driverOptions;
    applyDeflate(deflate, driverOptions);
    driverOptions.server.subprotocols = {"chat.v1", "chat.v2"};

    // The peer runs its whole script (see peers/echo_client.*) while we echo.
    ServerSession session;
    session.serveEcho(command, QStringLiteral("/echo?from=") + peer, options, driverOptions);
    if (QTest::currentTestFailed())
        return;
    QVERIFY2(session.peer.waitForExit(PeerExitMs), "the peer client did not exit");
    QVERIFY2(session.peer.exitedCleanly(), qPrintable(session.peer.output()));

    const InteropSink &sink = session.sink;
    QCOMPARE(sink.openCount, 1);
    QCOMPARE(sink.lastOpen.request.path, std::string("/echo"));
    QCOMPARE(QString::fromStdString(sink.lastOpen.subprotocol), subprotocol);
    QCOMPARE(sink.lastOpen.deflate, deflate != Deflate::Off);
    if (deflate == Deflate::Strict) {
        // Both peers offer client_max_window_bits, so our 10 bits apply to both windows.
        const protocol::DeflateParams &params = sink.lastOpen.deflateParams;
        QVERIFY(params.serverNoContextTakeover);
        QVERIFY(params.clientNoContextTakeover);
        QCOMPARE(params.serverMaxWindowBits, 10);
        QCOMPARE(params.clientMaxWindowBits, 10);
    }
    QCOMPARE(sink.received.size(), std::size_t(7));
    QCOMPARE(sink.sent.size(), std::size_t(7));
    QVERIFY2(sink.largestFrameCount() >= 5, "the peer's fragmented message did not arrive in fragments");
    QVERIFY(sink.pingsReceived >= 1);
    QCOMPARE(sink.pingsAnswered, sink.pingsReceived);

    QCOMPARE(sink.closedCount, 1);
    QVERIFY(sink.lastClose.clean);
    QCOMPARE(sink.lastClose.initiator, protocol::Initiator::Remote);
    QCOMPARE(sink.lastClose.code, std::uint16_t(1000));
    QCOMPARE(sink.lastClose.reason, peer.toStdString() + " client done");
    QCOMPARE(sink.lastError.error, protocol::ProtocolError::None);
}

void TestInterop::unrequestedSubprotocolIsRejected_data()
{
    QTest::addColumn<QString>("peer");
    QTest::newRow("python websockets server answering a subprotocol we did not offer") << Python;
    QTest::newRow("node ws server answering a subprotocol we did not offer") << Node;
}

// Section 4.1, the client's checks of the answer: a Sec-WebSocket-Protocol the client did
// not offer fails the connection. The peers are told to add one to their 101 answer.
void TestInterop::unrequestedSubprotocolIsRejected()
{
    QFETCH(QString, peer);

    QString skipReason;
    PeerCommand command = peerCommand(peer, QStringLiteral("echo_server"), skipReason);
    if (!skipReason.isEmpty())
        QSKIP(qPrintable(skipReason));
    command.arguments << QStringLiteral("--force-subprotocol") << QStringLiteral("surprise");

    ClientSession session;
    session.connect(command, protocol::DriverOptions());
    if (QTest::currentTestFailed())
        return;
    const InteropSink &sink = session.sink;
    QCOMPARE(sink.openCount, 0);
    QCOMPARE(sink.handshakeFailures, 1);
    QCOMPARE(sink.lastHandshakeFailure.kind, protocol::HandshakeFailureKind::ResponseRejected);
    QCOMPARE(sink.lastHandshakeFailure.clientError, protocol::ClientHandshakeError::UnrequestedSubprotocol);
    QCOMPARE(sink.lastHandshakeFailure.status, 101);
    QVERIFY2(sink.lastHandshakeFailure.message.find("surprise") != std::string::npos,
             sink.lastHandshakeFailure.message.c_str());
    QCOMPARE(session.driver->state(), protocol::DriverState::Closed);
    QVERIFY(!session.driver->sendText("must not be sent"));

    // Our side hangs up; the peer sees the connection end and exits by itself.
    QVERIFY(session.connection->runUntil([&] { return session.connection->isShutDown(); }, StepTimeout));
    QVERIFY2(session.peer.waitForExit(PeerExitMs), "the peer server did not exit after we hung up");
}

QTEST_GUILESS_MAIN(TestInterop)
#include "tst_interop.moc"
