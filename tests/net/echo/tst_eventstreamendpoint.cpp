// SPDX-License-Identifier: MIT
// The echo server's EventSource endpoint over loopback, read with wsinspect's own event
// stream parser: the stream's head, retry, events published by the application, by POST
// and by WebSocket clients (bridge), Last-Event-ID replays, keepalives, and the answers to
// everything else (HEAD, OPTIONS, 405, 411, 413), while WebSocket and the info page go on.
#include "support/EchoServerTestSupport.h"

#include "protocol/sse/EventStreamParser.h"

using wsi::protocol::sse::EventStreamComment;
using wsi::protocol::sse::EventStreamParser;
using wsi::protocol::sse::EventStreamSink;
using wsi::protocol::sse::ServerSentEvent;

namespace {

// An event kept past its onEvent() (the parser's views are valid only during it).
struct ReceivedEvent {
    std::string type;
    std::string data;
    std::string lastEventId;
};

// An EventSource made of a socket and the parser: the response head, then events.
class StreamReader : private EventStreamSink
{
public:
    StreamReader(quint16 port, const QByteArray &extraHeaders = {})
    {
        QObject::connect(&m_socket, &QTcpSocket::connected, &m_socket, [this, extraHeaders] {
            m_socket.write("GET /events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n" + extraHeaders + "\r\n");
        });
        QObject::connect(&m_socket, &QTcpSocket::readyRead, &m_socket, [this] { read(); });
        m_socket.connectToHost(QHostAddress::LocalHost, port);
    }
    bool waitHead() { return QTest::qWaitFor([this] { return !head.isEmpty(); }, WaitMs); }
    bool waitEvents(int count)
    {
        return QTest::qWaitFor([&] { return int(events.size()) >= count; }, WaitMs);
    }
    bool waitClosed() { return QTest::qWaitFor([this] { return m_socket.state() == QAbstractSocket::UnconnectedState; }, WaitMs); }

    QByteArray head;
    std::vector<ReceivedEvent> events;
    QStringList comments;
    EventStreamParser parser{*this};

private:
    void read()
    {
        m_buffer += m_socket.readAll();
        if (head.isEmpty()) {
            const qsizetype end = m_buffer.indexOf("\r\n\r\n");
            if (end < 0)
                return;
            head = m_buffer.left(end + 4);
            m_buffer.remove(0, end + 4);
        }
        parser.parse(std::string_view(m_buffer.constData(), std::size_t(m_buffer.size())));
        m_buffer.clear();
    }
    void onEvent(const ServerSentEvent &event) override
    {
        events.push_back({std::string(event.type), std::string(event.data), std::string(event.lastEventId)});
    }
    void onComment(const EventStreamComment &comment) override { comments << QString::fromStdString(comment.text); }

    QTcpSocket m_socket;
    QByteArray m_buffer;
};

EchoServerOptions withEvents()
{
    EchoServerOptions options;
    options.eventStream.path = QStringLiteral("/events");
    options.eventStream.keepaliveMs = 0;
    return options;
}

} // namespace

class tst_EventStreamEndpoint : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void streamsWhatIsPublished();
    void replaysWhatALastEventIdMissed();
    void postPublishesItsBody();
    void answersOtherRequests_data();
    void answersOtherRequests();
    void bridgesWebSocketTextAndKeepsServingIt();
    void sendsKeepalives();
    void streamsEndWithTheServer();
    void dropsAStreamNobodyReads();
};

void tst_EventStreamEndpoint::streamsWhatIsPublished()
{
    EchoServerOptions options = withEvents();
    options.eventStream.retryMs = 2500;
    options.eventStream.headers = {{"Access-Control-Allow-Origin", "*"}};
    const auto server = startServer(options);
    QSignalSpy opened(server.get(), &EchoServer::eventStreamOpened);
    StreamReader reader(server->serverPort());
    QVERIFY(reader.waitHead());
    QVERIFY2(reader.head.startsWith("HTTP/1.1 200 OK\r\n"), reader.head.constData());
    QVERIFY(reader.head.contains("\r\nContent-Type: text/event-stream; charset=utf-8\r\n"));
    QVERIFY(reader.head.contains("\r\nAccess-Control-Allow-Origin: *\r\n"));
    QVERIFY(!reader.head.contains("Content-Length"));
    QTRY_COMPARE_WITH_TIMEOUT(opened.size(), 1, WaitMs);
    QCOMPARE(server->eventStreamCount(), 1);
    QCOMPARE(server->publishEvent(QStringLiteral("price"), "1.25\n1.26", QStringLiteral("p7")), QStringLiteral("p7"));
    QCOMPARE(server->publishEvent(QString(), "next"), QStringLiteral("1"));
    QVERIFY(reader.waitEvents(2));
    QCOMPARE(reader.parser.reconnectionTimeMs().value_or(0), std::uint64_t(2500));
    QCOMPARE(reader.events[0].type, std::string("price"));
    QCOMPARE(reader.events[0].data, std::string("1.25\n1.26"));
    QCOMPARE(reader.events[0].lastEventId, std::string("p7"));
    QCOMPARE(reader.events[1].type, std::string("message"));
    QCOMPARE(reader.events[1].lastEventId, std::string("1"));
}

void tst_EventStreamEndpoint::replaysWhatALastEventIdMissed()
{
    EchoServerOptions options = withEvents();
    options.eventStream.historySize = 3;
    const auto server = startServer(options);
    QSignalSpy opened(server.get(), &EchoServer::eventStreamOpened);
    for (int i = 1; i <= 5; ++i)
        server->publishEvent(QString(), QByteArray::number(i)); // ids 1..5; 3..5 kept
    StreamReader resumed(server->serverPort(), "Last-Event-ID: 3\r\n");
    QVERIFY(resumed.waitEvents(2));
    QCOMPARE(resumed.events[0].data, std::string("4"));
    QCOMPARE(resumed.events[1].data, std::string("5"));
    QTRY_COMPARE_WITH_TIMEOUT(opened.size(), 1, WaitMs);
    QCOMPARE(opened[0].at(2).toString(), QStringLiteral("3"));
    QCOMPARE(opened[0].at(3).toInt(), 2);

    StreamReader tooOld(server->serverPort(), "Last-Event-ID: 1\r\n");
    QVERIFY(QTest::qWaitFor([&] { return !tooOld.comments.isEmpty(); }, WaitMs));
    QCOMPARE(tooOld.comments[0], QStringLiteral(" Last-Event-ID 1 is not among the 3 events kept: nothing replayed"));
    QVERIFY(tooOld.events.empty());
}

void tst_EventStreamEndpoint::postPublishesItsBody()
{
    const auto server = startServer(withEvents());
    StreamReader reader(server->serverPort());
    QVERIFY(reader.waitHead());
    QTRY_COMPARE_WITH_TIMEOUT(server->eventStreamCount(), 1, WaitMs);
    // The body comes in a later write than the head.
    QTcpSocket poster;
    QByteArray answer;
    QObject::connect(&poster, &QTcpSocket::readyRead, &poster, [&] { answer += poster.readAll(); });
    poster.connectToHost(QHostAddress::LocalHost, server->serverPort());
    QVERIFY(poster.waitForConnected(WaitMs));
    poster.write("POST /events?event=chat%20line&id=x9 HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 11\r\n\r\nhello");
    poster.flush();
    QTest::qWait(50);
    poster.write(" world");
    QVERIFY(QTest::qWaitFor([&] { return poster.state() == QAbstractSocket::UnconnectedState || answer.contains("}"); }, WaitMs));
    QVERIFY2(answer.startsWith("HTTP/1.1 200 OK\r\n"), answer.constData());
    QVERIFY(answer.endsWith("{\"delivered\":1,\"id\":\"x9\"}\n"));
    QVERIFY(reader.waitEvents(1));
    QCOMPARE(reader.events[0].type, std::string("chat line"));
    QCOMPARE(reader.events[0].data, std::string("hello world"));
    QCOMPARE(reader.events[0].lastEventId, std::string("x9"));
}

void tst_EventStreamEndpoint::answersOtherRequests_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<QByteArray>("statusLine");
    QTest::addColumn<QByteArray>("contains");
    QTest::newRow("HEAD: the stream's head only") << QByteArray("HEAD /events HTTP/1.1\r\nHost: x\r\n\r\n")
                                                  << QByteArray("HTTP/1.1 200 OK") << QByteArray("text/event-stream");
    QTest::newRow("OPTIONS: a CORS preflight") << QByteArray("OPTIONS /events HTTP/1.1\r\nHost: x\r\n\r\n")
                                               << QByteArray("HTTP/1.1 204 No Content") << QByteArray("Allow: GET, HEAD, POST, OPTIONS");
    QTest::newRow("PUT: 405") << QByteArray("PUT /events HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n")
                              << QByteArray("HTTP/1.1 405 Method Not Allowed") << QByteArray("POST to publish one");
    QTest::newRow("POST without a length: 411") << QByteArray("POST /events HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nx\r\n0\r\n\r\n")
                                                << QByteArray("HTTP/1.1 411 Length Required") << QByteArray("Content-Length");
    QTest::newRow("POST too large: 413") << QByteArray("POST /events HTTP/1.1\r\nHost: x\r\nContent-Length: 2000\r\n\r\n")
                                         << QByteArray("HTTP/1.1 413 Content Too Large") << QByteArray("at most 1024 bytes");
    QTest::newRow("another path: the info page") << QByteArray("GET / HTTP/1.1\r\nHost: x\r\n\r\n") << QByteArray("HTTP/1.1 200 OK")
                                                 << QByteArray("new EventSource(");
}

void tst_EventStreamEndpoint::answersOtherRequests()
{
    QFETCH(QByteArray, request);
    QFETCH(QByteArray, statusLine);
    QFETCH(QByteArray, contains);
    EchoServerOptions options = withEvents();
    options.maxMessageSize = 1024;
    const auto server = startServer(options);
    const QByteArray answer = rawExchange(server->serverPort(), request);
    QVERIFY2(answer.startsWith(QByteArray(statusLine + "\r\n")), answer.constData());
    QVERIFY2(answer.contains(contains), answer.constData());
    if (request.startsWith("HEAD"))
        QVERIFY(answer.endsWith("\r\n\r\n")); // nothing after the head
    QCOMPARE(server->eventStreamCount(), 0);
}

void tst_EventStreamEndpoint::bridgesWebSocketTextAndKeepsServingIt()
{
    EchoServerOptions options = withEvents();
    options.eventStream.bridge = true;
    const auto server = startServer(options);
    StreamReader reader(server->serverPort());
    QVERIFY(reader.waitHead());
    const auto client = connectClient(server->serverPort());
    QVERIFY(waitOpen(*client));
    QVERIFY(client->sendText("from a websocket"));
    QVERIFY(client->sendBinary("not an event"));
    QVERIFY(waitMessages(*client, 2)); // still echoed
    QVERIFY(reader.waitEvents(1));
    QTest::qWait(50);
    QCOMPARE(reader.events.size(), std::size_t(1));
    QCOMPARE(reader.events[0].data, std::string("from a websocket"));
}

void tst_EventStreamEndpoint::sendsKeepalives()
{
    EchoServerOptions options = withEvents();
    options.eventStream.keepaliveMs = 40;
    const auto server = startServer(options);
    StreamReader reader(server->serverPort());
    QVERIFY(QTest::qWaitFor([&] { return reader.comments.size() >= 2; }, WaitMs));
    QCOMPARE(reader.comments[0], QStringLiteral(" keepalive"));
}

void tst_EventStreamEndpoint::streamsEndWithTheServer()
{
    const auto server = startServer(withEvents());
    QSignalSpy closed(server.get(), &EchoServer::clientClosed);
    StreamReader reader(server->serverPort());
    QVERIFY(reader.waitHead());
    QTRY_COMPARE_WITH_TIMEOUT(server->eventStreamCount(), 1, WaitMs);
    QSignalSpy published(server.get(), &EchoServer::eventPublished);
    server->publishEvent(QString(), "last");
    server->closeAll(1001, QStringLiteral("going away"));
    // A stream being ended takes no more events, and is not counted as a receiver.
    server->publishEvent(QString(), "too late");
    QCOMPARE(published.size(), 2);
    QCOMPARE(published.at(0).at(2).toInt(), 1);
    QCOMPARE(published.at(1).at(2).toInt(), 0);
    QVERIFY(reader.waitClosed());
    QCOMPARE(reader.events.size(), std::size_t(1)); // what was published first still arrived
    QTRY_COMPARE_WITH_TIMEOUT(closed.size(), 1, WaitMs);
    QCOMPARE(server->eventStreamCount(), 0);
    QCOMPARE(server->clientCount(), 0);
}

// A client that stops reading must not hold the server's memory: past MaxUnreadBytes
// queued, its stream is dropped (and its end, inside the publishing loop, is safe).
void tst_EventStreamEndpoint::dropsAStreamNobodyReads()
{
    const auto server = startServer(withEvents());
    QSignalSpy closed(server.get(), &EchoServer::clientClosed);
    QTcpSocket silent;
    silent.setReadBufferSize(1024); // Qt stops reading: the kernel's buffers fill, then ours
    silent.connectToHost(QHostAddress::LocalHost, server->serverPort());
    QVERIFY(silent.waitForConnected(WaitMs));
    silent.write("GET /events HTTP/1.1\r\nHost: x\r\n\r\n");
    QTRY_COMPARE_WITH_TIMEOUT(server->eventStreamCount(), 1, WaitMs);
    const QByteArray megabyte(1 << 20, 'x');
    for (int i = 0; i < 200 && server->eventStreamCount() > 0; ++i)
        server->publishEvent(QString(), megabyte);
    QCOMPARE(server->eventStreamCount(), 0);
    QTRY_COMPARE_WITH_TIMEOUT(closed.size(), 1, WaitMs);
    QVERIFY2(closed[0].at(2).toString().startsWith(QLatin1String("not reading its event stream")), qPrintable(closed[0].at(2).toString()));
}

QTEST_GUILESS_MAIN(tst_EventStreamEndpoint)
#include "tst_eventstreamendpoint.moc"
