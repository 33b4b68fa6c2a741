// SPDX-License-Identifier: MIT
#include "ui/panels/latency/ChartFrame.h"

#include <QFontMetrics>
#include <QPainter>
#include <QPalette>

#include <algorithm>
#include <cmath>

namespace wsi::ui {

namespace {

constexpr double LabelGap = 6;

QColor gridColor(const QPalette &palette)
{
    QColor color = palette.color(QPalette::Text);
    color.setAlphaF(0.12);
    return color;
}

} // namespace

double ChartFrame::xFor(double value) const
{
    const double span = xTo - xFrom;
    if (!(span > 0))
        return plot.center().x();
    return plot.left() + (value - xFrom) / span * plot.width();
}

double ChartFrame::yFor(double value) const
{
    const double top = yTicks.max > 0 ? yTicks.max : 1;
    return plot.bottom() - std::clamp(value / top, 0.0, 1.0) * plot.height();
}

ChartFrame ChartFrame::layout(const QRectF &area, const QFontMetrics &metrics, const ChartTicks &ticks,
                              const Label &yLabel, bool xLabels, int topStrip)
{
    ChartFrame frame;
    frame.yTicks = ticks;
    int labelWidth = 0;
    for (double value : ticks.values)
        labelWidth = std::max(labelWidth, metrics.horizontalAdvance(yLabel(value, ticks.step)));
    const double half = metrics.height() / 2.0;
    const double left = area.left() + labelWidth + 2 * LabelGap;
    const double top = area.top() + std::max<double>(topStrip, half) + 2;
    const double bottom = area.bottom() - (xLabels ? metrics.height() + LabelGap : half) - 1;
    const double right = area.right() - LabelGap - (xLabels ? metrics.averageCharWidth() * 2 : 0);
    frame.plot = QRectF(QPointF(left, top), QPointF(right, std::max(top + 1, bottom)));
    return frame;
}

void ChartFrame::drawBackground(QPainter &painter, const QRectF &area, const QPalette &palette) const
{
    painter.fillRect(area, palette.color(QPalette::Base));
    painter.setPen(palette.color(QPalette::Mid));
    painter.drawRect(area.adjusted(0.5, 0.5, -0.5, -0.5));
}

void ChartFrame::drawYAxis(QPainter &painter, const QPalette &palette, const Label &label) const
{
    const QFontMetrics metrics = painter.fontMetrics();
    for (double value : yTicks.values) {
        const double y = std::round(yFor(value)) + 0.5;
        painter.setPen(gridColor(palette));
        painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y));
        painter.setPen(palette.color(QPalette::PlaceholderText));
        const QRectF box(0, y - metrics.height() / 2.0, plot.left() - LabelGap, metrics.height());
        painter.drawText(box, Qt::AlignRight | Qt::AlignVCenter, label(value, yTicks.step));
    }
}

void ChartFrame::drawXAxis(QPainter &painter, const QPalette &palette, const Label &label) const
{
    const QFontMetrics metrics = painter.fontMetrics();
    double step = 1;
    const int target = std::max(2, int(plot.width() / (metrics.averageCharWidth() * 10)));
    const QVector<double> values = ChartScale::ticksBetween(xFrom, xTo, target, &step);
    for (double value : values) {
        const double x = std::round(xFor(value)) + 0.5;
        painter.setPen(gridColor(palette));
        painter.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom() + 3));
        painter.setPen(palette.color(QPalette::PlaceholderText));
        const QString text = label(value, step);
        const double width = metrics.horizontalAdvance(text) + 2;
        painter.drawText(QRectF(x - width / 2, plot.bottom() + 3, width, metrics.height()), Qt::AlignCenter, text);
    }
}

void ChartFrame::drawNote(QPainter &painter, const QPalette &palette, const QRectF &area, const QString &text)
{
    painter.setPen(palette.color(QPalette::PlaceholderText));
    painter.drawText(area, Qt::AlignCenter | Qt::TextWordWrap, text);
}

} // namespace wsi::ui
