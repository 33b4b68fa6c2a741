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

double RateChart::axisMax() const
{
    double top = 0;
    for (double value : m_incoming)
        top = std::max(top, value);
    for (double value : m_outgoing)
        top = std::max(top, value);
    // Counts are whole: at least 0, 1, 2 messages (or 0, 5, 10 bytes), never half a message.
    const double floor = m_unit == Unit::Messages ? 2 : 10;
    return ChartScale::ticksUpTo(std::max(top, floor), 2, true).max;
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
    // One unit for the whole axis, chosen by its top, with the decimals its step needs:
    // "0", "200 kB", "400 kB" rather than "200.0 kB".
    const double top = axisMax();
    const bool bytes = m_unit == Unit::Bytes;
    double scale = 1;
    QString unit = bytes ? QStringLiteral(" B") : QString();
    // Switch units late: "500", "1000" read better than "0.5k", "1.0k".
    if (top >= 1e7) {
        scale = 1e6;
        unit = bytes ? QStringLiteral(" MB") : QStringLiteral("M");
    } else if (top >= 1e4) {
        scale = 1e3;
        unit = bytes ? QStringLiteral(" kB") : QStringLiteral("k");
    }
    return ChartScale::tickLabel(value / scale, step / scale) + unit;
}

void RateChart::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    const QRectF area = rect();
    const ChartFrame::Label label = [this](double value, double step) { return valueLabel(value, step); };
    ChartFrame frame = ChartFrame::layout(area, fontMetrics(), ChartScale::ticksUpTo(axisMax(), 2, true), label, false, 0);
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
