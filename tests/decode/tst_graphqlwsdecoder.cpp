// SPDX-License-Identifier: MIT
// GraphQlWsDecoder: graphql-transport-ws messages serialized by the graphql-ws library
// (vectors/make_node_vectors.js), and the legacy subscriptions-transport-ws messages of its
// PROTOCOL.md (apollographql/subscriptions-transport-ws), recorded here.
#include "DecodeVectors.h"

#include "decode/GraphQlWsDecoder.h"

#include <QTest>

using namespace wsi;
using namespace wsi::decode;
using namespace wsi::test;

class tst_GraphQlWsDecoder : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void transportWs_data();
    void transportWs();
    void legacySubscriptions_data();
    void legacySubscriptions();
    void eachDialectRecognisesItsOwn();
    void malformedMessagesSayWhy_data();
    void malformedMessagesSayWhy();
};

namespace {

void addColumns()
{
    QTest::addColumn<Vector>("vector");
    QTest::addColumn<bool>("incoming");
    QTest::addColumn<QString>("summary");
    QTest::addColumn<QString>("fields");
    QTest::addColumn<QString>("correlation");
    QTest::addColumn<int>("role");
}

void check(GraphQlWsDecoder::Dialect dialect)
{
    QFETCH(Vector, vector);
    QFETCH(bool, incoming);
    QFETCH(QString, summary);
    QFETCH(QString, fields);
    QFETCH(QString, correlation);
    QFETCH(int, role);
    const GraphQlWsDecoder decoder(dialect);
    const DecodeResult result = decodeOnce(decoder, vector, incoming ? PayloadDirection::Incoming : PayloadDirection::Outgoing);
    QVERIFY2(result.isDecoded(), qPrintable(result.error));
    QCOMPARE(result.decoded.summary, summary);
    QCOMPARE(fieldsText(result.decoded), fields);
    QCOMPARE(result.decoded.correlation.key, correlation);
    QCOMPARE(int(result.decoded.correlation.role), role);
    QCOMPARE(result.decoded.tree.child(u"type")->value, QLatin1Char('"') + result.decoded.field(u"type") + QLatin1Char('"'));
}

Vector text(const char *json)
{
    return Vector{QByteArray(json), true};
}

} // namespace

void tst_GraphQlWsDecoder::transportWs_data()
{
    addColumns();
    const int none = int(CorrelationRole::None);
    const int request = int(CorrelationRole::Request);
    const int response = int(CorrelationRole::Response);
    QTest::newRow("connection_init") << nodeVector("gql.connection_init") << false
        << QStringLiteral("connection_init {\"token\":\"t\"}") << QStringLiteral("type=connection_init") << QString() << none;
    QTest::newRow("connection_ack") << nodeVector("gql.connection_ack") << true
        << QStringLiteral("connection_ack") << QStringLiteral("type=connection_ack") << QString() << none;
    QTest::newRow("ping") << nodeVector("gql.ping") << true << QStringLiteral("ping") << QStringLiteral("type=ping") << QString() << none;
    QTest::newRow("subscribe with an operation name") << nodeVector("gql.subscribe") << false
        << QStringLiteral("subscribe 1 OnPrice") << QStringLiteral("type=subscribe id=1 operation=OnPrice")
        << QStringLiteral("1") << request;
    QTest::newRow("anonymous subscribe") << nodeVector("gql.subscribe.anonymous") << false
        << QStringLiteral("subscribe 2 { hello }") << QStringLiteral("type=subscribe id=2 operation={ hello }")
        << QStringLiteral("2") << request;
    QTest::newRow("next") << nodeVector("gql.next") << true << QStringLiteral("next 1 {\"data\":{\"price\":42}}")
        << QStringLiteral("type=next id=1") << QStringLiteral("1") << response;
    QTest::newRow("error") << nodeVector("gql.error") << true << QStringLiteral("error 1 Cannot query field \"x\"")
        << QStringLiteral("type=error id=1") << QStringLiteral("1") << response;
    QTest::newRow("complete from the server") << nodeVector("gql.complete") << true << QStringLiteral("complete 1")
        << QStringLiteral("type=complete id=1") << QStringLiteral("1") << response;
    QTest::newRow("complete from the client") << nodeVector("gql.complete") << false << QStringLiteral("complete 1")
        << QStringLiteral("type=complete id=1") << QString() << none;
}

void tst_GraphQlWsDecoder::transportWs()
{
    check(GraphQlWsDecoder::Dialect::TransportWs);
}

void tst_GraphQlWsDecoder::legacySubscriptions_data()
{
    addColumns();
    const int none = int(CorrelationRole::None);
    const int request = int(CorrelationRole::Request);
    const int response = int(CorrelationRole::Response);
    QTest::newRow("start") << text(R"({"id":"7","type":"start","payload":{"query":"subscription { tick }","variables":{}}})") << false
        << QStringLiteral("start 7 subscription { tick }") << QStringLiteral("type=start id=7 operation=subscription { tick }")
        << QStringLiteral("7") << request;
    QTest::newRow("data") << text(R"({"id":"7","type":"data","payload":{"data":{"tick":1}}})") << true
        << QStringLiteral("data 7 {\"data\":{\"tick\":1}}") << QStringLiteral("type=data id=7") << QStringLiteral("7") << response;
    QTest::newRow("keep alive") << text(R"({"type":"ka"})") << true << QStringLiteral("ka") << QStringLiteral("type=ka") << QString() << none;
    QTest::newRow("stop") << text(R"({"id":"7","type":"stop"})") << false << QStringLiteral("stop 7")
        << QStringLiteral("type=stop id=7") << QString() << none;
    QTest::newRow("connection_error") << text(R"({"type":"connection_error","payload":{"message":"denied"}})") << true
        << QStringLiteral("connection_error {\"message\":\"denied\"}") << QStringLiteral("type=connection_error") << QString() << none;
}

void tst_GraphQlWsDecoder::legacySubscriptions()
{
    check(GraphQlWsDecoder::Dialect::LegacySubscriptions);
}

void tst_GraphQlWsDecoder::eachDialectRecognisesItsOwn()
{
    const GraphQlWsDecoder transport(GraphQlWsDecoder::Dialect::TransportWs);
    const GraphQlWsDecoder legacy(GraphQlWsDecoder::Dialect::LegacySubscriptions);
    const auto start = textInput(R"({"id":"7","type":"start","payload":{}})");
    const auto subscribe = textInput(nodeVector("gql.subscribe").payload);
    const auto shared = textInput(R"({"type":"connection_ack"})");
    QVERIFY(!transport.recognises(start));
    QVERIFY(legacy.recognises(start));
    QVERIFY(transport.recognises(subscribe));
    QVERIFY(!legacy.recognises(subscribe));
    // A type both speak goes to the current protocol.
    QVERIFY(transport.recognises(shared));
    QVERIFY(!legacy.recognises(shared));
    QVERIFY(!transport.recognises(textInput(R"({"type":"update"})")));
}

void tst_GraphQlWsDecoder::malformedMessagesSayWhy_data()
{
    QTest::addColumn<QByteArray>("payload");
    QTest::addColumn<QString>("error");
    QTest::newRow("no type") << QByteArray(R"({"id":"1"})") << QStringLiteral("field \"type\" is missing or not a string");
    QTest::newRow("unknown type") << QByteArray(R"({"type":"start","id":"1"})")
        << QStringLiteral("field \"type\": unknown message type \"start\"");
    QTest::newRow("subscribe without id") << QByteArray(R"({"type":"subscribe","payload":{}})")
        << QStringLiteral("field \"id\" is missing in a \"subscribe\" message");
    QTest::newRow("not JSON") << QByteArray(R"({"type":)") << QStringLiteral("invalid JSON at offset 8: unterminated object");
    QTest::newRow("an array") << QByteArray("[1]") << QStringLiteral("not a JSON object");
}

void tst_GraphQlWsDecoder::malformedMessagesSayWhy()
{
    QFETCH(QByteArray, payload);
    QFETCH(QString, error);
    const DecodeResult result = decodeOnce(GraphQlWsDecoder(GraphQlWsDecoder::Dialect::TransportWs), Vector{payload, true});
    QCOMPARE(result.status, DecodeResult::Status::Malformed);
    QCOMPARE(result.error, error);
}

QTEST_GUILESS_MAIN(tst_GraphQlWsDecoder)
#include "tst_graphqlwsdecoder.moc"
