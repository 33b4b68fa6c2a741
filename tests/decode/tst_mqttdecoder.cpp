// SPDX-License-Identifier: MIT
// MqttDecoder on packets mqtt-packet generated (vectors/make_node_vectors.js), 3.1.1 and 5:
// every packet type's fields, v5 properties, several packets in one message, a packet split
// across messages (in order, and visited again), and malformed packets that say where.
#include "DecodeVectors.h"

#include "decode/DecodeContext.h"
#include "decode/MqttDecoder.h"

#include <QTest>

using namespace wsi;
using namespace wsi::decode;
using namespace wsi::test;

class tst_MqttDecoder : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void decodesPackets_data();
    void decodesPackets();
    void connectTreeHidesThePassword();
    void readsVersion5Properties();
    void severalPacketsInOneMessage();
    void aPacketSplitAcrossMessages();
    void malformedPacketsSayWhere_data();
    void malformedPacketsSayWhere();
};

void tst_MqttDecoder::decodesPackets_data()
{
    QTest::addColumn<QByteArray>("name");
    QTest::addColumn<int>("version");
    QTest::addColumn<QString>("summary");
    QTest::addColumn<QString>("fields");
    QTest::addColumn<QString>("correlation");
    QTest::addColumn<int>("role");

    const int none = int(CorrelationRole::None);
    const int request = int(CorrelationRole::Request);
    const int response = int(CorrelationRole::Response);
    QTest::newRow("3.1.1 CONNECT") << QByteArray("mqtt4.connect") << 0
        << QStringLiteral("CONNECT MQTT v3.1.1 client=sensor-7 keepalive=60") << QStringLiteral("type=CONNECT client=sensor-7")
        << QStringLiteral("connect") << request;
    QTest::newRow("3.1.1 CONNACK") << QByteArray("mqtt4.connack") << 4 << QStringLiteral("CONNACK rc=0")
        << QStringLiteral("type=CONNACK") << QStringLiteral("connect") << response;
    QTest::newRow("PUBLISH qos 1") << QByteArray("mqtt4.publish.qos1") << 4 << QStringLiteral("PUBLISH sensors/1 qos1 id=5 (4 B)")
        << QStringLiteral("type=PUBLISH topic=sensors/1 id=5") << QStringLiteral("5") << request;
    QTest::newRow("PUBLISH qos 0 retained") << QByteArray("mqtt4.publish.qos0") << 4 << QStringLiteral("PUBLISH a/b qos0 retain (1 B)")
        << QStringLiteral("type=PUBLISH topic=a/b") << QString() << none;
    QTest::newRow("PUBLISH with a two-byte remaining length") << QByteArray("mqtt4.publish.long") << 4
        << QStringLiteral("PUBLISH t qos0 (300 B)") << QStringLiteral("type=PUBLISH topic=t") << QString() << none;
    QTest::newRow("PUBACK") << QByteArray("mqtt4.puback") << 4 << QStringLiteral("PUBACK id=5")
        << QStringLiteral("type=PUBACK id=5") << QStringLiteral("5") << response;
    QTest::newRow("SUBSCRIBE") << QByteArray("mqtt4.subscribe") << 4 << QStringLiteral("SUBSCRIBE id=1 sensors/# qos1, alerts qos0")
        << QStringLiteral("type=SUBSCRIBE id=1 topic=sensors/# topic=alerts") << QStringLiteral("sub:1") << request;
    QTest::newRow("SUBACK") << QByteArray("mqtt4.suback") << 4 << QStringLiteral("SUBACK id=1 codes=1,0")
        << QStringLiteral("type=SUBACK id=1") << QStringLiteral("sub:1") << response;
    QTest::newRow("UNSUBSCRIBE") << QByteArray("mqtt4.unsubscribe") << 4 << QStringLiteral("UNSUBSCRIBE id=2 alerts")
        << QStringLiteral("type=UNSUBSCRIBE id=2 topic=alerts") << QStringLiteral("unsub:2") << request;
    QTest::newRow("3.1.1 UNSUBACK") << QByteArray("mqtt4.unsuback") << 4 << QStringLiteral("UNSUBACK id=2")
        << QStringLiteral("type=UNSUBACK id=2") << QStringLiteral("unsub:2") << response;
    QTest::newRow("PINGREQ") << QByteArray("mqtt4.pingreq") << 4 << QStringLiteral("PINGREQ")
        << QStringLiteral("type=PINGREQ") << QStringLiteral("ping") << request;
    QTest::newRow("PINGRESP") << QByteArray("mqtt4.pingresp") << 4 << QStringLiteral("PINGRESP")
        << QStringLiteral("type=PINGRESP") << QStringLiteral("ping") << response;
    QTest::newRow("3.1.1 DISCONNECT") << QByteArray("mqtt4.disconnect") << 4 << QStringLiteral("DISCONNECT")
        << QStringLiteral("type=DISCONNECT") << QString() << none;
    QTest::newRow("5 CONNECT") << QByteArray("mqtt5.connect") << 0 << QStringLiteral("CONNECT MQTT v5 client=c5 keepalive=30")
        << QStringLiteral("type=CONNECT client=c5") << QStringLiteral("connect") << request;
    QTest::newRow("5 CONNACK") << QByteArray("mqtt5.connack") << 5 << QStringLiteral("CONNACK rc=0")
        << QStringLiteral("type=CONNACK") << QStringLiteral("connect") << response;
    QTest::newRow("5 PUBLISH") << QByteArray("mqtt5.publish") << 5 << QStringLiteral("PUBLISH sensors/1 qos1 id=9 (10 B)")
        << QStringLiteral("type=PUBLISH topic=sensors/1 id=9") << QStringLiteral("9") << request;
    QTest::newRow("5 PUBACK with a reason") << QByteArray("mqtt5.puback") << 5 << QStringLiteral("PUBACK id=9 rc=16")
        << QStringLiteral("type=PUBACK id=9") << QStringLiteral("9") << response;
    QTest::newRow("5 SUBSCRIBE") << QByteArray("mqtt5.subscribe") << 5 << QStringLiteral("SUBSCRIBE id=3 x/+ qos2")
        << QStringLiteral("type=SUBSCRIBE id=3 topic=x/+") << QStringLiteral("sub:3") << request;
    QTest::newRow("5 DISCONNECT with a reason") << QByteArray("mqtt5.disconnect") << 5 << QStringLiteral("DISCONNECT rc=142")
        << QStringLiteral("type=DISCONNECT") << QString() << none;
}

void tst_MqttDecoder::decodesPackets()
{
    QFETCH(QByteArray, name);
    QFETCH(int, version);
    QFETCH(QString, summary);
    QFETCH(QString, fields);
    QFETCH(QString, correlation);
    QFETCH(int, role);

    DecodeContext context;
    context.mqttVersion = version;
    const DecodeResult result = MqttDecoder().decode(input(nodeVector(name.constData())), context);
    QVERIFY2(result.isDecoded(), qPrintable(result.error));
    QCOMPARE(result.decoded.protocol, QStringLiteral("mqtt"));
    QCOMPARE(result.decoded.summary, summary);
    QCOMPARE(fieldsText(result.decoded), fields);
    QCOMPARE(result.decoded.correlation.key, correlation);
    QCOMPARE(int(result.decoded.correlation.role), role);
}

void tst_MqttDecoder::connectTreeHidesThePassword()
{
    DecodeContext context;
    const DecodeResult result = MqttDecoder().decode(input(nodeVector("mqtt4.connect")), context);
    const DecodedNode &tree = result.decoded.tree;
    QCOMPARE(tree.name, QStringLiteral("CONNECT"));
    QCOMPARE(tree.child(u"protocol")->value, QStringLiteral("MQTT level 4"));
    QCOMPARE(tree.child(u"username")->value, QStringLiteral("u"));
    QCOMPARE(tree.child(u"password")->value, QStringLiteral("(hidden)"));
    QCOMPARE(context.mqttVersion, 4);
}

void tst_MqttDecoder::readsVersion5Properties()
{
    MqttDecoder decoder;
    DecodeContext context;
    // The CONNECT says 5; the packets after it are read as 5.
    const DecodeResult connect = decoder.decode(input(nodeVector("mqtt5.connect"), PayloadDirection::Outgoing, 1), context);
    QCOMPARE(context.mqttVersion, 5);
    const DecodedNode *connectProperties = connect.decoded.tree.child(u"properties");
    QVERIFY(connectProperties);
    QCOMPARE(connectProperties->child(u"Session Expiry Interval")->value, QStringLiteral("120"));
    QCOMPARE(connectProperties->child(u"Receive Maximum")->value, QStringLiteral("10"));

    const DecodeResult connack = decoder.decode(input(nodeVector("mqtt5.connack"), PayloadDirection::Incoming, 2), context);
    QCOMPARE(connack.decoded.tree.child(u"properties")->child(u"Assigned Client Identifier")->value, QStringLiteral("srv-1"));
    QCOMPARE(connack.decoded.tree.child(u"properties")->child(u"Topic Alias Maximum")->value, QStringLiteral("5"));

    const DecodeResult publish = decoder.decode(input(nodeVector("mqtt5.publish"), PayloadDirection::Incoming, 3), context);
    const DecodedNode *properties = publish.decoded.tree.child(u"properties");
    QCOMPARE(properties->value, QStringLiteral("3"));
    QCOMPARE(properties->child(u"Content Type")->value, QStringLiteral("application/json"));
    QCOMPARE(properties->child(u"User Property")->value, QStringLiteral("unit = C"));
    QCOMPARE(properties->child(u"Message Expiry Interval")->value, QStringLiteral("60"));
    QCOMPARE(publish.decoded.tree.child(u"payload")->child(u"text")->value, QStringLiteral("{\"t\":21.5}"));

    const DecodeResult puback = decoder.decode(input(nodeVector("mqtt5.puback"), PayloadDirection::Outgoing, 4), context);
    QCOMPARE(puback.decoded.tree.child(u"properties")->child(u"Reason String")->value, QStringLiteral("no subscribers"));
    const DecodeResult subscribe = decoder.decode(input(nodeVector("mqtt5.subscribe"), PayloadDirection::Outgoing, 5), context);
    QCOMPARE(subscribe.decoded.tree.child(u"properties")->child(u"Subscription Identifier")->value, QStringLiteral("7"));
}

void tst_MqttDecoder::severalPacketsInOneMessage()
{
    const Vector both{nodeVector("mqtt4.puback").payload + nodeVector("mqtt4.pingreq").payload
                          + nodeVector("mqtt4.publish.qos0").payload,
                      false};
    DecodeContext context;
    const DecodeResult result = MqttDecoder().decode(input(both), context);
    QVERIFY2(result.isDecoded(), qPrintable(result.error));
    QCOMPARE(result.decoded.summary, QStringLiteral("PUBACK id=5 · PINGREQ · PUBLISH a/b qos0 retain (1 B)"));
    QCOMPARE(fieldsText(result.decoded), QStringLiteral("type=PUBACK id=5 type=PINGREQ type=PUBLISH topic=a/b"));
    QVERIFY(!result.decoded.correlation.isValid()); // which of them would it pair?
    QCOMPARE(result.decoded.tree.children.size(), 3);
    QCOMPARE(result.decoded.tree.children.at(2).name, QStringLiteral("PUBLISH"));
}

void tst_MqttDecoder::aPacketSplitAcrossMessages()
{
    const QByteArray packet = nodeVector("mqtt4.publish.long").payload;
    QCOMPARE(packet.size(), 306); // 1 type byte, 2 length bytes, 2 + 1 topic, 300 payload
    const QByteArray ping = nodeVector("mqtt4.pingreq").payload;
    // A PINGREQ, then the PUBLISH's first 100 bytes; then the rest, then the next packet.
    const Vector first{ping + packet.left(100), false};
    const Vector rest{packet.mid(100) + ping, false};

    MqttDecoder decoder;
    DecodeContext context;
    const DecodeResult start = decoder.decode(input(first, PayloadDirection::Incoming, 7), context);
    QCOMPARE(start.decoded.summary, QStringLiteral("PINGREQ · partial PUBLISH (100 of 306 B)"));
    // An outgoing message in between belongs to the other direction's stream.
    QCOMPARE(decoder.decode(input(nodeVector("mqtt4.puback"), PayloadDirection::Outgoing, 8), context).decoded.summary,
             QStringLiteral("PUBACK id=5"));
    const DecodeResult end = decoder.decode(input(rest, PayloadDirection::Incoming, 9, false), context);
    QVERIFY2(end.isDecoded(), qPrintable(end.error));
    QCOMPARE(end.decoded.summary, QStringLiteral("PUBLISH t qos0 (300 B) · PINGREQ"));
    QVERIFY(end.decoded.tree.children.isEmpty());

    // Visited again (a view scrolling back): the same answers, the tree when asked.
    QCOMPARE(decoder.decode(input(first, PayloadDirection::Incoming, 7), context).decoded.summary, start.decoded.summary);
    const DecodeResult endAgain = decoder.decode(input(rest, PayloadDirection::Incoming, 9), context);
    QCOMPARE(endAgain.decoded.summary, end.decoded.summary);
    QCOMPARE(endAgain.decoded.tree.children.at(0).child(u"topic")->value, QStringLiteral("t"));

    // Cut inside the remaining length itself.
    DecodeContext fresh;
    const DecodeResult header = decoder.decode(input(Vector{packet.left(2), false}, PayloadDirection::Incoming, 1), fresh);
    QCOMPARE(header.decoded.summary, QStringLiteral("partial PUBLISH (2 of ? B)"));
    const DecodeResult joined = decoder.decode(input(Vector{packet.mid(2), false}, PayloadDirection::Incoming, 2), fresh);
    QCOMPARE(joined.decoded.summary, QStringLiteral("PUBLISH t qos0 (300 B)"));
}

void tst_MqttDecoder::malformedPacketsSayWhere_data()
{
    QTest::addColumn<QByteArray>("hex");
    QTest::addColumn<QString>("error");
    QTest::newRow("reserved type") << QByteArray("0000") << QStringLiteral("RESERVED packet: packet type 0 is reserved");
    QTest::newRow("PINGREQ with a body") << QByteArray("c00100")
        << QStringLiteral("PINGREQ packet: PINGREQ: 1 B left over at offset 2");
    QTest::newRow("remaining length of five bytes") << QByteArray("30ffffffff7f")
        << QStringLiteral("remaining length at offset 1: variable byte integer longer than 4 bytes");
    QTest::newRow("topic longer than the packet") << QByteArray("3003000a61")
        << QStringLiteral("PUBLISH packet: topic name at offset 4: needs 10 B, 1 left");
    QTest::newRow("QoS 3") << QByteArray("3603000161")
        << QStringLiteral("PUBLISH packet: PUBLISH at offset 2: QoS 3 is not allowed");
    QTest::newRow("SUBSCRIBE without topics") << QByteArray("82020001")
        << QStringLiteral("SUBSCRIBE packet: SUBSCRIBE at offset 4: no topic filter");
    QTest::newRow("empty") << QByteArray() << QStringLiteral("empty message: no MQTT packet");
}

void tst_MqttDecoder::malformedPacketsSayWhere()
{
    QFETCH(QByteArray, hex);
    QFETCH(QString, error);
    DecodeContext context;
    const DecodeResult result = MqttDecoder().decode(input(Vector{QByteArray::fromHex(hex), false}), context);
    QCOMPARE(result.status, DecodeResult::Status::Malformed);
    QCOMPARE(result.error, error);
}

QTEST_GUILESS_MAIN(tst_MqttDecoder)
#include "tst_mqttdecoder.moc"
