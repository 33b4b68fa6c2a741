// SPDX-License-Identifier: MIT
// Nice axis ticks and the number formats of the latency panel.
#include "ui/panels/latency/ChartScale.h"
#include "ui/panels/latency/LatencyFormatting.h"

#include <QTest>

using namespace wsi::ui;

class TestChartScale : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void ticksUpTo_data();
    void ticksUpTo();
    void ticksBetween();
    void wholeNumberTicks();
    void tickLabels_data();
    void tickLabels();
    void milliseconds_data();
    void milliseconds();
    void ratesAndLoss();
};

void TestChartScale::ticksUpTo_data()
{
    QTest::addColumn<double>("maxValue");
    QTest::addColumn<int>("target");
    QTest::addColumn<double>("step");
    QTest::addColumn<double>("max");
    QTest::newRow("nothing yet") << 0.0 << 4 << 1.0 << 1.0;
    QTest::newRow("sub-millisecond") << 0.42 << 4 << 0.1 << 0.5;
    QTest::newRow("just under five") << 4.7 << 4 << 1.0 << 5.0;
    QTest::newRow("exactly ten") << 10.0 << 4 << 2.5 << 10.0;
    QTest::newRow("forty-seven") << 47.0 << 4 << 10.0 << 50.0;
    QTest::newRow("one hundred thirty") << 130.0 << 4 << 25.0 << 150.0;
    QTest::newRow("two ticks for rates") << 1234.0 << 2 << 500.0 << 1500.0;
    QTest::newRow("negative treated as empty") << -3.0 << 4 << 1.0 << 1.0;
}

void TestChartScale::ticksUpTo()
{
    QFETCH(double, maxValue);
    QFETCH(int, target);
    QFETCH(double, step);
    QFETCH(double, max);
    const ChartTicks ticks = ChartScale::ticksUpTo(maxValue, target);
    QCOMPARE(ticks.step, step);
    QCOMPARE(ticks.max, max);
    QCOMPARE(ticks.values.constFirst(), 0.0);
    QCOMPARE(ticks.values.constLast(), max);
    QCOMPARE(ticks.values.size(), qsizetype(std::lround(max / step)) + 1);
    QVERIFY(ticks.max >= maxValue);
}

void TestChartScale::ticksBetween()
{
    double step = 0;
    QCOMPARE(ChartScale::ticksBetween(3.2, 17.9, 3, &step), (QVector<double>{5, 10, 15}));
    QCOMPARE(step, 5.0);
    QCOMPARE(ChartScale::ticksBetween(120, 125, 5, &step), (QVector<double>{120, 121, 122, 123, 124, 125}));
    QVERIFY(ChartScale::ticksBetween(4, 4, 5).isEmpty());
}

void TestChartScale::wholeNumberTicks()
{
    QCOMPARE(ChartScale::ticksUpTo(5, 2, true).values, (QVector<double>{0, 2, 4, 6}));
    QCOMPARE(ChartScale::ticksUpTo(2, 2, true).values, (QVector<double>{0, 1, 2}));
    QCOMPARE(ChartScale::ticksUpTo(1, 4, true).values, (QVector<double>{0, 1}));
    QCOMPARE(ChartScale::ticksUpTo(50, 2, true).values, (QVector<double>{0, 25, 50}));
    QCOMPARE(ChartScale::ticksUpTo(5, 2, false).values, (QVector<double>{0, 2.5, 5}));
}

void TestChartScale::tickLabels_data()
{
    QTest::addColumn<double>("value");
    QTest::addColumn<double>("step");
    QTest::addColumn<QString>("label");
    QTest::newRow("whole steps") << 10.0 << 5.0 << QStringLiteral("10");
    QTest::newRow("quarter steps") << 0.75 << 0.25 << QStringLiteral("0.75");
    QTest::newRow("two and a half") << 7.5 << 2.5 << QStringLiteral("7.5");
    QTest::newRow("tenths") << 0.30000000000000004 << 0.1 << QStringLiteral("0.3");
    QTest::newRow("zero without decimals") << 0.0 << 0.1 << QStringLiteral("0");
}

void TestChartScale::tickLabels()
{
    QFETCH(double, value);
    QFETCH(double, step);
    QFETCH(QString, label);
    QCOMPARE(ChartScale::tickLabel(value, step), label);
}

void TestChartScale::milliseconds_data()
{
    QTest::addColumn<qint64>("ns");
    QTest::addColumn<QString>("text");
    QTest::newRow("lost") << qint64(-1) << QStringLiteral("—");
    QTest::newRow("zero") << qint64(0) << QStringLiteral("0.000 ms");
    QTest::newRow("312 microseconds") << qint64(312000) << QStringLiteral("0.312 ms");
    QTest::newRow("4.12 ms") << qint64(4120000) << QStringLiteral("4.12 ms");
    QTest::newRow("41.2 ms") << qint64(41200000) << QStringLiteral("41.2 ms");
    QTest::newRow("412 ms") << qint64(412000000) << QStringLiteral("412 ms");
    QTest::newRow("over a second") << qint64(12345600000) << QStringLiteral("12,346 ms");
}

void TestChartScale::milliseconds()
{
    QFETCH(qint64, ns);
    QFETCH(QString, text);
    QCOMPARE(LatencyFormatting::milliseconds(ns), text);
}

void TestChartScale::ratesAndLoss()
{
    QCOMPARE(LatencyFormatting::count(0), QStringLiteral("0"));
    QCOMPARE(LatencyFormatting::count(999), QStringLiteral("999"));
    QCOMPARE(LatencyFormatting::count(1234), QStringLiteral("1.2k"));
    QCOMPARE(LatencyFormatting::count(98765), QStringLiteral("99k"));
    QCOMPARE(LatencyFormatting::count(2500000), QStringLiteral("2.5M"));
    QCOMPARE(LatencyFormatting::byteRate(0), QStringLiteral("0 B/s"));
    // The units sizes are written in everywhere in the window: KiB, MiB.
    QCOMPARE(LatencyFormatting::byteRate(7680), QStringLiteral("7.5 KiB/s"));
    QCOMPARE(LatencyFormatting::byteRate(2411725), QStringLiteral("2.3 MiB/s"));
    QCOMPARE(LatencyFormatting::loss(0, 0, 12), QStringLiteral("0 % (0/12)"));
    QCOMPARE(LatencyFormatting::loss(2.5, 1, 40), QStringLiteral("2.5 % (1/40)"));
    QCOMPARE(LatencyFormatting::loss(20, 1, 5), QStringLiteral("20 % (1/5)"));
}

QTEST_MAIN(TestChartScale)
#include "tst_chartscale.moc"
