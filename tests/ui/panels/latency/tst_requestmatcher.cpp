// SPDX-License-Identifier: MIT
// JSON request/response matching by a named id field, as the latency panel uses it.
#include "ui/panels/latency/RequestMatcher.h"

#include <QTest>

using namespace wsi;
using wsi::ui::RequestMatcher;

namespace {

constexpr qint64 Ms = 1000000;

net::LogEvent message(net::EventDirection direction, qint64 timeNs, const QByteArray &payload, bool text = true)
{
    net::LogEvent event;
    event.kind = net::EventKind::Message;
    event.direction = direction;
    event.isText = text;
    event.timeNs = timeNs;
    event.payload = payload;
    return event;
}

net::LogEvent out(qint64 timeNs, const QByteArray &payload)
{
    return message(net::EventDirection::Outgoing, timeNs, payload);
}

net::LogEvent in(qint64 timeNs, const QByteArray &payload)
{
    return message(net::EventDirection::Incoming, timeNs, payload);
}

} // namespace

class TestRequestMatcher : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void idsIn_data();
    void idsIn();
    void matchesByIdValue();
    void reusedIdRestartsItsTimer();
    void batchArrays();
    void ignoresWhatIsNotARequest();
    void percentileAndRecent();
    void oldestWaitingRequestsAreDropped();
    void anotherFieldStartsOver();
};

void TestRequestMatcher::idsIn_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("field");
    QTest::addColumn<QStringList>("ids");
    QTest::newRow("number id") << QByteArray(R"({"jsonrpc":"2.0","id":7})") << QStringLiteral("id") << QStringList{QStringLiteral("7")};
    QTest::newRow("float that is an integer") << QByteArray(R"({"id":7.0})") << QStringLiteral("id") << QStringList{QStringLiteral("7")};
    QTest::newRow("fractional number") << QByteArray(R"({"id":1.5})") << QStringLiteral("id") << QStringList{QStringLiteral("1.5")};
    QTest::newRow("string id keeps its quotes") << QByteArray(R"({"id":"7"})") << QStringLiteral("id") << QStringList{QStringLiteral("\"7\"")};
    QTest::newRow("null id is a notification") << QByteArray(R"({"id":null})") << QStringLiteral("id") << QStringList{};
    QTest::newRow("nested field does not count") << QByteArray(R"({"params":{"id":3}})") << QStringLiteral("id") << QStringList{};
    QTest::newRow("object id does not count") << QByteArray(R"({"id":{"a":1}})") << QStringLiteral("id") << QStringList{};
    QTest::newRow("batch array") << QByteArray(R"([{"id":1},{"method":"x"},{"id":"b"},3])") << QStringLiteral("id")
                                 << QStringList{QStringLiteral("1"), QStringLiteral("\"b\"")};
    QTest::newRow("other field name") << QByteArray(R"({"id":1,"rid":"q9"})") << QStringLiteral("rid") << QStringList{QStringLiteral("\"q9\"")};
    QTest::newRow("not JSON") << QByteArray("id: 7") << QStringLiteral("id") << QStringList{};
    QTest::newRow("truncated JSON") << QByteArray(R"({"id":7,)") << QStringLiteral("id") << QStringList{};
}

void TestRequestMatcher::idsIn()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, field);
    QFETCH(QStringList, ids);
    QCOMPARE(RequestMatcher::idsIn(json, field), ids);
}

void TestRequestMatcher::matchesByIdValue()
{
    RequestMatcher matcher;
    matcher.add({out(10 * Ms, R"({"id":1})"), out(11 * Ms, R"({"id":"1"})"), in(14 * Ms, R"({"id":"1"})"),
                 in(30 * Ms, R"({"id":1})")});
    QCOMPARE(matcher.count(), 2);
    QCOMPARE(matcher.recent().at(0).id, QStringLiteral("\"1\""));
    QCOMPARE(matcher.recent().at(0).latencyNs, 3 * Ms);
    QCOMPARE(matcher.recent().at(1).id, QStringLiteral("1"));
    QCOMPARE(matcher.recent().at(1).latencyNs, 20 * Ms);
    QCOMPARE(matcher.recent().at(1).requestNs, 10 * Ms);
    QCOMPARE(matcher.avgNs(), qint64(11.5 * Ms));
    QCOMPARE(matcher.pending(), 0);
}

void TestRequestMatcher::reusedIdRestartsItsTimer()
{
    RequestMatcher matcher;
    matcher.add({out(10 * Ms, R"({"id":5})"), out(50 * Ms, R"({"id":5})"), in(52 * Ms, R"({"id":5})"), in(60 * Ms, R"({"id":5})")});
    QCOMPARE(matcher.count(), 1);
    QCOMPARE(matcher.recent().constFirst().latencyNs, 2 * Ms);
}

void TestRequestMatcher::batchArrays()
{
    RequestMatcher matcher;
    matcher.add(out(0, R"([{"id":1,"method":"a"},{"id":2,"method":"b"}])"));
    QCOMPARE(matcher.pending(), 2);
    matcher.add(in(4 * Ms, R"([{"id":2,"result":0},{"id":1,"result":0}])"));
    QCOMPARE(matcher.count(), 2);
    QCOMPARE(matcher.avgNs(), 4 * Ms);
}

void TestRequestMatcher::ignoresWhatIsNotARequest()
{
    RequestMatcher matcher;
    net::LogEvent binary = message(net::EventDirection::Outgoing, 0, R"({"id":1})", false);
    net::LogEvent local = message(net::EventDirection::Local, 0, R"({"id":2})");
    net::LogEvent ping = out(0, R"({"id":3})");
    ping.kind = net::EventKind::Ping;
    matcher.add({binary, local, ping, out(0, R"({"method":"no id"})"), out(0, "not json \"id\"")});
    QCOMPARE(matcher.pending(), 0);
    matcher.add(in(1 * Ms, R"({"id":1})"));
    QCOMPARE(matcher.count(), 0);
}

void TestRequestMatcher::percentileAndRecent()
{
    RequestMatcher matcher;
    // 1..200 ms: the nearest-rank p99 of 200 values is the 198th.
    for (int i = 1; i <= 200; ++i) {
        const QByteArray body = R"({"id":)" + QByteArray::number(i) + '}';
        matcher.add({out(qint64(i) * 1000 * Ms, body), in(qint64(i) * 1000 * Ms + i * Ms, body)});
    }
    QCOMPARE(matcher.count(), 200);
    QCOMPARE(matcher.p99Ns(), 198 * Ms);
    QCOMPARE(matcher.avgNs(), qint64(100.5 * Ms));
    QCOMPARE(matcher.recent().size(), RequestMatcher::RecentCount);
    QCOMPARE(matcher.recent().constLast().id, QStringLiteral("200"));
    QCOMPARE(matcher.recent().constFirst().id, QStringLiteral("196"));
}

void TestRequestMatcher::oldestWaitingRequestsAreDropped()
{
    RequestMatcher matcher;
    for (int i = 0; i < RequestMatcher::MaxPending + 10; ++i)
        matcher.add(out(i, R"({"id":)" + QByteArray::number(i) + '}'));
    QCOMPARE(matcher.pending(), RequestMatcher::MaxPending);
    matcher.add(in(1 * Ms, R"({"id":0})")); // dropped: no match
    QCOMPARE(matcher.count(), 0);
    matcher.add(in(1 * Ms, R"({"id":10})")); // the oldest still waiting
    QCOMPARE(matcher.count(), 1);
}

void TestRequestMatcher::anotherFieldStartsOver()
{
    RequestMatcher matcher;
    matcher.add({out(0, R"({"id":1,"tag":"x"})"), in(1 * Ms, R"({"id":1,"tag":"x"})")});
    QCOMPARE(matcher.count(), 1);
    matcher.setIdField(QStringLiteral("tag"));
    QCOMPARE(matcher.count(), 0);
    QCOMPARE(matcher.recent().size(), 0);
    matcher.add({out(0, R"({"id":1,"tag":"x"})"), in(2 * Ms, R"({"id":9,"tag":"x"})")});
    QCOMPARE(matcher.count(), 1);
    QCOMPARE(matcher.recent().constFirst().id, QStringLiteral("\"x\""));
}

QTEST_MAIN(TestRequestMatcher)
#include "tst_requestmatcher.moc"
