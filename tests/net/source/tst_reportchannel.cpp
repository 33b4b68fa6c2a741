// SPDX-License-Identifier: MIT
// The one ordered channel out of a traffic source (engine/net/source): the batcher keeps
// events and updates in the order they happened, counts rows in flight, and a real
// Connection over loopback reports a close after the frames before it and an error after
// the frames that caused it.
#include "net/MetaTypes.h"
#include "net/source/ReportBatcher.h"
#include "support/ConnectionHarness.h"
#include "support/MiniServer.h"

#include <QTest>

#include <functional>
#include <memory>

using namespace wsi::net;
using wsi::test::ConnectionHarness;
using wsi::test::MiniServer;

namespace {

// What each report of a stream is, one letter per report: E (a run of events, with its
// size), S state, H handshake, X error, C close, F finished, ? anything else.
QString shapeOf(const ReportBatch &batch)
{
    QStringList shape;
    for (const SourceReport &report : batch) {
        if (const auto *events = std::get_if<EventBatch>(&report))
            shape << QStringLiteral("E%1").arg(events->size());
        else if (std::holds_alternative<StateReport>(report))
            shape << QStringLiteral("S");
        else if (std::holds_alternative<HandshakeInfo>(report))
            shape << QStringLiteral("H");
        else if (std::holds_alternative<ConnectionError>(report))
            shape << QStringLiteral("X");
        else if (std::holds_alternative<CloseInfo>(report))
            shape << QStringLiteral("C");
        else if (std::holds_alternative<FinishedReport>(report))
            shape << QStringLiteral("F");
        else
            shape << QStringLiteral("?");
    }
    return shape.join(QLatin1Char(' '));
}

// The index of the first report that satisfies `is` (-1: none).
int indexOf(const QVector<SourceReport> &reports, const std::function<bool(const SourceReport &)> &is, int from = 0)
{
    for (int i = from; i < reports.size(); ++i) {
        if (is(reports.at(i)))
            return i;
    }
    return -1;
}

template <typename T> bool isA(const SourceReport &report) { return std::holds_alternative<T>(report); }

// Whether `report` is a run of events holding an incoming frame or message.
bool carriesIncomingTraffic(const SourceReport &report)
{
    const auto *events = std::get_if<EventBatch>(&report);
    if (!events)
        return false;
    for (const LogEvent &event : *events) {
        if (event.direction == EventDirection::Incoming
            && (event.kind == EventKind::Frame || event.kind == EventKind::Message))
            return true;
    }
    return false;
}

// A real Connection to a MiniServer, run until it finished (at most 10 s).
struct FinishedRun {
    explicit FinishedRun(const MiniServer::Options &serverOptions) : server(serverOptions)
    {
        if (!server.start())
            return;
        ConnectionOptions options;
        options.url = server.url();
        harness = std::make_unique<ConnectionHarness>(options);
        harness->open();
        finished = harness->waitFinished();
    }
    MiniServer server;
    std::unique_ptr<ConnectionHarness> harness;
    bool finished = false;
};

struct Collector {
    QObject owner;
    QVector<ReportBatch> sent;
    ReportBatcher batcher{&owner, [this](const ReportBatch &batch) { sent.append(batch); }};
};

} // namespace

class TestReportChannel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { registerMetaTypes(); }
    void keepsEventsAndUpdatesInOrder();
    void sendsUpdatesAtTheEndOfThePass();
    void neverSplitsAFrameFromItsEvent();
    void countsRowsInFlight();
    void rowsOfErrorsAndClosesComeFirst();
    void closeFollowsTheFramesBeforeIt();
    void errorFollowsTheFramesThatCausedIt();
};

void TestReportChannel::keepsEventsAndUpdatesInOrder()
{
    Collector collector;
    ReportBatcher &batcher = collector.batcher;
    batcher.appendEvent(EventKind::Frame, EventDirection::Incoming, 1);
    batcher.appendEvent(EventKind::Message, EventDirection::Incoming, 2);
    batcher.post(StateReport{ConnectionState::Closing, 3});
    batcher.appendEvent(EventKind::Frame, EventDirection::Incoming, 4);
    batcher.post(CloseInfo{});
    batcher.post(FinishedReport{});
    QVERIFY(collector.sent.isEmpty()); // nothing leaves before the pass ends
    batcher.flush();
    QCOMPARE(collector.sent.size(), 1);
    QCOMPARE(shapeOf(collector.sent.first()), QStringLiteral("E2 S E1 C F"));
    QVERIFY(!batcher.hasPending());
}

void TestReportChannel::sendsUpdatesAtTheEndOfThePass()
{
    Collector collector;
    collector.batcher.appendEvent(EventKind::Info, EventDirection::Local, 1);
    collector.batcher.post(StateReport{ConnectionState::Open, 2});
    // Not after IntervalMs: the update and the event before it go on the next pass.
    QVERIFY(QTest::qWaitFor([&] { return !collector.sent.isEmpty(); }, ReportBatcher::IntervalMs / 2));
    QCOMPARE(shapeOf(collector.sent.first()), QStringLiteral("E1 S"));
    // Events alone wait for company, then go by themselves.
    collector.batcher.appendEvent(EventKind::Info, EventDirection::Local, 3);
    QCOMPARE(collector.sent.size(), 1);
    QVERIFY(QTest::qWaitFor([&] { return collector.sent.size() == 2; }, 1000));
    QCOMPARE(shapeOf(collector.sent.last()), QStringLiteral("E1"));
}

void TestReportChannel::neverSplitsAFrameFromItsEvent()
{
    Collector collector;
    ReportBatcher &batcher = collector.batcher;
    for (int i = 0; i < ReportBatcher::MaxEvents - 1; ++i)
        batcher.appendEvent(EventKind::Info, EventDirection::Local, i);
    // A full run ends with a frame: the message it belongs to joins it before it goes.
    batcher.appendEvent(EventKind::Frame, EventDirection::Incoming, 1);
    batcher.appendEvent(EventKind::Message, EventDirection::Incoming, 1);
    QVERIFY(collector.sent.isEmpty());
    batcher.appendEvent(EventKind::Info, EventDirection::Local, 2);
    QCOMPARE(collector.sent.size(), 1);
    QCOMPARE(shapeOf(collector.sent.first()), QStringLiteral("E%1").arg(ReportBatcher::MaxEvents + 1));
    QCOMPARE(std::get<EventBatch>(collector.sent.first().first()).last().kind, EventKind::Message);
}

void TestReportChannel::countsRowsInFlight()
{
    Collector collector;
    ReportBatcher &batcher = collector.batcher;
    for (int i = 0; i < 10; ++i)
        batcher.appendEvent(EventKind::Info, EventDirection::Local, i);
    batcher.post(ConnectionError{}); // an error is a row too
    batcher.post(StateReport{});     // a state is not
    batcher.flush();
    QCOMPARE(batcher.rowsInFlight(), 11);
    QVERIFY(batcher.isBehind(11));
    batcher.markPaused();
    QVERIFY(!batcher.consumed(4, 11)); // 7 left: still more than half
    QVERIFY(batcher.consumed(2, 11));  // 5 left: resume, once
    QVERIFY(!batcher.isPaused());
    QVERIFY(!batcher.consumed(5, 11));
    QCOMPARE(batcher.rowsInFlight(), 0);
}

void TestReportChannel::rowsOfErrorsAndClosesComeFirst()
{
    AttemptReport attempt{2, QStringLiteral("ws://user:secret@127.0.0.1:9/"), 1234};
    HandshakeInfo handshake;
    handshake.status = 101;
    handshake.rawRequest = "GET / HTTP/1.1\r\nAuthorization: Basic dXNlcjpzZWNyZXQ=\r\n\r\n";
    handshake.rawResponse = "HTTP/1.1 101 Switching Protocols\r\n\r\n";
    ConnectionError error;
    error.id = QStringLiteral("protocol");
    error.message = QStringLiteral("reserved opcode 0x3");
    CloseInfo close;
    close.code = 1002;
    const ReportBatch batch{SourceReport(attempt), SourceReport(handshake), EventBatch{LogEvent{}}, SourceReport(error),
                            SourceReport(close)};
    QStringList order;
    forEachReport(
        batch,
        [&order](const EventBatch &rows) {
            for (const LogEvent &row : rows)
                order << QStringLiteral("row%1").arg(int(row.kind));
        },
        [&order](const SourceReport &update) { order << QStringLiteral("update%1").arg(int(update.index())); });
    const auto row = [](EventKind kind) { return QStringLiteral("row%1").arg(int(kind)); };
    const auto update = [](const SourceReport &report) { return QStringLiteral("update%1").arg(int(report.index())); };
    // An attempt's update comes before its boundary row (it starts a new clock); every
    // other update that makes a row comes after it.
    QCOMPARE(order, (QStringList{update(attempt), row(EventKind::Attempt), row(EventKind::Handshake), update(handshake),
                                 row(LogEvent{}.kind), row(EventKind::Error), update(error), row(EventKind::Close),
                                 update(close)}));
    QCOMPARE(logRowCount(batch), 5);
    QCOMPARE(logRowOf(error).text, QStringLiteral("protocol: reserved opcode 0x3"));
    // The log keeps no credential: not the URL's password, not an Authorization value.
    QCOMPARE(logRowOf(attempt).text, QStringLiteral("ws://user:***@127.0.0.1:9/"));
    const LogEvent handshakeRow = logRowOf(handshake);
    QVERIFY(!handshakeRow.payload.contains("dXNlcjpzZWNyZXQ="));
    QCOMPARE(handshakeRow.code, quint16(101));
    QVERIFY(handshakeRow.payload.endsWith(handshake.rawResponse));
    QCOMPARE(qsizetype(handshakeRow.wireSize), handshakeRow.payload.size() - handshake.rawResponse.size());
    QCOMPARE(logRowOf(close).code, quint16(1002));
}

void TestReportChannel::closeFollowsTheFramesBeforeIt()
{
    MiniServer::Options serverOptions;
    serverOptions.behaviour = MiniServer::Behaviour::Flood;
    serverOptions.floodCount = 3000;
    serverOptions.floodText = true;
    FinishedRun run(serverOptions);
    QVERIFY2(run.finished, "the server did not start, or the connection did not finish");
    const ConnectionHarness &harness = *run.harness;
    const QVector<SourceReport> &reports = harness.reports;
    const int close = indexOf(reports, isA<CloseInfo>);
    QVERIFY2(close >= 0, qPrintable(harness.arrived()));
    QCOMPARE(harness.firstClose().code, quint16(1000));
    // Every incoming frame, the server's close frame included, is reported before the close.
    QCOMPARE(indexOf(reports, carriesIncomingTraffic, close), -1);
    QCOMPARE(harness.eventsOf(EventKind::Message, EventDirection::Incoming).size(), 3000);
    const LogEvent closeFrame = harness.eventsOf(EventKind::Frame, EventDirection::Incoming).last();
    QCOMPARE(closeFrame.opcode, quint8(0x8));
    // Then the state Closed, and last of all: finished.
    const int closed = indexOf(reports, [](const SourceReport &report) {
        return isA<StateReport>(report) && std::get<StateReport>(report).state == ConnectionState::Closed;
    });
    QVERIFY(closed > close);
    QCOMPARE(indexOf(reports, isA<FinishedReport>), reports.size() - 1);
    // The close's row is the last row of the log, once.
    QCOMPARE(harness.events.last().kind, EventKind::Close);
    QCOMPARE(harness.closes.size(), 1);
}

void TestReportChannel::errorFollowsTheFramesThatCausedIt()
{
    MiniServer::Options serverOptions;
    serverOptions.behaviour = MiniServer::Behaviour::Greeter;
    serverOptions.greetings = {{true, "one"}, {true, "two"}, {false, "three"}};
    serverOptions.afterGreetings = QByteArray("\x83\x01?", 3); // FIN, reserved opcode 0x3, "?"
    FinishedRun run(serverOptions);
    QVERIFY2(run.finished, "the server did not start, or the connection did not finish");
    const ConnectionHarness &harness = *run.harness;
    const QVector<SourceReport> &reports = harness.reports;
    const int error = indexOf(reports, isA<ConnectionError>);
    QVERIFY2(error >= 0, qPrintable(harness.arrived()));
    QCOMPARE(harness.messageTexts(), (QStringList{QStringLiteral("one"), QStringLiteral("two"), QStringLiteral("three")}));
    QCOMPARE(harness.errors.size(), 1);
    QCOMPARE(harness.firstError().phase, ErrorPhase::Protocol);
    QVERIFY2(harness.firstError().message.contains(QLatin1String("opcode")), qPrintable(harness.firstError().message));
    // The greetings came before the error they did not cause; the bad frame's row (if the
    // log shows one) too; nothing the server sent comes after the error.
    QCOMPARE(indexOf(reports, carriesIncomingTraffic, error), -1);
    QVERIFY(indexOf(reports, carriesIncomingTraffic) < error);
    // The close that the error forced follows it: 1002, protocol error (RFC 6455 7.4.1).
    const int close = indexOf(reports, isA<CloseInfo>);
    QVERIFY(close > error);
    QCOMPARE(harness.firstClose().sent.code, quint16(1002));
    QCOMPARE(harness.firstClose().code, quint16(1006)); // we did not wait for the server's
    // In the log: the three messages, then the error's row, then the close's.
    QStringList kinds;
    for (const LogEvent &row : harness.events) {
        if (row.kind == EventKind::Message || row.kind == EventKind::Error || row.kind == EventKind::Close)
            kinds << QString::number(int(row.kind));
    }
    const QString message = QString::number(int(EventKind::Message));
    QCOMPARE(kinds, (QStringList{message, message, message, QString::number(int(EventKind::Error)),
                                 QString::number(int(EventKind::Close))}));
}

QTEST_GUILESS_MAIN(TestReportChannel)
#include "tst_reportchannel.moc"
