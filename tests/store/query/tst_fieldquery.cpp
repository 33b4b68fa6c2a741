// SPDX-License-Identifier: MIT
// The "Decoded fields" search's terms: name:value over a row's decoded fields (globs, MQTT
// topic wildcards for topic and destination), protocol:, plain words over the summary,
// quoted values, and the errors a bad term gives.
#include "store/query/FieldQuery.h"

#include <QtTest>

using namespace wsi::log;

namespace {
DecodedFieldValues mqttPublish()
{
    return {QStringLiteral("mqtt"), QStringLiteral("PUBLISH sensors/1/temp qos1 id 7 21.5"),
            {{QStringLiteral("type"), QStringLiteral("PUBLISH")},
             {QStringLiteral("topic"), QStringLiteral("sensors/1/temp")},
             {QStringLiteral("qos"), QStringLiteral("1")}}};
}
DecodedFieldValues socketIoChat()
{
    return {QStringLiteral("socketio"), QStringLiteral("42 emit \"chat message\" [\"hi\"]"),
            {{QStringLiteral("type"), QStringLiteral("EVENT")},
             {QStringLiteral("namespace"), QStringLiteral("/")},
             {QStringLiteral("event"), QStringLiteral("chat message")}}};
}
} // namespace

class TestFieldQuery : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void termsMatch_data();
    void termsMatch();
    void topicWildcards_data();
    void topicWildcards();
    void badTermsSayWhy();
};

void TestFieldQuery::termsMatch_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<bool>("matchesMqtt");
    QTest::addColumn<bool>("matchesSocketIo");
    QTest::newRow("a topic exactly") << "topic:sensors/1/temp" << true << false;
    QTest::newRow("a topic by #") << "topic:sensors/#" << true << false;
    QTest::newRow("a field name in any case") << "TOPIC:sensors/+/temp" << true << false;
    QTest::newRow("a quoted event name with a space") << "event:\"chat message\"" << false << true;
    QTest::newRow("an event by glob") << "event:chat*" << false << true;
    QTest::newRow("values are case-insensitive") << "type:publish" << true << false;
    QTest::newRow("two terms, both hold") << "type:publish qos:1" << true << false;
    QTest::newRow("two terms, one fails") << "type:publish qos:2" << false << false;
    QTest::newRow("a word of the summary") << "emit" << false << true;
    QTest::newRow("the protocol") << "protocol:mqtt" << true << false;
    QTest::newRow("a field no row has") << "method:sum" << false << false;
    QTest::newRow("a glob is whole-value, not a substring") << "event:chat" << false << false;
}

void TestFieldQuery::termsMatch()
{
    QFETCH(QString, query);
    QFETCH(bool, matchesMqtt);
    QFETCH(bool, matchesSocketIo);
    const FieldQuery fieldQuery(query);
    QVERIFY2(fieldQuery.isValid(), qPrintable(fieldQuery.errorString()));
    QCOMPARE(fieldQuery.matches(mqttPublish()), matchesMqtt);
    QCOMPARE(fieldQuery.matches(socketIoChat()), matchesSocketIo);
}

void TestFieldQuery::topicWildcards_data()
{
    QTest::addColumn<QString>("pattern");
    QTest::addColumn<QString>("topic");
    QTest::addColumn<bool>("matches");
    // MQTT 3.1.1 section 4.7.1's examples.
    QTest::newRow("# matches the parent level too") << "sport/tennis/player1/#" << "sport/tennis/player1" << true;
    QTest::newRow("# matches levels below") << "sport/tennis/player1/#" << "sport/tennis/player1/score/wimbledon" << true;
    QTest::newRow("+ is one level") << "sport/tennis/+" << "sport/tennis/player1" << true;
    QTest::newRow("+ is not two levels") << "sport/tennis/+" << "sport/tennis/player1/ranking" << false;
    QTest::newRow("+ matches an empty level") << "sport/+" << "sport/" << true;
    QTest::newRow("+ needs its level") << "sport/+" << "sport" << false;
    QTest::newRow("# alone matches all") << "#" << "a/b/c" << true;
    QTest::newRow("fewer levels than the filter") << "a/b/c" << "a/b" << false;
    QTest::newRow("a STOMP destination by glob") << "/topic/*" << "/topic/prices" << true;
}

void TestFieldQuery::topicWildcards()
{
    QFETCH(QString, pattern);
    QFETCH(QString, topic);
    QFETCH(bool, matches);
    QCOMPARE(FieldQuery::valueMatches(pattern, topic, true), matches);
}

void TestFieldQuery::badTermsSayWhy()
{
    const FieldQuery open(QStringLiteral("event:\"chat"));
    QVERIFY(!open.isValid());
    QCOMPARE(open.errorString(), QStringLiteral("a quote is not closed: end the value with \""));
    QVERIFY(!open.matches(socketIoChat()));
    const FieldQuery nameless(QStringLiteral(":chat"));
    QVERIFY(!nameless.isValid());
    QCOMPARE(nameless.errorString(), QStringLiteral("“:chat” has no field name: write name:value, e.g. event:chat"));
    QVERIFY(FieldQuery(QString()).isEmpty());
}

QTEST_APPLESS_MAIN(TestFieldQuery)
#include "tst_fieldquery.moc"
