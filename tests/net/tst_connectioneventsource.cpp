// SPDX-License-Identifier: MIT
// A Connection as an EventSource (TrafficKind::EventSource) over loopback: against the
// built-in server's endpoint (events with their raw bytes, comments, the server's retry,
// a reconnect with Last-Event-ID, a POST's body) and against scripted servers (refusals
// that end it for good, a chunked stream over TLS with the usual verdict).
#include "support/ConnectionHarness.h"
#include "support/EchoServerTestSupport.h"
#include "support/ConnectionTestOptions.h"
#include "support/MiniServer.h"
#include "support/TestCertificates.h"

#include "net/echo/EchoServer.h"

#include <QSignalSpy>
#include <QTest>

using wsi::net::ConnectionOptions;
using wsi::net::EchoServer;
using wsi::net::EchoServerOptions;
using wsi::net::EventDirection;
using wsi::net::EventKind;
using wsi::net::LogEvent;
using wsi::net::TrafficKind;

namespace {


ConnectionOptions eventSourceTo(const QString &url)
{
    ConnectionOptions options = optionsFor(url);
    options.kind = TrafficKind::EventSource;
    return options;
}

bool waitEvents(const ConnectionHarness &harness, int count)
{
    return QTest::qWaitFor([&] { return harness.eventsOf(EventKind::ServerEvent, EventDirection::Incoming).size() >= count; }, WaitMs);
}


} // namespace

class tst_ConnectionEventSource : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void readsEventsWithTheirBytes();
    void reconnectsAfterTheServersRetryWithLastEventId();
    void postsItsBody();
    void refusalsEndItForGood_data();
    void refusalsEndItForGood();
    void readsAChunkedStreamOverTls();
    void followsEveryParsingRuleOffTheWire();
    void streamsThroughAnHttpProxy();
    void refusesToSend();
};

void tst_ConnectionEventSource::readsEventsWithTheirBytes()
{
    const auto server = startEventServer(0, 40);
    ConnectionHarness harness(eventSourceTo(eventsUrlOf(*server)));
    harness.open();
    QVERIFY2(harness.waitOpen(), qPrintable(harness.arrived()));
    QVERIFY(harness.firstHandshake().accepted);
    QCOMPARE(harness.firstHandshake().status, 200);
    QVERIFY(harness.firstHandshake().rawRequest.startsWith("GET /events HTTP/1.1\r\n"));
    QVERIFY(harness.firstHandshake().rawRequest.contains("\r\nAccept: text/event-stream\r\n"));
    server->publishEvent(QStringLiteral("quote"), "ask 1.25\nbid 1.24", QStringLiteral("q1"));
    server->publishEvent(QString(), "plain");
    QVERIFY(waitEvents(harness, 2));
    const QVector<LogEvent> events = harness.eventsOf(EventKind::ServerEvent, EventDirection::Incoming);
    QCOMPARE(events[0].payload, QByteArray("ask 1.25\nbid 1.24"));
    QCOMPARE(wsi::net::serverEventType(events[0]), QStringLiteral("quote"));
    QCOMPARE(wsi::net::serverEventId(events[0]), QStringLiteral("q1"));
    QCOMPARE(events[0].header, QByteArray("event: quote\nid: q1\ndata: ask 1.25\ndata: bid 1.24\n\n"));
    QCOMPARE(wsi::net::serverEventType(events[1]), QStringLiteral("message"));
    QCOMPARE(wsi::net::serverEventId(events[1]), QStringLiteral("1"));
    QVERIFY(QTest::qWaitFor([&] { return !harness.eventsOf(EventKind::EventComment, EventDirection::Incoming).isEmpty(); }, WaitMs));
    QCOMPARE(harness.eventsOf(EventKind::EventComment, EventDirection::Incoming).first().payload, QByteArray(" keepalive"));
}

void tst_ConnectionEventSource::reconnectsAfterTheServersRetryWithLastEventId()
{
    const auto server = startEventServer(150);
    QSignalSpy opened(server.get(), &EchoServer::eventStreamOpened);
    ConnectionHarness harness(eventSourceTo(eventsUrlOf(*server)));
    harness.open();
    QVERIFY(harness.waitOpen());
    server->publishEvent(QString(), "before", QStringLiteral("b1"));
    QVERIFY(waitEvents(harness, 1));
    server->closeAll(1001, QString()); // the stream ends; the client comes back after 150 ms
    server->publishEvent(QString(), "while away", QStringLiteral("b2"));
    QVERIFY2(waitEvents(harness, 2), qPrintable(harness.arrived()));
    QCOMPARE(harness.messageTexts().size(), 0); // events are not WebSocket messages
    const QVector<LogEvent> events = harness.eventsOf(EventKind::ServerEvent, EventDirection::Incoming);
    QCOMPARE(events[1].payload, QByteArray("while away"));
    QCOMPARE(harness.attempts.size(), 2);
    QCOMPARE(harness.reconnectDelays.value(0), 150);
    WSI_VERIFY_ARRIVED(harness, closes, 1);
    QCOMPARE(harness.closes[0].code, quint16(1005));
    QVERIFY(harness.closes[0].clean);
    QCOMPARE(harness.closes[0].reason, QStringLiteral("the server ended the event stream"));
    QTRY_COMPARE_WITH_TIMEOUT(opened.size(), 2, WaitMs);
    QCOMPARE(opened[1].at(2).toString(), QStringLiteral("b1"));
    QVERIFY(harness.handshakes.value(1).rawRequest.contains("\r\nLast-Event-ID: b1\r\n"));
    harness.thread().close();
    QVERIFY(harness.waitFinished());
}

void tst_ConnectionEventSource::postsItsBody()
{
    const auto server = startEventServer();
    QSignalSpy published(server.get(), &EchoServer::eventPublished);
    ConnectionOptions options = eventSourceTo(eventsUrlOf(*server) + QStringLiteral("?event=order"));
    options.eventSource.method = QStringLiteral("POST");
    options.eventSource.body = "{\"n\":1}";
    options.headers = {{"Content-Type", "application/json"}};
    ConnectionHarness harness(options);
    harness.open();
    QVERIFY(harness.waitFinished());
    // The endpoint publishes a POST's body and answers with JSON: not a stream, so refused.
    QTRY_COMPARE_WITH_TIMEOUT(published.size(), 1, WaitMs);
    QCOMPARE(published[0].at(1).toString(), QStringLiteral("order"));
    QCOMPARE(harness.firstError().id, QStringLiteral("stream-refused"));
    QCOMPARE(harness.firstError().message, QStringLiteral("the server answered 200 with Content-Type application/json, not text/event-stream"));
    QVERIFY(harness.firstHandshake().rawRequest.endsWith("Content-Type: application/json\r\n\r\n{\"n\":1}"));
}

void tst_ConnectionEventSource::refusalsEndItForGood_data()
{
    QTest::addColumn<QByteArray>("answer");
    QTest::addColumn<QString>("message");
    QTest::addColumn<QString>("hint");
    QTest::newRow("401") << cannedResponse("HTTP/1.1 401 Unauthorized", "WWW-Authenticate: Bearer\r\n", "no")
                         << QStringLiteral("the server answered 401 Unauthorized instead of 200 with an event stream")
                         << QStringLiteral("authentication required (401, WWW-Authenticate: Bearer)");
    QTest::newRow("204") << QByteArray("HTTP/1.1 204 No Content\r\n\r\n")
                         << QStringLiteral("the server answered 204 No Content: it asks EventSource clients not to reconnect")
                         << QStringLiteral("204 No Content is how a server tells EventSource clients to stop");
    QTest::newRow("HTML") << cannedResponse("HTTP/1.1 200 OK", "Content-Type: text/html\r\n", "<p>hi</p>")
                          << QStringLiteral("the server answered 200 with Content-Type text/html, not text/event-stream")
                          << QStringLiteral("this URL answers with text/html, not an event stream");
}

void tst_ConnectionEventSource::refusalsEndItForGood()
{
    QFETCH(QByteArray, answer);
    QFETCH(QString, message);
    QFETCH(QString, hint);
    MiniServer::Options behaviour = behaving(MiniServer::Behaviour::Canned);
    behaviour.canned = answer;
    MiniServer server(behaviour);
    QVERIFY(server.start());
    ConnectionHarness harness(eventSourceTo(QStringLiteral("http://127.0.0.1:%1/stream").arg(server.serverPort())));
    harness.open();
    QVERIFY2(harness.waitFinished(), qPrintable(harness.arrived()));
    QCOMPARE(harness.firstError().message, message);
    QVERIFY2(harness.firstError().hint.startsWith(hint), qPrintable(harness.firstError().hint));
    QVERIFY(harness.reconnectDelays.isEmpty()); // a browser would not come back either
    QCOMPARE(harness.attempts.size(), 1);
}

void tst_ConnectionEventSource::readsAChunkedStreamOverTls()
{
    const wsi::test::TestCertificates certificates;
    QVERIFY2(certificates.isValid(), qPrintable(certificates.errorString()));
    MiniServer::Options behaviour = MiniServer::tlsEcho(certificates.leaf.chain, certificates.leaf.key);
    behaviour.behaviour = MiniServer::Behaviour::Canned;
    behaviour.canned = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n"
                       "e\r\nretry: 60000\n\n\r\n2\r\nda\r\n8\r\nta: tls\n\r\n1\r\n\n\r\n0\r\n\r\n"; // cut mid-line
    MiniServer server(behaviour);
    QVERIFY(server.start());
    ConnectionOptions options = eventSourceTo(QStringLiteral("https://localhost:%1/stream").arg(server.serverPort()));
    options.tls.caFile = certificates.rootFile;
    options.eventSource.reconnect = false;
    ConnectionHarness harness(options);
    harness.open();
    QVERIFY2(harness.waitFinished(), qPrintable(harness.arrived()));
    WSI_VERIFY_ARRIVED(harness, tlsReports, 1);
    QVERIFY(harness.firstTlsReport().isTrusted());
    QCOMPARE(harness.messageTexts().size(), 0);
    const QVector<LogEvent> events = harness.eventsOf(EventKind::ServerEvent, EventDirection::Incoming);
    QCOMPARE(events.size(), 1);
    QCOMPARE(events[0].payload, QByteArray("tls"));
    QCOMPARE(events[0].pingId, quint64(0)); // the retry came with an event of no data
    QVERIFY(harness.errors.isEmpty());
    QCOMPARE(harness.firstClose().reason, QStringLiteral("the server ended the event stream"));
}

// A stream written here that exercises each rule of the WHATWG's "parse an event stream"
// at once, through the whole client (socket, chunked decoding, parser, report stream): a
// BOM, CR, LF and CRLF line ends, one leading space dropped, data lines joined with LF,
// event types, an id with NUL ignored, an empty id resetting, retry with a non-digit
// ignored, comments, an unknown field, a field with no colon, and an unterminated event
// dropped at the end. Chunk boundaries fall inside lines and inside a CRLF.
void tst_ConnectionEventSource::followsEveryParsingRuleOffTheWire()
{
    const QByteArray stream = "\xef\xbb\xbf"                 // BOM, dropped
                              ": comment one\r\n"             // a comment
                              "data: first\r\n\r\n"          // CRLF
                              "data:no space\rdata:  two spaces\r\r" // CR; only one space goes
                              "event: chat\nid: 7\ndata: a\ndata: b\n\n"   // LF, joined with LF
                              + QByteArray("id: bad\0id\n", 11)       // an id with NUL is ignored,
                              + "retry: 12x\ndata: kept id\n\n"       // and so is a retry with a letter
                              "id\ndata\nunknown: x\n\n"        // empty id resets; "data" alone: empty line
                              "retry: 1500\ndata: last\n\n"
                              "data: never dispatched";       // no blank line: dropped
    QByteArray chunked;
    for (qsizetype at = 0; at < stream.size(); at += 7) {
        const QByteArray piece = stream.mid(at, 7);
        chunked += QByteArray::number(piece.size(), 16) + "\r\n" + piece + "\r\n";
    }
    chunked += "0\r\n\r\n";
    MiniServer::Options behaviour;
    behaviour.behaviour = MiniServer::Behaviour::Canned;
    behaviour.canned = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\n"
                       "Transfer-Encoding: chunked\r\n\r\n" + chunked;
    MiniServer server(behaviour);
    QVERIFY(server.start());
    ConnectionOptions options = eventSourceTo(QStringLiteral("http://127.0.0.1:%1/rules").arg(server.serverPort()));
    options.eventSource.reconnect = false;
    ConnectionHarness harness(options);
    harness.open();
    QVERIFY2(harness.waitFinished(), qPrintable(harness.arrived()));
    const QVector<LogEvent> events = harness.eventsOf(EventKind::ServerEvent, EventDirection::Incoming);
    QStringList seen;
    for (const LogEvent &event : events)
        seen << serverEventType(event) + QLatin1Char('|') + serverEventId(event) + QLatin1Char('|')
                    + QString::fromUtf8(event.payload) + QLatin1Char('|') + QString::number(event.pingId);
    QCOMPARE(seen, (QStringList{QStringLiteral("message||first|0"), QStringLiteral("message||no space\n two spaces|0"),
                                QStringLiteral("chat|7|a\nb|0"), QStringLiteral("message|7|kept id|0"),
                                QStringLiteral("message|||0"), QStringLiteral("message||last|1500")}));
    QCOMPARE(harness.eventsOf(EventKind::EventComment, EventDirection::Incoming).size(), 1);
    QVERIFY2(harness.errors.isEmpty(), qPrintable(harness.arrived()));
}

// The same proxies as a WebSocket: a CONNECT tunnel (with the proxy's own headers), the
// stream's request and events unchanged inside it.
void tst_ConnectionEventSource::streamsThroughAnHttpProxy()
{
    const auto server = startEventServer();
    MiniProxy proxy;
    QVERIFY(proxy.start());
    ConnectionOptions options = eventSourceTo(eventsUrlOf(*server));
    options.proxy.mode = ProxyMode::HttpConnect;
    options.proxy.url = proxy.url();
    options.proxy.headers = {{"X-Proxy-Tag", "sse"}};
    ConnectionHarness harness(options);
    harness.open();
    QVERIFY(QTest::qWaitFor([&] { return server->eventStreamCount() == 1; }, WaitMs));
    server->publishEvent(QStringLiteral("via"), "the proxy");
    QVERIFY2(waitEvents(harness, 1), qPrintable(harness.arrived()));
    const LogEvent event = harness.eventsOf(EventKind::ServerEvent, EventDirection::Incoming).first();
    QCOMPARE(serverEventType(event), QStringLiteral("via"));
    QCOMPARE(event.payload, QByteArray("the proxy"));
    QVERIFY(proxy.requests().first().startsWith(QByteArray("CONNECT 127.0.0.1:" + QByteArray::number(server->serverPort()))));
    QVERIFY(proxy.requests().first().contains("X-Proxy-Tag: sse\r\n"));
}

void tst_ConnectionEventSource::refusesToSend()
{
    const auto server = startEventServer();
    ConnectionHarness harness(eventSourceTo(eventsUrlOf(*server)));
    harness.open();
    QVERIFY(harness.waitOpen());
    QVERIFY(!harness.connection()->capabilities().sendsMessages);
    harness.thread().sendText("hello?");
    QVERIFY(QTest::qWaitFor([&] {
        for (const LogEvent &event : harness.eventsOf(EventKind::Info, EventDirection::Local)) {
            if (event.text == QLatin1String("not sent: an EventSource stream only receives"))
                return true;
        }
        return false;
    }, WaitMs));
}

QTEST_GUILESS_MAIN(tst_ConnectionEventSource)
#include "tst_connectioneventsource.moc"
