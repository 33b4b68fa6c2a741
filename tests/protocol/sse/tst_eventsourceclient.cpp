// SPDX-License-Identifier: MIT
// EventSourceClient and ChunkedDecoder: the request it writes, the answers it accepts and
// refuses (as the WHATWG EventSource does), the body however it is framed, fed whole, byte
// by byte and in random splits, and the raw bytes it keeps for each event.
#include "protocol/sse/ChunkedDecoder.h"
#include "protocol/sse/EventSourceClient.h"
#include "support/Chunking.h"

#include <QStringList>
#include <QTest>

using namespace wsi::protocol;
using namespace wsi::protocol::sse;

namespace {

QString viewText(std::string_view text)
{
    return QString::fromUtf8(text.data(), qsizetype(text.size()));
}

struct Recorder : EventSourceClientSink, ByteWriter {
    std::string written;
    QStringList seen;
    std::optional<EventSourceOpen> open;
    std::optional<EventSourceFailure> refused;
    std::optional<EventSourceEnd> ended;

    void write(const std::uint8_t *data, std::size_t size) override { written.append(reinterpret_cast<const char *>(data), size); }
    void onStreamOpen(const EventSourceOpen &event) override { open = event; }
    void onStreamRefused(const EventSourceFailure &failure) override { refused = failure; }
    void onStreamEnd(const EventSourceEnd &end) override { ended = end; }
    void onEvent(const ServerSentEvent &event) override
    {
        seen << QStringLiteral("%1=%2 id=%3 raw=[%4]")
                    .arg(viewText(event.type), viewText(event.data),
                         viewText(event.lastEventId), QString::fromStdString(std::string(rawOf(event.begin, event.end))));
    }
    void onComment(const EventStreamComment &comment) override
    {
        seen << QStringLiteral("comment%1 raw=[%2]").arg(QString::fromStdString(comment.text),
                                                        QString::fromStdString(std::string(rawOf(comment.begin, comment.end))));
    }
};

const std::string StreamHead = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\n";

void feed(EventSourceClient &client, const std::string &bytes, const wsi::test::Chunking &chunking)
{
    wsi::test::feedChunked(bytes, chunking, [&](const std::uint8_t *data, std::size_t size) { client.parse(data, size); });
}

} // namespace

class tst_EventSourceClient : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void writesTheRequest();
    void refusesWhatAnEventSourceRefuses_data();
    void refusesWhatAnEventSourceRefuses();
    void readsEveryFraming_data();
    void readsEveryFraming();
    void reportsABrokenChunk();
    void startsFromTheLastEventId();
    void chunkedDecoderTakesOnlyItsBody();
};

void tst_EventSourceClient::writesTheRequest()
{
    Recorder recorder;
    EventSourceRequest request;
    request.method = "POST";
    request.host = "api.example:8443";
    request.target = "/v1/stream?x=1";
    request.body = "{\"prompt\":\"hi\"}";
    request.lastEventId = "41";
    request.extraHeaders = {{"accept", "text/event-stream, */*"}, {"Content-Type", "application/json"}};
    EventSourceClient client(request, recorder, recorder);
    client.start();
    QCOMPARE(QString::fromStdString(recorder.written),
             QStringLiteral("POST /v1/stream?x=1 HTTP/1.1\r\nHost: api.example:8443\r\naccept: text/event-stream, */*\r\n"
                            "Cache-Control: no-cache\r\nLast-Event-ID: 41\r\nContent-Length: 15\r\n"
                            "Content-Type: application/json\r\n\r\n{\"prompt\":\"hi\"}"));
    QCOMPARE(client.state(), EventSourceClient::State::AwaitingResponse);
}

void tst_EventSourceClient::refusesWhatAnEventSourceRefuses_data()
{
    QTest::addColumn<QByteArray>("answer");
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("message");
    QTest::newRow("204") << QByteArray("HTTP/1.1 204 No Content\r\n\r\n") << int(EventSourceRefusal::NotOk)
                         << QStringLiteral("the server answered 204 No Content: it asks EventSource clients not to reconnect");
    QTest::newRow("401 with a body") << QByteArray("HTTP/1.1 401 Unauthorized\r\nContent-Length: 9\r\n\r\nno token!")
                                     << int(EventSourceRefusal::NotOk)
                                     << QStringLiteral("the server answered 401 Unauthorized instead of 200 with an event stream");
    QTest::newRow("200 as HTML") << QByteArray("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html>") << int(EventSourceRefusal::WrongContentType)
                                 << QStringLiteral("the server answered 200 with Content-Type text/html, not text/event-stream");
    QTest::newRow("200 without a type") << QByteArray("HTTP/1.1 200 OK\r\n\r\n") << int(EventSourceRefusal::WrongContentType)
                                        << QStringLiteral("the server answered 200 without a Content-Type, not with text/event-stream");
    QTest::newRow("not HTTP") << QByteArray("SSH-2.0-OpenSSH\r\n\r\n") << int(EventSourceRefusal::MalformedResponse)
                              << QStringLiteral("malformed HTTP response");
}

void tst_EventSourceClient::refusesWhatAnEventSourceRefuses()
{
    QFETCH(QByteArray, answer);
    QFETCH(int, kind);
    QFETCH(QString, message);
    Recorder recorder;
    EventSourceClient client({}, recorder, recorder);
    client.start();
    client.parse(reinterpret_cast<const std::uint8_t *>(answer.constData()), std::size_t(answer.size()));
    QVERIFY(recorder.refused);
    QCOMPARE(int(recorder.refused->kind), kind);
    QVERIFY2(QString::fromStdString(recorder.refused->message).startsWith(message), recorder.refused->message.c_str());
    QVERIFY(!recorder.open);
    QCOMPARE(client.state(), EventSourceClient::State::Refused);
    if (answer.contains("no token!"))
        QCOMPARE(recorder.refused->bodyPreview, std::string("no token!"));
}

void tst_EventSourceClient::readsEveryFraming_data()
{
    QTest::addColumn<QByteArray>("response");
    QTest::addColumn<bool>("closeAtTheEnd"); // the connection ends after the bytes
    QTest::addColumn<bool>("bodyComplete");
    const std::string events = ": hi\r\nid: 1\r\ndata: one\r\n\r\nevent: two\ndata: 2a\ndata: 2b\n\n";
    const auto chunked = [&] {
        // Chunks cut across lines, with an extension and a trailer.
        std::string body = "a;ext=1\r\n" + events.substr(0, 10) + "\r\n";
        const std::string rest = events.substr(10);
        char size[16];
        std::snprintf(size, sizeof size, "%zx", rest.size());
        body += std::string(size) + "\r\n" + rest + "\r\n0\r\nX-Trailer: t\r\n\r\n";
        return body;
    }();
    QTest::newRow("until close") << QByteArray::fromStdString(StreamHead + "\r\n" + events) << true << true;
    QTest::newRow("content length") << QByteArray::fromStdString(StreamHead + "Content-Length: " + std::to_string(events.size()) + "\r\n\r\n" + events)
                                    << false << true;
    QTest::newRow("chunked") << QByteArray::fromStdString(StreamHead + "Transfer-Encoding: chunked\r\n\r\n" + chunked) << false << true;
    QTest::newRow("chunked, cut off") << QByteArray::fromStdString(StreamHead + "Transfer-Encoding: chunked\r\n\r\n" + chunked.substr(0, chunked.size() - 21))
                                      << true << false;
}

void tst_EventSourceClient::readsEveryFraming()
{
    QFETCH(QByteArray, response);
    QFETCH(bool, closeAtTheEnd);
    QFETCH(bool, bodyComplete);
    const std::string bytes(response.constData(), std::size_t(response.size()));
    const QStringList expected = {QStringLiteral("comment hi raw=[: hi\r]"), QStringLiteral("message=one id=1 raw=[id: 1\r\ndata: one\r\n\r]"),
                                  QStringLiteral("two=2a\n2b id=1 raw=[event: two\ndata: 2a\ndata: 2b\n\n]")};
    for (const wsi::test::Chunking &chunking : wsi::test::chunkingsFor(bytes.size(), 6)) {
        Recorder recorder;
        EventSourceClient client({}, recorder, recorder);
        client.start();
        feed(client, bytes, chunking);
        if (closeAtTheEnd)
            client.endOfInput();
        QVERIFY2(recorder.open, chunking.name.c_str());
        QVERIFY2(recorder.ended, chunking.name.c_str());
        QCOMPARE(recorder.ended->bodyComplete, bodyComplete);
        QVERIFY(recorder.ended->error.empty());
        QVERIFY2(recorder.seen == expected, qPrintable(QString::fromStdString(chunking.name) + QStringLiteral(": ") + recorder.seen.join(u'|')));
    }
}

void tst_EventSourceClient::reportsABrokenChunk()
{
    Recorder recorder;
    EventSourceClient client({}, recorder, recorder);
    client.start();
    const std::string bytes = StreamHead + "Transfer-Encoding: chunked\r\n\r\n5\r\ndata:xyz\r\n";
    client.parse(reinterpret_cast<const std::uint8_t *>(bytes.data()), bytes.size());
    QVERIFY(recorder.ended);
    QCOMPARE(QString::fromStdString(recorder.ended->error),
             QStringLiteral("a chunk's data is longer than its size says (at byte 8 of the chunked body)"));
    QVERIFY(recorder.ended->eventDropped);
}

void tst_EventSourceClient::startsFromTheLastEventId()
{
    Recorder recorder;
    EventSourceRequest request;
    request.lastEventId = "17";
    EventSourceClient client(request, recorder, recorder);
    client.start();
    QVERIFY(recorder.written.find("\r\nLast-Event-ID: 17\r\n") != std::string::npos);
    const std::string bytes = StreamHead + "\r\ndata: resumed\n\n";
    client.parse(reinterpret_cast<const std::uint8_t *>(bytes.data()), bytes.size());
    QCOMPARE(recorder.seen, QStringList{QStringLiteral("message=resumed id=17 raw=[data: resumed\n\n]")});
}

void tst_EventSourceClient::chunkedDecoderTakesOnlyItsBody()
{
    std::string decoded;
    ChunkedDecoder decoder([&](const std::uint8_t *data, std::size_t size) { decoded.append(reinterpret_cast<const char *>(data), size); });
    const std::string bytes = "3\r\nabc\r\n0\r\n\r\nHTTP/1.1 next";
    const std::size_t taken = decoder.feed(reinterpret_cast<const std::uint8_t *>(bytes.data()), bytes.size());
    QCOMPARE(taken, std::size_t(13));
    QVERIFY(decoder.isDone());
    QCOMPARE(decoded, std::string("abc"));
    ChunkedDecoder bad([](const std::uint8_t *, std::size_t) {});
    bad.feed(reinterpret_cast<const std::uint8_t *>("zz\r\n"), 4);
    QVERIFY(bad.hasFailed());
    QVERIFY(QString::fromStdString(bad.error()).contains(QLatin1String("does not start with its size in hex")));
}

QTEST_GUILESS_MAIN(tst_EventSourceClient)
#include "tst_eventsourceclient.moc"
