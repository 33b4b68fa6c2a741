// SPDX-License-Identifier: MIT
// The built-in echo server over loopback, driven by a client-role Driver (EchoTestClient)
// and by raw HTTP for the refusals: its certificate, echo, broadcast, subprotocols, deflate,
// limits and refusals. Every wait is bounded.
#include "support/EchoServerTestSupport.h"

#include <QElapsedTimer>

class tst_EchoServer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void selfSignedCertificate_data();
    void selfSignedCertificate();
    void echoesMessages_data();
    void echoesMessages();
    void echoesWithDeflate();
    void ignoresDeflateWhenOff();
    void selectsSubprotocol_data();
    void selectsSubprotocol();
    void reportsHandshake();
    void broadcastsToEveryClient();
    void closesOversizedMessageWith1009_data();
    void closesOversizedMessageWith1009();
    void closesAClientThatLeavesPingsUnanswered();
    void floodPathSendsWhatItIsAskedFor();
    void dropsSilentClient_data();
    void dropsSilentClient();
    void answersPlainGetWithPage();
    void refusesBadUpgrades_data();
    void refusesBadUpgrades();
};

// ---- certificate ---------------------------------------------------------------------------

void tst_EchoServer::selfSignedCertificate_data()
{
    QTest::addColumn<int>("keyType");
    QTest::addColumn<int>("keyAlgorithm");
    QTest::newRow("EC P-256") << int(SelfSignedCertificate::KeyType::EcP256) << int(QSsl::Ec);
    QTest::newRow("RSA 2048") << int(SelfSignedCertificate::KeyType::Rsa2048) << int(QSsl::Rsa);
}

void tst_EchoServer::selfSignedCertificate()
{
    QFETCH(int, keyType);
    QFETCH(int, keyAlgorithm);
    const SelfSignedCertificate made = SelfSignedCertificate::generate(SelfSignedCertificate::KeyType(keyType));
    QVERIFY2(!made.isNull(), qPrintable(made.errorString()));
    const QSslCertificate &certificate = made.certificate();
    QCOMPARE(int(made.privateKey().algorithm()), keyAlgorithm);
    QCOMPARE(certificate.version(), QByteArray("3"));
    // Issuer = subject. (QSslCertificate::isSelfSigned() asks OpenSSL, which calls a
    // certificate self-signed only when its keyUsage allows keyCertSign; ours, a CA:FALSE
    // leaf, does not. TLS clients still accept it as its own trust anchor, see below.)
    QCOMPARE(certificate.issuerDisplayName(), certificate.subjectDisplayName());
    QCOMPARE(certificate.issuerInfo(QSslCertificate::CommonName), QStringList{QStringLiteral("localhost")});

    const auto names = certificate.subjectAlternativeNames();
    QVERIFY(names.values(QSsl::DnsEntry).contains(QStringLiteral("localhost")));
    const QStringList addresses = names.values(QSsl::IpAddressEntry);
    QVERIFY2(addresses.contains(QStringLiteral("127.0.0.1")), qPrintable(addresses.join(u',')));
    QVERIFY2(addresses.contains(QStringLiteral("0:0:0:0:0:0:0:1")) || addresses.contains(QStringLiteral("::1")),
             qPrintable(addresses.join(u',')));

    const qint64 days = certificate.effectiveDate().daysTo(certificate.expiryDate());
    QVERIFY2(days >= 365 && days <= 366, qPrintable(QString::number(days)));
    QVERIFY(certificate.effectiveDate() <= QDateTime::currentDateTimeUtc());

    // CA:FALSE, digitalSignature, serverAuth: read back with OpenSSL itself.
    const QByteArray pem = made.certificatePem();
    BIO *bio = BIO_new_mem_buf(pem.constData(), int(pem.size()));
    X509 *x509 = PEM_read_bio_X509(bio, nullptr, nullptr, nullptr);
    BIO_free(bio);
    QVERIFY(x509 != nullptr);
    const auto freeX509 = qScopeGuard([x509] { X509_free(x509); });
    QVERIFY((X509_get_extension_flags(x509) & EXFLAG_BCONS) != 0); // basicConstraints present
    QVERIFY((X509_get_extension_flags(x509) & EXFLAG_CA) == 0);    // ... and CA:FALSE
    QVERIFY((X509_get_key_usage(x509) & KU_DIGITAL_SIGNATURE) != 0);
    QVERIFY((X509_get_key_usage(x509) & KU_KEY_CERT_SIGN) == 0);
    QCOMPARE(X509_get_extended_key_usage(x509) & XKU_SSL_SERVER, quint32(XKU_SSL_SERVER));
    QVERIFY(X509_check_host(x509, "localhost", 0, 0, nullptr) == 1);
    QVERIFY(X509_check_ip_asc(x509, "127.0.0.1", 0) == 1);
    QVERIFY(X509_check_ip_asc(x509, "::1", 0) == 1);
    QVERIFY(X509_check_host(x509, "example.com", 0, 0, nullptr) != 1);

    const QString fingerprint = made.fingerprint();
    QCOMPARE(fingerprint.size(), 32 * 3 - 1);
    QVERIFY(QRegularExpression(QStringLiteral("^([0-9A-F]{2}:){31}[0-9A-F]{2}$")).match(fingerprint).hasMatch());
    QCOMPARE(fingerprint, QString::fromLatin1(certificate.digest(QCryptographicHash::Sha256).toHex(':').toUpper()));
    // Two runs make two different certificates.
    QVERIFY(SelfSignedCertificate::generate(SelfSignedCertificate::KeyType(keyType)).fingerprint() != fingerprint);
}

// ---- echo ----------------------------------------------------------------------------------

void tst_EchoServer::echoesMessages_data()
{
    QTest::addColumn<bool>("isText");
    QTest::addColumn<QByteArray>("payload");
    QTest::addColumn<int>("fragments");
    const auto bytes = [](const std::string &s) { return QByteArray(s.data(), qsizetype(s.size())); };
    QTest::newRow("short text") << true << QByteArray("hello") << 1;
    QTest::newRow("empty text") << true << QByteArray() << 1;
    QTest::newRow("empty binary") << false << QByteArray() << 1;
    QTest::newRow("binary with zero bytes") << false << QByteArray("\0\1\2\0\xff", 5) << 1;
    QTest::newRow("text of 125 bytes (7-bit length)") << true << bytes(textOf(125)) << 1;
    QTest::newRow("text of 126 bytes (16-bit length)") << true << bytes(textOf(126)) << 1;
    QTest::newRow("binary of 65536 bytes (64-bit length)") << false << bytes(pattern(65536)) << 1;
    QTest::newRow("text in 5 fragments") << true << bytes(textOf(1000)) << 5;
    QTest::newRow("binary in 64 fragments") << false << bytes(pattern(100000)) << 64;
    QTest::newRow("binary of 1 MiB") << false << bytes(pattern(1 << 20)) << 1;
    QTest::newRow("binary of 16 MiB") << false << bytes(pattern(16 << 20)) << 1;
    QTest::newRow("text of 16 MiB in 3 fragments") << true << bytes(textOf(16 << 20)) << 3;
}

void tst_EchoServer::echoesMessages()
{
    QFETCH(bool, isText);
    QFETCH(QByteArray, payload);
    QFETCH(int, fragments);
    const auto server = startServer();
    QVERIFY(server->isListening());
    QCOMPARE(server->url().toString(), QStringLiteral("ws://127.0.0.1:%1/").arg(server->serverPort()));
    const auto client = connectClient(server->serverPort());
    QVERIFY(waitOpen(*client));

    const std::string message(payload.constData(), std::size_t(payload.size()));
    // Twice, so the second goes through buffers the first one left behind.
    for (int round = 0; round < 2; ++round) {
        QVERIFY(isText ? client->sendText(message, std::uint32_t(fragments))
                       : client->sendBinary(message, std::uint32_t(fragments)));
    }
    QVERIFY(waitMessages(*client, 2));
    for (const auto &received : client->messages) {
        QCOMPARE(received.isText, isText);
        QCOMPARE(received.payload.size(), message.size());
        QVERIFY(received.payload == message);
        QCOMPARE(received.frameCount, 1u); // echoed as one frame, whatever it came in
    }
    QVERIFY(client->close(1000));
    QVERIFY(QTest::qWaitFor([&] { return client->closed; }, WaitMs));
    QVERIFY(client->closeEvent.clean);
    QCOMPARE(client->closeEvent.code, quint16(1000));
    // The server closes the TCP connection first (RFC 6455 section 7.1.1).
    QVERIFY(QTest::qWaitFor([&] { return client->transportClosed; }, WaitMs));
    QTRY_COMPARE_WITH_TIMEOUT(server->clientCount(), 0, WaitMs);
}

void tst_EchoServer::echoesWithDeflate()
{
    EchoServerOptions options;
    options.deflate = true;
    const auto server = startServer(options);
    EchoTestClientOptions clientOptions;
    clientOptions.deflate = true;
    const auto client = connectClient(server->serverPort(), clientOptions);
    QVERIFY(waitOpen(*client));
    QVERIFY(client->open.deflate);
    QVERIFY2(QString::fromStdString(client->open.extensions).startsWith(QLatin1String("permessage-deflate")),
             client->open.extensions.c_str());

    const std::string text = textOf(200000);
    const std::string binary = pattern(70000);
    QVERIFY(client->sendText(text));
    QVERIFY(client->sendBinary(binary, 4));
    QVERIFY(client->sendText("small"));
    QVERIFY(waitMessages(*client, 3));
    QVERIFY(client->messages[0].payload == text);
    QVERIFY(client->messages[0].compressed);
    QVERIFY(client->messages[1].payload == binary);
    QCOMPARE(client->messages[2].payload, std::string("small"));
    // The repetitive text really was compressed on the way back.
    QVERIFY(client->driver()->bytesReceived() < text.size() / 4 + binary.size() + 1000);
}

void tst_EchoServer::ignoresDeflateWhenOff()
{
    const auto server = startServer();
    EchoTestClientOptions clientOptions;
    clientOptions.deflate = true;
    const auto client = connectClient(server->serverPort(), clientOptions);
    QVERIFY(waitOpen(*client));
    QVERIFY(!client->open.deflate);
    QVERIFY(client->open.extensions.empty());
    QVERIFY(client->sendText("plain"));
    QVERIFY(waitMessages(*client, 1));
    QVERIFY(!client->messages[0].compressed);
}

void tst_EchoServer::selectsSubprotocol_data()
{
    QTest::addColumn<QStringList>("offered");
    QTest::addColumn<QString>("selected");
    QTest::newRow("client offers both, server's first choice wins")
        << QStringList{QStringLiteral("superchat"), QStringLiteral("chat")} << QStringLiteral("chat");
    QTest::newRow("client offers the second only")
        << QStringList{QStringLiteral("superchat")} << QStringLiteral("superchat");
    QTest::newRow("client offers an unknown one") << QStringList{QStringLiteral("mqtt")} << QString();
    QTest::newRow("client offers none") << QStringList{} << QString();
}

void tst_EchoServer::selectsSubprotocol()
{
    QFETCH(QStringList, offered);
    QFETCH(QString, selected);
    EchoServerOptions options;
    options.subprotocols = {QStringLiteral("chat"), QStringLiteral("superchat")};
    const auto server = startServer(options);
    QSignalSpy handshakes(server.get(), &EchoServer::clientHandshake);
    EchoTestClientOptions clientOptions;
    clientOptions.subprotocols = offered;
    const auto client = connectClient(server->serverPort(), clientOptions);
    QVERIFY(waitOpen(*client));
    QCOMPARE(QString::fromStdString(client->open.subprotocol), selected);
    QTRY_COMPARE_WITH_TIMEOUT(handshakes.size(), 1, WaitMs);
    QCOMPARE(handshakes.at(0).at(5).toString(), selected);
}

void tst_EchoServer::reportsHandshake()
{
    const auto server = startServer();
    QSignalSpy connected(server.get(), &EchoServer::clientConnected);
    QSignalSpy handshakes(server.get(), &EchoServer::clientHandshake);
    EchoTestClientOptions clientOptions;
    clientOptions.resource = QStringLiteral("/feed/prices?symbol=ABC&depth=2");
    clientOptions.origin = QStringLiteral("https://app.example");
    clientOptions.extraHeaders = {{"X-Trace", "abc123"}};
    const auto client = connectClient(server->serverPort(), clientOptions);
    QVERIFY(waitOpen(*client));
    QTRY_COMPARE_WITH_TIMEOUT(handshakes.size(), 1, WaitMs);
    QCOMPARE(connected.size(), 1);
    const quint64 id = connected.at(0).at(0).toULongLong();
    QVERIFY(connected.at(0).at(1).toString().startsWith(QLatin1String("127.0.0.1:")));
    const QList<QVariant> handshake = handshakes.at(0);
    QCOMPARE(handshake.at(0).toULongLong(), id);
    QCOMPARE(handshake.at(1).toString(), QStringLiteral("/feed/prices"));
    QCOMPARE(handshake.at(2).toString(), QStringLiteral("symbol=ABC&depth=2"));
    QCOMPARE(handshake.at(3).toString(), QStringLiteral("https://app.example"));
    const auto headers = handshake.at(4).value<wsi::net::HttpHeaderList>();
    QVERIFY(headers.contains(qMakePair(QStringLiteral("X-Trace"), QStringLiteral("abc123"))));
    QCOMPARE(server->clientIds(), QList<quint64>{id});
    QCOMPARE(server->openClientCount(), 1);
}

void tst_EchoServer::broadcastsToEveryClient()
{
    EchoServerOptions options;
    options.mode = EchoMode::Broadcast;
    const auto server = startServer(options);
    std::vector<std::unique_ptr<EchoTestClient>> clients;
    for (int i = 0; i < 3; ++i) {
        clients.push_back(connectClient(server->serverPort()));
        QVERIFY(waitOpen(*clients.back()));
    }
    QTRY_COMPARE_WITH_TIMEOUT(server->openClientCount(), 3, WaitMs);
    QVERIFY(clients[0]->sendText("from the first"));
    for (const auto &client : clients)
        QVERIFY(waitMessages(*client, 1));
    QVERIFY(clients[2]->sendBinary(std::string("\x01\x02", 2)));
    for (const auto &client : clients) {
        QVERIFY(waitMessages(*client, 2));
        QCOMPARE(client->messages.size(), std::size_t(2)); // once each, the sender included
        QCOMPARE(client->messages[0].payload, std::string("from the first"));
        QVERIFY(client->messages[0].isText);
        QCOMPARE(client->messages[1].payload, std::string("\x01\x02", 2));
        QVERIFY(!client->messages[1].isText);
    }
}

// ---- limits and refusals -------------------------------------------------------------------

void tst_EchoServer::closesOversizedMessageWith1009_data()
{
    QTest::addColumn<int>("size");
    QTest::addColumn<int>("fragments");
    QTest::newRow("one byte over, one frame") << 1025 << 1;
    QTest::newRow("over in the third fragment") << 1500 << 3;
    QTest::newRow("4 MiB, most of it unread when the server closes") << (4 << 20) << 1;
}

// A keepalive that nobody answers is a dead client: after the ping timeout it is closed
// with 1011 and the log says why; a client that answers stays.
void tst_EchoServer::closesAClientThatLeavesPingsUnanswered()
{
    EchoServerOptions options;
    options.pingIntervalMs = 100;
    options.pingTimeoutMs = 250;
    const auto server = startServer(options);
    QSignalSpy closedSpy(server.get(), &EchoServer::clientClosed);
    bool logged = false;
    connect(server.get(), &EchoServer::trafficReported, this, [&](const wsi::net::EventBatch &batch) {
        for (const wsi::net::LogEvent &event : batch)
            logged = logged || (event.kind == wsi::net::EventKind::Error && event.text.startsWith(QLatin1String("ping-timeout: no pong within 250 ms")));
    });
    EchoTestClientOptions silent;
    silent.autoPong = false;
    const auto dead = connectClient(server->serverPort(), silent);
    const auto alive = connectClient(server->serverPort());
    QVERIFY(waitOpen(*dead) && waitOpen(*alive));
    QElapsedTimer clock;
    clock.start();
    QVERIFY(QTest::qWaitFor([&] { return dead->closed; }, WaitMs));
    QVERIFY2(clock.elapsed() >= 250, qPrintable(QString::number(clock.elapsed()))); // not before the timeout
    QCOMPARE(dead->closeEvent.code, quint16(1011));
    QVERIFY(dead->closeEvent.reason.find("no pong within 250 ms") != std::string::npos);
    QTRY_COMPARE_WITH_TIMEOUT(closedSpy.size(), 1, 2000);
    QCOMPARE(closedSpy.at(0).at(1).toUInt(), 1011u);
    QTest::qWait(400); // several more intervals: the client that answers stays
    QVERIFY(!alive->closed);
    QCOMPARE(closedSpy.size(), 1);
    QVERIFY(logged);
}

// /flood?count=N&size=S&type=text sends N messages of S bytes, then closes 1000; a rate
// spreads them out; a bad parameter closes with 1008 and says which.
void tst_EchoServer::floodPathSendsWhatItIsAskedFor()
{
    const auto server = startServer();
    EchoTestClientOptions flood;
    flood.resource = QStringLiteral("/flood?count=50&size=10&type=text");
    const auto client = connectClient(server->serverPort(), flood);
    QVERIFY(QTest::qWaitFor([&] { return client->closed; }, WaitMs));
    QCOMPARE(client->messages.size(), std::size_t(50));
    QVERIFY(client->messages.front().isText);
    QCOMPARE(client->messages.back().payload, std::string(10, 'x'));
    QCOMPARE(client->closeEvent.code, quint16(1000));
    QCOMPARE(client->closeEvent.reason, std::string("flood done"));

    EchoTestClientOptions paced;
    paced.resource = QStringLiteral("/flood?count=5&size=1&rate=50");
    QElapsedTimer clock;
    clock.start();
    const auto slow = connectClient(server->serverPort(), paced);
    QVERIFY(QTest::qWaitFor([&] { return slow->closed; }, WaitMs));
    QCOMPARE(slow->messages.size(), std::size_t(5));
    QVERIFY(!slow->messages.front().isText); // binary unless asked
    QVERIFY2(clock.elapsed() >= 75, qPrintable(QString::number(clock.elapsed()))); // 4 gaps of 20 ms

    EchoTestClientOptions bad;
    bad.resource = QStringLiteral("/flood?size=lots");
    const auto refused = connectClient(server->serverPort(), bad);
    QVERIFY(QTest::qWaitFor([&] { return refused->closed; }, WaitMs));
    QCOMPARE(refused->closeEvent.code, quint16(1008));
    QVERIFY(refused->closeEvent.reason.find("/flood: size wants bytes") == 0);
}

void tst_EchoServer::closesOversizedMessageWith1009()
{
    QFETCH(int, size);
    QFETCH(int, fragments);
    EchoServerOptions options;
    options.maxMessageSize = 1024;
    const auto server = startServer(options);
    QSignalSpy closedSpy(server.get(), &EchoServer::clientClosed);
    const auto client = connectClient(server->serverPort());
    QVERIFY(waitOpen(*client));
    QVERIFY(client->sendBinary(pattern(1024))); // exactly the limit: fine
    QVERIFY(waitMessages(*client, 1));
    QVERIFY(client->sendBinary(pattern(std::size_t(size)), std::uint32_t(fragments)));
    QVERIFY(QTest::qWaitFor([&] { return client->closed; }, WaitMs));
    QCOMPARE(client->closeEvent.code, quint16(1009));
    QVERIFY(client->closeEvent.initiator == wsi::protocol::Initiator::Remote);
    // The unread rest is discarded, so the server sees the client's FIN well before its
    // 2 s lingering-close limit.
    QTRY_COMPARE_WITH_TIMEOUT(closedSpy.size(), 1, 1500);
    // The server failed the connection (it sent 1009) without waiting for the client's
    // close: its connection code is 1006 (RFC 6455 section 7.1.5).
    QCOMPARE(closedSpy.at(0).at(1).toUInt(), 1006u);
}

void tst_EchoServer::dropsSilentClient_data()
{
    QTest::addColumn<bool>("tls");
    QTest::newRow("ws: a head that never ends") << false;
    QTest::newRow("wss: no TLS hello at all") << true;
}

void tst_EchoServer::dropsSilentClient()
{
    QFETCH(bool, tls);
    EchoServerOptions options;
    options.tls = tls;
    options.handshakeTimeoutMs = 300;
    const auto server = startServer(options);
    QSignalSpy closedSpy(server.get(), &EchoServer::clientClosed);
    QTcpSocket silent;
    QElapsedTimer timer;
    timer.start();
    silent.connectToHost(QHostAddress::LocalHost, server->serverPort());
    QVERIFY(silent.waitForConnected(WaitMs));
    if (!tls)
        silent.write("GET / HTTP/1.1\r\nHost: x\r\n"); // a head that never ends
    QVERIFY(QTest::qWaitFor([&] { return silent.state() == QAbstractSocket::UnconnectedState; }, WaitMs));
    const qint64 elapsed = timer.elapsed();
    QVERIFY2(elapsed >= 250 && elapsed < 3000, qPrintable(QString::number(elapsed)));
    QTRY_COMPARE_WITH_TIMEOUT(closedSpy.size(), 1, WaitMs);
    QCOMPARE(closedSpy.at(0).at(1).toUInt(), 1006u);
    QVERIFY2(closedSpy.at(0).at(2).toString().contains(QLatin1String("handshake")),
             qPrintable(closedSpy.at(0).at(2).toString()));
    QCOMPARE(server->clientCount(), 0);
}

void tst_EchoServer::answersPlainGetWithPage()
{
    const auto server = startServer();
    const QByteArray answer = rawExchange(server->serverPort(),
                                          "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/html\r\n\r\n");
    QVERIFY2(answer.startsWith("HTTP/1.1 200 OK\r\n"), answer.left(200).constData());
    QVERIFY(answer.contains("Content-Type: text/html"));
    const qsizetype split = answer.indexOf("\r\n\r\n");
    QVERIFY(split > 0);
    const QByteArray body = answer.mid(split + 4);
    QVERIFY(body.contains("wsinspect echo server"));
    QVERIFY(body.contains(server->url().toString().toUtf8()));
    QVERIFY(answer.contains(QByteArray("Content-Length: " + QByteArray::number(body.size()) + "\r\n")));
}

void tst_EchoServer::refusesBadUpgrades_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<QByteArray>("statusLine");
    QTest::addColumn<QByteArray>("header");
    const QByteArray base = "GET /chat HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n";
    const QByteArray key = "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n";
    QTest::newRow("upgrade without a key") << base + "Sec-WebSocket-Version: 13\r\n\r\n"
                                           << QByteArray("HTTP/1.1 400") << QByteArray();
    QTest::newRow("key that is not 16 bytes") << base + "Sec-WebSocket-Key: c2hvcnQ=\r\nSec-WebSocket-Version: 13\r\n\r\n"
                                              << QByteArray("HTTP/1.1 400") << QByteArray();
    QTest::newRow("version 12") << base + key + "Sec-WebSocket-Version: 12\r\n\r\n"
                                << QByteArray("HTTP/1.1 426") << QByteArray("Sec-WebSocket-Version: 13");
    QTest::newRow("20 KiB of headers") << base + key + "Sec-WebSocket-Version: 13\r\nX-Big: " + QByteArray(20 * 1024, 'a') + "\r\n\r\n"
                                       << QByteArray("HTTP/1.1 431") << QByteArray();
    QTest::newRow("not HTTP at all") << QByteArray("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\r\n\r\n", 13)
                                     << QByteArray("HTTP/1.1 400") << QByteArray();
}

void tst_EchoServer::refusesBadUpgrades()
{
    QFETCH(QByteArray, request);
    QFETCH(QByteArray, statusLine);
    QFETCH(QByteArray, header);
    const auto server = startServer();
    QSignalSpy closedSpy(server.get(), &EchoServer::clientClosed);
    const QByteArray answer = rawExchange(server->serverPort(), request);
    QVERIFY2(answer.startsWith(statusLine), answer.left(200).constData());
    if (!header.isEmpty())
        QVERIFY2(answer.contains(QByteArray(header + "\r\n")), answer.constData());
    QTRY_COMPARE_WITH_TIMEOUT(closedSpy.size(), 1, WaitMs);
    QVERIFY(!closedSpy.at(0).at(3).toBool());
}

QTEST_GUILESS_MAIN(tst_EchoServer)
#include "tst_echoserver.moc"
