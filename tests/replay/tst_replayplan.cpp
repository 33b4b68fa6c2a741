// SPDX-License-Identifier: MIT
// What a replay takes from a log: the attempt's sent messages and answers with their
// times since the open, the attempt chosen by number or by its first send, and a
// selection's messages with the answers that follow them.
#include "replay/ReplayPlan.h"

#include "support/LogEvents.h"

#include <QTest>

using namespace wsi;
using namespace wsi::test;
using replay::ReplayPlan;

namespace {

constexpr qint64 Ms = 1000000;

LogEvent attempt(const QString &url, qint64 timeNs)
{
    return note(EventKind::Attempt, url, timeNs);
}

LogEvent handshake(quint16 status, qint64 timeNs)
{
    LogEvent event = note(EventKind::Handshake, QString(), timeNs, status);
    event.payload = "GET / HTTP/1.1\r\n\r\nHTTP/1.1 101 Switching Protocols\r\n\r\n";
    event.wireSize = 18;
    return event;
}

// Two attempts: the first refused (no messages), the second opens at 100 ms and talks.
std::unique_ptr<log::MessageStore> twoAttempts()
{
    auto store = std::make_unique<log::MessageStore>();
    store->append({attempt(QStringLiteral("ws://one.test/"), 0), note(EventKind::Error, QStringLiteral("refused"), 1 * Ms)});
    store->append({attempt(QStringLiteral("ws://two.test/feed"), 50 * Ms), handshake(101, 100 * Ms),
                   message(In, true, "welcome", 0, 110 * Ms),
                   message(Out, true, "{\"op\":\"sub\"}", 0, 400 * Ms),
                   message(In, true, "{\"ok\":true}", 7, 420 * Ms),
                   control(EventKind::Ping, In, "p", 500 * Ms),
                   message(Out, false, QByteArray("\x01\x02", 2), 12, 900 * Ms),
                   message(In, false, QByteArray("\x03", 1), 8, 950 * Ms),
                   message(Out, true, "bye", 18, 1500 * Ms),
                   message(In, true, "ciao", 9, 1510 * Ms)});
    return store;
}

} // namespace

class TestReplayPlan : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void firstAttemptThatSentIsTaken();
    void attemptByNumber();
    void selectionTakesItsAnswers();
    void nothingToReplaySaysWhy();
};

void TestReplayPlan::firstAttemptThatSentIsTaken()
{
    const auto store = twoAttempts();
    QString error;
    const ReplayPlan plan = replay::planFromLog(*store, 0, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(plan.attempt, 2);
    QCOMPARE(plan.attemptCount, 2);
    QCOMPARE(plan.url, QStringLiteral("ws://two.test/feed"));
    QCOMPARE(plan.sends.size(), 3);
    // Times count from the 101, so the wait before the first message is kept.
    QCOMPARE(plan.sends.at(0).atMs, 300);
    QCOMPARE(plan.sends.at(0).payload, QByteArray("{\"op\":\"sub\"}"));
    QVERIFY(!plan.sends.at(0).binary);
    QCOMPARE(plan.sends.at(1).atMs, 800);
    QVERIFY(plan.sends.at(1).binary);
    QCOMPARE(plan.sends.at(2).atMs, 1400);
    // Rows are numbered as the log shows them: the second attempt's row is number 3.
    QCOMPARE(plan.sends.at(0).rowNumber, qint64(6));
    QCOMPARE(plan.recorded.size(), 4); // welcome, ok, the binary answer, ciao; not the ping
    QCOMPARE(plan.recorded.at(0).payload, QByteArray("welcome"));
    QCOMPARE(plan.recorded.at(0).atMs, 10);
    QCOMPARE(plan.recorded.at(3).payload, QByteArray("ciao"));
}

void TestReplayPlan::attemptByNumber()
{
    const auto store = twoAttempts();
    QString error;
    const ReplayPlan first = replay::planFromLog(*store, 1, &error);
    QVERIFY(first.sends.isEmpty());
    QCOMPARE(error, QStringLiteral("connection attempt 1 sent no text or binary message to replay"));
    const ReplayPlan third = replay::planFromLog(*store, 3, &error);
    QVERIFY(third.sends.isEmpty());
    QCOMPARE(error, QStringLiteral("the log has 2 connection attempt(s), not 3"));
}

void TestReplayPlan::selectionTakesItsAnswers()
{
    const auto store = twoAttempts();
    QString error;
    // The binary message (row index 8) alone: its answer, not the next send's.
    const ReplayPlan plan = replay::planFromRows(*store, {8}, &error);
    QCOMPARE(plan.sends.size(), 1);
    QCOMPARE(plan.sends.first().atMs, 0); // a selection counts from its first send
    QVERIFY(plan.sends.first().binary);
    QCOMPARE(plan.recorded.size(), 1);
    QCOMPARE(plan.recorded.first().payload, QByteArray("\x03", 1));
    QCOMPARE(plan.recorded.first().atMs, 50);
    QCOMPARE(plan.url, QStringLiteral("ws://two.test/feed"));

    // Two sends out of order with a received row among them: sorted, answers up to the end.
    const ReplayPlan two = replay::planFromRows(*store, {10, 4, 5}, &error);
    QCOMPARE(two.sends.size(), 2);
    QCOMPARE(two.sends.at(0).payload, QByteArray("{\"op\":\"sub\"}"));
    QCOMPARE(two.sends.at(1).payload, QByteArray("bye"));
    QCOMPARE(two.sends.at(1).atMs, 1100);
    QCOMPARE(two.recorded.size(), 3); // ok, the binary answer, ciao: the unselected binary send is skipped
}

void TestReplayPlan::nothingToReplaySaysWhy()
{
    const auto store = twoAttempts();
    QString error;
    QVERIFY(replay::planFromRows(*store, {2, 4}, &error).sends.isEmpty());
    QCOMPARE(error, QStringLiteral("the selection holds no sent text or binary message to replay"));
    log::MessageStore empty;
    QVERIFY(replay::planFromLog(empty, 0, &error).sends.isEmpty());
    QCOMPARE(error, QStringLiteral("the log has no sent text or binary message to replay"));
}

QTEST_GUILESS_MAIN(TestReplayPlan)
#include "tst_replayplan.moc"
