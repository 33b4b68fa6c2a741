// SPDX-License-Identifier: MIT
// SocketIoDecoder on packets socket.io-parser 4 and 3 and engine.io-parser 5 and 2 encoded
// (vectors/make_node_vectors.js): types, namespaces, events, arguments, ack ids, binary
// attachments reassembled in order and found again when a row is decoded twice.
#include "DecodeVectors.h"

#include "decode/DecodeContext.h"
#include "decode/SocketIoDecoder.h"

#include <QTest>

using namespace wsi;
using namespace wsi::decode;
using namespace wsi::test;

class tst_SocketIoDecoder : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void decodesPackets_data();
    void decodesPackets();
    void treeShowsEventAndArguments();
    void recognisesEngineIoAndSocketIoOnly_data();
    void recognisesEngineIoAndSocketIoOnly();
    void reassemblesBinaryAttachments();
    void reassemblesEngineIo3BinaryAttachments();
    void malformedPacketsSayWhere_data();
    void malformedPacketsSayWhere();
};

void tst_SocketIoDecoder::decodesPackets_data()
{
    QTest::addColumn<QByteArray>("name");
    QTest::addColumn<QString>("summary");
    QTest::addColumn<QString>("fields");
    QTest::addColumn<QString>("correlation");
    QTest::addColumn<int>("role");

    const int none = int(CorrelationRole::None);
    const int request = int(CorrelationRole::Request);
    const int response = int(CorrelationRole::Response);
    QTest::newRow("Engine.IO 4 open") << QByteArray("eio4.open")
        << QStringLiteral("0 open sid=lv_VI97HAXpY6yYWAAAC (Engine.IO v4)")
        << QStringLiteral("type=open sid=lv_VI97HAXpY6yYWAAAC") << QString() << none;
    QTest::newRow("Engine.IO 3 open") << QByteArray("eio3.open")
        << QStringLiteral("0 open sid=abc123 (Engine.IO v3)") << QStringLiteral("type=open sid=abc123") << QString() << none;
    QTest::newRow("ping") << QByteArray("eio4.ping") << QStringLiteral("2 ping") << QStringLiteral("type=ping") << QString() << none;
    QTest::newRow("upgrade probe") << QByteArray("eio4.probe") << QStringLiteral("2 ping probe") << QStringLiteral("type=ping") << QString() << none;
    QTest::newRow("close") << QByteArray("eio4.close") << QStringLiteral("1 close") << QStringLiteral("type=close") << QString() << none;
    QTest::newRow("connect with auth") << QByteArray("sio4.connect")
        << QStringLiteral("40 connect {\"token\":\"abc\"}") << QStringLiteral("type=CONNECT namespace=/") << QString() << none;
    QTest::newRow("connect to a namespace") << QByteArray("sio4.connect.admin")
        << QStringLiteral("40/admin, connect {\"sid\":\"oSO0OpakmV3CXBTmAAAB\"}")
        << QStringLiteral("type=CONNECT namespace=/admin") << QString() << none;
    QTest::newRow("event") << QByteArray("sio4.event") << QStringLiteral("42 emit \"chat\" [\"hi\"]")
        << QStringLiteral("type=EVENT namespace=/ event=chat") << QString() << none;
    QTest::newRow("event with an ack id in a namespace") << QByteArray("sio4.event.ack")
        << QStringLiteral("42/admin,12 emit \"project:delete\" [123]")
        << QStringLiteral("type=EVENT namespace=/admin event=project:delete ack=12") << QStringLiteral("/admin#12") << request;
    QTest::newRow("ack") << QByteArray("sio4.ack") << QStringLiteral("43/admin,12 ack [{\"ok\":true}]")
        << QStringLiteral("type=ACK namespace=/admin ack=12") << QStringLiteral("/admin#12") << response;
    QTest::newRow("connect error") << QByteArray("sio4.connect_error")
        << QStringLiteral("44 connect_error {\"message\":\"Not authorized\"}")
        << QStringLiteral("type=CONNECT_ERROR namespace=/") << QString() << none;
    QTest::newRow("disconnect from a namespace") << QByteArray("sio4.disconnect")
        << QStringLiteral("41/admin, disconnect") << QStringLiteral("type=DISCONNECT namespace=/admin") << QString() << none;
    QTest::newRow("binary event before its attachments") << QByteArray("sio4.binary_event")
        << QStringLiteral("452- emit \"upload\" [{\"_placeholder\":true,\"num\":0},{\"name\":\"a.bin\",\"thumb\":{\"_placeholder\":true,\"nu")
            + QChar(0x2026) // the arguments are cut at 80 characters
            + QStringLiteral(" (awaiting 2 attachments)")
        << QStringLiteral("type=BINARY_EVENT namespace=/ event=upload") << QString() << none;
    QTest::newRow("Socket.IO v2 event") << QByteArray("sio3.event") << QStringLiteral("42 emit \"chat\" [\"hi\"]")
        << QStringLiteral("type=EVENT namespace=/ event=chat") << QString() << none;
    QTest::newRow("Socket.IO v2 event in a namespace with an ack id") << QByteArray("sio3.event.ns")
        << QStringLiteral("42/chat,4 emit \"msg\" [{\"a\":1}]")
        << QStringLiteral("type=EVENT namespace=/chat event=msg ack=4") << QStringLiteral("/chat#4") << request;
}

void tst_SocketIoDecoder::decodesPackets()
{
    QFETCH(QByteArray, name);
    QFETCH(QString, summary);
    QFETCH(QString, fields);
    QFETCH(QString, correlation);
    QFETCH(int, role);

    SocketIoDecoder decoder;
    const DecodeResult result = decodeOnce(decoder, nodeVector(name.constData()));
    QVERIFY2(result.isDecoded(), qPrintable(result.error));
    QCOMPARE(result.decoded.protocol, QStringLiteral("socketio"));
    QCOMPARE(result.decoded.summary, summary);
    QCOMPARE(fieldsText(result.decoded), fields);
    QCOMPARE(result.decoded.correlation.key, correlation);
    QCOMPARE(int(result.decoded.correlation.role), role);
}

void tst_SocketIoDecoder::treeShowsEventAndArguments()
{
    SocketIoDecoder decoder;
    const DecodeResult result = decodeOnce(decoder, nodeVector("sio4.event.ack"));
    const DecodedNode &tree = result.decoded.tree;
    QCOMPARE(tree.child(u"namespace")->value, QStringLiteral("/admin"));
    QCOMPARE(tree.child(u"event")->value, QStringLiteral("project:delete"));
    QCOMPARE(tree.child(u"ack id")->value, QStringLiteral("12"));
    QCOMPARE(tree.child(u"args")->children.size(), 1);
    QCOMPARE(tree.child(u"args")->children.at(0).value, QStringLiteral("123"));

    // A row of the log asks for no tree, and gets none.
    DecodeContext context;
    const DecodeResult row = decoder.decode(input(nodeVector("sio4.event.ack"), PayloadDirection::Incoming, -1, false), context);
    QVERIFY(row.decoded.tree.children.isEmpty());
    QCOMPARE(row.decoded.summary, result.decoded.summary);
}

void tst_SocketIoDecoder::recognisesEngineIoAndSocketIoOnly_data()
{
    QTest::addColumn<QByteArray>("payload");
    QTest::addColumn<bool>("recognised");
    QTest::newRow("open") << nodeVector("eio4.open").payload << true;
    QTest::newRow("event") << nodeVector("sio4.event").payload << true;
    QTest::newRow("ping") << QByteArray("2") << true;
    QTest::newRow("a JSON object") << QByteArray(R"({"sid":"x"})") << false;
    QTest::newRow("a number") << QByteArray("42") << true; // "42" is an empty Socket.IO event
    QTest::newRow("a longer number") << QByteArray("2024") << false;
    QTest::newRow("an open without sid") << QByteArray(R"(0{"x":1})") << false;
    QTest::newRow("text") << QByteArray("hello") << false;
}

void tst_SocketIoDecoder::recognisesEngineIoAndSocketIoOnly()
{
    QFETCH(QByteArray, payload);
    QFETCH(bool, recognised);
    QCOMPARE(SocketIoDecoder().recognises(textInput(payload)), recognised);
}

void tst_SocketIoDecoder::reassemblesBinaryAttachments()
{
    SocketIoDecoder decoder;
    DecodeContext context;
    context.engineIoVersion = 4;
    const DecodeResult packet = decoder.decode(input(nodeVector("sio4.binary_event"), PayloadDirection::Incoming, 10, false), context);
    QVERIFY(packet.isDecoded());
    // Another direction's messages in between do not disturb the reassembly.
    QVERIFY(decoder.decode(input(nodeVector("sio4.event"), PayloadDirection::Outgoing, 11), context).isDecoded());
    const DecodeResult first = decoder.decode(input(nodeVector("sio4.binary_event.attachment1"), PayloadDirection::Incoming, 12, false), context);
    QCOMPARE(first.decoded.summary.left(23), QStringLiteral("attachment 1/2 (3 B) of"));
    const DecodeResult whole = decoder.decode(input(nodeVector("sio4.binary_event.attachment2"), PayloadDirection::Incoming, 13), context);
    QVERIFY2(whole.isDecoded(), qPrintable(whole.error));
    QCOMPARE(whole.decoded.summary,
             QStringLiteral("452- emit \"upload\" [<binary 3 B>,{\"name\":\"a.bin\",\"thumb\":<binary 2 B>}] (2 attachments)"));
    QCOMPARE(whole.decoded.field(u"event"), QStringLiteral("upload"));
    const DecodedNode *args = whole.decoded.tree.child(u"args");
    QVERIFY(args);
    QCOMPARE(args->children.at(0).value, QStringLiteral("<binary 3 B> 01 02 03"));
    QCOMPARE(args->children.at(1).child(u"thumb")->value, QStringLiteral("<binary 2 B> 09 09"));

    // The view decodes the rows again, in any order: the same answers.
    const DecodeResult again = decoder.decode(input(nodeVector("sio4.binary_event.attachment2"), PayloadDirection::Incoming, 13), context);
    QCOMPARE(again.decoded.summary, whole.decoded.summary);
    const DecodeResult firstAgain = decoder.decode(input(nodeVector("sio4.binary_event.attachment1"), PayloadDirection::Incoming, 12), context);
    QCOMPARE(firstAgain.decoded.summary, first.decoded.summary);
    // A binary message nobody waits for is an Engine.IO binary message.
    const DecodeResult stray = decoder.decode(input(nodeVector("sio4.binary_event.attachment1"), PayloadDirection::Incoming, 14), context);
    QCOMPARE(stray.decoded.summary, QStringLiteral("4 message <binary 3 B>"));

    // A binary ack: one attachment.
    decoder.decode(input(nodeVector("sio4.binary_ack"), PayloadDirection::Incoming, 15), context);
    const DecodeResult ack = decoder.decode(input(nodeVector("sio4.binary_ack.attachment1"), PayloadDirection::Incoming, 16), context);
    QCOMPARE(ack.decoded.summary, QStringLiteral("461-5 ack [<binary 3 B>] (1 attachments)"));
    QCOMPARE(ack.decoded.correlation.key, QStringLiteral("/#5"));
    QCOMPARE(ack.decoded.correlation.role, CorrelationRole::Response);
}

void tst_SocketIoDecoder::reassemblesEngineIo3BinaryAttachments()
{
    SocketIoDecoder decoder;
    DecodeContext context;
    QVERIFY(decoder.decode(input(nodeVector("eio3.open"), PayloadDirection::Incoming, 1), context).isDecoded());
    QCOMPARE(context.engineIoVersion, 3);
    const DecodeResult packet = decoder.decode(input(nodeVector("sio3.binary_event"), PayloadDirection::Incoming, 2), context);
    QCOMPARE(packet.decoded.field(u"type"), QStringLiteral("BINARY_EVENT"));
    // Engine.IO 3 puts the message type byte 4 before the attachment's bytes.
    QCOMPARE(nodeVector("sio3.binary_event.attachment1").payload, QByteArray::fromHex("04dead"));
    const DecodeResult whole = decoder.decode(input(nodeVector("sio3.binary_event.attachment1"), PayloadDirection::Incoming, 3), context);
    QCOMPARE(whole.decoded.summary, QStringLiteral("451- emit \"file\" [<binary 2 B>] (1 attachments)"));
    QCOMPARE(whole.decoded.tree.child(u"args")->children.at(0).value, QStringLiteral("<binary 2 B> de ad"));

    // Socket.IO v2 calls type 4 ERROR.
    const DecodeResult error = decoder.decode(input(nodeVector("sio3.error"), PayloadDirection::Incoming, 4), context);
    QCOMPARE(error.decoded.summary, QStringLiteral("44 error \"Not authorized\""));
}

void tst_SocketIoDecoder::malformedPacketsSayWhere_data()
{
    QTest::addColumn<QByteArray>("payload");
    QTest::addColumn<QString>("error");
    QTest::newRow("unknown Engine.IO type") << QByteArray("9") << QStringLiteral("Engine.IO packet type missing or unknown at offset 0");
    QTest::newRow("unknown Socket.IO type") << QByteArray("48") << QStringLiteral("Socket.IO packet type missing or unknown at offset 1");
    QTest::newRow("binary packet without count") << QByteArray("45[\"x\"]")
        << QStringLiteral("binary packet: attachment count and '-' expected at offset 2");
    QTest::newRow("broken JSON") << QByteArray("42[\"chat\",]")
        << QStringLiteral("Socket.IO payload: invalid JSON at offset 11: object is missing after a comma");
    QTest::newRow("event without a name") << QByteArray("42{}")
        << QStringLiteral("event packet: arguments must be a non-empty array (offset 2)");
    QTest::newRow("open without JSON") << QByteArray("0{")
        << QStringLiteral("Engine.IO open: invalid JSON at offset 2: unterminated object");
}

void tst_SocketIoDecoder::malformedPacketsSayWhere()
{
    QFETCH(QByteArray, payload);
    QFETCH(QString, error);
    DecodeContext context;
    const DecodeResult result = SocketIoDecoder().decode(textInput(payload), context);
    QCOMPARE(result.status, DecodeResult::Status::Malformed);
    QCOMPARE(result.error, error);
}

QTEST_GUILESS_MAIN(tst_SocketIoDecoder)
#include "tst_socketiodecoder.moc"
