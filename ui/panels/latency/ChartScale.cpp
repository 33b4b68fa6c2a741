// SPDX-License-Identifier: MIT
#include "ui/panels/latency/ChartScale.h"

#include <cmath>

namespace wsi::ui::ChartScale {

double niceStep(double range, int targetCount, bool wholeNumbers)
{
    if (!(range > 0) || !std::isfinite(range) || targetCount < 1)
        return 1;
    const double raw = range / targetCount;
    const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
    const double normalized = raw / magnitude;
    // Round to the nearest nice value (Heckbert's "nice numbers"), so the axis top stays
    // close to the data: 4.7 ms gets 0..5, not 0..6.
    double nice = 10;
    if (normalized < 1.5)
        nice = 1;
    else if (normalized < 2.25)
        nice = 2;
    else if (normalized < 3.5)
        nice = 2.5;
    else if (normalized < 7.5)
        nice = 5;
    if (wholeNumbers && nice == 2.5 && magnitude < 10)
        nice = 2;
    return wholeNumbers ? std::max(1.0, nice * magnitude) : nice * magnitude;
}

ChartTicks ticksUpTo(double maxValue, int targetCount, bool wholeNumbers)
{
    ChartTicks ticks;
    ticks.step = niceStep(maxValue, targetCount, wholeNumbers);
    // A small epsilon keeps 10.000000001 from adding a whole step above 10.
    const double steps = maxValue > 0 ? std::ceil(maxValue / ticks.step - 1e-9) : 1;
    ticks.max = std::max(1.0, steps) * ticks.step;
    for (int i = 0; i <= int(std::lround(ticks.max / ticks.step)); ++i)
        ticks.values.append(i * ticks.step);
    return ticks;
}

QVector<double> ticksBetween(double from, double to, int targetCount, double *step)
{
    QVector<double> values;
    const double s = niceStep(to - from, targetCount);
    if (step)
        *step = s;
    if (!(to > from))
        return values;
    for (double value = std::ceil(from / s - 1e-9) * s; value <= to + s * 1e-9; value += s)
        values.append(value);
    return values;
}

QString tickLabel(double value, double step)
{
    int decimals = 0;
    // Enough decimals for the step itself (0.25 needs 2); never more than 6.
    while (decimals < 6 && std::abs(step * std::pow(10.0, decimals) - std::round(step * std::pow(10.0, decimals))) > 1e-6)
        ++decimals;
    if (std::abs(value) < step * 1e-6)
        return QStringLiteral("0"); // the baseline reads "0", never "0.00"
    return QString::number(value, 'f', decimals);
}

} // namespace wsi::ui::ChartScale
