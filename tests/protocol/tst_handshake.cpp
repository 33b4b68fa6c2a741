// SPDX-License-Identifier: MIT
// The opening handshake (RFC 6455 section 4) as pure functions: keys, the request and
// response we build, every reason to reject the other side's head, and the
// Sec-WebSocket-Extensions grammar (section 9.1).
#include "protocol/handshake/Handshake.h"

#include <QtTest>

using namespace wsi::protocol;

namespace {

std::string str(const QByteArray &bytes)
{
    return bytes.toStdString();
}

QByteArray bytes(const std::string &s)
{
    return QByteArray::fromStdString(s);
}

std::vector<std::string> strings(const QByteArrayList &list)
{
    std::vector<std::string> out;
    for (const QByteArray &item : list)
        out.push_back(str(item));
    return out;
}

QByteArrayList byteLists(const std::vector<std::string> &list)
{
    QByteArrayList out;
    for (const std::string &item : list)
        out << bytes(item);
    return out;
}

// Extensions as one normalised line, e.g. "a; p=1, b", for one-line comparisons.
QByteArray formatted(const std::vector<Extension> &extensions)
{
    QByteArray out;
    for (const Extension &extension : extensions) {
        if (!out.isEmpty())
            out += ", ";
        out += bytes(formatExtension(extension));
    }
    return out;
}

const char *outcomeName(ServerHandshakeOutcome outcome)
{
    switch (outcome) {
    case ServerHandshakeOutcome::Upgrade: return "upgrade";
    case ServerHandshakeOutcome::PlainHttp: return "plain http";
    case ServerHandshakeOutcome::BadRequest: return "bad request";
    case ServerHandshakeOutcome::UpgradeRequired: return "upgrade required";
    case ServerHandshakeOutcome::HeadTooLarge: return "head too large";
    }
    return "?";
}

// The RFC 6455 section 1.3 example.
const QByteArray kKey("dGhlIHNhbXBsZSBub25jZQ==");
const QByteArray kAccept("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");

HttpResponseHead parsedResponse(const QByteArray &text)
{
    HttpResponseHead head;
    std::string error;
    if (!parseResponseHead(str(text), head, error))
        qFatal("test response does not parse: %s", error.c_str());
    return head;
}

HttpRequestHead parsedRequest(const QByteArray &text)
{
    HttpRequestHead head;
    std::string error;
    if (!parseRequestHead(str(text), head, error))
        qFatal("test request does not parse: %s", error.c_str());
    return head;
}

} // namespace

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

    void checkServerResponse_data();
    void checkServerResponse();
    void checkClientRequest_data();
    void checkClientRequest();
    void builtRequestAndResponseAgree();

    void parseExtensionList_data();
    void parseExtensionList();
    void parseExtensionParams();
    void rejectMalformedExtensionList_data();
    void rejectMalformedExtensionList();
    void formatExtensionQuotesNonTokens();
};

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

void TestHandshake::checkServerResponse_data()
{
    QTest::addColumn<QByteArray>("headers"); // after the status line, before the empty line
    QTest::addColumn<QByteArray>("statusLine");
    QTest::addColumn<QByteArrayList>("offeredSubprotocols");
    QTest::addColumn<QByteArray>("extensionOffer");
    QTest::addColumn<QByteArray>("error");       // clientHandshakeErrorId
    QTest::addColumn<QByteArrayList>("mention"); // the message names the problem
    QTest::addColumn<QByteArray>("subprotocol");
    QTest::addColumn<QByteArray>("extensions");  // as formatted

    const QByteArray ok("HTTP/1.1 101 Switching Protocols");
    const QByteArray upgrade("Upgrade: websocket\r\nConnection: Upgrade\r\n");
    const QByteArray accept("Sec-WebSocket-Accept: " + kAccept + "\r\n");
    const QByteArray good = upgrade + accept;
    const QByteArray deflate("permessage-deflate; client_max_window_bits");
    const QByteArrayList chat{"chat", "superchat"};
    const QByteArrayList none;

    QTest::newRow("valid answer")
        << good << ok << none << QByteArray() << QByteArray("none") << QByteArrayList{}
        << QByteArray() << QByteArray();
    QTest::newRow("header names and tokens in other cases")
        << QByteArray("upgrade: WebSocket\r\nCONNECTION: keep-alive, upgrade\r\nsec-websocket-accept: " + kAccept + "\r\n")
        << QByteArray("HTTP/1.1 101 OK") << none << QByteArray() << QByteArray("none") << QByteArrayList{}
        << QByteArray() << QByteArray();
    QTest::newRow("server picks one of our subprotocols")
        << good + "Sec-WebSocket-Protocol: superchat\r\n" << ok << chat << QByteArray()
        << QByteArray("none") << QByteArrayList{} << QByteArray("superchat") << QByteArray();
    QTest::newRow("server picks no subprotocol although we offered some")
        << good << ok << chat << QByteArray() << QByteArray("none") << QByteArrayList{}
        << QByteArray() << QByteArray();
    QTest::newRow("server accepts our extension")
        << good + "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits=10\r\n" << ok
        << none << deflate << QByteArray("none") << QByteArrayList{} << QByteArray()
        << QByteArray("permessage-deflate; client_max_window_bits=10");
    QTest::newRow("not found")
        << QByteArray("Content-Length: 9\r\n") << QByteArray("HTTP/1.1 404 Not Found") << none
        << QByteArray() << QByteArray("not-switching-protocols")
        << QByteArrayList{"server answered 404 Not Found instead of 101 Switching Protocols"}
        << QByteArray() << QByteArray();
    QTest::newRow("redirect without reason phrase")
        << QByteArray("Location: /elsewhere\r\n") << QByteArray("HTTP/1.1 302") << none << QByteArray()
        << QByteArray("not-switching-protocols") << QByteArrayList{"server answered 302 instead of 101"}
        << QByteArray() << QByteArray();
    QTest::newRow("200 with all the upgrade headers")
        << good << QByteArray("HTTP/1.1 200 OK") << none << QByteArray()
        << QByteArray("not-switching-protocols") << QByteArrayList{"200 OK"} << QByteArray() << QByteArray();
    QTest::newRow("no Upgrade header")
        << QByteArray("Connection: Upgrade\r\n") + accept << ok << none << QByteArray()
        << QByteArray("missing-upgrade") << QByteArrayList{"no Upgrade header"} << QByteArray() << QByteArray();
    QTest::newRow("Upgrade to another protocol")
        << QByteArray("Upgrade: h2c\r\nConnection: Upgrade\r\n") + accept << ok << none << QByteArray()
        << QByteArray("missing-upgrade") << QByteArrayList{"\"Upgrade: h2c\"", "websocket"} << QByteArray()
        << QByteArray();
    QTest::newRow("no Connection header")
        << QByteArray("Upgrade: websocket\r\n") + accept << ok << none << QByteArray()
        << QByteArray("missing-connection") << QByteArrayList{"no Connection header"} << QByteArray()
        << QByteArray();
    QTest::newRow("Connection without the Upgrade token")
        << QByteArray("Upgrade: websocket\r\nConnection: keep-alive\r\n") + accept << ok << none
        << QByteArray() << QByteArray("missing-connection") << QByteArrayList{"\"Connection: keep-alive\"", "Upgrade"}
        << QByteArray() << QByteArray();
    QTest::newRow("no Sec-WebSocket-Accept")
        << upgrade << ok << none << QByteArray() << QByteArray("missing-accept")
        << QByteArrayList{"no Sec-WebSocket-Accept", kAccept} << QByteArray() << QByteArray();
    QTest::newRow("wrong Sec-WebSocket-Accept")
        << upgrade + "Sec-WebSocket-Accept: ICX+Yqv66kxgM0FcWaLWlFLwTAI=\r\n" << ok << none << QByteArray()
        << QByteArray("wrong-accept") << QByteArrayList{"ICX+Yqv66kxgM0FcWaLWlFLwTAI=", kAccept, kKey}
        << QByteArray() << QByteArray();
    QTest::newRow("Sec-WebSocket-Accept echoing the key")
        << upgrade + "Sec-WebSocket-Accept: " + kKey + "\r\n" << ok << none << QByteArray()
        << QByteArray("wrong-accept") << QByteArrayList{"\"" + kKey + "\" but", kAccept} << QByteArray()
        << QByteArray();
    QTest::newRow("subprotocol we did not offer")
        << good + "Sec-WebSocket-Protocol: mqtt\r\n" << ok << chat << QByteArray()
        << QByteArray("unrequested-subprotocol") << QByteArrayList{"\"mqtt\"", "chat, superchat"}
        << QByteArray() << QByteArray();
    QTest::newRow("subprotocol when we offered none")
        << good + "Sec-WebSocket-Protocol: chat\r\n" << ok << none << QByteArray()
        << QByteArray("unrequested-subprotocol") << QByteArrayList{"\"chat\"", "offered none"}
        << QByteArray() << QByteArray();
    QTest::newRow("subprotocol differing in case")
        << good + "Sec-WebSocket-Protocol: CHAT\r\n" << ok << chat << QByteArray()
        << QByteArray("unrequested-subprotocol") << QByteArrayList{"\"CHAT\""} << QByteArray() << QByteArray();
    QTest::newRow("two subprotocols selected")
        << good + "Sec-WebSocket-Protocol: chat\r\nSec-WebSocket-Protocol: superchat\r\n" << ok << chat
        << QByteArray() << QByteArray("unrequested-subprotocol") << QByteArrayList{"\"chat, superchat\""}
        << QByteArray() << QByteArray();
    QTest::newRow("extension we did not offer")
        << good + "Sec-WebSocket-Extensions: x-webkit-deflate-frame\r\n" << ok << none << deflate
        << QByteArray("unrequested-extension") << QByteArrayList{"\"x-webkit-deflate-frame\"", "did not offer"}
        << QByteArray() << QByteArray();
    QTest::newRow("extension when we offered none")
        << good + "Sec-WebSocket-Extensions: permessage-deflate\r\n" << ok << none << QByteArray()
        << QByteArray("unrequested-extension") << QByteArrayList{"\"permessage-deflate\""} << QByteArray()
        << QByteArray();
    QTest::newRow("extension accepted twice")
        << good + "Sec-WebSocket-Extensions: permessage-deflate, permessage-deflate\r\n" << ok << none
        << deflate << QByteArray("unrequested-extension") << QByteArrayList{"more than once"} << QByteArray()
        << QByteArray();
    QTest::newRow("malformed extension header")
        << good + "Sec-WebSocket-Extensions: permessage-deflate; =15\r\n" << ok << none << deflate
        << QByteArray("bad-extension-params") << QByteArrayList{"Sec-WebSocket-Extensions", "parameter name"}
        << QByteArray() << QByteArray();
    QTest::newRow("empty extension header")
        << good + "Sec-WebSocket-Extensions: \r\n" << ok << none << deflate
        << QByteArray("bad-extension-params") << QByteArrayList{"empty"} << QByteArray() << QByteArray();
    QTest::newRow("status checked before headers")
        << QByteArray() << QByteArray("HTTP/1.1 403 Forbidden") << none << QByteArray()
        << QByteArray("not-switching-protocols") << QByteArrayList{"403 Forbidden"} << QByteArray()
        << QByteArray();
}

void TestHandshake::checkServerResponse()
{
    QFETCH(QByteArray, headers);
    QFETCH(QByteArray, statusLine);
    QFETCH(QByteArrayList, offeredSubprotocols);
    QFETCH(QByteArray, extensionOffer);
    QFETCH(QByteArray, error);
    QFETCH(QByteArrayList, mention);
    QFETCH(QByteArray, subprotocol);
    QFETCH(QByteArray, extensions);

    ClientHandshakeRequest request;
    request.host = "server.example.com";
    request.key = str(kKey);
    request.subprotocols = strings(offeredSubprotocols);
    request.extensionOffer = str(extensionOffer);
    const HttpResponseHead response = parsedResponse(statusLine + "\r\n" + headers + "\r\n");

    const ClientHandshakeCheck check = wsi::protocol::checkServerResponse(response, request);
    QCOMPARE(QByteArray(clientHandshakeErrorId(check.error)), error);
    for (const QByteArray &part : mention)
        QVERIFY2(bytes(check.message).contains(part), check.message.c_str());
    if (error == "none") {
        QCOMPARE(bytes(check.subprotocol), subprotocol);
        QCOMPARE(formatted(check.extensions), extensions);
    } else {
        QVERIFY(!check.message.empty());
    }
}

void TestHandshake::checkClientRequest_data()
{
    QTest::addColumn<QByteArray>("requestLine");
    QTest::addColumn<QByteArray>("headers");
    QTest::addColumn<QByteArrayList>("ourSubprotocols");
    QTest::addColumn<QByteArray>("outcome");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArrayList>("mention");
    QTest::addColumn<QByteArrayList>("requested");
    QTest::addColumn<QByteArray>("selected");
    QTest::addColumn<QByteArray>("offers");

    const QByteArray get("GET /chat?x=1 HTTP/1.1");
    const QByteArray host("Host: server.example.com\r\n");
    const QByteArray upgrade("Upgrade: websocket\r\nConnection: Upgrade\r\n");
    const QByteArray key("Sec-WebSocket-Key: " + kKey + "\r\n");
    const QByteArray version("Sec-WebSocket-Version: 13\r\n");
    const QByteArray good = host + upgrade + key + version;
    const QByteArrayList none;
    const QByteArrayList ours{"v2.chat", "chat"};

    QTest::newRow("valid upgrade")
        << get << good << none << QByteArray("upgrade") << 101 << QByteArrayList{} << none
        << QByteArray() << QByteArray();
    QTest::newRow("valid upgrade, case-insensitive tokens and HTTP/2.0")
        << QByteArray("GET / HTTP/2.0")
        << host + "upgrade: WebSocket\r\nconnection: keep-alive, UPGRADE\r\n" + key + version << none
        << QByteArray("upgrade") << 101 << QByteArrayList{} << none << QByteArray() << QByteArray();
    QTest::newRow("subprotocol chosen by our order of preference")
        << get << good + "Sec-WebSocket-Protocol: chat, v2.chat, other\r\n" << ours
        << QByteArray("upgrade") << 101 << QByteArrayList{} << QByteArrayList{"chat", "v2.chat", "other"}
        << QByteArray("v2.chat") << QByteArray();
    QTest::newRow("subprotocols over several fields")
        << get << good + "Sec-WebSocket-Protocol: other\r\nSec-WebSocket-Protocol: chat\r\n" << ours
        << QByteArray("upgrade") << 101 << QByteArrayList{} << QByteArrayList{"other", "chat"}
        << QByteArray("chat") << QByteArray();
    QTest::newRow("no common subprotocol")
        << get << good + "Sec-WebSocket-Protocol: mqtt\r\n" << ours << QByteArray("upgrade") << 101
        << QByteArrayList{} << QByteArrayList{"mqtt"} << QByteArray() << QByteArray();
    QTest::newRow("extension offers kept")
        << get
        << good + "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits, permessage-deflate\r\n"
        << none << QByteArray("upgrade") << 101 << QByteArrayList{} << none << QByteArray()
        << QByteArray("permessage-deflate; client_max_window_bits, permessage-deflate");
    QTest::newRow("plain GET")
        << QByteArray("GET /index.html HTTP/1.1") << host << none << QByteArray("plain http") << 200
        << QByteArrayList{"Upgrade"} << none << QByteArray() << QByteArray();
    QTest::newRow("plain GET over HTTP/1.0")
        << QByteArray("GET / HTTP/1.0") << QByteArray() << none << QByteArray("plain http") << 200
        << QByteArrayList{} << none << QByteArray() << QByteArray();
    QTest::newRow("POST upgrade")
        << QByteArray("POST /chat HTTP/1.1") << good << none << QByteArray("bad request") << 400
        << QByteArrayList{"method POST", "GET"} << none << QByteArray() << QByteArray();
    QTest::newRow("plain POST")
        << QByteArray("POST /form HTTP/1.1") << host << none << QByteArray("bad request") << 400
        << QByteArrayList{"method POST"} << none << QByteArray() << QByteArray();
    QTest::newRow("lower-case method")
        << QByteArray("get / HTTP/1.1") << good << none << QByteArray("bad request") << 400
        << QByteArrayList{"method get"} << none << QByteArray() << QByteArray();
    QTest::newRow("HTTP/1.0 upgrade")
        << QByteArray("GET / HTTP/1.0") << good << none << QByteArray("bad request") << 400
        << QByteArrayList{"HTTP/1.0", "HTTP/1.1"} << none << QByteArray() << QByteArray();
    QTest::newRow("Upgrade to another protocol")
        << get << host + "Upgrade: h2c\r\nConnection: Upgrade\r\n" + key + version << none
        << QByteArray("bad request") << 400 << QByteArrayList{"\"h2c\"", "websocket"} << none
        << QByteArray() << QByteArray();
    QTest::newRow("empty Upgrade header")
        << get << host + "Upgrade: \r\nConnection: Upgrade\r\n" + key + version << none
        << QByteArray("bad request") << 400 << QByteArrayList{"Upgrade header is \"\""} << none
        << QByteArray() << QByteArray();
    QTest::newRow("no Connection header")
        << get << host + "Upgrade: websocket\r\n" + key + version << none << QByteArray("bad request")
        << 400 << QByteArrayList{"no Connection header"} << none << QByteArray() << QByteArray();
    QTest::newRow("Connection without the Upgrade token")
        << get << host + "Upgrade: websocket\r\nConnection: keep-alive\r\n" + key + version << none
        << QByteArray("bad request") << 400 << QByteArrayList{"\"keep-alive\"", "Upgrade"} << none
        << QByteArray() << QByteArray();
    QTest::newRow("no Host header")
        << get << upgrade + key + version << none << QByteArray("bad request") << 400
        << QByteArrayList{"no Host header"} << none << QByteArray() << QByteArray();
    QTest::newRow("empty Host header")
        << get << "Host:\r\n" + upgrade + key + version << none << QByteArray("bad request") << 400
        << QByteArrayList{"no Host header"} << none << QByteArray() << QByteArray();
    QTest::newRow("no key")
        << get << host + upgrade + version << none << QByteArray("bad request") << 400
        << QByteArrayList{"no Sec-WebSocket-Key"} << none << QByteArray() << QByteArray();
    QTest::newRow("key of 15 bytes")
        << get << host + upgrade + "Sec-WebSocket-Key: AAAAAAAAAAAAAAAAAAAA\r\n" + version << none
        << QByteArray("bad request") << 400 << QByteArrayList{"\"AAAAAAAAAAAAAAAAAAAA\"", "16 bytes"}
        << none << QByteArray() << QByteArray();
    QTest::newRow("key that is not base64")
        << get << host + upgrade + "Sec-WebSocket-Key: hello\r\n" + version << none
        << QByteArray("bad request") << 400 << QByteArrayList{"\"hello\""} << none << QByteArray()
        << QByteArray();
    QTest::newRow("two keys")
        << get << good + key << none << QByteArray("bad request") << 400
        << QByteArrayList{kKey + ", " + kKey} << none << QByteArray() << QByteArray();
    QTest::newRow("version 8")
        << get << host + upgrade + key + "Sec-WebSocket-Version: 8\r\n" << none
        << QByteArray("upgrade required") << 426 << QByteArrayList{"\"8\"", "13"} << none << QByteArray()
        << QByteArray();
    QTest::newRow("no version")
        << get << host + upgrade + key << none << QByteArray("upgrade required") << 426
        << QByteArrayList{"no Sec-WebSocket-Version", "13"} << none << QByteArray() << QByteArray();
    QTest::newRow("two versions")
        << get << good + "Sec-WebSocket-Version: 8\r\n" << none << QByteArray("upgrade required") << 426
        << QByteArrayList{"\"13, 8\""} << none << QByteArray() << QByteArray();
    QTest::newRow("malformed extension offer")
        << get << good + "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits=\"1 5\"\r\n"
        << none << QByteArray("bad request") << 400
        << QByteArrayList{"Sec-WebSocket-Extensions", "client_max_window_bits"} << none << QByteArray()
        << QByteArray();
}

void TestHandshake::checkClientRequest()
{
    QFETCH(QByteArray, requestLine);
    QFETCH(QByteArray, headers);
    QFETCH(QByteArrayList, ourSubprotocols);
    QFETCH(QByteArray, outcome);
    QFETCH(int, status);
    QFETCH(QByteArrayList, mention);
    QFETCH(QByteArrayList, requested);
    QFETCH(QByteArray, selected);
    QFETCH(QByteArray, offers);

    ServerHandshakeOptions options;
    options.subprotocols = strings(ourSubprotocols);
    const HttpRequestHead request = parsedRequest(requestLine + "\r\n" + headers + "\r\n");
    const ServerHandshakeCheck check = wsi::protocol::checkClientRequest(request, options);

    QCOMPARE(QByteArray(outcomeName(check.outcome)), outcome);
    QCOMPARE(check.status, status);
    QVERIFY(!check.message.empty());
    for (const QByteArray &part : mention)
        QVERIFY2(bytes(check.message).contains(part), check.message.c_str());
    QCOMPARE(byteLists(check.requestedSubprotocols), requested);
    QCOMPARE(bytes(check.selectedSubprotocol), selected);
    QCOMPARE(formatted(check.extensionOffers), offers);
    if (check.outcome == ServerHandshakeOutcome::Upgrade)
        QCOMPARE(bytes(check.key), kKey);
}

// Each side accepts what the other builds.
void TestHandshake::builtRequestAndResponseAgree()
{
    ClientHandshakeRequest request;
    request.host = "127.0.0.1:9001";
    request.resourceName = "/feed?room=7";
    request.origin = "http://localhost";
    request.subprotocols = {"graphql-ws", "graphql-transport-ws"};
    request.extensionOffer = "permessage-deflate; client_max_window_bits";
    request.extraHeaders = {{"X-Token", "abc"}};
    const std::uint8_t random[16] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
    request.key = makeSecWebSocketKey(random);

    const HttpRequestHead requestHead = parsedRequest(bytes(buildClientRequest(request)));
    QCOMPARE(requestHead.path, std::string("/feed"));
    QCOMPARE(requestHead.query, std::string("room=7"));
    QCOMPARE(*requestHead.headers.find("origin"), request.origin);
    ServerHandshakeOptions options;
    options.subprotocols = {"graphql-transport-ws"};
    const ServerHandshakeCheck serverCheck = wsi::protocol::checkClientRequest(requestHead, options);
    QVERIFY2(serverCheck.outcome == ServerHandshakeOutcome::Upgrade, serverCheck.message.c_str());
    QCOMPARE(serverCheck.selectedSubprotocol, std::string("graphql-transport-ws"));
    QCOMPARE(formatted(serverCheck.extensionOffers), QByteArray("permessage-deflate; client_max_window_bits"));

    const std::string answer = buildServerResponse(computeSecWebSocketAccept(serverCheck.key),
                                                   serverCheck.selectedSubprotocol,
                                                   "permessage-deflate", {});
    const ClientHandshakeCheck clientCheck =
        wsi::protocol::checkServerResponse(parsedResponse(bytes(answer)), request);
    QVERIFY2(clientCheck.error == ClientHandshakeError::None, clientCheck.message.c_str());
    QCOMPARE(clientCheck.subprotocol, std::string("graphql-transport-ws"));
    QCOMPARE(formatted(clientCheck.extensions), QByteArray("permessage-deflate"));
}

void TestHandshake::parseExtensionList_data()
{
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<QByteArray>("normalised");

    QTest::newRow("one name") << QByteArray("permessage-deflate") << QByteArray("permessage-deflate");
    QTest::newRow("parameter without value")
        << QByteArray("permessage-deflate; client_max_window_bits")
        << QByteArray("permessage-deflate; client_max_window_bits");
    QTest::newRow("several parameters, no spaces")
        << QByteArray("permessage-deflate;client_max_window_bits=10;server_no_context_takeover")
        << QByteArray("permessage-deflate; client_max_window_bits=10; server_no_context_takeover");
    QTest::newRow("quoted value")
        << QByteArray("permessage-deflate; server_max_window_bits=\"10\"")
        << QByteArray("permessage-deflate; server_max_window_bits=10");
    QTest::newRow("quoted value with an escape")
        << QByteArray("x; a=\"1\\0\"") << QByteArray("x; a=10");
    QTest::newRow("whitespace everywhere")
        << QByteArray(" \tfoo ; a = 1 ;\tb , bar\t; c = \"d\" ")
        << QByteArray("foo; a=1; b, bar; c=d");
    QTest::newRow("several extensions, the same one offered twice")
        << QByteArray("permessage-deflate; client_max_window_bits, permessage-deflate, x-webkit-deflate-frame")
        << QByteArray("permessage-deflate; client_max_window_bits, permessage-deflate, x-webkit-deflate-frame");
    QTest::newRow("empty list elements")
        << QByteArray(", a,, ,b,") << QByteArray("a, b");
}

void TestHandshake::parseExtensionList()
{
    QFETCH(QByteArray, value);
    QFETCH(QByteArray, normalised);
    std::vector<Extension> extensions;
    std::string error;
    QVERIFY2(wsi::protocol::parseExtensionList(str(value), extensions, error), error.c_str());
    QCOMPARE(formatted(extensions), normalised);
    // What we format parses back to the same thing.
    std::vector<Extension> again;
    QVERIFY2(wsi::protocol::parseExtensionList(str(normalised), again, error), error.c_str());
    QCOMPARE(formatted(again), normalised);
}

void TestHandshake::parseExtensionParams()
{
    std::vector<Extension> extensions;
    std::string error;
    QVERIFY(wsi::protocol::parseExtensionList(
        "permessage-deflate; client_max_window_bits; server_max_window_bits=\"12\"; x=", extensions,
        error) == false);
    QVERIFY(wsi::protocol::parseExtensionList(
        "permessage-deflate; client_max_window_bits; server_max_window_bits=\"12\", b", extensions, error));
    QCOMPARE(extensions.size(), std::size_t(2));
    const Extension &deflate = extensions[0];
    QCOMPARE(deflate.name, std::string("permessage-deflate"));
    QCOMPARE(deflate.params.size(), std::size_t(2));
    QCOMPARE(deflate.params[0].name, std::string("client_max_window_bits"));
    QVERIFY(!deflate.params[0].hasValue);
    QVERIFY(deflate.params[0].value.empty());
    QCOMPARE(deflate.params[1].name, std::string("server_max_window_bits"));
    QVERIFY(deflate.params[1].hasValue);
    QCOMPARE(deflate.params[1].value, std::string("12"));
    QCOMPARE(extensions[1].name, std::string("b"));
    QVERIFY(extensions[1].params.empty());
}

void TestHandshake::rejectMalformedExtensionList_data()
{
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<QByteArray>("mention");

    QTest::newRow("empty") << QByteArray() << QByteArray("empty");
    QTest::newRow("only commas and spaces") << QByteArray(" , ,") << QByteArray("empty");
    QTest::newRow("starts with a semicolon") << QByteArray("; a") << QByteArray("expected an extension name at offset 0");
    QTest::newRow("quoted extension name") << QByteArray("\"permessage-deflate\"") << QByteArray("extension name");
    QTest::newRow("trailing semicolon") << QByteArray("a;") << QByteArray("parameter name after ';' in \"a\"");
    QTest::newRow("parameter without name") << QByteArray("a; =1") << QByteArray("parameter name");
    QTest::newRow("equals without value") << QByteArray("a; b=") << QByteArray("a value for parameter \"b\"");
    QTest::newRow("equals then comma") << QByteArray("a; b=, c") << QByteArray("a value for parameter \"b\"");
    QTest::newRow("unterminated quoted value") << QByteArray("a; b=\"10") << QByteArray("not terminated");
    QTest::newRow("escape at the end") << QByteArray("a; b=\"10\\") << QByteArray("not terminated");
    QTest::newRow("quoted value with a space") << QByteArray("a; b=\"1 0\"") << QByteArray("not a token");
    QTest::newRow("empty quoted value") << QByteArray("a; b=\"\"") << QByteArray("not a token");
    QTest::newRow("two names without a comma") << QByteArray("a b") << QByteArray("',' or ';' after extension \"a\"");
    QTest::newRow("value with a space") << QByteArray("a; b=c d") << QByteArray("',' or ';'");
    QTest::newRow("separator in a name") << QByteArray("a/b") << QByteArray("found '/'");
    QTest::newRow("two equals") << QByteArray("a; b==c") << QByteArray("a value for parameter \"b\"");
}

void TestHandshake::rejectMalformedExtensionList()
{
    QFETCH(QByteArray, value);
    QFETCH(QByteArray, mention);
    std::vector<Extension> extensions;
    std::string error;
    QVERIFY(!wsi::protocol::parseExtensionList(str(value), extensions, error));
    QVERIFY2(bytes(error).contains(mention), error.c_str());
}

void TestHandshake::formatExtensionQuotesNonTokens()
{
    Extension extension;
    extension.name = "x";
    extension.params = {{"plain", "1", true}, {"flag", "", false}, {"spaced", "a b", true},
                        {"quote", "say \"hi\"", true}, {"empty", "", true}};
    QCOMPARE(bytes(formatExtension(extension)),
             QByteArray("x; plain=1; flag; spaced=\"a b\"; quote=\"say \\\"hi\\\"\"; empty=\"\""));
}

QTEST_GUILESS_MAIN(TestHandshake)
#include "tst_handshake.moc"
