// SPDX-License-Identifier: MIT
#include "ui/panels/latency/LatencyFormatting.h"

#include "ui/log/LogRowText.h"

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

// In the units sizes are written in everywhere (the log, the options): B, KiB, MiB, GiB.
QString byteRate(double bytesPerSecond)
{
    return LogRowText::size(quint64(std::llround(std::max(0.0, bytesPerSecond)))) + QStringLiteral("/s");
}

QString loss(double percent, int lost, int settled)
{
    return QStringLiteral("%1 % (%2/%3)").arg(percent, 0, 'f', percent > 0 && percent < 10 ? 1 : 0).arg(lost).arg(settled);
}

} // namespace wsi::ui::LatencyFormatting
