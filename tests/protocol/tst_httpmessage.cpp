// SPDX-License-Identifier: MIT
// HttpHeaders, parseRequestHead/parseResponseHead and HttpHeadReader: the HTTP/1.1 part
// of the opening handshake (RFC 7230 as used by RFC 6455 section 4).
#include "protocol/handshake/HttpMessage.h"
#include "support/Chunking.h"

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

QByteArrayList headerNames(const HttpHeaders &headers)
{
    QByteArrayList names;
    for (const HttpHeader &header : headers.all())
        names << bytes(header.name);
    return names;
}

// What the reader saw when fed `input` in the given chunks: the head, the bytes it left
// unconsumed (in order), and its final status.
struct ReadResult {
    QByteArray head;
    QByteArray leftover;
    HttpHeadReader::Status status = HttpHeadReader::Status::NeedMore;
};

ReadResult readChunked(const std::string &input, const wsi::test::Chunking &chunking,
                       std::size_t maxHeadSize = 16 * 1024)
{
    HttpHeadReader reader(maxHeadSize);
    ReadResult result;
    wsi::test::feedChunked(input, chunking, [&](const std::uint8_t *data, std::size_t size) {
        std::size_t consumed = size + 1; // poison: feed must set it
        reader.feed(data, size, consumed);
        QVERIFY(consumed <= size);
        result.leftover.append(reinterpret_cast<const char *>(data + consumed),
                               static_cast<qsizetype>(size - consumed));
    });
    result.head = bytes(reader.head());
    result.status = reader.status();
    return result;
}

const char *statusName(HttpHeadReader::Status status)
{
    switch (status) {
    case HttpHeadReader::Status::NeedMore: return "need more";
    case HttpHeadReader::Status::Complete: return "complete";
    case HttpHeadReader::Status::TooLarge: return "too large";
    }
    return "?";
}

} // namespace

class TestHttpMessage : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void headersLookUpNamesCaseInsensitively();
    void headersJoinRepeatedFields();
    void headersFindTokens_data();
    void headersFindTokens();
    void splitHeaderListKeepsQuotedCommas_data();
    void splitHeaderListKeepsQuotedCommas();

    void parsesRequestHead_data();
    void parsesRequestHead();
    void rejectMalformedRequestHead_data();
    void rejectMalformedRequestHead();
    void parsesResponseHead_data();
    void parsesResponseHead();
    void rejectMalformedResponseHead_data();
    void rejectMalformedResponseHead();

    void readerStopsAtTerminator_data();
    void readerStopsAtTerminator();
    void readerSizeLimit_data();
    void readerSizeLimit();
    void readerGivesUpWithoutWaitingForTerminator();
    void readerTakesNothingOnceDone();
};

void TestHttpMessage::headersLookUpNamesCaseInsensitively()
{
    HttpHeaders headers;
    headers.add("Sec-WebSocket-Key", "abc");
    headers.add("X-Custom", "1");
    QVERIFY(headers.find("sec-websocket-key"));
    QCOMPARE(*headers.find("SEC-WEBSOCKET-KEY"), std::string("abc"));
    QVERIFY(!headers.find("Sec-WebSocket-Keys"));
    QVERIFY(headers.contains("x-custom"));
    QVERIFY(!headers.contains("X-Other"));
    // Order and spelling are kept for display.
    QCOMPARE(headerNames(headers), QByteArrayList({"Sec-WebSocket-Key", "X-Custom"}));
}

void TestHttpMessage::headersJoinRepeatedFields()
{
    HttpHeaders headers;
    headers.add("Sec-WebSocket-Protocol", "chat");
    headers.add("Other", "x");
    headers.add("sec-websocket-protocol", "superchat, v2");
    QCOMPARE(headers.joined("Sec-WebSocket-Protocol"), std::string("chat, superchat, v2"));
    QCOMPARE(*headers.find("Sec-WebSocket-Protocol"), std::string("chat"));
    QCOMPARE(headers.joined("Missing"), std::string());
}

void TestHttpMessage::headersFindTokens_data()
{
    QTest::addColumn<QByteArrayList>("values"); // one Connection field per entry
    QTest::addColumn<QByteArray>("token");
    QTest::addColumn<bool>("found");

    QTest::newRow("single token") << QByteArrayList{"Upgrade"} << QByteArray("upgrade") << true;
    QTest::newRow("token in a list") << QByteArrayList{"keep-alive, Upgrade"} << QByteArray("upgrade") << true;
    QTest::newRow("token without spaces") << QByteArrayList{"keep-alive,upgrade"} << QByteArray("Upgrade") << true;
    QTest::newRow("token in a second field") << QByteArrayList{"keep-alive", "UPGRADE"} << QByteArray("upgrade") << true;
    QTest::newRow("token absent") << QByteArrayList{"keep-alive, close"} << QByteArray("upgrade") << false;
    QTest::newRow("token only as a prefix") << QByteArrayList{"upgrades"} << QByteArray("upgrade") << false;
    QTest::newRow("token inside a quoted string") << QByteArrayList{"\"a, upgrade\""} << QByteArray("upgrade") << false;
    QTest::newRow("no field") << QByteArrayList{} << QByteArray("upgrade") << false;
}

void TestHttpMessage::headersFindTokens()
{
    QFETCH(QByteArrayList, values);
    QFETCH(QByteArray, token);
    QFETCH(bool, found);
    HttpHeaders headers;
    headers.add("Host", "upgrade");
    for (const QByteArray &value : values)
        headers.add("Connection", str(value));
    QCOMPARE(headers.hasToken("connection", str(token)), found);
}

void TestHttpMessage::splitHeaderListKeepsQuotedCommas_data()
{
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<QByteArrayList>("parts");

    QTest::newRow("two items") << QByteArray("chat, superchat") << QByteArrayList{"chat", "superchat"};
    QTest::newRow("whitespace trimmed") << QByteArray(" \ta ,\tb \t") << QByteArrayList{"a", "b"};
    QTest::newRow("empty items dropped") << QByteArray(",a,, ,b,") << QByteArrayList{"a", "b"};
    QTest::newRow("comma in quotes") << QByteArray("x; p=\"1,2\", y") << QByteArrayList{"x; p=\"1,2\"", "y"};
    QTest::newRow("escaped quote in quotes") << QByteArray("x; p=\"a\\\",b\", y") << QByteArrayList{"x; p=\"a\\\",b\"", "y"};
    QTest::newRow("empty value") << QByteArray("") << QByteArrayList{};
}

void TestHttpMessage::splitHeaderListKeepsQuotedCommas()
{
    QFETCH(QByteArray, value);
    QFETCH(QByteArrayList, parts);
    QByteArrayList actual;
    for (const std::string &part : splitHeaderList(str(value)))
        actual << bytes(part);
    QCOMPARE(actual, parts);
}

void TestHttpMessage::parsesRequestHead_data()
{
    QTest::addColumn<QByteArray>("block");
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QByteArray>("target");
    QTest::addColumn<QByteArray>("path");
    QTest::addColumn<QByteArray>("query");
    QTest::addColumn<QByteArrayList>("names");
    QTest::addColumn<QByteArray>("host");

    QTest::newRow("upgrade request with query")
        << QByteArray("GET /chat?room=1&x=2 HTTP/1.1\r\nHost: example.com\r\nUpgrade: websocket\r\n\r\n")
        << QByteArray("GET") << QByteArray("/chat?room=1&x=2") << QByteArray("/chat")
        << QByteArray("room=1&x=2") << QByteArrayList{"Host", "Upgrade"} << QByteArray("example.com");
    QTest::newRow("no query")
        << QByteArray("GET / HTTP/1.1\r\nHost: h\r\n\r\n") << QByteArray("GET") << QByteArray("/")
        << QByteArray("/") << QByteArray() << QByteArrayList{"Host"} << QByteArray("h");
    QTest::newRow("empty query after question mark")
        << QByteArray("GET /a? HTTP/1.1\r\nHost: h\r\n\r\n") << QByteArray("GET") << QByteArray("/a?")
        << QByteArray("/a") << QByteArray() << QByteArrayList{"Host"} << QByteArray("h");
    QTest::newRow("absolute-form target")
        << QByteArray("GET http://example.com:81/chat?room=2 HTTP/1.1\r\nHost: example.com:81\r\n\r\n")
        << QByteArray("GET") << QByteArray("http://example.com:81/chat?room=2") << QByteArray("/chat")
        << QByteArray("room=2") << QByteArrayList{"Host"} << QByteArray("example.com:81");
    QTest::newRow("absolute-form target without a path")
        << QByteArray("GET ws://example.com?x HTTP/1.1\r\nHost: example.com\r\n\r\n")
        << QByteArray("GET") << QByteArray("ws://example.com?x") << QByteArray("/")
        << QByteArray("x") << QByteArrayList{"Host"} << QByteArray("example.com");
    QTest::newRow("asterisk-form target keeps its path")
        << QByteArray("OPTIONS * HTTP/1.1\r\nHost: h\r\n\r\n") << QByteArray("OPTIONS") << QByteArray("*")
        << QByteArray("*") << QByteArray() << QByteArrayList{"Host"} << QByteArray("h");
    QTest::newRow("bare LF line ends")
        << QByteArray("GET /x HTTP/1.1\nHost: h\nA: b\n\n") << QByteArray("GET") << QByteArray("/x")
        << QByteArray("/x") << QByteArray() << QByteArrayList{"Host", "A"} << QByteArray("h");
    QTest::newRow("empty line before the request line")
        << QByteArray("\r\nGET /x HTTP/1.1\r\nHost: h\r\n\r\n") << QByteArray("GET") << QByteArray("/x")
        << QByteArray("/x") << QByteArray() << QByteArrayList{"Host"} << QByteArray("h");
    QTest::newRow("whitespace around values trimmed, empty value kept")
        << QByteArray("POST /p HTTP/1.0\r\nHost: \t h:81 \t\r\nX-Empty:\r\n\r\n") << QByteArray("POST")
        << QByteArray("/p") << QByteArray("/p") << QByteArray() << QByteArrayList{"Host", "X-Empty"}
        << QByteArray("h:81");
    QTest::newRow("no headers")
        << QByteArray("GET / HTTP/1.1\r\n\r\n") << QByteArray("GET") << QByteArray("/")
        << QByteArray("/") << QByteArray() << QByteArrayList{} << QByteArray();
}

void TestHttpMessage::parsesRequestHead()
{
    QFETCH(QByteArray, block);
    QFETCH(QByteArray, method);
    QFETCH(QByteArray, target);
    QFETCH(QByteArray, path);
    QFETCH(QByteArray, query);
    QFETCH(QByteArrayList, names);
    QFETCH(QByteArray, host);

    HttpRequestHead head;
    std::string error;
    QVERIFY2(parseRequestHead(str(block), head, error), error.c_str());
    QCOMPARE(bytes(head.method), method);
    QCOMPARE(bytes(head.target), target);
    QCOMPARE(bytes(head.path), path);
    QCOMPARE(bytes(head.query), query);
    QVERIFY(head.version == "HTTP/1.1" || head.version == "HTTP/1.0");
    QCOMPARE(headerNames(head.headers), names);
    const std::string *hostValue = head.headers.find("host");
    QCOMPARE(hostValue ? bytes(*hostValue) : QByteArray(), host);
}

void TestHttpMessage::rejectMalformedRequestHead_data()
{
    QTest::addColumn<QByteArray>("block");
    QTest::addColumn<QByteArray>("mention"); // the error names the problem

    QTest::newRow("empty block") << QByteArray("") << QByteArray("no complete request line");
    QTest::newRow("only empty lines") << QByteArray("\r\n\r\n") << QByteArray("no complete request line");
    QTest::newRow("request line with two parts") << QByteArray("GET /\r\n\r\n") << QByteArray("request line \"GET /\"");
    QTest::newRow("request line with one part") << QByteArray("GET\r\n\r\n") << QByteArray("request line \"GET\"");
    QTest::newRow("double space in request line") << QByteArray("GET  / HTTP/1.1\r\n\r\n") << QByteArray("invalid target");
    QTest::newRow("space inside target") << QByteArray("GET /a b HTTP/1.1\r\n\r\n") << QByteArray("invalid target \"/a b\"");
    QTest::newRow("method with a slash") << QByteArray("G/ET / HTTP/1.1\r\n\r\n") << QByteArray("invalid method \"G/ET\"");
    QTest::newRow("lower-case version") << QByteArray("GET / http/1.1\r\n\r\n") << QByteArray("HTTP version \"http/1.1\"");
    QTest::newRow("version without minor") << QByteArray("GET / HTTP/1\r\n\r\n") << QByteArray("HTTP version \"HTTP/1\"");
    QTest::newRow("header without colon") << QByteArray("GET / HTTP/1.1\r\nHost: h\r\nBroken\r\n\r\n") << QByteArray("header line 2 \"Broken\" has no colon");
    QTest::newRow("obsolete line folding") << QByteArray("GET / HTTP/1.1\r\nA: b\r\n c\r\n\r\n") << QByteArray("header line 2 \" c\" starts with whitespace (obsolete line folding");
    QTest::newRow("space before colon") << QByteArray("GET / HTTP/1.1\r\nHost : h\r\n\r\n") << QByteArray("header line 1 \"Host : h\" has an invalid header name");
    QTest::newRow("empty header name") << QByteArray("GET / HTTP/1.1\r\n: h\r\n\r\n") << QByteArray("header line 1 \": h\" has an invalid header name");
    QTest::newRow("control character in value") << QByteArray("GET / HTTP/1.1\r\nA: b\x01""c\r\n\r\n") << QByteArray("header line 1 \"A: b\\x01c\" has a control character");
    QTest::newRow("bare CR inside value") << QByteArray("GET / HTTP/1.1\r\nA: b\rc\r\n\r\n") << QByteArray("control character");
    QTest::newRow("no terminating empty line") << QByteArray("GET / HTTP/1.1\r\nHost: h\r\n") << QByteArray("does not end with an empty line");
    QTest::newRow("partial last line") << QByteArray("GET / HTTP/1.1\r\nHost: h") << QByteArray("does not end with an empty line");
    QTest::newRow("bytes after the terminator") << QByteArray("GET / HTTP/1.1\r\n\r\nextra") << QByteArray("bytes follow the empty line");
}

void TestHttpMessage::rejectMalformedRequestHead()
{
    QFETCH(QByteArray, block);
    QFETCH(QByteArray, mention);
    HttpRequestHead head;
    std::string error;
    QVERIFY(!parseRequestHead(str(block), head, error));
    QVERIFY2(bytes(error).contains(mention), error.c_str());
}

void TestHttpMessage::parsesResponseHead_data()
{
    QTest::addColumn<QByteArray>("block");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("reason");
    QTest::addColumn<QByteArray>("statusLine");
    QTest::addColumn<QByteArrayList>("names");

    QTest::newRow("switching protocols")
        << QByteArray("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n")
        << 101 << QByteArray("Switching Protocols") << QByteArray("HTTP/1.1 101 Switching Protocols")
        << QByteArrayList{"Upgrade", "Connection"};
    QTest::newRow("not found, bare LF")
        << QByteArray("HTTP/1.1 404 Not Found\nContent-Length: 3\n\n") << 404 << QByteArray("Not Found")
        << QByteArray("HTTP/1.1 404 Not Found") << QByteArrayList{"Content-Length"};
    QTest::newRow("status without reason phrase")
        << QByteArray("HTTP/1.1 101\r\n\r\n") << 101 << QByteArray() << QByteArray("HTTP/1.1 101")
        << QByteArrayList{};
    QTest::newRow("empty reason phrase after space")
        << QByteArray("HTTP/1.0 200 \r\nA: 1\r\n\r\n") << 200 << QByteArray() << QByteArray("HTTP/1.0 200 ")
        << QByteArrayList{"A"};
}

void TestHttpMessage::parsesResponseHead()
{
    QFETCH(QByteArray, block);
    QFETCH(int, status);
    QFETCH(QByteArray, reason);
    QFETCH(QByteArray, statusLine);
    QFETCH(QByteArrayList, names);

    HttpResponseHead head;
    std::string error;
    QVERIFY2(parseResponseHead(str(block), head, error), error.c_str());
    QCOMPARE(head.status, status);
    QCOMPARE(bytes(head.reason), reason);
    QCOMPARE(bytes(head.statusLine), statusLine);
    QCOMPARE(bytes(head.version), statusLine.left(8));
    QCOMPARE(headerNames(head.headers), names);
}

void TestHttpMessage::rejectMalformedResponseHead_data()
{
    QTest::addColumn<QByteArray>("block");
    QTest::addColumn<QByteArray>("mention");

    QTest::newRow("empty block") << QByteArray() << QByteArray("no complete status line");
    QTest::newRow("not HTTP") << QByteArray("SSH-2.0-OpenSSH_9.2\r\n\r\n") << QByteArray("status line has HTTP version \"SSH-2.0-OpenSSH_9.2\"");
    QTest::newRow("version only") << QByteArray("HTTP/1.1\r\n\r\n") << QByteArray("status line has no status code");
    QTest::newRow("version and space only") << QByteArray("HTTP/1.1 \r\n\r\n") << QByteArray("status line has no status code");
    QTest::newRow("two-digit status") << QByteArray("HTTP/1.1 99 Odd\r\n\r\n") << QByteArray("status code \"99\" is not three digits");
    QTest::newRow("letters in status") << QByteArray("HTTP/1.1 1O1 Switching\r\n\r\n") << QByteArray("status code \"1O1\"");
    QTest::newRow("four-digit status") << QByteArray("HTTP/1.1 1010 X\r\n\r\n") << QByteArray("status code \"1010\"");
    QTest::newRow("header without colon") << QByteArray("HTTP/1.1 101 OK\r\nUpgrade: websocket\r\nConnection Upgrade\r\n\r\n") << QByteArray("header line 2 \"Connection Upgrade\" has no colon");
    QTest::newRow("obsolete line folding") << QByteArray("HTTP/1.1 101 OK\r\nA: b\r\n\tc\r\n\r\n") << QByteArray("header line 2 \"\\x09c\" starts with whitespace");
    QTest::newRow("no terminating empty line") << QByteArray("HTTP/1.1 101 OK\r\nA: b\r\n") << QByteArray("does not end with an empty line");
}

void TestHttpMessage::rejectMalformedResponseHead()
{
    QFETCH(QByteArray, block);
    QFETCH(QByteArray, mention);
    HttpResponseHead head;
    std::string error;
    QVERIFY(!parseResponseHead(str(block), head, error));
    QVERIFY2(bytes(error).contains(mention), error.c_str());
}

void TestHttpMessage::readerStopsAtTerminator_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QByteArray>("head");     // expected head, terminator included
    QTest::addColumn<QByteArray>("leftover"); // bytes the reader must leave alone

    const QByteArray request("GET / HTTP/1.1\r\nHost: h\r\n\r\n");
    QTest::newRow("head alone") << request << request << QByteArray();
    QTest::newRow("head followed by a frame")
        << request + QByteArray::fromHex("810548656c6c6f") << request << QByteArray::fromHex("810548656c6c6f");
    QTest::newRow("head followed by another head") << request + request << request << request;
    QTest::newRow("bare LF LF") << QByteArray("HTTP/1.1 101 X\nA: b\n\nrest") << QByteArray("HTTP/1.1 101 X\nA: b\n\n") << QByteArray("rest");
    QTest::newRow("LF then CRLF") << QByteArray("HTTP/1.1 101 X\nA: b\n\r\n\r\n") << QByteArray("HTTP/1.1 101 X\nA: b\n\r\n") << QByteArray("\r\n");
    QTest::newRow("CRLF then LF") << QByteArray("HTTP/1.1 101 X\r\n\nz") << QByteArray("HTTP/1.1 101 X\r\n\n") << QByteArray("z");
    QTest::newRow("empty lines before the start line are not the end")
        << QByteArray("\r\n\nGET / HTTP/1.1\r\n\r\nx") << QByteArray("\r\n\nGET / HTTP/1.1\r\n\r\n") << QByteArray("x");
    QTest::newRow("a lone CR is not a line end")
        << QByteArray("GET / HTTP/1.1\r\nA: b\r\r\n\r\n!") << QByteArray("GET / HTTP/1.1\r\nA: b\r\r\n\r\n") << QByteArray("!");
}

void TestHttpMessage::readerStopsAtTerminator()
{
    QFETCH(QByteArray, input);
    QFETCH(QByteArray, head);
    QFETCH(QByteArray, leftover);

    const auto chunkings = wsi::test::chunkingsFor(static_cast<std::size_t>(input.size()));
    QVERIFY(chunkings.size() >= 3);
    for (const wsi::test::Chunking &chunking : chunkings) {
        const ReadResult result = readChunked(str(input), chunking);
        if (QTest::currentTestFailed())
            return;
        const QByteArray what = QByteArray::fromStdString(chunking.name);
        QVERIFY2(result.status == HttpHeadReader::Status::Complete, what.constData());
        QVERIFY2(result.head == head, what.constData());
        QVERIFY2(result.leftover == leftover, what.constData());
    }
}

void TestHttpMessage::readerSizeLimit_data()
{
    QTest::addColumn<int>("headSize");   // bytes of head, terminator included
    QTest::addColumn<int>("trailing");   // bytes of a frame after the head
    QTest::addColumn<QByteArray>("expectedStatus");

    constexpr int limit = 16 * 1024;
    QTest::newRow("small head") << 100 << 10 << QByteArray("complete");
    QTest::newRow("one byte under the limit") << limit - 1 << 10 << QByteArray("complete");
    QTest::newRow("exactly the limit") << limit << 10 << QByteArray("complete");
    QTest::newRow("exactly the limit, nothing after") << limit << 0 << QByteArray("complete");
    QTest::newRow("one byte over the limit") << limit + 1 << 0 << QByteArray("too large");
    QTest::newRow("far over the limit") << 3 * limit << 0 << QByteArray("too large");
}

void TestHttpMessage::readerSizeLimit()
{
    QFETCH(int, headSize);
    QFETCH(int, trailing);
    QFETCH(QByteArray, expectedStatus);

    // "GET / HTTP/1.1\r\nX: aaa...\r\n\r\n" padded to exactly headSize bytes.
    const QByteArray start("GET / HTTP/1.1\r\nX: ");
    const QByteArray end("\r\n\r\n");
    const QByteArray head = start + QByteArray(headSize - start.size() - end.size(), 'a') + end;
    QCOMPARE(head.size(), headSize);
    const QByteArray input = head + QByteArray(trailing, '\x81');

    QVERIFY(HttpHeadReader().maxHeadSize() == 16 * 1024);
    for (const wsi::test::Chunking &chunking :
         wsi::test::chunkingsFor(static_cast<std::size_t>(input.size()), 3)) {
        const ReadResult result = readChunked(str(input), chunking);
        if (QTest::currentTestFailed())
            return;
        const QByteArray what = QByteArray::fromStdString(chunking.name);
        QVERIFY2(QByteArray(statusName(result.status)) == expectedStatus, what.constData());
        if (expectedStatus == "complete") {
            QVERIFY2(result.head == head, what.constData());
            QVERIFY2(result.leftover == QByteArray(trailing, '\x81'), what.constData());
        } else {
            // Never more than the limit is held; everything else is left unconsumed.
            QVERIFY2(result.head.size() == 16 * 1024, what.constData());
            QVERIFY2(result.head + result.leftover == input, what.constData());
        }
    }
}

void TestHttpMessage::readerGivesUpWithoutWaitingForTerminator()
{
    HttpHeadReader reader(64);
    const std::string line = "GET / HTTP/1.1\r\nX: " + std::string(45, 'a'); // exactly 64 bytes
    QCOMPARE(line.size(), std::size_t(64));
    std::size_t consumed = 0;
    QCOMPARE(reader.feed(reinterpret_cast<const std::uint8_t *>(line.data()), line.size(), consumed),
             HttpHeadReader::Status::NeedMore);
    QCOMPARE(consumed, line.size());
    // The 65th byte arrives without a terminator in sight: too large at once.
    const std::uint8_t more = 'a';
    QCOMPARE(reader.feed(&more, 1, consumed), HttpHeadReader::Status::TooLarge);
    QCOMPARE(consumed, std::size_t(0));
    QCOMPARE(reader.status(), HttpHeadReader::Status::TooLarge);
    QCOMPARE(reader.head(), line);
}

void TestHttpMessage::readerTakesNothingOnceDone()
{
    HttpHeadReader reader;
    const std::string input = "HTTP/1.1 101 OK\r\n\r\n";
    std::size_t consumed = 0;
    QCOMPARE(reader.feed(reinterpret_cast<const std::uint8_t *>(input.data()), input.size(), consumed),
             HttpHeadReader::Status::Complete);
    QCOMPARE(consumed, input.size());
    QCOMPARE(reader.feed(reinterpret_cast<const std::uint8_t *>(input.data()), input.size(), consumed),
             HttpHeadReader::Status::Complete);
    QCOMPARE(consumed, std::size_t(0));
    QCOMPARE(reader.head(), input);
    // An empty feed is harmless.
    HttpHeadReader fresh;
    QCOMPARE(fresh.feed(nullptr, 0, consumed), HttpHeadReader::Status::NeedMore);
    QCOMPARE(consumed, std::size_t(0));
}

QTEST_GUILESS_MAIN(TestHttpMessage)
#include "tst_httpmessage.moc"
