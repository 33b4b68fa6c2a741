// SPDX-License-Identifier: MIT
#include "ui/panels/latency/RateChart.h"

#include "ui/panels/latency/ChartFrame.h"
#include "ui/panels/latency/LatencyFormatting.h"
#include "ui/window/Theme.h"
#include "ui/panels/latency/TrafficRates.h"

#include <QPainter>

#include <algorithm>

namespace wsi::ui {

RateChart::RateChart(Unit unit, QWidget *parent)
    : QWidget(parent)
    , m_unit(unit)
{
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
}

void RateChart::setSeries(const QVector<double> &incoming, const QVector<double> &outgoing)
{
    m_incoming = incoming;
    m_outgoing = outgoing;
    update();
}

void RateChart::clear()
{
    setSeries({}, {});
}

double RateChart::dataMax() const
{
    double top = 0;
    for (double value : m_incoming)
        top = std::max(top, value);
    for (double value : m_outgoing)
        top = std::max(top, value);
    // Counts are whole: at least 0, 1, 2 messages (or 0, 5, 10 bytes), never half a message.
    return std::max(top, m_unit == Unit::Messages ? 2.0 : 10.0);
}

// One unit for the whole axis, chosen by the data's top, switched late: "500", "1000"
// read better than "0.5k". Bytes in KiB and MiB, as sizes are everywhere in the app.
double RateChart::unitScale() const
{
    const double top = dataMax();
    const bool bytes = m_unit == Unit::Bytes;
    if (top >= (bytes ? 10.0 * 1024 * 1024 : 1e7))
        return bytes ? 1024.0 * 1024 : 1e6;
    if (top >= (bytes ? 10.0 * 1024 : 1e4))
        return bytes ? 1024.0 : 1e3;
    return 1;
}

// Nice ticks in the axis's unit (0, 200, 400 KiB), in raw values.
ChartTicks RateChart::ticks() const
{
    const double scale = unitScale();
    ChartTicks ticks = ChartScale::ticksUpTo(dataMax() / scale, 2, true);
    ticks.step *= scale;
    ticks.max *= scale;
    for (double &value : ticks.values)
        value *= scale;
    return ticks;
}

double RateChart::axisMax() const
{
    return ticks().max;
}

QSize RateChart::sizeHint() const
{
    return {260, 90};
}

QSize RateChart::minimumSizeHint() const
{
    return {160, 60};
}

QString RateChart::valueLabel(double value, double step) const
{
    if (value <= 0)
        return QStringLiteral("0");
    // "0", "200 KiB", "400 KiB" rather than "200.0 KiB".
    const double scale = unitScale();
    const bool bytes = m_unit == Unit::Bytes;
    QString unit = bytes ? QStringLiteral(" B") : QString();
    if (scale >= 1e6)
        unit = bytes ? QStringLiteral(" MiB") : QStringLiteral("M");
    else if (scale >= 1e3)
        unit = bytes ? QStringLiteral(" KiB") : QStringLiteral("k");
    return ChartScale::tickLabel(value / scale, step / scale) + unit;
}

void RateChart::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    const QRectF area = rect();
    const ChartFrame::Label label = [this](double value, double step) { return valueLabel(value, step); };
    ChartFrame frame = ChartFrame::layout(area, fontMetrics(), ticks(), label, false, 0);
    frame.xFrom = 0;
    frame.xTo = TrafficRates::MaxSeconds - 1;
    frame.drawBackground(painter, area, palette());
    if (m_incoming.isEmpty()) {
        ChartFrame::drawNote(painter, palette(), area, tr("No messages yet"));
        return;
    }
    frame.drawYAxis(painter, palette(), label);
    drawLine(painter, frame, m_outgoing, Theme::outgoingColor(palette()));
    drawLine(painter, frame, m_incoming, Theme::incomingColor(palette()));
}

void RateChart::drawLine(QPainter &painter, const ChartFrame &frame, const QVector<double> &values, const QColor &color) const
{
    // Right-aligned: the newest second sits at the right edge whatever the history length.
    const int offset = TrafficRates::MaxSeconds - int(values.size());
    QPolygonF line;
    line.reserve(values.size());
    for (int i = 0; i < values.size(); ++i)
        line << QPointF(frame.xFor(offset + i), frame.yFor(values.at(i)));
    painter.setPen(QPen(color, 1.5, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
    if (line.size() == 1)
        painter.drawEllipse(line.constFirst(), 2, 2);
    else
        painter.drawPolyline(line);
}

} // namespace wsi::ui
