// SPDX-License-Identifier: MIT
// net::Connection when things go wrong: every timeout with its message, non-101 answers
// and their diagnosis, remote closes, dropped transports and protocol errors.
#include "support/ConnectionTestOptions.h"

class TestConnectionFailures : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { registerMetaTypes(); }

    // ---- timeouts
    void openTimeoutFires();
    void connectTimeoutFiresDuringTls();
    void writeTimeoutFires();
    void pingTimeoutFires();
    void closeTimeoutFires();

    // ---- the upgrade answer
    void diagnosesRefusedUpgrades_data();
    void diagnosesRefusedUpgrades();

    // ---- closing
    void reportsRemoteClose();
    void reportsDroppedTransport();
    void rawFrameProvokesProtocolClose();
};

// ---- timeouts ------------------------------------------------------------------------------

void TestConnectionFailures::openTimeoutFires()
{
    MiniServer server(behaving(MiniServer::Behaviour::Silent));
    QVERIFY(server.start());
    ConnectionOptions options = optionsFor(server.url());
    options.openTimeoutMs = 300;
    ConnectionHarness harness(options);
    harness.open();
    QVERIFY(harness.waitFinished());
    QCOMPARE(harness.firstErrorId(), QStringLiteral("open-timeout"));
    QCOMPARE(harness.firstErrorMessage(), QStringLiteral("no answer to the upgrade request within 300 ms (open timeout)"));
    QCOMPARE(harness.firstError().phase, ErrorPhase::Upgrade);
    QCOMPARE(harness.firstError().waitedMs, 300);
    QCOMPARE(harness.firstClose().initiator, CloseInitiator::Local);
    // It waited at least as long as it says.
    const qint64 upgradingAt = harness.states.at(harness.statesSeen().indexOf(ConnectionState::Upgrading)).second;
    QVERIFY(harness.firstError().timeNs - upgradingAt >= 300 * 1000000ll);
}

void TestConnectionFailures::connectTimeoutFiresDuringTls()
{
    // A server that accepts TCP but never speaks TLS.
    MiniServer server(behaving(MiniServer::Behaviour::Silent));
    QVERIFY(server.start());
    ConnectionOptions options = optionsFor(QStringLiteral("wss://127.0.0.1:%1/").arg(server.serverPort()));
    options.connectTimeoutMs = 300;
    ConnectionHarness harness(options);
    harness.open();
    QVERIFY(harness.waitFinished());
    QCOMPARE(harness.firstErrorId(), QStringLiteral("connect-timeout"));
    QCOMPARE(harness.firstErrorMessage(),
             QStringLiteral("no TLS handshake with 127.0.0.1:%1 within 300 ms (connect timeout)").arg(server.serverPort()));
    QCOMPARE(harness.firstError().phase, ErrorPhase::Tls);
}

void TestConnectionFailures::writeTimeoutFires()
{
    MiniServer server(behaving(MiniServer::Behaviour::StopReading));
    QVERIFY(server.start());
    ConnectionOptions options = optionsFor(server.url());
    options.writeTimeoutMs = 400;
    options.eventDetail = EventDetail::CountersOnly;
    ConnectionHarness harness(options);
    harness.open();
    QVERIFY(harness.waitOpen());
    // More than the kernel buffers on both ends hold.
    harness.thread().sendBinary(QByteArray(48 * 1024 * 1024, 'w'));
    QVERIFY(harness.waitFinished(20000));
    QCOMPARE(harness.firstErrorId(), QStringLiteral("write-timeout"));
    const QRegularExpression expected(QStringLiteral("^\\d+ bytes could not be written within 400 ms \\(write timeout\\)$"));
    QVERIFY2(expected.match(harness.firstErrorMessage()).hasMatch(), qPrintable(harness.firstErrorMessage()));
    QCOMPARE(harness.firstError().phase, ErrorPhase::Write);
}

void TestConnectionFailures::pingTimeoutFires()
{
    MiniServer server(behaving(MiniServer::Behaviour::NoPong));
    QVERIFY(server.start());
    ConnectionOptions options = optionsFor(server.url());
    options.pingIntervalMs = 100;
    options.pingTimeoutMs = 300;
    ConnectionHarness harness(options);
    harness.open();
    QVERIFY(harness.waitFinished());
    QCOMPARE(harness.firstErrorId(), QStringLiteral("ping-timeout"));
    QCOMPARE(harness.firstErrorMessage(), QStringLiteral("no pong for ping #1 within 300 ms (ping timeout)"));
    QCOMPARE(harness.firstError().phase, ErrorPhase::Ping);
    QVERIFY(server.pingsReceived() >= 1);
    QCOMPARE(harness.lastPingStats.lost(), 1);
    QCOMPARE(harness.lastPingStats.received(), 0);
}

void TestConnectionFailures::closeTimeoutFires()
{
    MiniServer server(behaving(MiniServer::Behaviour::NoCloseAnswer));
    QVERIFY(server.start());
    ConnectionOptions options = optionsFor(server.url());
    options.closeTimeoutMs = 300;
    ConnectionHarness harness(options);
    harness.open();
    QVERIFY(harness.waitOpen());
    harness.thread().close(1000);
    QVERIFY(harness.waitFinished());
    QCOMPARE(harness.firstErrorId(), QStringLiteral("close-timeout"));
    QCOMPARE(harness.firstErrorMessage(), QStringLiteral("no close frame answered ours within 300 ms (close timeout)"));
    QVERIFY(!harness.firstClose().clean);
}

// ---- the upgrade answer --------------------------------------------------------------------

void TestConnectionFailures::diagnosesRefusedUpgrades_data()
{
    QTest::addColumn<QByteArray>("answer");
    QTest::addColumn<QString>("errorId");
    QTest::addColumn<QString>("message");
    QTest::addColumn<QString>("diagnosisPart");
    QTest::addColumn<QByteArray>("body");
    QTest::newRow("404 not found") << cannedResponse("HTTP/1.1 404 Not Found", "", "no such path")
                                   << QStringLiteral("not-switching-protocols")
                                   << QStringLiteral("the server refused the upgrade: HTTP/1.1 404 Not Found")
                                   << QStringLiteral("no WebSocket endpoint at this path (404)") << QByteArray("no such path");
    QTest::newRow("401 with challenge") << cannedResponse("HTTP/1.1 401 Unauthorized", "WWW-Authenticate: Bearer\r\n", "")
                                        << QStringLiteral("not-switching-protocols")
                                        << QStringLiteral("the server refused the upgrade: HTTP/1.1 401 Unauthorized")
                                        << QStringLiteral("authentication required (401, WWW-Authenticate: Bearer)") << QByteArray();
    QTest::newRow("403 forbidden") << cannedResponse("HTTP/1.1 403 Forbidden", "", "")
                                   << QStringLiteral("not-switching-protocols")
                                   << QStringLiteral("the server refused the upgrade: HTTP/1.1 403 Forbidden")
                                   << QStringLiteral("try --origin") << QByteArray();
    QTest::newRow("302 redirect to https") << cannedResponse("HTTP/1.1 302 Found", "Location: https://other.example/ws\r\n", "")
                                           << QStringLiteral("not-switching-protocols")
                                           << QStringLiteral("the server refused the upgrade: HTTP/1.1 302 Found")
                                           << QStringLiteral("connect to wss://other.example/ws instead") << QByteArray();
    QTest::newRow("426 other version") << cannedResponse("HTTP/1.1 426 Upgrade Required", "Sec-WebSocket-Version: 8\r\n", "")
                                       << QStringLiteral("not-switching-protocols")
                                       << QStringLiteral("the server refused the upgrade: HTTP/1.1 426 Upgrade Required")
                                       << QStringLiteral("the server wants WebSocket version 8 (426)") << QByteArray();
    QTest::newRow("200 plain http through a proxy")
        << cannedResponse("HTTP/1.1 200 OK", "Via: 1.1 squid\r\n", "<html>hello</html>") << QStringLiteral("not-switching-protocols")
        << QStringLiteral("the server refused the upgrade: HTTP/1.1 200 OK")
        << QStringLiteral("plain HTTP server (200)") << QByteArray("<html>hello</html>");
    QTest::newRow("101 with a wrong accept")
        << QByteArray("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                      "Sec-WebSocket-Accept: AAAAAAAAAAAAAAAAAAAAAAAAAAA=\r\n\r\n")
        << QStringLiteral("wrong-accept") << QString() << QStringLiteral("a proxy or cache may have altered the handshake")
        << QByteArray();
    QTest::newRow("not http at all") << QByteArray("SSH-2.0-OpenSSH_9.2\r\n\r\n") << QStringLiteral("malformed-response")
                                     << QString() << QStringLiteral("the answer is not HTTP") << QByteArray();
}

void TestConnectionFailures::diagnosesRefusedUpgrades()
{
    QFETCH(QByteArray, answer);
    QFETCH(QString, errorId);
    QFETCH(QString, message);
    QFETCH(QString, diagnosisPart);
    QFETCH(QByteArray, body);
    MiniServer::Options serverOptions = behaving(MiniServer::Behaviour::Canned);
    serverOptions.canned = answer;
    MiniServer server(serverOptions);
    QVERIFY(server.start());
    ConnectionHarness harness(optionsFor(server.url()));
    harness.open();
    QVERIFY(harness.waitFinished());
    QCOMPARE(harness.firstErrorId(), errorId);
    QCOMPARE(harness.firstError().phase, ErrorPhase::Upgrade);
    if (!message.isEmpty())
        QCOMPARE(harness.firstErrorMessage(), message);
    QCOMPARE(harness.handshakes.size(), 1);
    const HandshakeInfo &info = harness.firstHandshake();
    QVERIFY(!info.accepted);
    QVERIFY2(info.diagnosis.contains(diagnosisPart), qPrintable(info.diagnosis));
    QCOMPARE(harness.firstError().hint, info.diagnosis);
    QCOMPARE(info.bodyPreview, body);
    QVERIFY(info.rawRequest.startsWith("GET / HTTP/1.1\r\n"));
    QVERIFY(answer.startsWith(info.rawResponse.left(12)));
}

// ---- closing -------------------------------------------------------------------------------

void TestConnectionFailures::reportsRemoteClose()
{
    MiniServer::Options serverOptions = behaving(MiniServer::Behaviour::CloseAfterOpen);
    serverOptions.closeCode = 4000;
    serverOptions.closeReason = "bye now";
    MiniServer server(serverOptions);
    QVERIFY(server.start());
    ConnectionHarness harness(optionsFor(server.url()));
    harness.open();
    QVERIFY(harness.waitFinished());
    QVERIFY(harness.errors.isEmpty());
    const CloseInfo close = harness.firstClose();
    QCOMPARE(close.code, quint16(4000));
    QCOMPARE(close.reason, QStringLiteral("bye now"));
    QCOMPARE(close.initiator, CloseInitiator::Remote);
    QVERIFY(close.clean);
    QVERIFY(harness.statesSeen().contains(ConnectionState::Closing));
}

void TestConnectionFailures::reportsDroppedTransport()
{
    MiniServer server(behaving(MiniServer::Behaviour::DropAfterOpen));
    QVERIFY(server.start());
    ConnectionHarness harness(optionsFor(server.url()));
    harness.open();
    QVERIFY(harness.waitFinished());
    const CloseInfo close = harness.firstClose();
    QCOMPARE(close.code, quint16(1006));
    QCOMPARE(close.initiator, CloseInitiator::Transport);
    QVERIFY(!close.clean);
    QCOMPARE(close.reason, QStringLiteral("connection closed without a close frame"));
}

void TestConnectionFailures::rawFrameProvokesProtocolClose()
{
    MiniServer server(behaving(MiniServer::Behaviour::Echo));
    QVERIFY(server.start());
    ConnectionHarness harness(optionsFor(server.url()));
    harness.open();
    QVERIFY(harness.waitOpen());
    wsi::protocol::RawFrame frame;
    frame.header.opcode = 0x3; // reserved (RFC 6455 section 5.2)
    frame.header.masked = true;
    frame.payload = "?";
    Connection *connection = harness.connection();
    QMetaObject::invokeMethod(connection, [=] { connection->sendRawFrame(frame); }, Qt::QueuedConnection);
    QVERIFY(harness.waitFinished());
    const CloseInfo close = harness.firstClose();
    QCOMPARE(close.code, quint16(1002));
    QCOMPARE(close.initiator, CloseInitiator::Remote);
    const QVector<LogEvent> frames = harness.eventsOf(EventKind::Frame, EventDirection::Outgoing);
    QVERIFY(!frames.isEmpty());
    QCOMPARE(frames.first().opcode, quint8(0x3));
    QVERIFY(frames.first().flags & FrameFlag::Masked);
}

QTEST_GUILESS_MAIN(TestConnectionFailures)
#include "tst_connectionfailures.moc"
