// SPDX-License-Identifier: MIT
// The composer's message templates: the bytes of MQTT packets and STOMP frames equal what
// mqtt-packet and @stomp/stompjs make from the same values (tests/decode/vectors), every
// template's default message reads back through our decoder for its protocol, and each kind
// of bad value is refused with a sentence that names its field.
#include "DecodeVectors.h"

#include "decode/GraphQlWsDecoder.h"
#include "decode/JsonRpcDecoder.h"
#include "decode/MqttDecoder.h"
#include "decode/SocketIoDecoder.h"
#include "decode/StompDecoder.h"
#include "support/TemplateValues.h"
#include "templates/TemplateCatalog.h"

#include <QJsonDocument>
#include <QTest>

using namespace wsi;
using namespace wsi::decode;
using namespace wsi::templates;
using namespace wsi::test;

class tst_MessageTemplates : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void catalogIsWellFormed();
    void bytesEqualTheReferenceLibraries_data();
    void bytesEqualTheReferenceLibraries();
    void graphQlSubscribeIsWhatGraphQlWsWrites();
    void defaultsReadBack_data();
    void defaultsReadBack();
    void badValuesAreRefusedByName_data();
    void badValuesAreRefusedByName();
};

namespace {

const MessageTemplate &named(const char *id)
{
    const MessageTemplate *found = findTemplate(QString::fromLatin1(id));
    if (!found)
        qFatal("no template %s", id);
    return *found;
}

TemplateOutput make(const char *id, const TemplateValues &values = {})
{
    return named(id).make(values);
}

} // namespace

void tst_MessageTemplates::catalogIsWellFormed()
{
    QSet<QString> ids;
    for (const MessageTemplate &each : messageTemplates()) {
        QVERIFY2(!ids.contains(each.id), qPrintable(each.id));
        ids.insert(each.id);
        QVERIFY(each.build);
        QVERIFY(!each.description.isEmpty());
        QSet<QString> keys;
        for (const TemplateField &field : each.fields) {
            QVERIFY2(!keys.contains(field.key), qPrintable(each.id + QLatin1Char('.') + field.key));
            keys.insert(field.key);
        }
        const TemplateOutput out = each.make({});
        QVERIFY2(out.ok(), qPrintable(each.id + QLatin1String(": ") + out.problem));
        QVERIFY(!out.bytes.isEmpty());
    }
    QCOMPARE(ids.size(), 20);
}

void tst_MessageTemplates::bytesEqualTheReferenceLibraries_data()
{
    QTest::addColumn<QString>("id");
    QTest::addColumn<TemplateValues>("values");
    QTest::addColumn<QByteArray>("vector");

    const TemplateValues v5{{QStringLiteral("version"), QStringLiteral("5.0")}};
    QTest::newRow("MQTT 3.1.1 CONNECT") << QStringLiteral("mqtt.connect") << TemplateValues() << QByteArray("template.mqtt4.connect");
    QTest::newRow("MQTT 3.1.1 SUBSCRIBE") << QStringLiteral("mqtt.subscribe") << TemplateValues() << QByteArray("template.mqtt4.subscribe");
    QTest::newRow("MQTT 3.1.1 PUBLISH") << QStringLiteral("mqtt.publish") << TemplateValues() << QByteArray("template.mqtt4.publish");
    QTest::newRow("MQTT 3.1.1 PUBLISH qos 1") << QStringLiteral("mqtt.publish")
        << values({{"topic", "sensors/1"}, {"qos", "1"}, {"packet-id", "5"}, {"payload", "21.5"}})
        << QByteArray("mqtt4.publish.qos1");
    QTest::newRow("MQTT 3.1.1 PUBLISH retained") << QStringLiteral("mqtt.publish")
        << values({{"topic", "a/b"}, {"retain", "true"}, {"payload", "x"}}) << QByteArray("mqtt4.publish.qos0");
    QTest::newRow("MQTT 3.1.1 PUBLISH, two length bytes") << QStringLiteral("mqtt.publish")
        << values({{"topic", "t"}, {"payload", QString(300, QLatin1Char('a'))}}) << QByteArray("mqtt4.publish.long");
    QTest::newRow("MQTT 3.1.1 CONNECT with a login") << QStringLiteral("mqtt.connect")
        << values({{"client-id", "sensor-7"}, {"username", "u"}, {"password", "p"}}) << QByteArray("mqtt4.connect");
    QTest::newRow("MQTT PUBACK") << QStringLiteral("mqtt.puback") << values({{"packet-id", "5"}}) << QByteArray("mqtt4.puback");
    QTest::newRow("MQTT 3.1.1 UNSUBSCRIBE") << QStringLiteral("mqtt.unsubscribe") << values({{"packet-id", "2"}, {"topic", "alerts"}})
                                            << QByteArray("mqtt4.unsubscribe");
    QTest::newRow("MQTT PINGREQ") << QStringLiteral("mqtt.pingreq") << TemplateValues() << QByteArray("mqtt4.pingreq");
    QTest::newRow("MQTT 3.1.1 DISCONNECT") << QStringLiteral("mqtt.disconnect") << TemplateValues() << QByteArray("mqtt4.disconnect");
    QTest::newRow("MQTT 5 CONNECT") << QStringLiteral("mqtt.connect")
        << values({{"version", "5.0"}, {"username", "ann"}, {"password", "secret"}}) << QByteArray("template.mqtt5.connect");
    QTest::newRow("MQTT 5 SUBSCRIBE") << QStringLiteral("mqtt.subscribe")
        << values({{"version", "5.0"}, {"packet-id", "7"}, {"topic", "sensors/+"}, {"qos", "2"}})
        << QByteArray("template.mqtt5.subscribe");
    QTest::newRow("MQTT 5 PUBLISH") << QStringLiteral("mqtt.publish")
        << values({{"version", "5.0"}, {"qos", "1"}, {"retain", "true"}}) << QByteArray("template.mqtt5.publish");
    QTest::newRow("MQTT 5 UNSUBSCRIBE") << QStringLiteral("mqtt.unsubscribe") << v5 << QByteArray("template.mqtt5.unsubscribe");
    QTest::newRow("STOMP CONNECT") << QStringLiteral("stomp.connect") << TemplateValues() << QByteArray("template.stomp.connect");
    QTest::newRow("STOMP SUBSCRIBE") << QStringLiteral("stomp.subscribe") << TemplateValues() << QByteArray("template.stomp.subscribe");
    QTest::newRow("STOMP SEND, escaped destination") << QStringLiteral("stomp.send")
        << values({{"destination", "/queue/a:b\\c"}}) << QByteArray("template.stomp.send");
    QTest::newRow("STOMP DISCONNECT with a receipt") << QStringLiteral("stomp.disconnect") << values({{"receipt", "77"}})
                                                     << QByteArray("template.stomp.disconnect");
}

void tst_MessageTemplates::bytesEqualTheReferenceLibraries()
{
    QFETCH(QString, id);
    QFETCH(TemplateValues, values);
    QFETCH(QByteArray, vector);

    const TemplateOutput out = named(id.toLatin1().constData()).make(values);
    QVERIFY2(out.ok(), qPrintable(out.problem));
    const Vector expected = nodeVector(vector.constData());
    QCOMPARE(out.isText, expected.isText);
    QCOMPARE(out.bytes.toHex(' '), expected.payload.toHex(' '));
}

void tst_MessageTemplates::graphQlSubscribeIsWhatGraphQlWsWrites()
{
    // Same message, members in another order: "type" first reads like the protocol's examples.
    const TemplateOutput out = make("graphql.subscribe");
    QVERIFY(out.ok());
    QCOMPARE(out.bytes, QByteArray(R"({"type":"subscribe","id":"1","payload":{"query":"subscription { greetings }"}})"));
    QCOMPARE(QJsonDocument::fromJson(out.bytes), QJsonDocument::fromJson(nodeVector("template.gql.subscribe").payload));
}

void tst_MessageTemplates::defaultsReadBack_data()
{
    QTest::addColumn<QString>("id");
    QTest::addColumn<TemplateValues>("values");
    QTest::addColumn<QString>("summary");

    QTest::newRow("STOMP SEND") << QStringLiteral("stomp.send") << TemplateValues() << QStringLiteral("SEND /topic/greetings (12 B)");
    QTest::newRow("STOMP SUBSCRIBE") << QStringLiteral("stomp.subscribe") << TemplateValues() << QStringLiteral("SUBSCRIBE /topic/greetings id=sub-0");
    QTest::newRow("MQTT 5 PUBLISH") << QStringLiteral("mqtt.publish") << values({{"version", "5.0"}, {"qos", "2"}, {"packet-id", "300"}})
                                    << QStringLiteral("PUBLISH sensors/1 qos2 id=300 (17 B)");
    QTest::newRow("MQTT 5 DISCONNECT") << QStringLiteral("mqtt.disconnect") << values({{"version", "5.0"}}) << QStringLiteral("DISCONNECT");
    QTest::newRow("graphql-ws subscribe") << QStringLiteral("graphql.subscribe") << values({{"operation", "Greet"}})
                                          << QStringLiteral("subscribe 1 Greet");
    QTest::newRow("legacy graphql-ws start") << QStringLiteral("graphql.subscribe") << values({{"protocol", "graphql-ws (legacy)"}})
                                             << QStringLiteral("start 1 subscription { greetings }");
    QTest::newRow("JSON-RPC request") << QStringLiteral("jsonrpc.request") << TemplateValues() << QStringLiteral("call subtract [42,23] id=1");
    QTest::newRow("JSON-RPC notification") << QStringLiteral("jsonrpc.notification") << values({{"params", "{\"a\": 1}"}})
                                           << QStringLiteral("notify subtract {\"a\":1}");
    QTest::newRow("Socket.IO emit with an ack") << QStringLiteral("socketio.emit")
        << values({{"namespace", "/chat"}, {"args", "[\"hi\", 2]"}, {"ack", "12"}}) << QStringLiteral("42/chat,12 emit \"chat\" [\"hi\",2]");
    QTest::newRow("Socket.IO join") << QStringLiteral("socketio.join") << values({{"namespace", "/admin"}, {"auth", "{\"token\":\"t\"}"}})
                                    << QStringLiteral("40/admin, connect {\"token\":\"t\"}");
}

void tst_MessageTemplates::defaultsReadBack()
{
    QFETCH(QString, id);
    QFETCH(TemplateValues, values);
    QFETCH(QString, summary);

    const MessageTemplate &chosen = named(id.toLatin1().constData());
    const TemplateOutput out = chosen.make(values);
    QVERIFY2(out.ok(), qPrintable(out.problem));
    std::unique_ptr<Decoder> decoder;
    if (chosen.protocol == QLatin1String("STOMP"))
        decoder = std::make_unique<StompDecoder>();
    else if (chosen.protocol == QLatin1String("MQTT"))
        decoder = std::make_unique<MqttDecoder>();
    else if (chosen.protocol == QLatin1String("graphql-ws"))
        decoder = std::make_unique<GraphQlWsDecoder>(values.value(QStringLiteral("protocol")).contains(QLatin1String("legacy"))
                                                         ? GraphQlWsDecoder::Dialect::LegacySubscriptions
                                                         : GraphQlWsDecoder::Dialect::TransportWs);
    else if (chosen.protocol == QLatin1String("JSON-RPC"))
        decoder = std::make_unique<JsonRpcDecoder>();
    else
        decoder = std::make_unique<SocketIoDecoder>();
    DecodeContext context;
    context.mqttVersion = values.value(QStringLiteral("version")) == QLatin1String("5.0") ? 5 : 4;
    Vector vector{out.bytes, out.isText};
    const DecodeResult result = decoder->decode(input(vector, PayloadDirection::Outgoing, 1), context);
    QVERIFY2(result.isDecoded(), qPrintable(result.error));
    QCOMPARE(result.decoded.summary, summary);
}

void tst_MessageTemplates::badValuesAreRefusedByName_data()
{
    QTest::addColumn<QString>("id");
    QTest::addColumn<TemplateValues>("values");
    QTest::addColumn<QString>("problem");

    QTest::newRow("QoS 3") << QStringLiteral("mqtt.publish") << values({{"qos", "3"}}) << QStringLiteral("QoS: \"3\" is not one of 0, 1, 2");
    QTest::newRow("a wildcard in a PUBLISH topic") << QStringLiteral("mqtt.publish") << values({{"topic", "sensors/#"}})
        << QStringLiteral("the topic \"sensors/#\" has a wildcard (+ or #): only SUBSCRIBE takes those");
    QTest::newRow("packet id 0") << QStringLiteral("mqtt.subscribe") << values({{"packet-id", "0"}})
                                 << QStringLiteral("Packet id: \"0\" is not a whole number from 1 to 65535");
    QTest::newRow("an empty topic filter") << QStringLiteral("mqtt.subscribe") << values({{"topic", ""}})
                                           << QStringLiteral("the topic filter is empty: name a topic, or # for all");
    QTest::newRow("a client id over 65,535 bytes") << QStringLiteral("mqtt.connect") << values({{"client-id", QString(70000, QLatin1Char('c'))}})
        << QStringLiteral("the client identifier is 70000 bytes; MQTT allows at most 65,535");
    QTest::newRow("params not JSON") << QStringLiteral("jsonrpc.request") << values({{"params", "[1, 2"}})
                                     << QStringLiteral("Params: not JSON (unterminated array at the end)");
    QTest::newRow("params a number") << QStringLiteral("jsonrpc.request") << values({{"params", "7"}})
        << QStringLiteral("Params: JSON-RPC 2.0 takes an array or an object (section 4.2), or nothing");
    QTest::newRow("legacy ping") << QStringLiteral("graphql.ping") << values({{"protocol", "graphql-ws (legacy)"}})
        << QStringLiteral("Protocol: subscriptions-transport-ws has no client ping (its server sends \"ka\"); choose graphql-transport-ws");
    QTest::newRow("emit arguments not an array") << QStringLiteral("socketio.emit") << values({{"args", "{\"a\":1}"}})
                                                 << QStringLiteral("Arguments: a JSON array, e.g. [\"hi\", {\"room\": 1}]");
    QTest::newRow("ack id not a number") << QStringLiteral("socketio.emit") << values({{"ack", "soon"}})
                                         << QStringLiteral("Ack id: \"soon\" is not a whole number of 0 or more (empty: no ack)");
    QTest::newRow("a line break in a CONNECT header") << QStringLiteral("stomp.connect") << values({{"login", "a\nb"}})
        << QStringLiteral("the CONNECT header \"login\" has a line break, which CONNECT frames cannot escape");
    QTest::newRow("a field the template does not have") << QStringLiteral("stomp.send") << values({{"priority", "9"}})
                                                        << QStringLiteral("STOMP SEND has no field \"priority\"");
    QTest::newRow("not true or false") << QStringLiteral("mqtt.connect") << values({{"clean", "yes"}})
                                       << QStringLiteral("Clean start: \"yes\" is neither true nor false");
}

void tst_MessageTemplates::badValuesAreRefusedByName()
{
    QFETCH(QString, id);
    QFETCH(TemplateValues, values);
    QFETCH(QString, problem);

    const TemplateOutput out = named(id.toLatin1().constData()).make(values);
    QCOMPARE(out.problem, problem);
    QVERIFY(out.bytes.isEmpty());
}

QTEST_GUILESS_MAIN(tst_MessageTemplates)
#include "tst_messagetemplates.moc"
