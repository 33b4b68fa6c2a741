// SPDX-License-Identifier: MIT
// The Driver's opening handshake back to back in both roles: subprotocols, deflate end to
// end and its bomb limit, refused answers and requests, plain HTTP, pipelined frames.
#include "DriverTestSupport.h"

class TestDriverHandshake : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void openingHandshakeBackToBack();
    void subprotocolNegotiation();
    void deflateEndToEnd_data();
    void deflateEndToEnd();
    void deflateBombIsStopped();
    void fragmentedSendIsReassembled();
    void nonSwitchingAnswerKeepsBodyPreview();
    void wrongAcceptIsRejected();
    void serverRejections_data();
    void serverRejections();
    void plainHttpRequestIsReported();
    void callerPathsAreHandedOverUnanswered();
    void framesPipelinedBehindHandshake();
};

// ---- handshake and deflate -----------------------------------------------------------------

void TestDriverHandshake::openingHandshakeBackToBack()
{
    DriverOptions client = clientOptions();
    client.clientRequest.origin = "https://example.com";
    client.clientRequest.extraHeaders.push_back({"X-Trace", "42"});
    Pair pair(client, serverOptions());
    pair.open();
    QCOMPARE(pair.client.driver.state(), DriverState::Open);
    QCOMPARE(pair.server.driver.state(), DriverState::Open);
    const OpenEvent &seen = pair.server.sink.lastOpen;
    QCOMPARE(seen.request.path, std::string("/chat"));
    QCOMPARE(seen.request.query, std::string("room=1"));
    QCOMPARE(*seen.request.headers.find("origin"), std::string("https://example.com"));
    QCOMPARE(*seen.request.headers.find("x-trace"), std::string("42"));
    QCOMPARE(pair.client.sink.lastOpen.response.status, 101);
    QVERIFY(pair.client.sink.lastOpen.rawRequest.rfind("GET /chat?room=1 HTTP/1.1\r\n", 0) == 0);

    QVERIFY(pair.client.driver.sendText("hi"));
    QVERIFY(pair.server.driver.sendBinary(std::string("\x00\x01", 2)));
    pair.pump();
    QCOMPARE(pair.server.sink.messages.back(), std::string("hi"));
    QCOMPARE(pair.client.sink.messages.back(), std::string("\x00\x01", 2));
    QVERIFY(pair.client.driver.close(1000, "bye"));
    pair.pump();
    QCOMPARE(pair.client.driver.state(), DriverState::Closed);
    QCOMPARE(pair.server.driver.state(), DriverState::Closed);
    QVERIFY(pair.client.sink.lastClose.clean);
    QCOMPARE(pair.server.sink.lastClose.initiator, Initiator::Remote);
    QCOMPARE(pair.server.sink.lastClose.reason, std::string("bye"));
}

void TestDriverHandshake::subprotocolNegotiation()
{
    DriverOptions client = clientOptions();
    client.clientRequest.subprotocols = {"mqtt", "graphql-ws"};
    DriverOptions server = serverOptions();
    server.server.subprotocols = {"graphql-ws", "mqtt"};
    Pair pair(client, server);
    pair.open();
    QCOMPARE(pair.client.sink.lastOpen.subprotocol, std::string("graphql-ws"));
    QCOMPARE(pair.server.sink.lastOpen.subprotocol, std::string("graphql-ws"));

    // A server that picks a protocol we never offered is refused.
    DriverOptions plainClient = clientOptions();
    Endpoint endpoint(plainClient);
    endpoint.driver.start();
    const std::string request = endpoint.writer.take();
    const auto keyAt = request.find("Sec-WebSocket-Key: ") + 19;
    const std::string key = request.substr(keyAt, request.find("\r\n", keyAt) - keyAt);
    endpoint.feed("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                  "Sec-WebSocket-Accept: " + computeSecWebSocketAccept(key) + "\r\nSec-WebSocket-Protocol: chat\r\n\r\n");
    QCOMPARE(endpoint.sink.lastHandshakeFailure.clientError, ClientHandshakeError::UnrequestedSubprotocol);
    QCOMPARE(endpoint.driver.state(), DriverState::Closed);
}

void TestDriverHandshake::deflateEndToEnd_data()
{
    QTest::addColumn<bool>("serverNoContext");
    QTest::addColumn<bool>("clientNoContext");
    QTest::addColumn<int>("clientBits");
    QTest::newRow("defaults") << false << false << 15;
    QTest::newRow("no context takeover both ways") << true << true << 15;
    QTest::newRow("client window 10") << false << false << 10;
}

void TestDriverHandshake::deflateEndToEnd()
{
    QFETCH(bool, serverNoContext);
    QFETCH(bool, clientNoContext);
    QFETCH(int, clientBits);
    DriverOptions client = clientOptions();
    client.offerDeflate = true;
    client.deflateOffer.serverNoContextTakeover = serverNoContext;
    client.deflateOffer.clientNoContextTakeover = clientNoContext;
    client.deflateOffer.clientMaxWindowBits = clientBits == 15 ? -1 : clientBits;
    DriverOptions server = serverOptions();
    server.acceptDeflate = true;
    Pair pair(client, server);
    pair.open();
    QVERIFY(pair.client.driver.isDeflateActive());
    QVERIFY(pair.server.driver.isDeflateActive());
    QVERIFY(pair.client.sink.lastOpen.extensions.find("permessage-deflate") != std::string::npos);

    std::string json;
    for (int i = 0; i < 200; ++i)
        json += "{\"id\":" + std::to_string(i) + ",\"price\":1234.5,\"symbol\":\"ACME\"},";
    for (int round = 0; round < 3; ++round) {
        QVERIFY(pair.client.driver.sendText(json, 3));
        QVERIFY(pair.server.driver.sendText(json));
        pair.pump();
        QCOMPARE(pair.server.sink.messages.back(), json);
        QCOMPARE(pair.client.sink.messages.back(), json);
    }
    QVERIFY(containsLine(pair.server.sink.events, "message in text " + std::to_string(json.size())));
    // Compressed on the wire: much smaller than the text.
    const auto &line = pair.server.sink.events;
    bool sawCompressed = false;
    for (const auto &event : line)
        sawCompressed = sawCompressed || (event.rfind("message in", 0) == 0 && event.find("compressed") != std::string::npos);
    QVERIFY(sawCompressed);
    QVERIFY(pair.client.driver.bytesSent() < json.size());
}

void TestDriverHandshake::deflateBombIsStopped()
{
    DriverOptions options = openOptions(Role::Client);
    options.deflateWithoutHandshake = true;
    options.maxMessageSize = 1 << 20;
    Endpoint endpoint(options);
    // 16 MiB of zeros compresses to ~16 KiB.
    MessageDeflater deflater(15, false);
    std::string compressed;
    const std::string zeros(16u << 20, '\0');
    QVERIFY(deflater.compress(reinterpret_cast<const std::uint8_t *>(zeros.data()), zeros.size(), compressed));
    FrameHeader header;
    header.rsv1 = true;
    header.opcode = 0x2;
    header.payloadLength = compressed.size();
    const EncodedHeader raw = encodeFrameHeader(header);
    endpoint.feed(std::string(reinterpret_cast<const char *>(raw.bytes.data()), raw.size) + compressed);
    QCOMPARE(endpoint.sink.lastError.error, ProtocolError::MessageTooLarge);
    QCOMPARE(int(endpoint.sink.lastError.closeCode), 1009);
    QVERIFY(endpoint.sink.messages.empty());
}

void TestDriverHandshake::fragmentedSendIsReassembled()
{
    Pair pair(openOptions(Role::Client), openOptions(Role::Server));
    const std::string text = "fragmented message in five pieces";
    QVERIFY(pair.client.driver.sendText(text, 5));
    pair.pump();
    QCOMPARE(pair.server.sink.messages.back(), text);
    QVERIFY(containsLine(pair.server.sink.events, "message in text 33 '" + text + "' wire=33 frames=5"));
}

void TestDriverHandshake::nonSwitchingAnswerKeepsBodyPreview()
{
    Endpoint endpoint(clientOptions());
    endpoint.driver.start();
    endpoint.writer.take();
    endpoint.feed("HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain\r\nContent-Length: 20\r\n\r\nmissing ");
    QCOMPARE(endpoint.sink.closedCount, 0); // waits for the rest of the body
    QVERIFY(endpoint.driver.isAwaitingRejectedBody());
    endpoint.feed("token header");
    QCOMPARE(endpoint.sink.closedCount, 1);
    const auto &failure = endpoint.sink.lastHandshakeFailure;
    QCOMPARE(failure.clientError, ClientHandshakeError::NotSwitchingProtocols);
    QCOMPARE(failure.status, 403);
    QCOMPARE(failure.bodyPreview, std::string("missing token header"));
    QVERIFY(failure.message.find("403") != std::string::npos);
    QCOMPARE(failure.response.headers.find("Content-Type")->c_str(), "text/plain");

    // Without a Content-Length, the preview ends with the connection.
    Endpoint noLength(clientOptions());
    noLength.driver.start();
    noLength.feed("HTTP/1.1 404 Not Found\r\n\r\nno such path");
    QCOMPARE(noLength.sink.closedCount, 0);
    noLength.driver.endOfInput();
    QCOMPARE(noLength.sink.lastHandshakeFailure.bodyPreview, std::string("no such path"));
    QCOMPARE(noLength.sink.closedCount, 1);
}

void TestDriverHandshake::wrongAcceptIsRejected()
{
    Endpoint endpoint(clientOptions());
    endpoint.driver.start();
    endpoint.feed("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                  "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n");
    QCOMPARE(endpoint.sink.lastHandshakeFailure.clientError, ClientHandshakeError::WrongAccept);
    QCOMPARE(endpoint.driver.state(), DriverState::Closed);
    QVERIFY(!endpoint.driver.sendText("x"));
}

void TestDriverHandshake::serverRejections_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<int>("status");

    const std::string upgrade = "Upgrade: websocket\r\nConnection: Upgrade\r\nHost: h\r\n";
    QTest::newRow("missing key") << QByteArray::fromStdString("GET / HTTP/1.1\r\n" + upgrade
                                                             + "Sec-WebSocket-Version: 13\r\n\r\n") << 400;
    QTest::newRow("version 12") << QByteArray::fromStdString("GET / HTTP/1.1\r\n" + upgrade
                                                            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                                                              "Sec-WebSocket-Version: 12\r\n\r\n") << 426;
    QTest::newRow("POST upgrade") << QByteArray::fromStdString("POST / HTTP/1.1\r\n" + upgrade
                                                              + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                                                                "Sec-WebSocket-Version: 13\r\n\r\n") << 400;
    QTest::newRow("20 KiB of headers") << QByteArray::fromStdString("GET / HTTP/1.1\r\nX-Big: " + std::string(20480, 'b')
                                                                   + "\r\n\r\n") << 431;
    QTest::newRow("not HTTP") << QByteArray("\x16\x03\x01 hello\r\n\r\n") << 400;
}

void TestDriverHandshake::serverRejections()
{
    QFETCH(QByteArray, request);
    QFETCH(int, status);
    for (const auto &chunking : wsi::test::chunkingsFor(std::size_t(request.size()), 2)) {
        Endpoint endpoint(serverOptions());
        wsi::test::feedChunked(request.toStdString(), chunking, [&](const std::uint8_t *data, std::size_t size) {
            endpoint.driver.parse(data, size);
        });
        QCOMPARE(endpoint.sink.lastHandshakeFailure.status, status);
        QCOMPARE(endpoint.sink.lastHandshakeFailure.kind, HandshakeFailureKind::RequestRejected);
        QVERIFY(endpoint.writer.bytes.rfind("HTTP/1.1 " + std::to_string(status) + " ", 0) == 0);
        if (status == 426)
            QVERIFY(endpoint.writer.bytes.find("Sec-WebSocket-Version: 13\r\n") != std::string::npos);
        QCOMPARE(endpoint.driver.state(), DriverState::Closed);
    }
}

void TestDriverHandshake::plainHttpRequestIsReported()
{
    Endpoint endpoint(serverOptions());
    endpoint.feed("GET /index.html HTTP/1.1\r\nHost: localhost\r\n\r\n");
    QCOMPARE(endpoint.sink.lastHandshakeFailure.kind, HandshakeFailureKind::PlainHttpRequest);
    QCOMPARE(endpoint.sink.lastHandshakeFailure.request.path, std::string("/index.html"));
    // By default: 426, saying what this endpoint speaks.
    QVERIFY(endpoint.writer.bytes.rfind("HTTP/1.1 426 ", 0) == 0);
    QVERIFY(endpoint.writer.bytes.find("Upgrade: websocket\r\n") != std::string::npos);
    QCOMPARE(endpoint.sink.lastHandshakeFailure.status, 426);
    QCOMPARE(endpoint.driver.state(), DriverState::Closed);

    // A caller's own page instead, written as given.
    DriverOptions withPage = serverOptions();
    withPage.server.plainHttpResponse = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi";
    Endpoint paged(withPage);
    paged.feed("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n");
    QCOMPARE(paged.writer.bytes, withPage.server.plainHttpResponse);
}

// ServerHandshakeOptions::callerHttpPaths: a request without Upgrade for one of them is the
// caller's (the EventSource endpoint), whatever its method, with the bytes behind its head;
// an upgrade to the same path is still a WebSocket.
void TestDriverHandshake::callerPathsAreHandedOverUnanswered()
{
    DriverOptions options = serverOptions();
    options.server.callerHttpPaths = {"/events"};
    Endpoint endpoint(options);
    endpoint.feed("POST /events?event=x HTTP/1.1\r\nHost: localhost\r\nContent-Length: 5\r\n\r\nhel");
    QCOMPARE(endpoint.sink.lastHandshakeFailure.kind, HandshakeFailureKind::CallerHttpRequest);
    QCOMPARE(endpoint.sink.lastHandshakeFailure.request.method, std::string("POST"));
    QCOMPARE(endpoint.sink.lastHandshakeFailure.request.query, std::string("event=x"));
    QCOMPARE(endpoint.sink.lastHandshakeFailure.bodyStart, std::string("hel"));
    QVERIFY(endpoint.writer.bytes.empty()); // nothing answered: the caller does
    QCOMPARE(endpoint.driver.state(), DriverState::Closed);

    Endpoint other(options);
    other.feed("GET /elsewhere HTTP/1.1\r\nHost: localhost\r\n\r\n");
    QCOMPARE(other.sink.lastHandshakeFailure.kind, HandshakeFailureKind::PlainHttpRequest);

    DriverOptions client = clientOptions();
    client.clientRequest.resourceName = "/events";
    Pair upgrade(client, options);
    upgrade.open();
    QCOMPARE(upgrade.server.driver.state(), DriverState::Open);
}

void TestDriverHandshake::framesPipelinedBehindHandshake()
{
    Pair pair(clientOptions(), serverOptions());
    pair.client.driver.start();
    const std::string request = pair.client.writer.take();
    pair.server.feed(request + maskedFrame(0x81, "early"));
    QCOMPARE(pair.server.sink.messages.back(), std::string("early"));
    // And a server's first message in the same read as its 101.
    const std::string response = pair.server.writer.take();
    pair.client.feed(response + fromHex("81 02 6f 6b"));
    QCOMPARE(pair.client.sink.messages.back(), std::string("ok"));
}

QTEST_APPLESS_MAIN(TestDriverHandshake)
#include "tst_driverhandshake.moc"
