// SPDX-License-Identifier: MIT
// Per-second message and byte counts each way, as the latency panel's rate charts read them.
#include "ui/panels/latency/TrafficRates.h"

#include <QTest>

using namespace wsi;
using wsi::ui::TrafficRates;

namespace {

constexpr qint64 Second = 1000000000;

net::LogEvent message(net::EventDirection direction, qint64 timeNs, quint64 wireSize, quint64 length = 0)
{
    net::LogEvent event;
    event.kind = net::EventKind::Message;
    event.direction = direction;
    event.timeNs = timeNs;
    event.wireSize = wireSize;
    event.length = length ? length : wireSize;
    return event;
}

} // namespace

class TestTrafficRates : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void countsEachWayPerSecond();
    void compressedMessagesCountWireBytes();
    void silentSecondsAreZero();
    void keepsTheLastTwoMinutes();
    void longSilenceStartsAfresh();
    void lateEventsLandInTheirSecond();
};

void TestTrafficRates::countsEachWayPerSecond()
{
    TrafficRates rates;
    net::LogEvent frame = message(net::EventDirection::Incoming, 10, 99);
    frame.kind = net::EventKind::Frame;
    net::LogEvent info = message(net::EventDirection::Local, 10, 99);
    rates.add({message(net::EventDirection::Incoming, 10, 100), message(net::EventDirection::Incoming, Second - 1, 50),
               message(net::EventDirection::Outgoing, 20, 7), frame, info,
               message(net::EventDirection::Incoming, Second, 1)});
    QCOMPARE(rates.seconds().size(), 2);
    const ui::TrafficSecond first = rates.seconds().at(0);
    QCOMPARE(first.second, 0);
    QCOMPARE(first.inMessages, quint64(2));
    QCOMPARE(first.inBytes, quint64(150));
    QCOMPARE(first.outMessages, quint64(1));
    QCOMPARE(first.outBytes, quint64(7));
    QCOMPARE(rates.seconds().at(1).inMessages, quint64(1));
    QCOMPARE(rates.lastFullSecond().second, 0);
    QCOMPARE(rates.totalMessages(), quint64(4));
    QCOMPARE(rates.lastEventNs(), Second);
}

void TestTrafficRates::compressedMessagesCountWireBytes()
{
    TrafficRates rates;
    net::LogEvent deflated = message(net::EventDirection::Incoming, 0, 40, 1000);
    deflated.compressed = true;
    rates.add(deflated);
    rates.add(message(net::EventDirection::Incoming, 0, 0, 30)); // no wire size recorded: the length
    QCOMPARE(rates.seconds().constFirst().inBytes, quint64(70));
}

void TestTrafficRates::silentSecondsAreZero()
{
    TrafficRates rates;
    rates.add(message(net::EventDirection::Outgoing, 3 * Second, 5));
    rates.add(message(net::EventDirection::Outgoing, 6 * Second + 1, 5));
    QCOMPARE(rates.seconds().size(), 4); // 3, 4, 5, 6
    QCOMPARE(rates.seconds().at(1).outMessages, quint64(0));
    QCOMPARE(rates.seconds().at(2).second, 5);
    rates.advanceTo(8);
    QCOMPARE(rates.seconds().constLast().second, 8);
    QCOMPARE(rates.lastFullSecond().second, 7);
    rates.advanceTo(2); // the past: nothing changes
    QCOMPARE(rates.seconds().size(), 6);
}

void TestTrafficRates::keepsTheLastTwoMinutes()
{
    TrafficRates rates;
    for (int second = 0; second < 200; ++second)
        rates.add(message(net::EventDirection::Incoming, qint64(second) * Second, quint64(second)));
    QCOMPARE(rates.seconds().size(), TrafficRates::MaxSeconds);
    QCOMPARE(rates.seconds().constFirst().second, 200 - TrafficRates::MaxSeconds);
    QCOMPARE(rates.seconds().constLast().inBytes, quint64(199));
}

void TestTrafficRates::longSilenceStartsAfresh()
{
    TrafficRates rates;
    rates.add(message(net::EventDirection::Incoming, 0, 1));
    rates.add(message(net::EventDirection::Incoming, 1000 * Second, 1));
    QCOMPARE(rates.seconds().size(), 1);
    QCOMPARE(rates.seconds().constFirst().second, 1000);
}

void TestTrafficRates::lateEventsLandInTheirSecond()
{
    TrafficRates rates;
    rates.add(message(net::EventDirection::Incoming, 5 * Second, 1));
    rates.add(message(net::EventDirection::Outgoing, 4 * Second, 1)); // before the window's start
    rates.add(message(net::EventDirection::Incoming, 7 * Second, 1));
    rates.add(message(net::EventDirection::Outgoing, 6 * Second, 9)); // inside the window
    QCOMPARE(rates.seconds().size(), 3);
    QCOMPARE(rates.seconds().at(1).outBytes, quint64(9));
    QCOMPARE(rates.totalMessages(), quint64(4));
}

QTEST_MAIN(TestTrafficRates)
#include "tst_trafficrates.moc"
