// SPDX-License-Identifier: MIT
#include "ui/panels/latency/LatencyFormatting.h"

#include <QLocale>

#include <cmath>

namespace wsi::ui::LatencyFormatting {

QString milliseconds(qint64 ns)
{
    if (ns < 0)
        return QStringLiteral("—");
    const double ms = double(ns) / 1e6;
    if (ms >= 1000) {
        QLocale locale = QLocale::c();
        locale.setNumberOptions(QLocale::DefaultNumberOptions); // keep the "1,234" separator
        return locale.toString(qint64(std::llround(ms))) + QStringLiteral(" ms");
    }
    const int decimals = ms < 1 ? 3 : ms < 10 ? 2 : ms < 100 ? 1 : 0;
    return QString::number(ms, 'f', decimals) + QStringLiteral(" ms");
}

QString count(double value)
{
    if (value < 1000)
        return QString::number(std::llround(value));
    if (value < 1e6)
        return QString::number(value / 1e3, 'f', value < 1e4 ? 1 : 0) + QLatin1Char('k');
    return QString::number(value / 1e6, 'f', value < 1e7 ? 1 : 0) + QLatin1Char('M');
}

QString byteRate(double bytesPerSecond)
{
    if (bytesPerSecond < 1000)
        return QStringLiteral("%1 B/s").arg(std::llround(bytesPerSecond));
    if (bytesPerSecond < 1e6)
        return QStringLiteral("%1 kB/s").arg(bytesPerSecond / 1e3, 0, 'f', 1);
    if (bytesPerSecond < 1e9)
        return QStringLiteral("%1 MB/s").arg(bytesPerSecond / 1e6, 0, 'f', 1);
    return QStringLiteral("%1 GB/s").arg(bytesPerSecond / 1e9, 0, 'f', 2);
}

QString loss(double percent, int lost, int settled)
{
    return QStringLiteral("%1 % (%2/%3)").arg(percent, 0, 'f', percent > 0 && percent < 10 ? 1 : 0).arg(lost).arg(settled);
}

} // namespace wsi::ui::LatencyFormatting
