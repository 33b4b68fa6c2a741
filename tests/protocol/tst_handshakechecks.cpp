// SPDX-License-Identifier: MIT
// The opening handshake's checks: a server's answer and a client's request, each refusal
// with its reason, and Sec-WebSocket-Extensions lists parsed, refused and formatted.
#include "HandshakeTestSupport.h"

class TestHandshakeChecks : public QObject
{
    Q_OBJECT

private Q_SLOTS:
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

// ---- checking answers and requests ---------------------------------------------------------

void TestHandshakeChecks::checkServerResponse_data()
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

void TestHandshakeChecks::checkServerResponse()
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

void TestHandshakeChecks::checkClientRequest_data()
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
    QTest::newRow("two Host headers")
        << get << host + "Host: other.example\r\n" + upgrade + key + version << none << QByteArray("bad request") << 400
        << QByteArrayList{"2 Host headers", "RFC 7230 section 5.4"} << none << QByteArray() << QByteArray();
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
    QTest::newRow("version 8 (hybi-08), answered as 13")
        << get << host + upgrade + key + "Sec-WebSocket-Version: 8\r\n" << none
        << QByteArray("upgrade") << 101 << QByteArrayList{} << none << QByteArray() << QByteArray();
    QTest::newRow("version 7 (hybi-07), answered as 13")
        << get << host + upgrade + key + "Sec-WebSocket-Version: 7\r\n" << none
        << QByteArray("upgrade") << 101 << QByteArrayList{} << none << QByteArray() << QByteArray();
    QTest::newRow("version 6")
        << get << host + upgrade + key + "Sec-WebSocket-Version: 6\r\n" << none
        << QByteArray("upgrade required") << 426 << QByteArrayList{"\"6\"", "13", "8 and 7"} << none
        << QByteArray() << QByteArray();
    QTest::newRow("hixie-76 request")
        << get << host + upgrade + "Sec-WebSocket-Key1: 4 @1  46546xW%0l 1 5\r\n" << none
        << QByteArray("upgrade required") << 426 << QByteArrayList{"hixie-76", "13"} << none << QByteArray()
        << QByteArray();
    QTest::newRow("hixie-75 request")
        << get << host + upgrade << none << QByteArray("upgrade required") << 426
        << QByteArrayList{"hixie-75", "13"} << none << QByteArray() << QByteArray();
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

void TestHandshakeChecks::checkClientRequest()
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
void TestHandshakeChecks::builtRequestAndResponseAgree()
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

// ---- extension lists -----------------------------------------------------------------------

void TestHandshakeChecks::parseExtensionList_data()
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

void TestHandshakeChecks::parseExtensionList()
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

void TestHandshakeChecks::parseExtensionParams()
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

void TestHandshakeChecks::rejectMalformedExtensionList_data()
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

void TestHandshakeChecks::rejectMalformedExtensionList()
{
    QFETCH(QByteArray, value);
    QFETCH(QByteArray, mention);
    std::vector<Extension> extensions;
    std::string error;
    QVERIFY(!wsi::protocol::parseExtensionList(str(value), extensions, error));
    QVERIFY2(bytes(error).contains(mention), error.c_str());
}

void TestHandshakeChecks::formatExtensionQuotesNonTokens()
{
    Extension extension;
    extension.name = "x";
    extension.params = {{"plain", "1", true}, {"flag", "", false}, {"spaced", "a b", true},
                        {"quote", "say \"hi\"", true}, {"empty", "", true}};
    QCOMPARE(bytes(formatExtension(extension)),
             QByteArray("x; plain=1; flag; spaced=\"a b\"; quote=\"say \\\"hi\\\"\"; empty=\"\""));
}

QTEST_GUILESS_MAIN(TestHandshakeChecks)
#include "tst_handshakechecks.moc"
