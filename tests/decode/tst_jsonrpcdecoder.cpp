// SPDX-License-Identifier: MIT
// JsonRpcDecoder on the examples of the JSON-RPC 2.0 specification (jsonrpc.org/specification,
// section 7), recorded here: calls, notifications, results, errors, batches, and invalid
// messages that say what is wrong.
#include "DecodeVectors.h"

#include "decode/JsonRpcDecoder.h"

#include <QTest>

using namespace wsi;
using namespace wsi::decode;
using namespace wsi::test;

class tst_JsonRpcDecoder : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void decodesMessages_data();
    void decodesMessages();
    void recognisesJsonRpcOnly();
    void malformedMessagesSayWhy_data();
    void malformedMessagesSayWhy();
};

void tst_JsonRpcDecoder::decodesMessages_data()
{
    QTest::addColumn<QByteArray>("payload");
    QTest::addColumn<QString>("summary");
    QTest::addColumn<QString>("fields");
    QTest::addColumn<QString>("correlation");
    QTest::addColumn<int>("role");
    const int none = int(CorrelationRole::None);
    const int request = int(CorrelationRole::Request);
    const int response = int(CorrelationRole::Response);
    QTest::newRow("call with positional parameters") << QByteArray(R"({"jsonrpc": "2.0", "method": "subtract", "params": [42, 23], "id": 1})")
        << QStringLiteral("call subtract [42,23] id=1") << QStringLiteral("id=1 method=subtract") << QStringLiteral("1") << request;
    QTest::newRow("call with named parameters and a string id") << QByteArray(R"({"jsonrpc": "2.0", "method": "subtract", "params": {"minuend": 42, "subtrahend": 23}, "id": "a3"})")
        << QStringLiteral("call subtract {\"minuend\":42,\"subtrahend\":23} id=\"a3\"") << QStringLiteral("id=\"a3\" method=subtract")
        << QStringLiteral("\"a3\"") << request;
    QTest::newRow("result") << QByteArray(R"({"jsonrpc": "2.0", "result": 19, "id": 1})")
        << QStringLiteral("result id=1 19") << QStringLiteral("id=1") << QStringLiteral("1") << response;
    QTest::newRow("notification") << QByteArray(R"({"jsonrpc": "2.0", "method": "update", "params": [1,2,3,4,5]})")
        << QStringLiteral("notify update [1,2,3,4,5]") << QStringLiteral("method=update") << QString() << none;
    QTest::newRow("error") << QByteArray(R"({"jsonrpc": "2.0", "error": {"code": -32601, "message": "Method not found"}, "id": "1"})")
        << QStringLiteral("error id=\"1\" -32601 Method not found") << QStringLiteral("id=\"1\" error=-32601")
        << QStringLiteral("\"1\"") << response;
    QTest::newRow("batch") << QByteArray(R"([{"jsonrpc": "2.0", "method": "sum", "params": [1,2,4], "id": "1"},
        {"jsonrpc": "2.0", "method": "notify_hello", "params": [7]}])")
        << QStringLiteral("batch of 2: call sum [1,2,4] id=\"1\"; notify notify_hello [7]")
        << QStringLiteral("id=\"1\" method=sum method=notify_hello") << QString() << none;
}

void tst_JsonRpcDecoder::decodesMessages()
{
    QFETCH(QByteArray, payload);
    QFETCH(QString, summary);
    QFETCH(QString, fields);
    QFETCH(QString, correlation);
    QFETCH(int, role);
    const DecodeResult result = decodeOnce(JsonRpcDecoder(), Vector{payload, true});
    QVERIFY2(result.isDecoded(), qPrintable(result.error));
    QCOMPARE(result.decoded.protocol, QStringLiteral("jsonrpc"));
    QCOMPARE(result.decoded.summary, summary);
    QCOMPARE(fieldsText(result.decoded), fields);
    QCOMPARE(result.decoded.correlation.key, correlation);
    QCOMPARE(int(result.decoded.correlation.role), role);
    QVERIFY(!result.decoded.tree.children.isEmpty());
}

void tst_JsonRpcDecoder::recognisesJsonRpcOnly()
{
    const JsonRpcDecoder decoder;
    QVERIFY(decoder.recognises(textInput(R"({"jsonrpc":"2.0","method":"a"})")));
    QVERIFY(decoder.recognises(textInput(R"( [{"jsonrpc" : "2.0","result":1,"id":1}])")));
    QVERIFY(!decoder.recognises(textInput(R"({"jsonrpc":"1.0","method":"a"})")));
    QVERIFY(!decoder.recognises(textInput(R"({"method":"a"})")));
    QVERIFY(!decoder.recognises(textInput("jsonrpc 2.0")));
}

void tst_JsonRpcDecoder::malformedMessagesSayWhy_data()
{
    QTest::addColumn<QByteArray>("payload");
    QTest::addColumn<QString>("error");
    QTest::newRow("invalid JSON") << QByteArray(R"({"jsonrpc": "2.0", "method": "foobar, "params": "bar", "baz])")
        << QStringLiteral("invalid JSON at offset 40: unterminated object");
    QTest::newRow("empty batch") << QByteArray("[]") << QStringLiteral("empty batch");
    QTest::newRow("batch of a number") << QByteArray("[1]") << QStringLiteral("batch[0]: not an object");
    QTest::newRow("wrong version") << QByteArray(R"({"jsonrpc":"1.0","method":"a"})") << QStringLiteral("message: field \"jsonrpc\" is not \"2.0\"");
    QTest::newRow("method is a number") << QByteArray(R"({"jsonrpc": "2.0", "method": 1, "params": "bar"})")
        << QStringLiteral("message: field \"method\" is not a string");
    QTest::newRow("response without result") << QByteArray(R"({"jsonrpc":"2.0","id":1})")
        << QStringLiteral("message: a response without \"result\" or \"error\"");
}

void tst_JsonRpcDecoder::malformedMessagesSayWhy()
{
    QFETCH(QByteArray, payload);
    QFETCH(QString, error);
    const DecodeResult result = decodeOnce(JsonRpcDecoder(), Vector{payload, true});
    QCOMPARE(result.status, DecodeResult::Status::Malformed);
    QCOMPARE(result.error, error);
}

QTEST_GUILESS_MAIN(tst_JsonRpcDecoder)
#include "tst_jsonrpcdecoder.moc"
