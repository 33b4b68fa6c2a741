// SPDX-License-Identifier: MIT
// The hixie drafts' handshake as functions: draft 76's worked example, the key rules
// (spaces, noise, divisibility), generated keys, both sides' checks, and version detection
// on em-websocket-style requests.
#include "HixieTestSupport.h"

using namespace wsi::test::hixie;

namespace {

HttpRequestHead parsedRequest(const std::string &head)
{
    HttpRequestHead request;
    std::string error;
    if (!parseRequestHead(head, request, error))
        qFatal("test request does not parse: %s", error.c_str());
    return request;
}

HttpResponseHead parsedResponse(const std::string &head)
{
    HttpResponseHead response;
    std::string error;
    if (!parseResponseHead(head, response, error))
        qFatal("test response does not parse: %s", error.c_str());
    return response;
}

} // namespace

class TestHixieHandshake : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void goldenVector();
    void keyPart_data();
    void keyPart();
    void generatedKeysFollowTheRules();
    void clientRequest();
    void checkRequest_data();
    void checkRequest();
    void serverResponse();
    void checkResponse_data();
    void checkResponse();
    void detectVersion_data();
    void detectVersion();
    void versionNames();
};

// Draft 76 section 1.3 / 5.2: the example keys, their numbers, and the answer.
void TestHixieHandshake::goldenVector()
{
    std::uint32_t part1 = 0;
    std::uint32_t part2 = 0;
    std::string error;
    QVERIFY2(hixieKeyPart(kKey1, "Sec-WebSocket-Key1", part1, error), error.c_str());
    QVERIFY2(hixieKeyPart(kKey2, "Sec-WebSocket-Key2", part2, error), error.c_str());
    QCOMPARE(part1, 829309203u);  // 4146546015 / 5
    QCOMPARE(part2, 259970620u);  // 1299853100 / 5
    QCOMPARE(hixieChallengeAnswer(part1, part2, kKey3), kAnswer);
}

void TestHixieHandshake::keyPart_data()
{
    QTest::addColumn<QByteArray>("key");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<uint>("part");
    QTest::addColumn<QByteArray>("mention");

    QTest::newRow("one space") << QByteArray("1 2") << true << 12u << QByteArray();
    QTest::newRow("noise is ignored") << QByteArray("x1!y 2~") << true << 12u << QByteArray();
    QTest::newRow("every space counts, leading and trailing too") << QByteArray(" 2 4 ") << true << 8u << QByteArray();
    QTest::newRow("largest quotient") << QByteArray("4294967295 ") << true << 4294967295u << QByteArray();
    QTest::newRow("no spaces") << QByteArray("12345") << false << 0u << QByteArray("no spaces");
    QTest::newRow("no digits") << QByteArray("ab cd") << false << 0u << QByteArray("no digits");
    QTest::newRow("not a multiple of its spaces") << QByteArray("1 0 1") << false << 0u
                                                 << QByteArray("101 is not a multiple of its 2 spaces");
    QTest::newRow("quotient over 32 bits") << QByteArray("4294967296 ") << false << 0u
                                           << QByteArray("does not fit in 32 bits");
    QTest::newRow("digits beyond 64 bits") << QByteArray("123456789012345678901234567890 ") << false << 0u
                                           << QByteArray("too large");
}

void TestHixieHandshake::keyPart()
{
    QFETCH(QByteArray, key);
    QFETCH(bool, valid);
    QFETCH(uint, part);
    QFETCH(QByteArray, mention);
    std::uint32_t value = 0;
    std::string error;
    QCOMPARE(hixieKeyPart(key.toStdString(), "Sec-WebSocket-Key1", value, error), valid);
    if (valid) {
        QCOMPARE(value, part);
    } else {
        QVERIFY2(QByteArray::fromStdString(error).contains(mention), error.c_str());
        QVERIFY2(QByteArray::fromStdString(error).contains("Sec-WebSocket-Key1"), error.c_str());
    }
}

// Section 4.1 steps 17-22 for many random inputs: 1-12 spaces never first or last, 1-12
// noise characters outside the digits, and a number that divides.
void TestHixieHandshake::generatedKeysFollowTheRules()
{
    std::uint32_t state = 12345;
    for (int round = 0; round < 500; ++round) {
        std::uint8_t random[HixieKeyRandomSize];
        for (std::uint8_t &b : random) {
            state = state * 1103515245u + 12345u;
            b = static_cast<std::uint8_t>(state >> 16);
        }
        const std::string key = makeHixieKey(random);
        QVERIFY(!key.empty());
        QVERIFY2(key.front() != ' ' && key.back() != ' ', key.c_str());
        int spaces = 0;
        int noise = 0;
        for (char c : key) {
            if (c == ' ')
                ++spaces;
            else if (c < '0' || c > '9')
                ++noise;
            const auto u = static_cast<unsigned char>(c);
            QVERIFY2(u >= 0x20 && u <= 0x7e, key.c_str());
        }
        QVERIFY2(spaces >= 1 && spaces <= 12, key.c_str());
        QVERIFY2(noise >= 1 && noise <= 12, key.c_str());
        std::uint32_t part = 0;
        std::string error;
        QVERIFY2(hixieKeyPart(key, "Sec-WebSocket-Key1", part, error), (key + ": " + error).c_str());
    }
}

void TestHixieHandshake::clientRequest()
{
    ClientHandshakeRequest request;
    request.host = "example.com";
    request.resourceName = "/demo";
    request.subprotocols = {"sample"};
    request.version = ProtocolVersion::Hixie76;
    const std::string head76 = buildHixieClientRequest(request, {kKey1, kKey2, kKey3});
    // GET, Upgrade and Connection first (section 4.1); the origin defaults to the host's.
    QVERIFY2(head76.rfind("GET /demo HTTP/1.1\r\nUpgrade: WebSocket\r\nConnection: Upgrade\r\n", 0) == 0,
             head76.c_str());
    QVERIFY(head76.find("Origin: http://example.com\r\n") != std::string::npos);
    QVERIFY(head76.find("Sec-WebSocket-Key1: " + kKey1 + "\r\n") != std::string::npos);
    QVERIFY(head76.find("Sec-WebSocket-Key2: " + kKey2 + "\r\n") != std::string::npos);
    QVERIFY(head76.find("Sec-WebSocket-Protocol: sample\r\n") != std::string::npos);
    QVERIFY(head76.find(kKey3) == std::string::npos); // the body is not part of the head
    QVERIFY(head76.find("Sec-WebSocket-Version") == std::string::npos);

    request.version = ProtocolVersion::Hixie75;
    request.tls = true;
    const std::string head75 = buildHixieClientRequest(request, {});
    QCOMPARE(head75, std::string("GET /demo HTTP/1.1\r\nUpgrade: WebSocket\r\nConnection: Upgrade\r\n"
                                 "Host: example.com\r\nOrigin: https://example.com\r\nWebSocket-Protocol: sample\r\n\r\n"));
}

void TestHixieHandshake::checkRequest_data()
{
    QTest::addColumn<QByteArray>("head");
    QTest::addColumn<bool>("refuseOldDrafts");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("mention");

    const QByteArray example = QByteArray::fromStdString(exampleRequestHead());
    QTest::newRow("the worked example") << example << false << 101 << QByteArray("hixie-76");
    QTest::newRow("refused old drafts") << example << true << 426 << QByteArray("refuses the old drafts");
    QTest::newRow("no Key2") << QByteArray(example).replace("Sec-WebSocket-Key2", "X-Key2") << false << 400
                             << QByteArray("no Sec-WebSocket-Key2");
    QTest::newRow("key without spaces")
        << QByteArray(example).replace(QByteArray::fromStdString(kKey1), "4146546015") << false << 400
        << QByteArray("Sec-WebSocket-Key1 \"4146546015\" has no spaces");
    QTest::newRow("key not divisible")
        << QByteArray(example).replace(QByteArray::fromStdString(kKey2), "12998 5 Y3 1  .P01") << false << 400
        << QByteArray("not a multiple");
    QTest::newRow("POST") << QByteArray(example).replace("GET", "POST") << false << 400 << QByteArray("method POST");
    QTest::newRow("no Host") << QByteArray(example).replace("Host: example.com\r\n", "") << false << 400
                             << QByteArray("no Host");
    QTest::newRow("Upgrade to something else") << QByteArray(example).replace("Upgrade: WebSocket", "Upgrade: h2c")
                                               << false << 400 << QByteArray("\"h2c\"");
}

void TestHixieHandshake::checkRequest()
{
    QFETCH(QByteArray, head);
    QFETCH(bool, refuseOldDrafts);
    QFETCH(int, status);
    QFETCH(QByteArray, mention);
    ServerHandshakeOptions options;
    options.subprotocols = {"sample"};
    options.refuseOldDrafts = refuseOldDrafts;
    const HixieRequestCheck check = checkHixieRequest(parsedRequest(head.toStdString()), ProtocolVersion::Hixie76,
                                                      options);
    QCOMPARE(check.status, status);
    QVERIFY2(QByteArray::fromStdString(check.message).contains(mention), check.message.c_str());
    if (status == 101) {
        QCOMPARE(check.part1, 829309203u);
        QCOMPARE(check.part2, 259970620u);
        QCOMPARE(check.location, std::string("ws://example.com/demo"));
        QCOMPARE(check.origin, std::string("http://example.com"));
        QCOMPARE(check.selectedSubprotocol, std::string("sample"));
    }
}

void TestHixieHandshake::serverResponse()
{
    ServerHandshakeOptions options;
    options.subprotocols = {"sample"};
    const HixieRequestCheck check76 = checkHixieRequest(parsedRequest(exampleRequestHead()), ProtocolVersion::Hixie76,
                                                        options);
    // Byte for byte the example's answer, header order aside: em-websocket's order.
    QCOMPARE(buildHixieServerResponse(check76, {}),
             std::string("HTTP/1.1 101 WebSocket Protocol Handshake\r\nUpgrade: WebSocket\r\nConnection: Upgrade\r\n"
                         "Sec-WebSocket-Origin: http://example.com\r\nSec-WebSocket-Location: ws://example.com/demo\r\n"
                         "Sec-WebSocket-Protocol: sample\r\n\r\n"));

    options.tls = true;
    const HixieRequestCheck check75 = checkHixieRequest(parsedRequest(draft75RequestHead()), ProtocolVersion::Hixie75,
                                                        options);
    QCOMPARE(check75.status, 101);
    QCOMPARE(buildHixieServerResponse(check75, {{"X-Server", "wsinspect"}}),
             std::string("HTTP/1.1 101 Web Socket Protocol Handshake\r\nUpgrade: WebSocket\r\nConnection: Upgrade\r\n"
                         "WebSocket-Origin: http://example.com\r\nWebSocket-Location: wss://example.com/demo\r\n"
                         "WebSocket-Protocol: sample\r\nX-Server: wsinspect\r\n\r\n"));
}

void TestHixieHandshake::checkResponse_data()
{
    QTest::addColumn<QByteArray>("head");
    QTest::addColumn<int>("version");
    QTest::addColumn<QByteArray>("error");
    QTest::addColumn<QByteArray>("mention");

    const auto v76 = int(ProtocolVersion::Hixie76);
    const QByteArray example = QByteArray::fromStdString(exampleResponseHead());
    QTest::newRow("the worked example") << example << v76 << QByteArray("none") << QByteArray();
    QTest::newRow("no protocol in the answer") << QByteArray(example).replace("Sec-WebSocket-Protocol: sample\r\n", "")
                                               << v76 << QByteArray("none") << QByteArray();
    QTest::newRow("another protocol") << QByteArray(example).replace("Protocol: sample", "Protocol: chat") << v76
                                      << QByteArray("unrequested-subprotocol") << QByteArray("\"chat\"");
    QTest::newRow("403") << QByteArray("HTTP/1.1 403 Forbidden\r\n\r\n") << v76
                         << QByteArray("not-switching-protocols") << QByteArray("403 Forbidden");
    QTest::newRow("no Upgrade") << QByteArray(example).replace("Upgrade: WebSocket\r\n", "") << v76
                                << QByteArray("missing-upgrade") << QByteArray("Upgrade: WebSocket");
    QTest::newRow("draft 75 answer")
        << QByteArray("HTTP/1.1 101 Web Socket Protocol Handshake\r\nUpgrade: WebSocket\r\nConnection: Upgrade\r\n"
                      "WebSocket-Origin: http://example.com\r\nWebSocket-Location: ws://example.com/demo\r\n"
                      "WebSocket-Protocol: sample\r\n\r\n")
        << int(ProtocolVersion::Hixie75) << QByteArray("none") << QByteArray();
}

void TestHixieHandshake::checkResponse()
{
    QFETCH(QByteArray, head);
    QFETCH(int, version);
    QFETCH(QByteArray, error);
    QFETCH(QByteArray, mention);
    ClientHandshakeRequest request;
    request.subprotocols = {"sample"};
    request.version = ProtocolVersion(version);
    const ClientHandshakeCheck check = checkHixieResponse(parsedResponse(head.toStdString()), request);
    QCOMPARE(QByteArray(clientHandshakeErrorId(check.error)), error);
    QVERIFY2(QByteArray::fromStdString(check.message).contains(mention), check.message.c_str());
}

// lib/em-websocket/handshake.rb: a version header means hybi with that number, else Key1
// or Key2 means draft 76 (with its 8-byte body), else draft 75.
void TestHixieHandshake::detectVersion_data()
{
    QTest::addColumn<QByteArray>("head");
    QTest::addColumn<bool>("upgrade");
    QTest::addColumn<QByteArray>("version");
    QTest::addColumn<bool>("supported");
    QTest::addColumn<int>("bodySize");
    QTest::addColumn<bool>("hixieDriver");

    const QByteArray start("GET /ws HTTP/1.1\r\nHost: h\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n");
    const QByteArray key("Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n");
    QTest::newRow("RFC 6455") << start + key + "Sec-WebSocket-Version: 13\r\n\r\n" << true << QByteArray("13") << true
                              << 0 << false;
    QTest::newRow("hybi-08 (Chrome 14, Firefox 7)") << start + key + "Sec-WebSocket-Origin: http://h\r\n"
                                                       "Sec-WebSocket-Version: 8\r\n\r\n"
                                                    << true << QByteArray("8") << true << 0 << false;
    QTest::newRow("hybi-07") << start + key + "Sec-WebSocket-Version: 7\r\n\r\n" << true << QByteArray("7") << true
                             << 0 << false;
    QTest::newRow("hybi-06: not spoken") << start + key + "Sec-WebSocket-Version: 6\r\n\r\n" << true
                                         << QByteArray("13") << false << 0 << false;
    QTest::newRow("version wins over Key1") << start + "Sec-WebSocket-Key1: 1 2\r\nSec-WebSocket-Version: 8\r\n\r\n"
                                            << true << QByteArray("8") << true << 0 << false;
    QTest::newRow("draft 76") << QByteArray::fromStdString(exampleRequestHead()) << true << QByteArray("hixie-76")
                              << true << 8 << true;
    QTest::newRow("draft 76, Key2 only") << start + "Sec-WebSocket-Key2: 1 2\r\n\r\n" << true
                                         << QByteArray("hixie-76") << true << 8 << true;
    QTest::newRow("draft 75") << QByteArray::fromStdString(draft75RequestHead()) << true << QByteArray("hixie-75")
                              << true << 0 << true;
    QTest::newRow("plain GET") << QByteArray("GET / HTTP/1.1\r\nHost: h\r\n\r\n") << false << QByteArray("hixie-75")
                               << true << 0 << false;
    QTest::newRow("not HTTP") << QByteArray("\x16\x03\x01\r\n\r\n") << false << QByteArray("13") << false << 0
                              << false;
}

void TestHixieHandshake::detectVersion()
{
    QFETCH(QByteArray, head);
    QFETCH(bool, upgrade);
    QFETCH(QByteArray, version);
    QFETCH(bool, supported);
    QFETCH(int, bodySize);
    QFETCH(bool, hixieDriver);
    const RequestVersion detected = detectRequestVersion(head.toStdString());
    QCOMPARE(detected.isUpgrade, upgrade);
    QCOMPARE(QByteArray(protocolVersionName(detected.version)), version);
    QCOMPARE(detected.supported, supported);
    QCOMPARE(int(detected.bodySize), bodySize);
    QCOMPARE(detected.usesHixieDriver(), hixieDriver);
    QVERIFY(!detected.description.empty());
}

void TestHixieHandshake::versionNames()
{
    for (auto version : {ProtocolVersion::Rfc6455_13, ProtocolVersion::Hybi08, ProtocolVersion::Hybi07,
                         ProtocolVersion::Hixie76, ProtocolVersion::Hixie75}) {
        ProtocolVersion parsed = ProtocolVersion::Rfc6455_13;
        QVERIFY(parseProtocolVersion(protocolVersionName(version), parsed));
        QCOMPARE(parsed, version);
    }
    ProtocolVersion unchanged = ProtocolVersion::Hybi07;
    QVERIFY(!parseProtocolVersion("12", unchanged));
    QCOMPARE(unchanged, ProtocolVersion::Hybi07);
    QCOMPARE(hybiVersionNumber(ProtocolVersion::Hybi08), 8);
    QCOMPARE(hybiVersionNumber(ProtocolVersion::Hixie76), 0);
}

QTEST_GUILESS_MAIN(TestHixieHandshake)
#include "tst_hixiehandshake.moc"
