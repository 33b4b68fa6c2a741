// SPDX-License-Identifier: MIT
#pragma once
// A small chart of a rate each way over the last TrafficRates::MaxSeconds seconds
// (messages/s or bytes/s): incoming and outgoing as two lines in the direction colours,
// the newest second at the right edge, y auto-scaled with nice ticks. UI thread only.
#include "ui/panels/latency/ChartScale.h"

#include <QVector>
#include <QWidget>

namespace wsi::ui {

struct ChartFrame;

class RateChart : public QWidget
{
    Q_OBJECT
public:
    enum class Unit : quint8 { Messages, Bytes };

    explicit RateChart(Unit unit, QWidget *parent = nullptr);

    // Per-second values, oldest first, both of the same length.
    void setSeries(const QVector<double> &incoming, const QVector<double> &outgoing);
    void clear();

    int pointCount() const { return int(m_incoming.size()); }
    double axisMax() const;
    double unitScale() const; // what an axis label's number is counted in (1, KiB, MiB; 1, k, M)

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    void drawLine(QPainter &painter, const ChartFrame &frame, const QVector<double> &values, const QColor &color) const;
    QString valueLabel(double value, double step) const;
    double dataMax() const;
    ChartTicks ticks() const;

    Unit m_unit;
    QVector<double> m_incoming;
    QVector<double> m_outgoing;
};

} // namespace wsi::ui
