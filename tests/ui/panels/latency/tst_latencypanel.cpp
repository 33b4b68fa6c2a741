// SPDX-License-Identifier: MIT
// The latency panel driven as the ConnectionTab drives it: ping samples with the
// connection's PingStats, event batches for rates and JSON request/response matching, and
// the user's interval and "Ping now" controls.
#include "ui/panels/latency/LatencyChart.h"
#include "ui/panels/latency/LatencyPanel.h"
#include "ui/panels/latency/RateChart.h"
#include "ui/window/Theme.h"

#include <QDir>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTest>
#include <QTreeWidget>

using namespace wsi;
using wsi::ui::LatencyChart;
using wsi::ui::LatencyPanel;

namespace {

constexpr qint64 Ms = 1000000;
constexpr qint64 Second = 1000000000;

// Records into `stats` as the Connection does and hands the sample to the panel.
void ping(LatencyPanel &panel, net::PingStats &stats, quint64 id, qint64 sentNs, qint64 rttNs)
{
    net::PingSample sample;
    sample.pingId = id;
    sample.sentNs = sentNs;
    stats.recordSent();
    if (rttNs >= 0)
        stats.recordReply(rttNs, sample);
    else
        stats.recordLost(sample);
    sample.rttNs = rttNs;
    panel.addSample(sample, stats);
}

net::LogEvent message(net::EventDirection direction, qint64 timeNs, const QByteArray &payload, bool text = true)
{
    net::LogEvent event;
    event.kind = net::EventKind::Message;
    event.direction = direction;
    event.isText = text;
    event.timeNs = timeNs;
    event.payload = payload;
    event.length = quint64(payload.size());
    event.wireSize = quint64(payload.size());
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

QString text(const QWidget &panel, const char *name)
{
    const auto *label = panel.findChild<QLabel *>(QLatin1String(name));
    return label ? label->text() : QStringLiteral("(no label %1)").arg(QLatin1String(name));
}

class PaintCounter : public QObject
{
public:
    int paints = 0;

protected:
    bool eventFilter(QObject *, QEvent *event) override
    {
        if (event->type() == QEvent::Paint)
            ++paints;
        return false;
    }
};

} // namespace

class TestLatencyPanel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void emptyPanel();
    void statsLabelsFollowSamples();
    void chartKeepsTheLastSamples();
    void chartAxisIsNice_data();
    void chartAxisIsNice();
    void chartRepaintsAtMostTenTimesASecond();
    void intervalSpinBoxEmits_data();
    void intervalSpinBoxEmits();
    void setPingIntervalDoesNotEmit();
    void pingNowButton();
    void jsonIdMatching();
    void idFieldNamedByTheUser();
    void trafficRates();
    void clearResetsEverything();
    void smallDockScrolls();
    void screenshots();
};

void TestLatencyPanel::emptyPanel()
{
    LatencyPanel panel;
    const char *figures[] = {"rttMin", "rttAvg", "rttMax", "rttP99", "rttJitter", "rttLoss", "requestAvg", "requestP99"};
    for (const char *name : figures)
        QCOMPARE(text(panel, name), QStringLiteral("—"));
    QCOMPARE(text(panel, "requestCount"), QStringLiteral("0"));
    QCOMPARE(panel.chart()->sampleCount(), 0);
    QCOMPARE(panel.findChild<QLineEdit *>(QStringLiteral("idField"))->text(), QStringLiteral("id"));
    QCOMPARE(panel.findChild<QDoubleSpinBox *>(QStringLiteral("pingInterval"))->text(), QStringLiteral("off"));
}

void TestLatencyPanel::statsLabelsFollowSamples()
{
    LatencyPanel panel;
    net::PingStats stats;
    ping(panel, stats, 1, 1 * Second, 1 * Ms);
    QCOMPARE(text(panel, "rttMin"), QStringLiteral("1.00 ms"));
    QCOMPARE(text(panel, "rttJitter"), QStringLiteral("—")); // one round trip: no jitter yet
    ping(panel, stats, 2, 2 * Second, 2 * Ms);
    ping(panel, stats, 3, 3 * Second, -1); // lost
    ping(panel, stats, 4, 4 * Second, 3 * Ms);
    ping(panel, stats, 5, 5 * Second, 4 * Ms);
    QCOMPARE(text(panel, "rttMin"), QStringLiteral("1.00 ms"));
    QCOMPARE(text(panel, "rttAvg"), QStringLiteral("2.50 ms"));
    QCOMPARE(text(panel, "rttMax"), QStringLiteral("4.00 ms"));
    QCOMPARE(text(panel, "rttP99"), QStringLiteral("4.00 ms"));
    QCOMPARE(text(panel, "rttJitter"), QStringLiteral("1.00 ms"));
    QCOMPARE(text(panel, "rttLoss"), QStringLiteral("20 % (1/5)"));
    const auto *loss = panel.findChild<QLabel *>(QStringLiteral("rttLoss"));
    QCOMPARE(loss->palette().color(QPalette::WindowText), ui::Theme::errorColor(panel.palette()));
    QCOMPARE(panel.chart()->sampleCount(), 5);
    QCOMPARE(panel.chart()->lostCount(), 1);

    // Sub-millisecond and slow round trips keep three significant digits.
    ping(panel, stats, 6, 6 * Second, 312 * 1000);
    QCOMPARE(text(panel, "rttMin"), QStringLiteral("0.312 ms"));
    ping(panel, stats, 7, 7 * Second, 1234 * Ms);
    QCOMPARE(text(panel, "rttMax"), QStringLiteral("1,234 ms"));
}

void TestLatencyPanel::chartKeepsTheLastSamples()
{
    LatencyPanel panel;
    net::PingStats stats;
    for (int i = 0; i < 350; ++i)
        ping(panel, stats, quint64(i + 1), i * Second, i % 50 == 0 ? -1 : (1 + i % 7) * Ms);
    QCOMPARE(panel.chart()->sampleCount(), LatencyChart::MaxSamples);
    QCOMPARE(panel.chart()->samples().constFirst().pingId, quint64(51));
    QCOMPARE(panel.chart()->samples().constLast().pingId, quint64(350));
    QCOMPARE(panel.chart()->lostCount(), 6); // pings 51, 101, ..., 301 among the last 300
}

void TestLatencyPanel::chartAxisIsNice_data()
{
    QTest::addColumn<qint64>("maxRttNs");
    QTest::addColumn<double>("axisMax");
    QTest::newRow("no round trip yet") << qint64(-1) << 1.0;
    QTest::newRow("0.42 ms") << qint64(420000) << 0.5;
    QTest::newRow("4.7 ms") << 4700000ll << 5.0;
    QTest::newRow("exactly 10 ms") << 10 * Ms << 10.0;
    QTest::newRow("47 ms") << 47 * Ms << 50.0;
    QTest::newRow("130 ms") << 130 * Ms << 150.0;
    QTest::newRow("2.3 s") << 2300 * Ms << 2500.0;
}

void TestLatencyPanel::chartAxisIsNice()
{
    QFETCH(qint64, maxRttNs);
    QFETCH(double, axisMax);
    LatencyChart chart;
    net::PingSample sample;
    sample.rttNs = maxRttNs;
    chart.addSample(sample);
    QCOMPARE(chart.axisMaxMs(), axisMax);
}

void TestLatencyPanel::chartRepaintsAtMostTenTimesASecond()
{
    LatencyChart chart;
    chart.resize(400, 200);
    chart.show();
    QVERIFY(QTest::qWaitForWindowExposed(&chart));
    PaintCounter counter;
    chart.installEventFilter(&counter);
    QElapsedTimer timer;
    timer.start();
    int added = 0;
    while (timer.elapsed() < 1000) {
        for (int i = 0; i < 50; ++i) {
            net::PingSample sample;
            sample.pingId = quint64(++added);
            sample.sentNs = added * Ms;
            sample.rttNs = (added % 9 + 1) * Ms;
            chart.addSample(sample);
        }
        QTest::qWait(2);
    }
    QTest::qWait(250); // the last folded repaint
    const double seconds = double(timer.elapsed()) / 1000;
    QVERIFY2(added > 1000, qPrintable(QString::number(added)));
    QVERIFY2(counter.paints >= 1, qPrintable(QString::number(counter.paints)));
    QVERIFY2(counter.paints <= int(seconds * 10) + 2, qPrintable(QStringLiteral("%1 paints in %2 s").arg(counter.paints).arg(seconds)));
}

void TestLatencyPanel::intervalSpinBoxEmits_data()
{
    QTest::addColumn<QString>("typed");
    QTest::addColumn<int>("ms");
    QTest::addColumn<QString>("shown");
    QTest::newRow("two and a half seconds") << QStringLiteral("2.5") << 2500 << QStringLiteral("2.5 s");
    QTest::newRow("thirty seconds") << QStringLiteral("30") << 30000 << QStringLiteral("30.0 s");
    QTest::newRow("zero turns keepalive off") << QStringLiteral("0") << 0 << QStringLiteral("off");
}

void TestLatencyPanel::intervalSpinBoxEmits()
{
    QFETCH(QString, typed);
    QFETCH(int, ms);
    QFETCH(QString, shown);
    LatencyPanel panel;
    panel.setPingInterval(ms == 0 ? 5000 : 0); // start elsewhere so typing changes the value
    auto *spin = panel.findChild<QDoubleSpinBox *>(QStringLiteral("pingInterval"));
    QSignalSpy spy(&panel, &LatencyPanel::pingIntervalChanged);
    spin->selectAll();
    QTest::keyClicks(spin, typed);
    QCOMPARE(spy.count(), 0); // no signal per keystroke
    QTest::keyClick(spin, Qt::Key_Return);
    QCOMPARE(spy.count(), 1);
    QCOMPARE(spy.at(0).at(0).toInt(), ms);
    QCOMPARE(panel.pingInterval(), ms);
    QCOMPARE(spin->text(), shown);
}

void TestLatencyPanel::setPingIntervalDoesNotEmit()
{
    LatencyPanel panel;
    QSignalSpy spy(&panel, &LatencyPanel::pingIntervalChanged);
    panel.setPingInterval(5000);
    QCOMPARE(panel.pingInterval(), 5000);
    QCOMPARE(panel.findChild<QDoubleSpinBox *>(QStringLiteral("pingInterval"))->text(), QStringLiteral("5.0 s"));
    QCOMPARE(spy.count(), 0);
    // The arrow up steps by half a second, and that is the user's doing: it emits.
    QTest::keyClick(panel.findChild<QDoubleSpinBox *>(QStringLiteral("pingInterval")), Qt::Key_Up);
    QCOMPARE(spy.count(), 1);
    QCOMPARE(spy.at(0).at(0).toInt(), 5500);
}

void TestLatencyPanel::pingNowButton()
{
    LatencyPanel panel;
    QSignalSpy spy(&panel, &LatencyPanel::pingRequested);
    auto *button = panel.findChild<QPushButton *>(QStringLiteral("pingNow"));
    QTest::mouseClick(button, Qt::LeftButton);
    QCOMPARE(spy.count(), 1);
    panel.setPingAvailable(false);
    QVERIFY(!button->isEnabled());
    QTest::mouseClick(button, Qt::LeftButton);
    QCOMPARE(spy.count(), 1);
    panel.setPingAvailable(true);
    QTest::mouseClick(button, Qt::LeftButton);
    QCOMPARE(spy.count(), 2);
}

void TestLatencyPanel::jsonIdMatching()
{
    LatencyPanel panel;
    panel.addTraffic({
        out(1000 * Ms, R"({"jsonrpc":"2.0","id":7,"method":"subscribe","params":{"id":"not this"}})"),
        out(1100 * Ms, R"({"jsonrpc":"2.0","id":"a1","method":"ping"})"),
        out(1200 * Ms, R"({"jsonrpc":"2.0","method":"notify"})"),
        in(1002500000, R"({"jsonrpc":"2.0","id":7,"result":true})"),
    });
    panel.addTraffic({
        in(1147500000, R"({"jsonrpc":"2.0","id":"a1","result":"pong"})"),
        in(1300 * Ms, R"({"jsonrpc":"2.0","id":99,"result":null})"), // never asked
        in(1400 * Ms, R"({"jsonrpc":"2.0","id":7,"result":true})"),  // answered already
    });
    const ui::RequestMatcher &matcher = panel.requestMatcher();
    QCOMPARE(matcher.count(), 2);
    QCOMPARE(matcher.recent().at(0).latencyNs, 2500000);
    QCOMPARE(matcher.recent().at(1).latencyNs, 47500000);
    // Labels follow within a refresh (at most ten a second).
    QTRY_COMPARE(text(panel, "requestCount"), QStringLiteral("2"));
    QCOMPARE(text(panel, "requestAvg"), QStringLiteral("25.0 ms"));
    QCOMPARE(text(panel, "requestP99"), QStringLiteral("47.5 ms"));
    QCOMPARE(text(panel, "requestPending"), QStringLiteral("0"));
    const auto *recent = panel.findChild<QTreeWidget *>(QStringLiteral("recentRequests"));
    QCOMPARE(recent->topLevelItemCount(), 2);
    QCOMPARE(recent->topLevelItem(0)->text(0), QStringLiteral("\"a1\"")); // newest on top
    QCOMPARE(recent->topLevelItem(0)->text(1), QStringLiteral("47.5 ms"));
    QCOMPARE(recent->topLevelItem(0)->text(2), QStringLiteral("+1.100 s"));
    QCOMPARE(recent->topLevelItem(1)->text(0), QStringLiteral("7"));
    QCOMPARE(recent->topLevelItem(1)->text(1), QStringLiteral("2.50 ms"));
}

void TestLatencyPanel::idFieldNamedByTheUser()
{
    LatencyPanel panel;
    panel.addTraffic({out(1 * Second, R"({"id":1,"requestId":"r-1"})"), in(1 * Second + 3 * Ms, R"({"id":1})")});
    QTRY_COMPARE(text(panel, "requestCount"), QStringLiteral("1"));

    auto *field = panel.findChild<QLineEdit *>(QStringLiteral("idField"));
    field->selectAll();
    QTest::keyClicks(field, QStringLiteral("requestId"));
    QTest::keyClick(field, Qt::Key_Return);
    QCOMPARE(panel.requestMatcher().idField(), QStringLiteral("requestId"));
    QCOMPARE(text(panel, "requestCount"), QStringLiteral("0")); // another field: start over

    panel.addTraffic({out(2 * Second, R"({"id":2,"requestId":"r-2"})"), in(2 * Second + 8 * Ms, R"({"id":2})"),
                      in(2 * Second + 9 * Ms, R"({"requestId":"r-2","ok":true})")});
    QTRY_COMPARE(text(panel, "requestCount"), QStringLiteral("1"));
    QCOMPARE(text(panel, "requestAvg"), QStringLiteral("9.00 ms"));

    // An emptied field falls back to "id".
    field->clear();
    QTest::keyClick(field, Qt::Key_Return);
    QCOMPARE(field->text(), QStringLiteral("id"));
    QCOMPARE(panel.requestMatcher().idField(), QStringLiteral("id"));
}

void TestLatencyPanel::trafficRates()
{
    LatencyPanel panel;
    net::EventBatch batch;
    // Second 0: 3 in (100 B each), 1 out (20 B); second 1: 5 in, 2 out; second 2 has begun.
    for (int i = 0; i < 3; ++i)
        batch << in(100 * Ms + i * Ms, QByteArray(100, 'x'));
    batch << out(200 * Ms, QByteArray(20, 'y'));
    for (int i = 0; i < 5; ++i)
        batch << in(1 * Second + i * Ms, QByteArray(1500, 'x'));
    batch << out(1 * Second + 10 * Ms, QByteArray(20, 'y')) << out(1 * Second + 20 * Ms, QByteArray(20, 'y'));
    batch << in(2 * Second + 1 * Ms, QByteArray(10, 'x'));
    net::LogEvent pong;
    pong.kind = net::EventKind::Pong; // not a message: not counted
    pong.direction = net::EventDirection::Incoming;
    pong.timeNs = 2 * Second + 2 * Ms;
    batch << pong;
    panel.addTraffic(batch);
    QCOMPARE(panel.trafficRates().seconds().size(), 3);
    QCOMPARE(panel.trafficRates().totalMessages(), quint64(12));
    // The newest second is still filling: the figures show the one before.
    QTRY_COMPARE(text(panel, "messagesIn"), QStringLiteral("↓ 5"));
    QCOMPARE(text(panel, "messagesOut"), QStringLiteral("↑ 2"));
    QCOMPARE(text(panel, "bytesIn"), QStringLiteral("↓ 7.3 KiB/s")); // 7,500 B/s
    QCOMPARE(text(panel, "bytesOut"), QStringLiteral("↑ 40 B/s"));
    const auto *messageChart = panel.findChild<ui::RateChart *>(QStringLiteral("messageRateChart"));
    QCOMPARE(messageChart->pointCount(), 2);
    QCOMPARE(messageChart->axisMax(), 6.0); // 5 messages in a second: 0, 2, 4, 6 (no half messages)
    QCOMPARE(panel.findChild<ui::RateChart *>(QStringLiteral("byteRateChart"))->pointCount(), 2);
}

void TestLatencyPanel::clearResetsEverything()
{
    LatencyPanel panel;
    net::PingStats stats;
    ping(panel, stats, 1, 1 * Second, 3 * Ms);
    panel.addTraffic({out(1 * Second, R"({"id":1})"), in(1 * Second + 3 * Ms, R"({"id":1})")});
    QTRY_COMPARE(text(panel, "requestCount"), QStringLiteral("1"));
    panel.clear();
    QCOMPARE(panel.chart()->sampleCount(), 0);
    QCOMPARE(text(panel, "rttAvg"), QStringLiteral("—"));
    QCOMPARE(text(panel, "requestCount"), QStringLiteral("0"));
    QCOMPARE(text(panel, "messagesIn"), QStringLiteral("↓ 0"));
    QVERIFY(panel.trafficRates().isEmpty());
    QCOMPARE(panel.findChild<ui::RateChart *>(QStringLiteral("messageRateChart"))->pointCount(), 0);
}

void TestLatencyPanel::smallDockScrolls()
{
    // A dock shared with others may be short: the panel must not demand its full height.
    LatencyPanel panel;
    QVERIFY2(panel.minimumSizeHint().height() <= 200, qPrintable(QString::number(panel.minimumSizeHint().height())));
    panel.resize(400, 250);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    QCOMPARE(panel.height(), 250);
    const auto *chart = panel.findChild<LatencyChart *>();
    QVERIFY(chart->height() >= chart->minimumSizeHint().height());
}

namespace {

// About two minutes of a lively JSON-RPC session: pings every second around 1-3 ms with a
// few spikes and three lost, ~200 to ~900 messages/s in, a few dozen out.
void feedRealisticSession(LatencyPanel &panel)
{
    QRandomGenerator random(42);
    net::PingStats stats;
    for (int i = 0; i < 110; ++i) {
        const bool lost = i == 37 || i == 38 || i == 81;
        qint64 rtt = Ms + qint64(random.bounded(1500)) * 1000 + (i % 23 == 0 ? 14 * Ms : 0);
        ping(panel, stats, quint64(i + 1), qint64(i) * Second + 500 * Ms, lost ? -1 : rtt);
    }
    quint64 nextId = 1;
    for (int second = 0; second < 110; ++second) {
        net::EventBatch batch;
        const int incoming = 200 + int(350 * (1 + std::sin(second / 9.0))) + int(random.bounded(60));
        for (int i = 0; i < incoming; ++i)
            batch << in(qint64(second) * Second + qint64(i) * (Second / incoming),
                        QByteArray(int(120 + random.bounded(400)), 'x'));
        for (int i = 0; i < 20 + second % 15; ++i) {
            const qint64 sent = qint64(second) * Second + qint64(i) * 30 * Ms;
            const QByteArray id = QByteArray::number(nextId++);
            batch << out(sent, R"({"jsonrpc":"2.0","id":)" + id + R"(,"method":"quote"})");
            batch << in(sent + 2 * Ms + qint64(random.bounded(4000)) * 1000, R"({"jsonrpc":"2.0","id":)" + id + R"(,"result":1})");
        }
        std::sort(batch.begin(), batch.end(), [](const net::LogEvent &a, const net::LogEvent &b) { return a.timeNs < b.timeNs; });
        panel.addTraffic(batch);
    }
}

} // namespace

// Renders the panel wide and narrow in both palettes; with WSI_SCREENSHOT_DIR set, keeps the
// PNGs there.
void TestLatencyPanel::screenshots()
{
    const QString directory = qEnvironmentVariable("WSI_SCREENSHOT_DIR");
    const struct {
        const char *name;
        bool dark;
        QSize size;
        bool data;
    } shots[] = {
        {"latency-wide-light", false, {1100, 460}, true},   {"latency-wide-dark", true, {1100, 460}, true},
        {"latency-narrow-light", false, {420, 980}, true},  {"latency-narrow-dark", true, {420, 980}, true},
        {"latency-empty-light", false, {1100, 460}, false},
    };
    for (const auto &shot : shots) {
        ui::Theme::applyApplicationTheme(shot.dark ? QStringLiteral("dark") : QStringLiteral("light"));
        LatencyPanel panel;
        panel.setPingInterval(1000);
        panel.resize(shot.size);
        if (shot.data)
            feedRealisticSession(panel);
        QTest::qWait(150); // the throttled refresh
        const QImage image = panel.grab().toImage();
        QCOMPARE(image.size(), shot.size * image.devicePixelRatio());
        if (shot.data)
            QVERIFY(panel.requestMatcher().count() > 1000);
        if (!directory.isEmpty())
            QVERIFY(image.save(QDir(directory).filePath(QLatin1String(shot.name) + QStringLiteral(".png"))));
    }
    ui::Theme::applyApplicationTheme(QStringLiteral("light"));
}

QTEST_MAIN(TestLatencyPanel)
#include "tst_latencypanel.moc"
