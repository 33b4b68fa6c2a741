// SPDX-License-Identifier: MIT
// The built-in echo server over wss:// (self-signed and given certificates), and the
// faults it injects: chosen close codes, dropped connections, long reasons, keepalive, delays.
#include "support/EchoServerTestSupport.h"

class tst_EchoServerTls : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void servesWssWithSelfSignedCertificate_data();
    void servesWssWithSelfSignedCertificate();
    void servesWssWithGivenCertificate();
    void closesClientWithChosenCode();
    void closeAllUsesOneCodeForEveryone();
    void dropsTcpConnection();
    void cutsLongCloseReason();
    void sendsKeepalivePings();
    void delaysReplies();
};

// ---- TLS -----------------------------------------------------------------------------------

void tst_EchoServerTls::servesWssWithSelfSignedCertificate_data()
{
    QTest::addColumn<QString>("verifyName");
    QTest::newRow("verified as localhost") << QStringLiteral("localhost");
    QTest::newRow("verified as 127.0.0.1") << QString();
}

void tst_EchoServerTls::servesWssWithSelfSignedCertificate()
{
    QFETCH(QString, verifyName);
    if (!QSslSocket::supportsSsl())
        QSKIP("no TLS backend");
    EchoServerOptions options;
    options.tls = true;
    const auto server = startServer(options);
    QVERIFY(server->isListening());
    QCOMPARE(server->url().scheme(), QStringLiteral("wss"));
    QVERIFY(server->isSelfSigned());
    QCOMPARE(server->certificateFingerprint().size(), 95);

    EchoTestClientOptions clientOptions;
    clientOptions.tls = true;
    clientOptions.caCertificates = {server->certificate()};
    clientOptions.verifyName = verifyName;
    const auto client = connectClient(server->serverPort(), clientOptions);
    QVERIFY2(waitOpen(*client), qPrintable(client->sslErrors.join(u';') + client->socketError));
    QVERIFY(client->sslErrors.isEmpty());
    const std::string big = pattern(3 << 20);
    QVERIFY(client->sendText("over TLS"));
    QVERIFY(client->sendBinary(big));
    QVERIFY(waitMessages(*client, 2));
    QCOMPARE(client->messages[0].payload, std::string("over TLS"));
    QVERIFY(client->messages[1].payload == big);
    QVERIFY(client->close(1000));
    QVERIFY(QTest::qWaitFor([&] { return client->closed; }, WaitMs));
    QVERIFY2(client->closeEvent.clean, qPrintable(QStringLiteral("code %1, socket: %2").arg(client->closeEvent.code).arg(client->socketError)));
}

void tst_EchoServerTls::servesWssWithGivenCertificate()
{
    if (!QSslSocket::supportsSsl())
        QSKIP("no TLS backend");
    const SelfSignedCertificate made = SelfSignedCertificate::generate(SelfSignedCertificate::KeyType::Rsa2048);
    QVERIFY(!made.isNull());
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QFile certificateFile(dir.filePath(QStringLiteral("server.pem")));
    QFile keyFile(dir.filePath(QStringLiteral("server.key")));
    QVERIFY(certificateFile.open(QIODevice::WriteOnly) && keyFile.open(QIODevice::WriteOnly));
    certificateFile.write(made.certificatePem());
    keyFile.write(made.privateKeyPem());
    certificateFile.close();
    keyFile.close();

    EchoServerOptions options;
    options.tls = true;
    options.certificateFile = certificateFile.fileName();
    options.keyFile = keyFile.fileName();
    const auto server = startServer(options);
    QVERIFY(server->isListening());
    QVERIFY(!server->isSelfSigned());
    QCOMPARE(server->certificateFingerprint(), made.fingerprint());

    EchoTestClientOptions clientOptions;
    clientOptions.tls = true;
    clientOptions.caCertificates = {made.certificate()};
    clientOptions.verifyName = QStringLiteral("localhost");
    const auto client = connectClient(server->serverPort(), clientOptions);
    QVERIFY2(waitOpen(*client), qPrintable(client->sslErrors.join(u';') + client->socketError));
    QVERIFY(client->sendText("given certificate"));
    QVERIFY(waitMessages(*client, 1));

    // A key file without a key is refused at start, with the file named.
    options.keyFile = certificateFile.fileName();
    EchoServer broken;
    broken.setOptions(options);
    QVERIFY(!broken.start());
    QVERIFY2(broken.lastError().contains(certificateFile.fileName()), qPrintable(broken.lastError()));
}

// ---- faults --------------------------------------------------------------------------------

void tst_EchoServerTls::closesClientWithChosenCode()
{
    const auto server = startServer();
    QSignalSpy closedSpy(server.get(), &EchoServer::clientClosed);
    const auto keep = connectClient(server->serverPort());
    const auto victim = connectClient(server->serverPort());
    QVERIFY(waitOpen(*keep));
    QVERIFY(waitOpen(*victim));
    QTRY_COMPARE_WITH_TIMEOUT(server->openClientCount(), 2, WaitMs);
    const quint64 victimId = server->clientIds().last();
    QVERIFY(server->closeClient(victimId, 4001, QStringLiteral("fault: chosen code")));
    QVERIFY(!server->closeClient(9999, 4001, QString()));
    QVERIFY(server->closeClient(victimId, 4002, QStringLiteral("second close, ignored")));
    QVERIFY(QTest::qWaitFor([&] { return victim->closed; }, WaitMs));
    QCOMPARE(victim->closeEvent.code, quint16(4001));
    QCOMPARE(victim->closeEvent.reason, std::string("fault: chosen code"));
    QVERIFY(victim->closeEvent.clean);
    QVERIFY(victim->closeEvent.initiator == wsi::protocol::Initiator::Remote);
    QTRY_COMPARE_WITH_TIMEOUT(closedSpy.size(), 1, WaitMs);
    QCOMPARE(closedSpy.at(0).at(0).toULongLong(), victimId);
    QCOMPARE(closedSpy.at(0).at(1).toUInt(), 4001u);
    QVERIFY(closedSpy.at(0).at(3).toBool());
    // The other client is untouched.
    QVERIFY(!keep->closed);
    QVERIFY(keep->sendText("still here"));
    QVERIFY(waitMessages(*keep, 1));
}

void tst_EchoServerTls::closeAllUsesOneCodeForEveryone()
{
    const auto server = startServer();
    std::vector<std::unique_ptr<EchoTestClient>> clients;
    for (int i = 0; i < 3; ++i) {
        clients.push_back(connectClient(server->serverPort()));
        QVERIFY(waitOpen(*clients.back()));
    }
    QTRY_COMPARE_WITH_TIMEOUT(server->openClientCount(), 3, WaitMs);
    server->closeAll(1001, QStringLiteral("going away"));
    server->closeAll(4000, QStringLiteral("again")); // already closing: changes nothing
    for (const auto &client : clients) {
        QVERIFY(QTest::qWaitFor([&] { return client->closed; }, WaitMs));
        QCOMPARE(client->closeEvent.code, quint16(1001));
        QVERIFY(client->closeEvent.clean);
    }
    QTRY_COMPARE_WITH_TIMEOUT(server->clientCount(), 0, WaitMs);
}

void tst_EchoServerTls::dropsTcpConnection()
{
    const auto server = startServer();
    QSignalSpy closedSpy(server.get(), &EchoServer::clientClosed);
    const auto client = connectClient(server->serverPort());
    QVERIFY(waitOpen(*client));
    QTRY_COMPARE_WITH_TIMEOUT(server->openClientCount(), 1, WaitMs);
    QVERIFY(server->dropClient(server->clientIds().first()));
    QVERIFY(QTest::qWaitFor([&] { return client->closed; }, WaitMs));
    QCOMPARE(client->closeEvent.code, quint16(1006));
    QVERIFY(!client->closeEvent.clean);
    QCOMPARE(closedSpy.size(), 1); // reported at once, not when a timer notices
    QCOMPARE(closedSpy.at(0).at(1).toUInt(), 1006u);
    QVERIFY(!closedSpy.at(0).at(3).toBool());
    QVERIFY(!server->dropClient(12345));
}

void tst_EchoServerTls::cutsLongCloseReason()
{
    const auto server = startServer();
    const auto client = connectClient(server->serverPort());
    QVERIFY(waitOpen(*client));
    QTRY_COMPARE_WITH_TIMEOUT(server->openClientCount(), 1, WaitMs);
    // 100 two-byte characters: 200 bytes, more than a close frame holds (section 5.5).
    QVERIFY(server->closeClient(server->clientIds().first(), 4003, QString(100, QChar(0x00e9))));
    QVERIFY(QTest::qWaitFor([&] { return client->closed; }, WaitMs));
    QCOMPARE(client->closeEvent.code, quint16(4003));
    QCOMPARE(client->closeEvent.reason, QString(61, QChar(0x00e9)).toStdString()); // 122 bytes
    QVERIFY(client->closeEvent.clean);
}

void tst_EchoServerTls::sendsKeepalivePings()
{
    EchoServerOptions options;
    options.pingIntervalMs = 50;
    const auto server = startServer(options);
    QSignalSpy batches(server.get(), &EchoServer::trafficReported);
    const auto client = connectClient(server->serverPort());
    QVERIFY(waitOpen(*client));
    QVERIFY(QTest::qWaitFor([&] { return client->pings >= 3; }, WaitMs));
    // The client's driver answered each; the server matched the pongs to its pings.
    bool sawMatchedPong = false;
    QVERIFY(QTest::qWaitFor([&] {
        for (const QList<QVariant> &signal : std::as_const(batches))
            for (const wsi::net::LogEvent &event : signal.at(0).value<EventBatch>())
                sawMatchedPong = sawMatchedPong || (event.kind == EventKind::Pong && event.pingId > 0 && event.rttNs >= 0);
        return sawMatchedPong;
    }, WaitMs));
}

void tst_EchoServerTls::delaysReplies()
{
    EchoServerOptions options;
    options.replyDelayMs = 200;
    const auto server = startServer(options);
    const auto client = connectClient(server->serverPort());
    QVERIFY(waitOpen(*client));
    QElapsedTimer timer;
    timer.start();
    for (int i = 0; i < 3; ++i)
        QVERIFY(client->sendText("delayed " + std::to_string(i)));
    QVERIFY(waitMessages(*client, 1));
    const qint64 first = timer.elapsed();
    QVERIFY2(first >= 190, qPrintable(QString::number(first)));
    QVERIFY(waitMessages(*client, 3));
    for (int i = 0; i < 3; ++i)
        QCOMPARE(client->messages[std::size_t(i)].payload, "delayed " + std::to_string(i));
}

QTEST_GUILESS_MAIN(tst_EchoServerTls)
#include "tst_echoservertls.moc"
