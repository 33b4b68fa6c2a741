// SPDX-License-Identifier: MIT
// JsonPath: the log's JSON search, evaluated on raw bytes without a document.
#include "store/query/JsonPath.h"

#include <QTest>

using wsi::log::JsonPath;

class tst_JsonPath : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void matches_data();
    void matches();
    void invalidPathsSayWhy_data();
    void invalidPathsSayWhy();
};

void tst_JsonPath::matches_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<bool>("expected");

    QTest::newRow("member exists") << QStringLiteral("$.params.id") << QByteArray(R"({"params":{"id":1}})") << true;
    QTest::newRow("member missing") << QStringLiteral("$.params.id") << QByteArray(R"({"params":{}})") << false;
    QTest::newRow("member of a scalar") << QStringLiteral("$.params.id") << QByteArray(R"({"params":3})") << false;
    QTest::newRow("string equal") << QStringLiteral("$.method == \"subscribe\"") << QByteArray(R"({"method":"subscribe"})") << true;
    QTest::newRow("string differs") << QStringLiteral("$.method == \"subscribe\"") << QByteArray(R"({"method":"unsubscribe"})") << false;
    QTest::newRow("compared string elsewhere in the document") << QStringLiteral("$.a == \"x\"") << QByteArray(R"({"b":"x","a":"y"})") << false;
    QTest::newRow("escaped backslash before the closing quote") << QStringLiteral("$.b == 1") << QByteArray(R"({"a":"x\\","b":1})") << true;
    QTest::newRow("single-quoted string") << QStringLiteral("$.m == 'a b'") << QByteArray(R"({"m":"a b"})") << true;
    QTest::newRow("bare word compares as a string") << QStringLiteral("$.method==subscribe") << QByteArray(R"({"method":"subscribe"})") << true;
    QTest::newRow("number equal in another form") << QStringLiteral("$.id == 42") << QByteArray(R"({"id":42.0})") << true;
    QTest::newRow("number is not a string") << QStringLiteral("$.id == 42") << QByteArray(R"({"id":"42"})") << false;
    QTest::newRow("true literal") << QStringLiteral("$.ok == true") << QByteArray(R"({"ok":true})") << true;
    QTest::newRow("null is not false") << QStringLiteral("$.ok == false") << QByteArray(R"({"ok":null})") << false;
    QTest::newRow("path without dollar, with an index") << QStringLiteral("result[0].name == \"x\"") << QByteArray(R"({"result":[{"name":"x"}]})") << true;
    QTest::newRow("index beyond the array") << QStringLiteral("result[1].name") << QByteArray(R"({"result":[{"name":"x"}]})") << false;
    QTest::newRow("second element") << QStringLiteral("$.a[1] == 2") << QByteArray(R"({"a":[1,2,3]})") << true;
    QTest::newRow("any element") << QStringLiteral("$.items[*].id == 3") << QByteArray(R"({"items":[{"id":1},{"id":3}]})") << true;
    QTest::newRow("any element, none equal") << QStringLiteral("$.items[*].id == 4") << QByteArray(R"({"items":[{"id":1},{"id":3}]})") << false;
    QTest::newRow("any member") << QStringLiteral("$.*.id == 2") << QByteArray(R"({"a":{"id":1},"b":{"id":2}})") << true;
    QTest::newRow("quoted key in brackets") << QStringLiteral("$[\"odd key\"].v == 1") << QByteArray(R"({"odd key":{"v":1}})") << true;
    QTest::newRow("escaped key in the document") << QStringLiteral("$.id") << QByteArray(R"({"\u0069d":5})") << true;
    QTest::newRow("escaped quote in a value") << QStringLiteral("$.s == \"a\\\"b\"") << QByteArray(R"({"s":"a\"b"})") << true;
    QTest::newRow("unicode escape in a value") << QStringLiteral("$.s == \"é\"") << QByteArray(R"({"s":"\u00e9"})") << true;
    QTest::newRow("brackets inside skipped strings") << QStringLiteral("$.b") << QByteArray(R"({"a":{"x":"}]\\"},"b":1})") << true;
    QTest::newRow("not-equal with another value") << QStringLiteral("$.x != 1") << QByteArray(R"({"x":2})") << true;
    QTest::newRow("not-equal without the member") << QStringLiteral("$.x != 1") << QByteArray(R"({})") << false;
    QTest::newRow("not-equal with the same value") << QStringLiteral("$.x != 1") << QByteArray(R"({"x":1})") << false;
    QTest::newRow("white space everywhere") << QStringLiteral(" $.a[0] == 1 ") << QByteArray(" {\n \"a\" : [ 1 , 2 ] } ") << true;
    QTest::newRow("top-level array") << QStringLiteral("$[0].t == x") << QByteArray(R"([{"t":"x"}])") << true;
    QTest::newRow("not JSON at all") << QStringLiteral("$.a") << QByteArray("hello") << false;
    QTest::newRow("root of any object") << QStringLiteral("$") << QByteArray("{}") << true;
    QTest::newRow("truncated document") << QStringLiteral("$.b") << QByteArray(R"({"a":1,)") << false;
    QTest::newRow("objects are not compared") << QStringLiteral("$.a == 1") << QByteArray(R"({"a":{"x":1}})") << false;
    QTest::newRow("duplicate key, later one matches") << QStringLiteral("$.a == 2") << QByteArray(R"({"a":1,"a":2})") << true;
    // Ordering: numbers by value, strings by code point, never across types.
    QTest::newRow("less") << QStringLiteral("$.p < 10") << QByteArray(R"({"p":9.5})") << true;
    QTest::newRow("not less") << QStringLiteral("$.p < 10") << QByteArray(R"({"p":10})") << false;
    QTest::newRow("less or equal") << QStringLiteral("$.p <= 10") << QByteArray(R"({"p":1e1})") << true;
    QTest::newRow("greater") << QStringLiteral("$.p > -1") << QByteArray(R"({"p":0})") << true;
    QTest::newRow("greater or equal, any element") << QStringLiteral("$.a[*].p >= 3") << QByteArray(R"({"a":[{"p":1},{"p":3}]})") << true;
    QTest::newRow("strings ordered") << QStringLiteral("$.v > \"1.9\"") << QByteArray(R"({"v":"1.10"})") << false;
    QTest::newRow("string is not a number") << QStringLiteral("$.p > 1") << QByteArray(R"({"p":"5"})") << false;
    QTest::newRow("missing member does not order") << QStringLiteral("$.p < 1") << QByteArray(R"({})") << false;
    // contains and =~
    QTest::newRow("contains") << QStringLiteral("$.text contains \"err\"") << QByteArray(R"({"text":"an error"})") << true;
    QTest::newRow("contains, case matters") << QStringLiteral("$.text contains \"ERR\"") << QByteArray(R"({"text":"an error"})") << false;
    QTest::newRow("contains in an escaped string") << QStringLiteral("$.t contains \"é\"") << QByteArray(R"({"t":"caf\u00e9"})") << true;
    QTest::newRow("regex") << QStringLiteral("$.topic =~ /^sensor\\d+$/") << QByteArray(R"({"topic":"sensor12"})") << true;
    QTest::newRow("regex, no match") << QStringLiteral("$.topic =~ /^sensor\\d+$/") << QByteArray(R"({"topic":"sensors"})") << false;
    QTest::newRow("regex, case-insensitive") << QStringLiteral("$.topic =~ /SENSOR/i") << QByteArray(R"({"topic":"sensor1"})") << true;
    QTest::newRow("regex with && inside") << QStringLiteral("$.t =~ /a&&b|c/") << QByteArray(R"({"t":"a&&b"})") << true;
    QTest::newRow("regex on a number's text") << QStringLiteral("$.id =~ /^4/") << QByteArray(R"({"id":42})") << true;
    // && and ||, && first.
    QTest::newRow("and, both") << QStringLiteral("$.a == 1 && $.b == 2") << QByteArray(R"({"a":1,"b":2})") << true;
    QTest::newRow("and, one") << QStringLiteral("$.a == 1 && $.b == 2") << QByteArray(R"({"a":1,"b":3})") << false;
    QTest::newRow("or, second") << QStringLiteral("$.a == 1 || $.b == 2") << QByteArray(R"({"a":0,"b":2})") << true;
    QTest::newRow("and binds tighter") << QStringLiteral("$.a == 1 || $.b == 2 && $.c == 3") << QByteArray(R"({"a":0,"b":2,"c":0})") << false;
    QTest::newRow("and binds tighter, first part") << QStringLiteral("$.a == 1 || $.b == 2 && $.c == 3") << QByteArray(R"({"a":1})") << true;
    QTest::newRow("existence and comparison") << QStringLiteral("$.error && $.id > 5") << QByteArray(R"({"error":{},"id":6})") << true;
    QTest::newRow("|| inside a string") << QStringLiteral("$.s == \"a||b\"") << QByteArray(R"({"s":"a||b"})") << true;
}

void tst_JsonPath::matches()
{
    QFETCH(QString, path);
    QFETCH(QByteArray, json);
    QFETCH(bool, expected);
    const JsonPath jsonPath(path);
    QVERIFY2(jsonPath.isValid(), qPrintable(jsonPath.errorString()));
    QCOMPARE(jsonPath.matches(json), expected);
}

void tst_JsonPath::invalidPathsSayWhy_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("errorPart");

    QTest::newRow("empty") << QString() << QStringLiteral("empty");
    QTest::newRow("dot without a name") << QStringLiteral("$.") << QStringLiteral("member name");
    QTest::newRow("recursive descent") << QStringLiteral("$..a") << QStringLiteral("member name");
    QTest::newRow("unclosed bracket") << QStringLiteral("$[0") << QStringLiteral("missing ']'");
    QTest::newRow("word in brackets") << QStringLiteral("$[x]") << QStringLiteral("neither an index");
    QTest::newRow("nothing after the operator") << QStringLiteral("$.a ==") << QStringLiteral("nothing to compare");
    QTest::newRow("object to compare") << QStringLiteral("$.a == {}") << QStringLiteral("compare with");
    QTest::newRow("unterminated string") << QStringLiteral("$.a == \"x") << QStringLiteral("unterminated");
    QTest::newRow("nothing after &&") << QStringLiteral("$.a == 1 &&") << QStringLiteral("a condition is missing at position 12");
    QTest::newRow("nothing before ||") << QStringLiteral("|| $.a") << QStringLiteral("a condition is missing at position 1");
    QTest::newRow("regex without slashes") << QStringLiteral("$.a =~ abc") << QStringLiteral("between slashes");
    QTest::newRow("bad regex") << QStringLiteral("$.a =~ /(/") << QStringLiteral("bad regex /(/");
    QTest::newRow("unknown regex flag") << QStringLiteral("$.a =~ /a/q") << QStringLiteral("unknown regex flag 'q'");
    QTest::newRow("contains a literal") << QStringLiteral("$.a contains true") << QStringLiteral("contains wants a string");
    QTest::newRow("position in the second condition") << QStringLiteral("$.a == 1 && $.b[x]") << QStringLiteral("neither an index");
}

void tst_JsonPath::invalidPathsSayWhy()
{
    QFETCH(QString, path);
    QFETCH(QString, errorPart);
    const JsonPath jsonPath(path);
    QVERIFY(!jsonPath.isValid());
    QVERIFY2(jsonPath.errorString().contains(errorPart), qPrintable(jsonPath.errorString()));
    QVERIFY(!jsonPath.matches(R"({"a":1})"));
}

QTEST_GUILESS_MAIN(tst_JsonPath)
#include "tst_jsonpath.moc"
