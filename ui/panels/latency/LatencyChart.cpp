// SPDX-License-Identifier: MIT
#include "ui/panels/latency/LatencyChart.h"

#include "ui/panels/latency/ChartFrame.h"
#include "ui/common/RepaintThrottle.h"
#include "ui/window/Theme.h"
#include "store/LogRecord.h"

#include <QPainter>
#include <QPainterPath>

#include <algorithm>

namespace wsi::ui {

namespace {

constexpr int LostStrip = 10;
constexpr int DotsUpTo = 60; // fewer samples than this: each one also gets a dot

double msOf(qint64 ns)
{
    return double(ns) / 1e6;
}

double secondsOf(qint64 ns)
{
    return double(ns) / 1e9;
}

QString timeLabel(double seconds, double step)
{
    if (seconds < 60 || step < 1)
        return ChartScale::tickLabel(seconds, step) + QStringLiteral(" s");
    const qint64 whole = qint64(seconds + 0.5);
    return QStringLiteral("%1:%2").arg(whole / 60).arg(whole % 60, 2, 10, QLatin1Char('0'));
}

} // namespace

LatencyChart::LatencyChart(QWidget *parent)
    : QWidget(parent)
    , m_throttle(new RepaintThrottle(this))
{
    setObjectName(QStringLiteral("latencyChart"));
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
    m_samples.reserve(MaxSamples);
}

void LatencyChart::addSample(const net::PingSample &sample)
{
    if (m_samples.size() >= MaxSamples)
        m_samples.removeFirst();
    m_samples.append(sample);
    m_throttle->request();
}

void LatencyChart::clear()
{
    m_samples.clear();
    update();
}

int LatencyChart::lostCount() const
{
    return int(std::count_if(m_samples.cbegin(), m_samples.cend(), [](const net::PingSample &s) { return s.rttNs < 0; }));
}

double LatencyChart::axisMaxMs() const
{
    qint64 maxNs = 0;
    for (const net::PingSample &sample : m_samples)
        maxNs = std::max(maxNs, sample.rttNs);
    return ChartScale::ticksUpTo(msOf(maxNs), 4).max;
}

QSize LatencyChart::sizeHint() const
{
    return {480, 180};
}

QSize LatencyChart::minimumSizeHint() const
{
    return {200, 100};
}

void LatencyChart::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    const QRectF area = rect();
    const ChartTicks ticks = ChartScale::ticksUpTo(axisMaxMs(), 4);
    // The unit once, on the top label: "0", "5", "10 ms".
    const ChartFrame::Label yLabel = [top = ticks.max](double value, double step) -> QString {
        return ChartScale::tickLabel(value, step) + (value >= top ? QStringLiteral(" ms") : QString());
    };
    ChartFrame frame = ChartFrame::layout(area, fontMetrics(), ticks, yLabel, true, LostStrip + 4);
    if (!m_samples.isEmpty()) {
        frame.xFrom = secondsOf(m_samples.constFirst().sentNs);
        frame.xTo = secondsOf(m_samples.constLast().sentNs);
        if (frame.xTo - frame.xFrom < 1) {
            // One sample or a burst: a window of a second around them reads better.
            const double middle = (frame.xFrom + frame.xTo) / 2;
            frame.xFrom = std::max(0.0, middle - 0.5);
            frame.xTo = frame.xFrom + 1;
        }
    }
    frame.drawBackground(painter, area, palette());
    if (m_samples.isEmpty()) {
        ChartFrame::drawNote(painter, palette(), area, tr("No round trips yet"));
        return;
    }
    frame.drawYAxis(painter, palette(), yLabel);
    frame.drawXAxis(painter, palette(), timeLabel);
    drawSeries(painter, frame);
    drawLost(painter, frame);
    drawLegend(painter, frame);
}

void LatencyChart::drawSeries(QPainter &painter, const ChartFrame &frame) const
{
    const QColor color = Theme::kindColor(log::LogEntryKind::Ping, palette());
    QPolygonF line;
    line.reserve(m_samples.size());
    for (const net::PingSample &sample : m_samples) {
        if (sample.rttNs >= 0)
            line << QPointF(frame.xFor(secondsOf(sample.sentNs)), frame.yFor(msOf(sample.rttNs)));
    }
    painter.setPen(QPen(color, 1.6, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
    painter.drawPolyline(line);
    if (line.size() <= DotsUpTo) {
        painter.setBrush(color);
        painter.setPen(Qt::NoPen);
        for (const QPointF &point : std::as_const(line))
            painter.drawEllipse(point, 2.5, 2.5);
        painter.setBrush(Qt::NoBrush);
    }
}

void LatencyChart::drawLost(QPainter &painter, const ChartFrame &frame) const
{
    painter.setPen(QPen(Theme::errorColor(palette()), 2, Qt::SolidLine, Qt::FlatCap));
    const double top = frame.plot.top() - LostStrip - 2;
    for (const net::PingSample &sample : m_samples) {
        if (sample.rttNs >= 0)
            continue;
        const double x = frame.xFor(secondsOf(sample.sentNs));
        painter.drawLine(QPointF(x, top), QPointF(x, top + LostStrip));
    }
}

void LatencyChart::drawLegend(QPainter &painter, const ChartFrame &frame) const
{
    const int lost = lostCount();
    if (!lost)
        return;
    const QString text = lost == 1 ? tr("1 lost") : tr("%1 lost").arg(lost);
    const QFontMetrics metrics = fontMetrics();
    const QRectF box(frame.plot.right() - metrics.horizontalAdvance(text) - 4, 1, metrics.horizontalAdvance(text) + 4,
                     metrics.height());
    painter.setPen(Theme::errorColor(palette()));
    painter.drawText(box, Qt::AlignRight | Qt::AlignTop, text);
}

} // namespace wsi::ui
