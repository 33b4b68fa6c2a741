// SPDX-License-Identifier: MIT
// SockJsDecoder on the frames of the SockJS protocol (sockjs/sockjs-protocol,
// sockjs-protocol.py's expectations), recorded here.
#include "DecodeVectors.h"

#include "decode/SockJsDecoder.h"

#include <QTest>

using namespace wsi;
using namespace wsi::decode;
using namespace wsi::test;

class tst_SockJsDecoder : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void decodesFrames_data();
    void decodesFrames();
    void recognisesFramesOnly();
    void malformedFramesSayWhere_data();
    void malformedFramesSayWhere();
};

void tst_SockJsDecoder::decodesFrames_data()
{
    QTest::addColumn<QByteArray>("payload");
    QTest::addColumn<QString>("summary");
    QTest::addColumn<QString>("fields");
    QTest::newRow("open") << QByteArray("o") << QStringLiteral("o open") << QStringLiteral("type=open");
    QTest::newRow("heartbeat") << QByteArray("h") << QStringLiteral("h heartbeat") << QStringLiteral("type=heartbeat");
    QTest::newRow("messages") << QByteArray(R"(a["hello","CONNECTED\nversion:1.2\n\n\u0000"])")
        << QStringLiteral("a [\"hello\",\"CONNECTED\\nversion:1.2\\n\\n\\u0000\"]")
        << QStringLiteral("message=hello message=CONNECTED\nversion:1.2\n\n") + QChar(0) + QStringLiteral(" type=array");
    QTest::newRow("one message") << QByteArray(R"(m"hi")") << QStringLiteral("m \"hi\"") << QStringLiteral("message=hi type=message");
    QTest::newRow("close") << QByteArray(R"(c[3000,"Go away!"])") << QStringLiteral("c close 3000 \"Go away!\"")
        << QStringLiteral("code=3000 type=close");
}

void tst_SockJsDecoder::decodesFrames()
{
    QFETCH(QByteArray, payload);
    QFETCH(QString, summary);
    QFETCH(QString, fields);
    const DecodeResult result = decodeOnce(SockJsDecoder(), Vector{payload, true});
    QVERIFY2(result.isDecoded(), qPrintable(result.error));
    QCOMPARE(result.decoded.protocol, QStringLiteral("sockjs"));
    QCOMPARE(result.decoded.summary, summary);
    QCOMPARE(fieldsText(result.decoded), fields);
    QCOMPARE(result.decoded.tree.name, QStringLiteral("SockJS"));
}

void tst_SockJsDecoder::recognisesFramesOnly()
{
    const SockJsDecoder decoder;
    QVERIFY(decoder.recognises(textInput("o")));
    QVERIFY(decoder.recognises(textInput("h")));
    QVERIFY(decoder.recognises(textInput(R"(a["x"])")));
    QVERIFY(decoder.recognises(textInput(R"(c[1000,"bye"])")));
    QVERIFY(!decoder.recognises(textInput("ok")));
    QVERIFY(!decoder.recognises(textInput(R"(["x"])")));
    QVERIFY(!decoder.recognises(textInput("abc")));
}

void tst_SockJsDecoder::malformedFramesSayWhere_data()
{
    QTest::addColumn<QByteArray>("payload");
    QTest::addColumn<QString>("error");
    QTest::newRow("unknown frame") << QByteArray("x") << QStringLiteral("SockJS frame type 'x' at offset 0 is not one of o, h, a, m, c");
    QTest::newRow("empty") << QByteArray() << QStringLiteral("SockJS frame type '(empty)' at offset 0 is not one of o, h, a, m, c");
    QTest::newRow("array of numbers") << QByteArray("a[1]") << QStringLiteral("SockJS a frame: message 0 is not a string");
    QTest::newRow("broken array") << QByteArray(R"(a["x")") << QStringLiteral("SockJS a frame: invalid JSON at offset 5: unterminated string");
    QTest::newRow("close without reason") << QByteArray("c[3000]") << QStringLiteral("SockJS c frame: [code, reason] expected at offset 1");
    QTest::newRow("m without a string") << QByteArray("m1") << QStringLiteral("SockJS m frame: a JSON string expected at offset 1");
}

void tst_SockJsDecoder::malformedFramesSayWhere()
{
    QFETCH(QByteArray, payload);
    QFETCH(QString, error);
    const DecodeResult result = decodeOnce(SockJsDecoder(), Vector{payload, true});
    QCOMPARE(result.status, DecodeResult::Status::Malformed);
    QCOMPARE(result.error, error);
}

QTEST_GUILESS_MAIN(tst_SockJsDecoder)
#include "tst_sockjsdecoder.moc"
