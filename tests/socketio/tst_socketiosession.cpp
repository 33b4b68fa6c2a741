// SPDX-License-Identifier: MIT
// The Socket.IO client without a network: the packets it writes for the Engine.IO and
// Socket.IO handshakes of both versions, pings answered or sent, silence failing the
// session, events, acks with their round trips, binary attachments put back in their
// placeholders' places, and the URL of the WebSocket transport.
#include "socketio/SocketIoAddress.h"
#include "socketio/SocketIoSession.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace wsi::socketio;

namespace {

struct Recorder {
    QList<QByteArray> sent;
    QList<QByteArray> sentBinary;
    QList<SocketIoEvent> events;
    QString failure;

    SocketIoSession::Output output()
    {
        return {[this](const QByteArray &text) { sent << text; }, [this](const QByteArray &bytes) { sentBinary << bytes; },
                [this](const SocketIoEvent &event) { events << event; }, [this](const QString &why) { failure = why; }};
    }
};

const QByteArray OpenV4 = R"(0{"sid":"abc","upgrades":[],"pingInterval":300,"pingTimeout":200,"maxPayload":1000000})";
const QByteArray OpenV3 = R"(0{"sid":"abc","upgrades":[],"pingInterval":300,"pingTimeout":200})";

QString json(const QJsonArray &array)
{
    return QString::fromUtf8(QJsonDocument(array).toJson(QJsonDocument::Compact));
}

} // namespace

class TestSocketIoSession : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void version4JoinsEachNamespaceWithAuth();
    void version3JoinsRootByItself();
    void serverPingsAreAnsweredAndSilenceFails();
    void version3PingsTheServer();
    void eventsAndAcks();
    void binaryEventsGetTheirAttachments();
    void malformedPacketsFailWithWhere();
    void addresses();
};

void TestSocketIoSession::version4JoinsEachNamespaceWithAuth()
{
    Recorder recorder;
    SocketIoSession session({4, {QStringLiteral("/"), QStringLiteral("/admin")}, QJsonValue(QJsonObject{{QStringLiteral("token"), QStringLiteral("t")}})},
                            recorder.output());
    session.receiveText(OpenV4, 0);
    QVERIFY(session.isOpen());
    QCOMPARE(recorder.events.first().kind, SocketIoEvent::Kind::Open);
    QCOMPARE(recorder.events.first().sid, QStringLiteral("abc"));
    QCOMPARE(recorder.sent, (QList<QByteArray>{R"(40{"token":"t"})", R"(40/admin,{"token":"t"})"}));
    session.receiveText(R"(40{"sid":"s1"})", 5);
    QVERIFY(!session.joinedAll());
    session.receiveText(R"(40/admin,{"sid":"s2"})", 6);
    QVERIFY(session.joinedAll());
    QCOMPARE(recorder.events.last().kind, SocketIoEvent::Kind::Connect);
    QCOMPARE(recorder.events.last().nameSpace, QStringLiteral("/admin"));
    QCOMPARE(recorder.events.last().sid, QStringLiteral("s2"));
    session.receiveText(R"(44/admin,{"message":"not authorized"})", 7);
    QCOMPARE(recorder.events.last().kind, SocketIoEvent::Kind::ConnectError);
    QCOMPARE(recorder.events.last().data.toObject().value(QStringLiteral("message")).toString(), QStringLiteral("not authorized"));
    session.receiveText("41/admin,", 8);
    QVERIFY(!session.hasJoined(QStringLiteral("/admin")));
}

void TestSocketIoSession::version3JoinsRootByItself()
{
    Recorder recorder;
    SocketIoSession session({3, {QStringLiteral("/"), QStringLiteral("/chat")}, std::nullopt}, recorder.output());
    session.receiveText(OpenV3, 0);
    // Socket.IO v2 connects "/" on its own: only /chat is asked for.
    QCOMPARE(recorder.sent, (QList<QByteArray>{"40/chat,"}));
    session.receiveText("40", 1);
    session.receiveText("40/chat", 2);
    QVERIFY(session.joinedAll());
}

void TestSocketIoSession::serverPingsAreAnsweredAndSilenceFails()
{
    Recorder recorder;
    SocketIoSession session({}, recorder.output());
    session.receiveText(OpenV4, 0);
    recorder.sent.clear();
    session.receiveText("2", 250);
    QCOMPARE(recorder.sent, (QList<QByteArray>{"3"}));
    session.tick(700); // 450 ms after the ping: within 300 + 200
    QVERIFY(recorder.failure.isEmpty());
    session.tick(751);
    QCOMPARE(recorder.failure,
             QStringLiteral("no ping from the server for 501 ms (its pingInterval 300 ms + pingTimeout 200 ms): the connection is gone"));
}

void TestSocketIoSession::version3PingsTheServer()
{
    Recorder recorder;
    SocketIoSession session({3, {QStringLiteral("/")}, std::nullopt}, recorder.output());
    session.receiveText(OpenV3, 0);
    session.tick(299);
    QVERIFY(recorder.sent.isEmpty());
    session.tick(300);
    QCOMPARE(recorder.sent, (QList<QByteArray>{"2"}));
    session.receiveText("3", 320);
    session.tick(500);
    QCOMPARE(recorder.sent.size(), 1); // the next ping is due 300 ms after the pong
    session.tick(620);
    QCOMPARE(recorder.sent.size(), 2);
    session.tick(821); // no pong for 201 ms
    QCOMPARE(recorder.failure, QStringLiteral("no pong from the server within its pingTimeout (200 ms)"));
}

void TestSocketIoSession::eventsAndAcks()
{
    Recorder recorder;
    SocketIoSession session({4, {QStringLiteral("/chat")}, std::nullopt}, recorder.output());
    session.receiveText(OpenV4, 0);
    recorder.sent.clear();
    QCOMPARE(session.emitEvent(QStringLiteral("/chat"), QStringLiteral("add"), QJsonArray{2, 3}, true, 100), qint64(0));
    QCOMPARE(session.emitEvent(QStringLiteral("/"), QStringLiteral("note"), QJsonArray{QStringLiteral("x")}, false, 100), qint64(-1));
    QCOMPARE(recorder.sent, (QList<QByteArray>{R"(42/chat,0["add",2,3])", R"(42["note","x"])"}));
    QCOMPARE(session.pendingAcks(), 1);
    session.receiveText("43/chat,0[5]", 130);
    QCOMPARE(recorder.events.last().kind, SocketIoEvent::Kind::Ack);
    QCOMPARE(recorder.events.last().rttMs, qint64(30));
    QCOMPARE(json(recorder.events.last().args), QStringLiteral("[5]"));
    QCOMPARE(session.pendingAcks(), 0);
    session.receiveText(R"(42/chat,7["chat","hi",{"n":1}])", 140);
    const SocketIoEvent &event = recorder.events.last();
    QCOMPARE(event.kind, SocketIoEvent::Kind::Event);
    QCOMPARE(event.event, QStringLiteral("chat"));
    QCOMPARE(json(event.args), QStringLiteral(R"(["hi",{"n":1}])"));
    QCOMPARE(event.ackId, qint64(7));
    session.acknowledge(QStringLiteral("/chat"), 7, QJsonArray{true});
    QCOMPARE(recorder.sent.last(), QByteArray("43/chat,7[true]"));
}

void TestSocketIoSession::binaryEventsGetTheirAttachments()
{
    for (int version : {4, 3}) {
        Recorder recorder;
        SocketIoSession session({version, {QStringLiteral("/")}, std::nullopt}, recorder.output());
        session.receiveText(version == 4 ? OpenV4 : OpenV3, 0);
        const int before = int(recorder.events.size());
        session.receiveText(R"(452-["blob",{"_placeholder":true,"num":0},{"b":{"_placeholder":true,"num":1}}])", 10);
        QCOMPARE(recorder.events.size(), before); // waits for both attachments
        session.receiveBinary(version == 4 ? QByteArray("\x01\x02", 2) : QByteArray("\x04\x01\x02", 3), 11);
        session.receiveBinary(version == 4 ? QByteArray("\xff", 1) : QByteArray("\x04\xff", 2), 12);
        const SocketIoEvent &event = recorder.events.last();
        QCOMPARE(event.event, QStringLiteral("blob"));
        QCOMPARE(event.attachments, 2);
        QCOMPARE(json(event.args), QStringLiteral(R"([{"_binary":"AQI="},{"b":{"_binary":"/w=="}}])"));
    }
}

void TestSocketIoSession::malformedPacketsFailWithWhere()
{
    Recorder recorder;
    SocketIoSession session({}, recorder.output());
    session.receiveText(OpenV4, 0);
    session.receiveText("42{\"not\":\"an array\"}", 1);
    QCOMPARE(recorder.failure, QStringLiteral("the server sent a Socket.IO packet that cannot be read: event packet: arguments must be a non-empty array (offset 2)"));
    Recorder other;
    SocketIoSession fresh({}, other.output());
    fresh.receiveText(OpenV4, 0);
    fresh.receiveBinary("stray", 1);
    QCOMPARE(other.failure, QStringLiteral("the server sent a binary message (5 bytes) that no binary packet announced"));
}

void TestSocketIoSession::addresses()
{
    QString error;
    std::optional<SocketIoAddress> address = socketIoAddress(QStringLiteral("http://127.0.0.1:3000"), QString(), 4, &error);
    QVERIFY(address);
    QCOMPARE(address->webSocketUrl, QStringLiteral("ws://127.0.0.1:3000/socket.io/?EIO=4&transport=websocket"));
    QCOMPARE(address->nameSpace, QStringLiteral("/"));
    address = socketIoAddress(QStringLiteral("https://example.com/chat/?token=a%20b"), QStringLiteral("/rt"), 3, &error);
    QVERIFY(address);
    QCOMPARE(address->webSocketUrl, QStringLiteral("wss://example.com/rt/?token=a%20b&EIO=3&transport=websocket"));
    QCOMPARE(address->nameSpace, QStringLiteral("/chat"));
    QVERIFY(!socketIoAddress(QStringLiteral("ftp://example.com/"), QString(), 4, &error));
    QCOMPARE(error, QStringLiteral("a Socket.IO URL is http:// or https:// (ws:// and wss:// too), not ftp://"));
}

QTEST_GUILESS_MAIN(TestSocketIoSession)
#include "tst_socketiosession.moc"
