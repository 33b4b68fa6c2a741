// SPDX-License-Identifier: MIT
// The request matcher's fast path: one top-level member of a JSON object found without a
// QJsonDocument. Every decided row is checked against QJsonDocument's reading too.
#include "ui/panels/latency/JsonIdScanner.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace wsi::ui;
using Result = JsonIdScanner::Result;

Q_DECLARE_METATYPE(JsonIdScanner::Result)

class TestJsonIdScanner : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void scan_data();
    void scan();
};

void TestJsonIdScanner::scan_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<Result>("result");
    QTest::addColumn<QString>("id");

    QTest::newRow("JSON-RPC request with a number id") << QByteArray(R"({"jsonrpc":"2.0","id":7,"method":"a"})") << Result::Found << QStringLiteral("7");
    QTest::newRow("id first") << QByteArray(R"({"id":"a1","method":"a"})") << Result::Found << QStringLiteral("\"a1\"");
    QTest::newRow("id last") << QByteArray(R"({"result":[1,2],"id":12})") << Result::Found << QStringLiteral("12");
    QTest::newRow("spaces and new lines") << QByteArray(" {\n  \"id\" : 42 ,\n  \"x\" : true\n}\n") << Result::Found << QStringLiteral("42");
    QTest::newRow("float that is an integer") << QByteArray(R"({"id":7.0})") << Result::Found << QStringLiteral("7");
    QTest::newRow("exponent") << QByteArray(R"({"id":1e2})") << Result::Found << QStringLiteral("100");
    QTest::newRow("negative fraction") << QByteArray(R"({"id":-2.5})") << Result::Found << QStringLiteral("-2.5");
    QTest::newRow("boolean id") << QByteArray(R"({"id":true})") << Result::Found << QStringLiteral("true");
    QTest::newRow("UTF-8 string id") << QByteArray(R"({"id":"ключ"})") << Result::Found << QStringLiteral("\"ключ\"");
    QTest::newRow("braces inside strings are skipped")
        << QByteArray(R"({"params":{"q":"}{\"id\":1]"},"id":3})") << Result::Found << QStringLiteral("3");
    QTest::newRow("nested id is not the id") << QByteArray(R"({"params":{"id":3}})") << Result::Absent << QString();
    QTest::newRow("no id") << QByteArray(R"({"method":"notify"})") << Result::Absent << QString();
    QTest::newRow("null id") << QByteArray(R"({"id":null})") << Result::Absent << QString();
    QTest::newRow("object id") << QByteArray(R"({"id":{"a":1}})") << Result::Absent << QString();
    QTest::newRow("empty object") << QByteArray("{}") << Result::Absent << QString();
    QTest::newRow("escaped id is left to the parser") << QByteArray(R"({"id":"a\"b"})") << Result::Unsure << QString();
    QTest::newRow("escaped key is left to the parser") << QByteArray(R"({"i\u0064":1})") << Result::Unsure << QString();
    QTest::newRow("batch array is left to the parser") << QByteArray(R"([{"id":1}])") << Result::Unsure << QString();
    QTest::newRow("truncated after the id") << QByteArray(R"({"id":7,)") << Result::Unsure << QString();
    QTest::newRow("unterminated string") << QByteArray(R"({"id":"abc)") << Result::Unsure << QString();
    QTest::newRow("backslash as the last byte") << QByteArray("{\"a\":\"\\") << Result::Unsure << QString();
    QTest::newRow("bracket after a number id") << QByteArray(R"({"id":1]})") << Result::Unsure << QString();
    QTest::newRow("trailing garbage") << QByteArray(R"({"id":7} x)") << Result::Unsure << QString();
    QTest::newRow("bare word value") << QByteArray(R"({"id":seven})") << Result::Unsure << QString();
    QTest::newRow("missing colon") << QByteArray(R"({"id" 7})") << Result::Unsure << QString();
    QTest::newRow("not JSON at all") << QByteArray("id=7") << Result::Unsure << QString();
}

void TestJsonIdScanner::scan()
{
    QFETCH(QByteArray, json);
    QFETCH(Result, result);
    QFETCH(QString, id);
    QString found;
    QCOMPARE(JsonIdScanner::scan(json, "id", &found), result);
    QCOMPARE(found, id);
    if (result == Result::Unsure)
        return;
    // A decided answer must be what a full parse says.
    const QJsonDocument document = QJsonDocument::fromJson(json);
    QVERIFY(document.isObject());
    const QJsonValue value = document.object().value(QStringLiteral("id"));
    if (result == Result::Absent) {
        QVERIFY(value.isUndefined() || value.isNull() || value.isObject() || value.isArray());
    } else if (value.isString()) {
        QCOMPARE(id, QLatin1Char('"') + value.toString() + QLatin1Char('"'));
    } else if (value.isBool()) {
        QCOMPARE(id, value.toBool() ? QStringLiteral("true") : QStringLiteral("false"));
    } else {
        QCOMPARE(id, JsonIdScanner::numberText(value.toDouble()));
    }
}

QTEST_MAIN(TestJsonIdScanner)
#include "tst_jsonidscanner.moc"
