// SPDX-License-Identifier: MIT
// Flow files: what the window saves is what it and `run` read back, messages byte for byte;
// a bad file is refused with one sentence that says what and where.
#include "script/FlowFile.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace wsi::script;

class TestFlowFile : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void roundTrip();
    void refusesWithReason_data();
    void refusesWithReason();
    void tellsAFlowFromAScript();
    void writeFailureSaysWhy();
};

void TestFlowFile::roundTrip()
{
    Flow flow;
    flow.options.url = QStringLiteral("wss://{{host}}/feed");
    flow.options.headers.append(qMakePair(QByteArray("Authorization"), QByteArray("Bearer {{token}}")));
    flow.options.subprotocols = {QStringLiteral("graphql-ws")};
    flow.options.tls.verify = false;
    flow.script = QStringLiteral("function onOpen() { ws.send('hi'); }\n");
    flow.messages = {{false, "{\"op\":\"hello\"}"}, {true, QByteArray("\x00\xff\x10", 3)}, {false, QByteArray()}};
    const QByteArray json = FlowFile::toJson(flow);
    QVERIFY(FlowFile::looksLikeFlow(json));
    Flow read;
    QString error;
    QVERIFY2(FlowFile::fromJson(json, read, error), qPrintable(error));
    QCOMPARE(read.options.url, flow.options.url);
    QCOMPARE(read.options.headers, flow.options.headers);
    QCOMPARE(read.options.subprotocols, flow.options.subprotocols);
    QCOMPARE(read.options.tls.verify, false);
    QCOMPARE(read.script, flow.script);
    QCOMPARE(read.messages.size(), 3);
    for (int i = 0; i < 3; ++i) {
        QCOMPARE(read.messages.at(i).binary, flow.messages.at(i).binary);
        QCOMPARE(read.messages.at(i).payload, flow.messages.at(i).payload);
    }
    QVERIFY(json.contains("\"base64\": \"AP8Q\""));
}

void TestFlowFile::refusesWithReason_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("error");
    QTest::newRow("broken JSON, with line and column") << QByteArray("{\n  \"format\": \"wsinspect-flow\",\n  oops\n}")
                                                       << QStringLiteral("not JSON: unterminated object at line 3, column 4");
    QTest::newRow("another format") << QByteArray(R"({"format": "wsinspect-profiles", "version": 1})")
                                    << QStringLiteral("not a flow file (\"format\" should be \"wsinspect-flow\")");
    QTest::newRow("a later version") << QByteArray(R"({"format": "wsinspect-flow", "version": 7})")
                                     << QStringLiteral("flow file version 7 is not one this wsinspect reads (it reads 1)");
    QTest::newRow("an option of the wrong type") << QByteArray(R"({"format": "wsinspect-flow", "version": 1, "options": {"tls": {"verify": "no"}}})")
                                                 << QStringLiteral("\"options.tls.verify\" should be true or false, not a string.");
    QTest::newRow("a script that is not text") << QByteArray(R"({"format": "wsinspect-flow", "version": 1, "script": 3})")
                                               << QStringLiteral("\"script\" should be a string, not a number");
    QTest::newRow("a message of an unknown type")
        << QByteArray(R"({"format": "wsinspect-flow", "version": 1, "messages": [{"type": "text", "data": "a"}, {"type": "ping"}]})")
        << QStringLiteral("messages[1] should be an object with \"type\" \"text\" or \"binary\"");
    QTest::newRow("a text message without data")
        << QByteArray(R"({"format": "wsinspect-flow", "version": 1, "messages": [{"type": "text", "data": 5}]})")
        << QStringLiteral("messages[0] should have \"data\" as a string, not a number");
    QTest::newRow("bad base64") << QByteArray(R"({"format": "wsinspect-flow", "version": 1, "messages": [{"type": "binary", "base64": "%%"}]})")
                                << QStringLiteral("messages[0]'s \"base64\" is not valid base64");
}

void TestFlowFile::refusesWithReason()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, error);
    Flow flow;
    QString why;
    QVERIFY(!FlowFile::fromJson(json, flow, why));
    QCOMPARE(why, error);
}

void TestFlowFile::tellsAFlowFromAScript()
{
    QVERIFY(FlowFile::looksLikeFlow("  {\"format\": \"wsinspect-flow\"}\n"));
    QVERIFY(!FlowFile::looksLikeFlow("function onOpen() { ws.send('{}'); }"));
    QVERIFY(!FlowFile::looksLikeFlow("{ let x = 1; }")); // a block of script, not JSON
}

void TestFlowFile::writeFailureSaysWhy()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("missing/flow.json"));
    QString error;
    QVERIFY(!FlowFile::write(path, Flow{}, error));
    QVERIFY2(error.startsWith(QStringLiteral("cannot write %1: ").arg(path)), qPrintable(error));
    Flow read;
    QVERIFY(!FlowFile::read(path, read, error));
    QVERIFY2(error.startsWith(QStringLiteral("cannot read %1: ").arg(path)), qPrintable(error));
}

QTEST_GUILESS_MAIN(TestFlowFile)
#include "tst_flowfile.moc"
