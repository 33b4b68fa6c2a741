// SPDX-License-Identifier: MIT
// The built-in echo server over loopback, driven by a client-role Driver (EchoTestClient)
// and by raw HTTP for the refusals. Every wait is bounded.
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

namespace {

constexpr int WaitMs = 10000;

std::string pattern(std::size_t size, std::uint32_t seed = 7)
{
    std::string bytes(size, '\0');
    std::mt19937 random(seed);
    for (char &c : bytes)
        c = char(random() & 0xFF);
    return bytes;
}

std::string textOf(std::size_t size)
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
QByteArray rawExchange(quint16 port, const QByteArray &request, int timeoutMs = WaitMs)
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

std::unique_ptr<EchoTestClient> connectClient(quint16 port, EchoTestClientOptions options = {})
{
    auto client = std::make_unique<EchoTestClient>(std::move(options));
    client->connectTo(port);
    return client;
}

bool waitOpen(const EchoTestClient &client)
{
    return QTest::qWaitFor([&] { return client.opened || client.closed; }, WaitMs) && client.opened;
}

bool waitMessages(const EchoTestClient &client, std::size_t count)
{
    return QTest::qWaitFor([&] { return client.messages.size() >= count || client.closed; }, WaitMs)
        && client.messages.size() >= count;
}

} // namespace

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
    void dropsSilentClient_data();
    void dropsSilentClient();
    void answersPlainGetWithPage();
    void refusesBadUpgrades_data();
    void refusesBadUpgrades();
    void servesWssWithSelfSignedCertificate_data();
    void servesWssWithSelfSignedCertificate();
    void servesWssWithGivenCertificate();
    void closesClientWithChosenCode();
    void closeAllUsesOneCodeForEveryone();
    void dropsTcpConnection();
    void cutsLongCloseReason();
    void sendsKeepalivePings();
    void delaysReplies();
    void batchesTrafficReports();
    void reportsNothingWhenTrafficOff();
    void reportsOnlyWhileSomeoneListens();
    void echoesSameBytesWhetherReportedOrNot_data();
    void echoesSameBytesWhetherReportedOrNot();
    void refusesBadHost();
    void restartsAfterStop();
    void echoesForPythonWebsockets_data();
    void echoesForPythonWebsockets();
    void raisesOpenFileLimit();
    void serves1000ClientsAtOnce();

private:
    std::unique_ptr<EchoServer> startServer(EchoServerOptions options = {});
};

std::unique_ptr<EchoServer> tst_EchoServer::startServer(EchoServerOptions options)
{
    auto server = std::make_unique<EchoServer>();
    server->setOptions(options);
    if (!server->start())
        qWarning("server did not start: %s", qPrintable(server->lastError()));
    return server;
}

// ---- certificate -----------------------------------------------------------------------

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

// ---- echo ------------------------------------------------------------------------------

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

// ---- limits and refusals ---------------------------------------------------------------

void tst_EchoServer::closesOversizedMessageWith1009_data()
{
    QTest::addColumn<int>("size");
    QTest::addColumn<int>("fragments");
    QTest::newRow("one byte over, one frame") << 1025 << 1;
    QTest::newRow("over in the third fragment") << 1500 << 3;
    QTest::newRow("4 MiB, most of it unread when the server closes") << (4 << 20) << 1;
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
    QCOMPARE(closedSpy.at(0).at(1).toUInt(), 1009u);
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

// ---- TLS -------------------------------------------------------------------------------

void tst_EchoServer::servesWssWithSelfSignedCertificate_data()
{
    QTest::addColumn<QString>("verifyName");
    QTest::newRow("verified as localhost") << QStringLiteral("localhost");
    QTest::newRow("verified as 127.0.0.1") << QString();
}

void tst_EchoServer::servesWssWithSelfSignedCertificate()
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

void tst_EchoServer::servesWssWithGivenCertificate()
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

// ---- faults ----------------------------------------------------------------------------

void tst_EchoServer::closesClientWithChosenCode()
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

void tst_EchoServer::closeAllUsesOneCodeForEveryone()
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

void tst_EchoServer::dropsTcpConnection()
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

void tst_EchoServer::cutsLongCloseReason()
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

void tst_EchoServer::sendsKeepalivePings()
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

void tst_EchoServer::delaysReplies()
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

// ---- reporting -------------------------------------------------------------------------

void tst_EchoServer::batchesTrafficReports()
{
    const auto server = startServer();
    int signalCount = 0;
    EventBatch all;
    connect(server.get(), &EchoServer::trafficReported, this, [&](const EventBatch &batch) {
        ++signalCount;
        all += batch;
    });
    const auto client = connectClient(server->serverPort());
    QVERIFY(waitOpen(*client));
    constexpr int Count = 500;
    for (int i = 0; i < Count; ++i)
        QVERIFY(client->sendText("message " + std::to_string(i)));
    QVERIFY(waitMessages(*client, Count));
    const auto countOf = [&](wsi::net::EventDirection direction) {
        return std::count_if(all.cbegin(), all.cend(), [direction](const wsi::net::LogEvent &event) {
            return event.kind == EventKind::Message && event.direction == direction;
        });
    };
    QVERIFY(QTest::qWaitFor([&] { return countOf(wsi::net::EventDirection::Outgoing) == Count; }, WaitMs));
    QCOMPARE(countOf(wsi::net::EventDirection::Incoming), Count);
    QVERIFY2(signalCount < Count / 5, qPrintable(QString::number(signalCount)));
    int next = 0;
    for (const wsi::net::LogEvent &event : std::as_const(all)) {
        if (event.kind != EventKind::Message || event.direction != wsi::net::EventDirection::Incoming)
            continue;
        QCOMPARE(event.payload, QByteArray("message " + QByteArray::number(next++)));
        QVERIFY(event.isText);
        QCOMPARE(event.clientId, server->clientIds().first());
    }
}

void tst_EchoServer::reportsNothingWhenTrafficOff()
{
    const auto server = startServer();
    server->setReportTraffic(false);
    QSignalSpy batches(server.get(), &EchoServer::trafficReported);
    QSignalSpy handshakes(server.get(), &EchoServer::clientHandshake);
    const auto client = connectClient(server->serverPort());
    QVERIFY(waitOpen(*client));
    for (int i = 0; i < 50; ++i)
        QVERIFY(client->sendText("quiet"));
    QVERIFY(waitMessages(*client, 50));
    QTest::qWait(50);
    QCOMPARE(batches.size(), 0);
    QCOMPARE(handshakes.size(), 1); // connections are still reported
}

// Nobody connected to trafficReported: no events are built (no payload copies), as with
// setReportTraffic(false); a listener turns them on, from its thread or another one.
void tst_EchoServer::reportsOnlyWhileSomeoneListens()
{
    const auto server = startServer();
    QVERIFY(!server->isReportingTraffic());
    const auto client = connectClient(server->serverPort());
    QVERIFY(waitOpen(*client));
    QVERIFY(client->sendText("unheard"));
    QVERIFY(waitMessages(*client, 1));

    EventBatch heard;
    auto connection = connect(server.get(), &EchoServer::trafficReported, this,
                              [&](const EventBatch &batch) { heard += batch; });
    QVERIFY(server->isReportingTraffic());
    QVERIFY(client->sendText("heard"));
    QVERIFY(waitMessages(*client, 2));
    const auto messages = [&] {
        return std::count_if(heard.cbegin(), heard.cend(),
                             [](const wsi::net::LogEvent &event) { return event.kind == EventKind::Message; });
    };
    QVERIFY(QTest::qWaitFor([&] { return messages() == 2; }, WaitMs)); // "heard" in and out
    QVERIFY(std::all_of(heard.cbegin(), heard.cend(), [](const wsi::net::LogEvent &event) {
        return event.kind != EventKind::Message || event.payload == QByteArray("heard");
    }));

    server->setReportTraffic(false);
    QVERIFY(!server->isReportingTraffic());
    server->setReportTraffic(true);
    QVERIFY(server->isReportingTraffic());
    disconnect(connection);
    QVERIFY(QTest::qWaitFor([&] { return !server->isReportingTraffic(); }, WaitMs));

    // A listener on another thread (the GUI's case: the server runs on a worker thread).
    QThread worker;
    worker.start();
    QObject listener;
    listener.moveToThread(&worker);
    QMetaObject::invokeMethod(&listener, [&] {
        connect(server.get(), &EchoServer::trafficReported, &listener, [](const EventBatch &) {});
    }, Qt::BlockingQueuedConnection);
    QVERIFY(QTest::qWaitFor([&] { return server->isReportingTraffic(); }, WaitMs));
    QMetaObject::invokeMethod(&listener, [&] { disconnect(server.get(), nullptr, &listener, nullptr); },
                              Qt::BlockingQueuedConnection);
    QVERIFY(QTest::qWaitFor([&] { return !server->isReportingTraffic(); }, WaitMs));
    worker.quit();
    worker.wait(WaitMs);
}

// With nobody listening, an echo is answered by the peer itself (EchoPeer::echoInPlace)
// rather than through the server; the bytes on the wire are the same either way.
void tst_EchoServer::echoesSameBytesWhetherReportedOrNot_data()
{
    QTest::addColumn<QByteArray>("frames"); // masked with a zero key: payload as is
    QTest::addColumn<QByteArray>("echo");
    QTest::newRow("short text") << QByteArray::fromHex("8182000000006869") << QByteArray::fromHex("81026869");
    QTest::newRow("empty binary") << QByteArray::fromHex("828000000000") << QByteArray::fromHex("8200");
    QTest::newRow("text in 2 fragments") << QByteArray::fromHex("01820000000061628082000000006364")
                                         << QByteArray::fromHex("810461626364");
}

void tst_EchoServer::echoesSameBytesWhetherReportedOrNot()
{
    QFETCH(QByteArray, frames);
    QFETCH(QByteArray, echo);
    const QByteArray request = "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                               "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
        + frames + QByteArray::fromHex("88820000000003e8"); // then a close with 1000
    QByteArray answers[2];
    for (const bool listening : {false, true}) {
        const auto server = startServer();
        EventBatch heard;
        if (listening)
            connect(server.get(), &EchoServer::trafficReported, this, [&](const EventBatch &batch) { heard += batch; });
        QCOMPARE(server->isReportingTraffic(), listening);
        const QByteArray answer = rawExchange(server->serverPort(), request);
        QVERIFY2(answer.startsWith("HTTP/1.1 101"), answer.left(200).constData());
        answers[listening] = answer.mid(answer.indexOf("\r\n\r\n") + 4);
        QVERIFY2(answers[listening].startsWith(echo), answers[listening].toHex().constData());
        if (listening) {
            QVERIFY(QTest::qWaitFor([&] {
                return std::count_if(heard.cbegin(), heard.cend(), [](const wsi::net::LogEvent &event) {
                    return event.kind == EventKind::Message && event.direction == wsi::net::EventDirection::Outgoing;
                }) == 1;
            }, WaitMs));
        }
    }
    QCOMPARE(answers[0].toHex(), answers[1].toHex());
}

void tst_EchoServer::refusesBadHost()
{
    EchoServerOptions options;
    options.host = QStringLiteral("not-an-address");
    EchoServer server;
    server.setOptions(options);
    QVERIFY(!server.start());
    QVERIFY2(server.lastError().contains(QLatin1String("not-an-address")), qPrintable(server.lastError()));
    QVERIFY(!server.isListening());
}

void tst_EchoServer::restartsAfterStop()
{
    const auto server = startServer();
    QSignalSpy closedSpy(server.get(), &EchoServer::clientClosed);
    const auto first = connectClient(server->serverPort());
    QVERIFY(waitOpen(*first));
    QTRY_COMPARE_WITH_TIMEOUT(server->openClientCount(), 1, WaitMs);
    server->stop();
    QVERIFY(!server->isListening());
    QCOMPARE(server->clientCount(), 0);
    QCOMPARE(closedSpy.size(), 1);
    QVERIFY(QTest::qWaitFor([&] { return first->closed; }, WaitMs));
    QCOMPARE(first->closeEvent.code, quint16(1006));

    QVERIFY(server->start());
    const auto second = connectClient(server->serverPort());
    QVERIFY(waitOpen(*second));
    QVERIFY(second->sendText("again"));
    QVERIFY(waitMessages(*second, 1));
}

// ---- a third-party client --------------------------------------------------------------

namespace {

// python3-websockets as the client: text, binary, a fragmented message and a large one,
// then a clean close. Prints one line per check so a failure names the step.
const char *const PythonClient = R"PY(
import asyncio, ssl, sys, websockets
async def main(url, deflate, cafile):
    context = None
    if url.startswith("wss:"):
        context = ssl.create_default_context(cafile=cafile)
    compression = "deflate" if deflate == "1" else None
    async with websockets.connect(url, ssl=context, compression=compression, max_size=None,
                                  subprotocols=["chat"]) as ws:
        print("subprotocol", ws.subprotocol)
        print("extensions", ws.response_headers.get("Sec-WebSocket-Extensions", ""))
        await ws.send("héllo")
        assert await ws.recv() == "héllo"; print("text ok")
        await ws.send(bytes(range(256)))
        assert await ws.recv() == bytes(range(256)); print("binary ok")
        await ws.send(["frag", "mented ", "text"])
        assert await ws.recv() == "fragmented text"; print("fragments ok")
        big = bytes(i % 251 for i in range(3 * 1024 * 1024))
        await ws.send(big)
        assert await ws.recv() == big; print("large ok")
        await ws.close(code=1000, reason="done")
        print("closed", ws.close_code)
asyncio.run(asyncio.wait_for(main(sys.argv[1], sys.argv[2], sys.argv[3]), 20))
)PY";

bool pythonWebsocketsAvailable()
{
    QProcess probe;
    probe.start(QStringLiteral("/usr/bin/python3"), {QStringLiteral("-c"), QStringLiteral("import websockets")});
    return probe.waitForFinished(10000) && probe.exitStatus() == QProcess::NormalExit && probe.exitCode() == 0;
}

} // namespace

void tst_EchoServer::echoesForPythonWebsockets_data()
{
    QTest::addColumn<bool>("tls");
    QTest::addColumn<bool>("deflate");
    QTest::newRow("ws") << false << false;
    QTest::newRow("ws with permessage-deflate") << false << true;
    QTest::newRow("wss with the self-signed certificate as CA") << true << false;
}

void tst_EchoServer::echoesForPythonWebsockets()
{
    QFETCH(bool, tls);
    QFETCH(bool, deflate);
    if (!pythonWebsocketsAvailable())
        QSKIP("python3-websockets is not installed (apt-get install python3-websockets)");
    EchoServerOptions options;
    options.tls = tls;
    options.deflate = deflate;
    options.subprotocols = {QStringLiteral("chat")};
    const auto server = startServer(options);
    QVERIFY(server->isListening());
    QSignalSpy closedSpy(server.get(), &EchoServer::clientClosed);
    QTemporaryDir dir;
    const QString caFile = dir.filePath(QStringLiteral("ca.pem"));
    QFile ca(caFile);
    QVERIFY(ca.open(QIODevice::WriteOnly));
    ca.write(server->certificate().toPem());
    ca.close();

    QProcess python;
    python.start(QStringLiteral("/usr/bin/python3"),
                 {QStringLiteral("-c"), QString::fromUtf8(PythonClient),
                  // 127.0.0.1, so Python checks the certificate's IP address SAN.
                  server->url().toString(), deflate ? QStringLiteral("1") : QStringLiteral("0"), caFile});
    const auto killer = qScopeGuard([&] {
        if (python.state() != QProcess::NotRunning) {
            python.kill();
            python.waitForFinished(5000);
        }
    });
    // The server runs on this thread: wait without blocking its event loop.
    QVERIFY(QTest::qWaitFor([&] { return python.state() == QProcess::NotRunning; }, 30000));
    const QString output = QString::fromUtf8(python.readAllStandardOutput());
    const QString errors = QString::fromUtf8(python.readAllStandardError());
    QVERIFY2(python.exitCode() == 0, qPrintable(output + errors));
    QVERIFY(output.contains(QLatin1String("subprotocol chat")));
    QCOMPARE(output.contains(QLatin1String("extensions permessage-deflate")), deflate);
    QVERIFY2(output.contains(QLatin1String("large ok")), qPrintable(output));
    QVERIFY2(output.contains(QLatin1String("closed 1000")), qPrintable(output));
    QTRY_COMPARE_WITH_TIMEOUT(closedSpy.size(), 1, WaitMs);
    QCOMPARE(closedSpy.at(0).at(1).toUInt(), 1000u);
    QVERIFY(closedSpy.at(0).at(3).toBool());
}

// ---- load ------------------------------------------------------------------------------

void tst_EchoServer::raisesOpenFileLimit()
{
    rlimit original{};
    QCOMPARE(getrlimit(RLIMIT_NOFILE, &original), 0);
    if (original.rlim_max != RLIM_INFINITY && original.rlim_max < 4096)
        QSKIP("the hard limit is too low to test raising the soft one");
    const auto restore = qScopeGuard([&] { setrlimit(RLIMIT_NOFILE, &original); });
    rlimit lowered = original;
    lowered.rlim_cur = 256; // a default that 1,000 clients would exhaust
    QCOMPARE(setrlimit(RLIMIT_NOFILE, &lowered), 0);
    const auto server = startServer();
    QVERIFY(server->isListening());
    QCOMPARE(server->openFileLimitBefore(), quint64(256));
    const quint64 expected = original.rlim_max == RLIM_INFINITY ? 65536 : std::min<quint64>(original.rlim_max, 65536);
    QCOMPARE(server->openFileLimitAfter(), expected);
    rlimit now{};
    QCOMPARE(getrlimit(RLIMIT_NOFILE, &now), 0);
    QCOMPARE(quint64(now.rlim_cur), expected);
}

void tst_EchoServer::serves1000ClientsAtOnce()
{
    constexpr int Clients = 1000;
    // The server on a worker thread, as the GUI runs it; the clients on this one.
    QThread worker;
    worker.start();
    auto *server = new EchoServer;
    server->moveToThread(&worker);
    // Queued across threads: the value types must travel (HttpHeaderList, EventBatch).
    int closedCount = 0;
    int handshakeCount = 0;
    int reportedMessages = 0;
    connect(server, &EchoServer::clientClosed, this, [&] { ++closedCount; });
    connect(server, &EchoServer::clientHandshake, this,
            [&](quint64, const QString &path, const QString &, const QString &, const wsi::net::HttpHeaderList &headers) {
                if (path == QLatin1String("/") && !headers.isEmpty())
                    ++handshakeCount;
            });
    connect(server, &EchoServer::trafficReported, this, [&](const EventBatch &batch) {
        for (const wsi::net::LogEvent &event : batch)
            reportedMessages += event.kind == EventKind::Message && event.direction == wsi::net::EventDirection::Incoming;
    });
    bool started = false;
    QMetaObject::invokeMethod(server, [&] { started = server->start(); }, Qt::BlockingQueuedConnection);
    QVERIFY(started);
    const quint16 port = server->serverPort();
    const auto cleanup = qScopeGuard([&] {
        QMetaObject::invokeMethod(server, [server] { delete server; }, Qt::BlockingQueuedConnection);
        worker.quit();
        worker.wait(WaitMs);
    });

    QElapsedTimer timer;
    timer.start();
    std::vector<std::unique_ptr<EchoTestClient>> clients;
    clients.reserve(Clients);
    for (int i = 0; i < Clients; ++i)
        clients.push_back(connectClient(port));
    const auto countIf = [&](auto predicate) {
        return int(std::count_if(clients.cbegin(), clients.cend(), [&](const auto &c) { return predicate(*c); }));
    };
    QVERIFY2(QTest::qWaitFor([&] { return countIf([](const EchoTestClient &c) { return c.opened || c.closed; }) == Clients; }, 30000),
             qPrintable(QStringLiteral("%1 open").arg(countIf([](const EchoTestClient &c) { return c.opened; }))));
    const qint64 openMs = timer.elapsed();
    QCOMPARE(countIf([](const EchoTestClient &c) { return c.opened && !c.closed; }), Clients);

    constexpr int PerClient = 5;
    for (int round = 0; round < PerClient; ++round)
        for (int i = 0; i < Clients; ++i)
            QVERIFY(clients[std::size_t(i)]->sendText("client " + std::to_string(i) + " #" + std::to_string(round)));
    QVERIFY(QTest::qWaitFor([&] { return countIf([](const EchoTestClient &c) { return c.messages.size() >= PerClient; }) == Clients; }, 30000));
    const qint64 echoMs = timer.elapsed() - openMs;
    for (int i = 0; i < Clients; ++i) {
        const auto &messages = clients[std::size_t(i)]->messages;
        QCOMPARE(messages.size(), std::size_t(PerClient));
        for (int round = 0; round < PerClient; ++round)
            QCOMPARE(messages[std::size_t(round)].payload, "client " + std::to_string(i) + " #" + std::to_string(round));
    }
    for (const auto &client : clients)
        QVERIFY(client->close(1000));
    QVERIFY(QTest::qWaitFor([&] { return closedCount == Clients; }, 30000));
    QCOMPARE(countIf([](const EchoTestClient &c) { return c.closed && c.closeEvent.clean; }), Clients);
    QCOMPARE(handshakeCount, Clients);
    QTRY_COMPARE_WITH_TIMEOUT(reportedMessages, Clients * PerClient, WaitMs);
    qInfo("1000 clients: all open in %lld ms, 5,000 messages echoed in %lld ms, all closed after %lld ms in total",
          openMs, echoMs, timer.elapsed());
}

QTEST_GUILESS_MAIN(tst_EchoServer)
#include "tst_echoserver.moc"
