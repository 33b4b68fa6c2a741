// SPDX-License-Identifier: MIT
#pragma once
// Axis arithmetic for the latency panel's charts: "nice" tick steps (1, 2, 2.5 or 5 times a
// power of ten) so an auto-scaled axis reads 0, 5, 10, 15 ms rather than 0, 4.7, 9.4.
#include <QString>
#include <QVector>

namespace wsi::ui {

struct ChartTicks {
    double step = 1;
    double max = 1;          // the axis top: a multiple of step, at least the data maximum
    QVector<double> values;  // 0, step, 2 step, ... max
};

namespace ChartScale {

// A nice step that divides `range` into about `targetCount` intervals (between about
// two thirds and one and a half times as many); 1 for an empty or invalid range.
// `wholeNumbers`: for counts, steps of at least 1 and no 2.5.
double niceStep(double range, int targetCount, bool wholeNumbers = false);
// Ticks from 0 to the first multiple of a nice step at or above `maxValue`.
ChartTicks ticksUpTo(double maxValue, int targetCount = 4, bool wholeNumbers = false);
// Multiples of a nice step inside [from, to].
QVector<double> ticksBetween(double from, double to, int targetCount, double *step = nullptr);
// The value with as many decimals as the step needs: 2.5 with step 2.5 -> "2.5", 10 -> "10".
QString tickLabel(double value, double step);

} // namespace ChartScale
} // namespace wsi::ui
