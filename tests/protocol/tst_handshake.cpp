// SPDX-License-Identifier: MIT
// The opening handshake's pure functions (RFC 6455 section 4): keys and their accept values
// (the RFC example included), and the request, 101 and error responses built byte for byte.
#include "HandshakeTestSupport.h"

class TestHandshake : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void rfcExampleAccept();
    void acceptOfOtherKeys_data();
    void acceptOfOtherKeys();
    void makeKeyEncodesSixteenBytes_data();
    void makeKeyEncodesSixteenBytes();
    void validateKey_data();
    void validateKey();
    void buildClientRequestExactly_data();
    void buildClientRequestExactly();
    void buildServerResponseExactly_data();
    void buildServerResponseExactly();
    void buildErrorResponseExactly_data();
    void buildErrorResponseExactly();
    void reasonPhrases_data();
    void reasonPhrases();
    void errorIdsAreDistinct();
};

// ---- keys and accept values ----------------------------------------------------------------

void TestHandshake::rfcExampleAccept()
{
    QCOMPARE(bytes(computeSecWebSocketAccept(str(kKey))), kAccept);
}

void TestHandshake::acceptOfOtherKeys_data()
{
    QTest::addColumn<QByteArray>("key");
    QTest::addColumn<QByteArray>("accept");
    // Cross-checked with: printf '%s' "$key"258EAFA5-E914-47DA-95CA-C5AB0DC85B11 |
    //                     openssl sha1 -binary | base64
    QTest::newRow("all-zero key") << QByteArray("AAAAAAAAAAAAAAAAAAAAAA==") << QByteArray("ICX+Yqv66kxgM0FcWaLWlFLwTAI=");
    QTest::newRow("a key seen in the wild (Wikipedia example)") << QByteArray("x3JJHMbDL1EzLkh9GBhXDw==") << QByteArray("HSmrc0sMlYUkAGmm5OPpG2HaGWk=");
}

void TestHandshake::acceptOfOtherKeys()
{
    QFETCH(QByteArray, key);
    QFETCH(QByteArray, accept);
    QCOMPARE(bytes(computeSecWebSocketAccept(str(key))), accept);
}

void TestHandshake::makeKeyEncodesSixteenBytes_data()
{
    QTest::addColumn<QByteArray>("random");
    QTest::addColumn<QByteArray>("key");
    QTest::newRow("the RFC's sample nonce") << QByteArray("the sample nonce") << kKey;
    QTest::newRow("zeros") << QByteArray(16, '\0') << QByteArray("AAAAAAAAAAAAAAAAAAAAAA==");
    QTest::newRow("all ones") << QByteArray(16, '\xff') << QByteArray("/////////////////////w==");
    QTest::newRow("counting bytes") << QByteArray::fromHex("000102030405060708090a0b0c0d0e0f") << QByteArray("AAECAwQFBgcICQoLDA0ODw==");
}

void TestHandshake::makeKeyEncodesSixteenBytes()
{
    QFETCH(QByteArray, random);
    QFETCH(QByteArray, key);
    QCOMPARE(random.size(), 16);
    const std::string made = makeSecWebSocketKey(reinterpret_cast<const std::uint8_t *>(random.constData()));
    QCOMPARE(bytes(made), key);
    QVERIFY(isValidSecWebSocketKey(made));
}

void TestHandshake::validateKey_data()
{
    QTest::addColumn<QByteArray>("key");
    QTest::addColumn<bool>("valid");
    QTest::newRow("RFC example") << kKey << true;
    QTest::newRow("all ones") << QByteArray("/////////////////////w==") << true;
    QTest::newRow("empty") << QByteArray() << false;
    QTest::newRow("15 bytes") << QByteArray("AAAAAAAAAAAAAAAAAAAA") << false;
    QTest::newRow("17 bytes") << QByteArray("AAAAAAAAAAAAAAAAAAAAAAA=") << false;
    QTest::newRow("18 bytes") << QByteArray("AAAAAAAAAAAAAAAAAAAAAAAA") << false;
    QTest::newRow("padding missing") << QByteArray("AAAAAAAAAAAAAAAAAAAAAA") << false;
    QTest::newRow("character outside the alphabet") << QByteArray("AAAAAAAAAAAAAAAAAAAAA-==") << false;
    QTest::newRow("padding in the middle") << QByteArray("AAAA=AAAAAAAAAAAAAAAAA==") << false;
    QTest::newRow("three padding characters") << QByteArray("AAAAAAAAAAAAAAAAAAAAA===") << false;
    QTest::newRow("inner space") << QByteArray("dGhlIHNhbXBsZSBub25j ZQ==") << false;
    QTest::newRow("plain text") << QByteArray("not a key at all") << false;
}

void TestHandshake::validateKey()
{
    QFETCH(QByteArray, key);
    QFETCH(bool, valid);
    QCOMPARE(isValidSecWebSocketKey(str(key)), valid);
}

// ---- building requests and responses -------------------------------------------------------

void TestHandshake::buildClientRequestExactly_data()
{
    QTest::addColumn<QByteArray>("host");
    QTest::addColumn<QByteArray>("resource");
    QTest::addColumn<QByteArray>("origin");
    QTest::addColumn<QByteArrayList>("subprotocols");
    QTest::addColumn<QByteArray>("extensions");
    QTest::addColumn<QByteArrayList>("extra"); // name, value, name, value...
    QTest::addColumn<QByteArray>("expected");

    QTest::newRow("the RFC 6455 section 1.2 request")
        << QByteArray("server.example.com") << QByteArray("/chat") << QByteArray("http://example.com")
        << QByteArrayList{"chat", "superchat"} << QByteArray() << QByteArrayList{}
        << QByteArray("GET /chat HTTP/1.1\r\n"
                      "Host: server.example.com\r\n"
                      "Upgrade: websocket\r\n"
                      "Connection: Upgrade\r\n"
                      "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                      "Sec-WebSocket-Version: 13\r\n"
                      "Origin: http://example.com\r\n"
                      "Sec-WebSocket-Protocol: chat, superchat\r\n"
                      "\r\n");
    QTest::newRow("minimal, empty resource becomes /")
        << QByteArray("h:8080") << QByteArray() << QByteArray() << QByteArrayList{} << QByteArray()
        << QByteArrayList{}
        << QByteArray("GET / HTTP/1.1\r\n"
                      "Host: h:8080\r\n"
                      "Upgrade: websocket\r\n"
                      "Connection: Upgrade\r\n"
                      "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                      "Sec-WebSocket-Version: 13\r\n"
                      "\r\n");
    QTest::newRow("extensions and extra headers, in the order given")
        << QByteArray("[::1]:9001") << QByteArray("/feed?x=1") << QByteArray()
        << QByteArrayList{"graphql-ws"} << QByteArray("permessage-deflate; client_max_window_bits")
        << QByteArrayList{"Authorization", "Bearer t", "X-Trace", "1"}
        << QByteArray("GET /feed?x=1 HTTP/1.1\r\n"
                      "Host: [::1]:9001\r\n"
                      "Upgrade: websocket\r\n"
                      "Connection: Upgrade\r\n"
                      "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                      "Sec-WebSocket-Version: 13\r\n"
                      "Sec-WebSocket-Protocol: graphql-ws\r\n"
                      "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n"
                      "Authorization: Bearer t\r\n"
                      "X-Trace: 1\r\n"
                      "\r\n");
    QTest::newRow("a user's Host, Origin and subprotocol offer replace ours, in place")
        << QByteArray("h:8080") << QByteArray("/") << QByteArray("http://ours.example") << QByteArrayList{"ours"}
        << QByteArray()
        << QByteArrayList{"X-First", "1", "host", "virtual.example", "Sec-WebSocket-Protocol", "theirs", "ORIGIN",
                          "https://app.example", "User-Agent", "probe/1"}
        << QByteArray("GET / HTTP/1.1\r\n"
                      "host: virtual.example\r\n"
                      "Upgrade: websocket\r\n"
                      "Connection: Upgrade\r\n"
                      "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                      "Sec-WebSocket-Version: 13\r\n"
                      "ORIGIN: https://app.example\r\n"
                      "Sec-WebSocket-Protocol: theirs\r\n"
                      "X-First: 1\r\n"
                      "User-Agent: probe/1\r\n"
                      "\r\n");
}

void TestHandshake::buildClientRequestExactly()
{
    QFETCH(QByteArray, host);
    QFETCH(QByteArray, resource);
    QFETCH(QByteArray, origin);
    QFETCH(QByteArrayList, subprotocols);
    QFETCH(QByteArray, extensions);
    QFETCH(QByteArrayList, extra);
    QFETCH(QByteArray, expected);

    ClientHandshakeRequest request;
    request.host = str(host);
    request.resourceName = str(resource);
    request.origin = str(origin);
    request.subprotocols = strings(subprotocols);
    request.extensionOffer = str(extensions);
    for (qsizetype i = 0; i + 1 < extra.size(); i += 2)
        request.extraHeaders.push_back({str(extra[i]), str(extra[i + 1])});
    request.key = str(kKey);
    QCOMPARE(bytes(buildClientRequest(request)), expected);
}

void TestHandshake::buildServerResponseExactly_data()
{
    QTest::addColumn<QByteArray>("subprotocol");
    QTest::addColumn<QByteArray>("extensions");
    QTest::addColumn<QByteArrayList>("extra");
    QTest::addColumn<QByteArray>("expected");

    QTest::newRow("the RFC 6455 section 1.3 answer")
        << QByteArray("chat") << QByteArray() << QByteArrayList{}
        << QByteArray("HTTP/1.1 101 Switching Protocols\r\n"
                      "Upgrade: websocket\r\n"
                      "Connection: Upgrade\r\n"
                      "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n"
                      "Sec-WebSocket-Protocol: chat\r\n"
                      "\r\n");
    QTest::newRow("no subprotocol, extension and extra header")
        << QByteArray() << QByteArray("permessage-deflate; server_no_context_takeover")
        << QByteArrayList{"Server", "wsinspect"}
        << QByteArray("HTTP/1.1 101 Switching Protocols\r\n"
                      "Upgrade: websocket\r\n"
                      "Connection: Upgrade\r\n"
                      "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n"
                      "Sec-WebSocket-Extensions: permessage-deflate; server_no_context_takeover\r\n"
                      "Server: wsinspect\r\n"
                      "\r\n");
}

void TestHandshake::buildServerResponseExactly()
{
    QFETCH(QByteArray, subprotocol);
    QFETCH(QByteArray, extensions);
    QFETCH(QByteArrayList, extra);
    QFETCH(QByteArray, expected);
    std::vector<HttpHeader> extraHeaders;
    for (qsizetype i = 0; i + 1 < extra.size(); i += 2)
        extraHeaders.push_back({str(extra[i]), str(extra[i + 1])});
    QCOMPARE(bytes(buildServerResponse(str(kAccept), str(subprotocol), str(extensions), extraHeaders)),
             expected);
}

void TestHandshake::buildErrorResponseExactly_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QByteArrayList>("extra");
    QTest::addColumn<QByteArray>("expected");

    QTest::newRow("400 with a sentence")
        << 400 << QByteArray("request has no Host header\n") << QByteArrayList{}
        << QByteArray("HTTP/1.1 400 Bad Request\r\n"
                      "Content-Type: text/plain; charset=utf-8\r\n"
                      "Content-Length: 27\r\n"
                      "Connection: close\r\n"
                      "\r\n"
                      "request has no Host header\n");
    QTest::newRow("426 names the version we speak")
        << 426 << QByteArray("version 8?") << QByteArrayList{}
        << QByteArray("HTTP/1.1 426 Upgrade Required\r\n"
                      "Content-Type: text/plain; charset=utf-8\r\n"
                      "Content-Length: 10\r\n"
                      "Connection: Upgrade, close\r\n"
                      "Upgrade: websocket\r\n"
                      "Sec-WebSocket-Version: 13\r\n"
                      "\r\n"
                      "version 8?");
    QTest::newRow("426 with the caller's version header is not doubled")
        << 426 << QByteArray() << QByteArrayList{"Sec-WebSocket-Version", "13"}
        << QByteArray("HTTP/1.1 426 Upgrade Required\r\n"
                      "Content-Type: text/plain; charset=utf-8\r\n"
                      "Content-Length: 0\r\n"
                      "Connection: Upgrade, close\r\n"
                      "Upgrade: websocket\r\n"
                      "Sec-WebSocket-Version: 13\r\n"
                      "\r\n");
    QTest::newRow("431 with an extra header and a UTF-8 body")
        << 431 << QByteArray("trop grand \xc3\xa9") << QByteArrayList{"Retry-After", "5"}
        << QByteArray("HTTP/1.1 431 Request Header Fields Too Large\r\n"
                      "Content-Type: text/plain; charset=utf-8\r\n"
                      "Content-Length: 13\r\n"
                      "Connection: close\r\n"
                      "Retry-After: 5\r\n"
                      "\r\n"
                      "trop grand \xc3\xa9");
}

void TestHandshake::buildErrorResponseExactly()
{
    QFETCH(int, status);
    QFETCH(QByteArray, body);
    QFETCH(QByteArrayList, extra);
    QFETCH(QByteArray, expected);
    std::vector<HttpHeader> extraHeaders;
    for (qsizetype i = 0; i + 1 < extra.size(); i += 2)
        extraHeaders.push_back({str(extra[i]), str(extra[i + 1])});
    const std::string response = buildErrorResponse(status, str(body), extraHeaders);
    QCOMPARE(bytes(response), expected);
    // It reads back as HTTP, with the length of the body.
    const std::size_t headEnd = response.find("\r\n\r\n") + 4;
    const HttpResponseHead head = parsedResponse(bytes(response.substr(0, headEnd)));
    QCOMPARE(head.status, status);
    QCOMPARE(*head.headers.find("content-length"), std::to_string(response.size() - headEnd));
}

void TestHandshake::reasonPhrases_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("reason");
    QTest::newRow("101") << 101 << QByteArray("Switching Protocols");
    QTest::newRow("200") << 200 << QByteArray("OK");
    QTest::newRow("400") << 400 << QByteArray("Bad Request");
    QTest::newRow("401") << 401 << QByteArray("Unauthorized");
    QTest::newRow("403") << 403 << QByteArray("Forbidden");
    QTest::newRow("404") << 404 << QByteArray("Not Found");
    QTest::newRow("405") << 405 << QByteArray("Method Not Allowed");
    QTest::newRow("426") << 426 << QByteArray("Upgrade Required");
    QTest::newRow("431") << 431 << QByteArray("Request Header Fields Too Large");
    QTest::newRow("500") << 500 << QByteArray("Internal Server Error");
    QTest::newRow("503") << 503 << QByteArray("Service Unavailable");
    QTest::newRow("unlisted 4xx") << 418 << QByteArray("Client Error");
    QTest::newRow("unlisted 5xx") << 599 << QByteArray("Server Error");
    QTest::newRow("out of range") << 42 << QByteArray("Unknown");
}

void TestHandshake::reasonPhrases()
{
    QFETCH(int, status);
    QFETCH(QByteArray, reason);
    QCOMPARE(QByteArray(httpReasonPhrase(status)), reason);
}

void TestHandshake::errorIdsAreDistinct()
{
    QSet<QByteArray> ids;
    const int last = static_cast<int>(ClientHandshakeError::BadExtensionParams);
    for (int i = 0; i <= last; ++i) {
        const QByteArray id(clientHandshakeErrorId(static_cast<ClientHandshakeError>(i)));
        QVERIFY(!id.isEmpty());
        QVERIFY2(id != "unknown", QByteArray::number(i).constData());
        ids.insert(id);
    }
    QCOMPARE(ids.size(), last + 1);
    QCOMPARE(QByteArray(clientHandshakeErrorId(ClientHandshakeError::WrongAccept)), QByteArray("wrong-accept"));
}

QTEST_GUILESS_MAIN(TestHandshake)
#include "tst_handshake.moc"
