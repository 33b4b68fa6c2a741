// SPDX-License-Identifier: MIT
// SignalRDecoder on records of the JSON hub protocol as ASP.NET Core SignalR sends them,
// recorded from the protocol's specification (dotnet/aspnetcore,
// src/SignalR/docs/specs/HubProtocol.md, "JSON Encoding" examples): handshake, invocations,
// stream items, completions, ping, close, and several records in one message.
#include "DecodeVectors.h"

#include "decode/SignalRDecoder.h"

#include <QTest>

using namespace wsi;
using namespace wsi::decode;
using namespace wsi::test;

class tst_SignalRDecoder : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void decodesRecords_data();
    void decodesRecords();
    void recognisesRecordsOnly();
    void malformedRecordsSayWhere_data();
    void malformedRecordsSayWhere();
};

void tst_SignalRDecoder::decodesRecords_data()
{
    QTest::addColumn<QByteArray>("payload");
    QTest::addColumn<QString>("summary");
    QTest::addColumn<QString>("fields");
    QTest::addColumn<QString>("correlation");
    QTest::addColumn<int>("role");
    const int none = int(CorrelationRole::None);
    const int request = int(CorrelationRole::Request);
    const int response = int(CorrelationRole::Response);
    QTest::newRow("handshake request") << QByteArray("{\"protocol\":\"json\",\"version\":1}\x1e")
        << QStringLiteral("handshake json v1") << QStringLiteral("type=handshake") << QStringLiteral("handshake") << request;
    QTest::newRow("handshake response") << QByteArray("{}\x1e") << QStringLiteral("handshake ok") << QStringLiteral("type=handshake")
        << QStringLiteral("handshake") << response;
    QTest::newRow("handshake refused") << QByteArray("{\"error\":\"Requested protocol 'messagepack' is not available.\"}\x1e")
        << QStringLiteral("handshake error Requested protocol 'messagepack' is not available.") << QStringLiteral("type=handshake")
        << QStringLiteral("handshake") << response;
    QTest::newRow("invocation") << QByteArray("{\"type\":1,\"invocationId\":\"123\",\"target\":\"Send\",\"arguments\":[42,\"Test Message\"]}\x1e")
        << QStringLiteral("invoke Send [42,\"Test Message\"] id=123") << QStringLiteral("id=123 type=invocation target=Send")
        << QStringLiteral("123") << request;
    QTest::newRow("non-blocking invocation") << QByteArray("{\"type\":1,\"target\":\"Send\",\"arguments\":[42]}\x1e")
        << QStringLiteral("invoke Send [42]") << QStringLiteral("type=invocation target=Send") << QString() << none;
    QTest::newRow("stream invocation") << QByteArray("{\"type\":4,\"invocationId\":\"123\",\"target\":\"Send\",\"arguments\":[42]}\x1e")
        << QStringLiteral("stream Send [42] id=123") << QStringLiteral("id=123 type=stream invocation target=Send")
        << QStringLiteral("123") << request;
    QTest::newRow("stream item") << QByteArray("{\"type\":2,\"invocationId\":\"123\",\"item\":42}\x1e")
        << QStringLiteral("item id=123 42") << QStringLiteral("id=123 type=stream item") << QString() << none;
    QTest::newRow("completion with a result") << QByteArray("{\"type\":3,\"invocationId\":\"123\",\"result\":42}\x1e")
        << QStringLiteral("completion id=123 42") << QStringLiteral("id=123 type=completion") << QStringLiteral("123") << response;
    QTest::newRow("completion with an error") << QByteArray("{\"type\":3,\"invocationId\":\"123\",\"error\":\"It didn't work!\"}\x1e")
        << QStringLiteral("completion id=123 error It didn't work!") << QStringLiteral("id=123 type=completion")
        << QStringLiteral("123") << response;
    QTest::newRow("cancel") << QByteArray("{\"type\":5,\"invocationId\":\"123\"}\x1e") << QStringLiteral("cancel id=123")
        << QStringLiteral("id=123 type=cancel") << QString() << none;
    QTest::newRow("ping") << QByteArray("{\"type\":6}\x1e") << QStringLiteral("ping") << QStringLiteral("type=ping") << QString() << none;
    QTest::newRow("close with an error") << QByteArray("{\"type\":7,\"error\":\"Connection closed because of an error!\"}\x1e")
        << QStringLiteral("close error Connection closed because of an error!") << QStringLiteral("type=close") << QString() << none;
    QTest::newRow("handshake answer and a ping in one message") << QByteArray("{}\x1e{\"type\":6}\x1e")
        << QStringLiteral("handshake ok · ping") << QStringLiteral("type=handshake type=ping") << QString() << none;
}

void tst_SignalRDecoder::decodesRecords()
{
    QFETCH(QByteArray, payload);
    QFETCH(QString, summary);
    QFETCH(QString, fields);
    QFETCH(QString, correlation);
    QFETCH(int, role);
    const DecodeResult result = decodeOnce(SignalRDecoder(), Vector{payload, true});
    QVERIFY2(result.isDecoded(), qPrintable(result.error));
    QCOMPARE(result.decoded.protocol, QStringLiteral("signalr"));
    QCOMPARE(result.decoded.summary, summary);
    QCOMPARE(fieldsText(result.decoded), fields);
    QCOMPARE(result.decoded.correlation.key, correlation);
    QCOMPARE(int(result.decoded.correlation.role), role);
    QCOMPARE(result.decoded.tree.children.size(), payload.count('\x1e'));
}

void tst_SignalRDecoder::recognisesRecordsOnly()
{
    const SignalRDecoder decoder;
    QVERIFY(decoder.recognises(textInput("{\"type\":6}\x1e")));
    QVERIFY(!decoder.recognises(textInput("{\"type\":6}")));
    QVERIFY(!decoder.recognises(textInput("[1]\x1e")));
}

void tst_SignalRDecoder::malformedRecordsSayWhere_data()
{
    QTest::addColumn<QByteArray>("payload");
    QTest::addColumn<QString>("error");
    QTest::newRow("second record not ended") << QByteArray("{\"type\":6}\x1e{\"type\":6}")
        << QStringLiteral("record at offset 11 is not ended by 0x1E");
    QTest::newRow("unknown type") << QByteArray("{\"type\":6}\x1e{\"type\":42}\x1e")
        << QStringLiteral("record at offset 11: field \"type\": unknown message type 42");
    QTest::newRow("invocation without target") << QByteArray("{\"type\":1,\"arguments\":[]}\x1e")
        << QStringLiteral("record at offset 0: field \"target\" is missing in an invocation");
    QTest::newRow("broken JSON in the second record") << QByteArray("{}\x1e{\"type\":}\x1e")
        << QStringLiteral("invalid JSON at offset 12: object is missing after a comma");
    QTest::newRow("empty") << QByteArray() << QStringLiteral("empty message: no SignalR record");
}

void tst_SignalRDecoder::malformedRecordsSayWhere()
{
    QFETCH(QByteArray, payload);
    QFETCH(QString, error);
    const DecodeResult result = decodeOnce(SignalRDecoder(), Vector{payload, true});
    QCOMPARE(result.status, DecodeResult::Status::Malformed);
    QCOMPARE(result.error, error);
}

QTEST_GUILESS_MAIN(tst_SignalRDecoder)
#include "tst_signalrdecoder.moc"
