// SPDX-License-Identifier: MIT
#pragma once
// The frame both latency-panel charts draw their series into: background, horizontal grid
// lines at nice y ticks with their labels on the left, optional time labels below, and the
// mapping from values to pixels. Plain painting code, no state of its own.
#include "ui/panels/latency/ChartScale.h"

#include <QRectF>

#include <functional>

class QFontMetrics;
class QPainter;
class QPalette;

namespace wsi::ui {

struct ChartFrame {
    QRectF plot;       // where the series go
    ChartTicks yTicks; // 0 .. yTicks.max, bottom to top
    double xFrom = 0;
    double xTo = 1;

    double xFor(double value) const;
    double yFor(double value) const;

    using Label = std::function<QString(double value, double step)>;

    // Lays the frame out in `area`: room on the left for the widest y label, below for
    // x labels when `xLabels`, and `topStrip` pixels above the plot (lost-ping marks).
    static ChartFrame layout(const QRectF &area, const QFontMetrics &metrics, const ChartTicks &ticks,
                             const Label &yLabel, bool xLabels, int topStrip);

    void drawBackground(QPainter &painter, const QRectF &area, const QPalette &palette) const;
    void drawYAxis(QPainter &painter, const QPalette &palette, const Label &label) const;
    void drawXAxis(QPainter &painter, const QPalette &palette, const Label &label) const;
    // A note centred in `area` ("No round trips yet"), for a chart with nothing to draw.
    static void drawNote(QPainter &painter, const QPalette &palette, const QRectF &area, const QString &text);
};

} // namespace wsi::ui
