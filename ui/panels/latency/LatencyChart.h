// SPDX-License-Identifier: MIT
#pragma once
// The live chart of ping round trips: the last MaxSamples pings over the connection's time,
// round trip in ms on an auto-scaled y axis with nice ticks, lost pings (timed out, or
// skipped by a later pong) as red marks along the top. Repaints at most ten times a second
// however fast samples come. UI thread only.
#include "net/PingStats.h"

#include <QVector>
#include <QWidget>

namespace wsi::ui {

struct ChartFrame;
class RepaintThrottle;

class LatencyChart : public QWidget
{
    Q_OBJECT
public:
    static constexpr int MaxSamples = 300;

    explicit LatencyChart(QWidget *parent = nullptr);

    void addSample(const wsi::net::PingSample &sample);
    void clear();

    // Kept samples, lost ones included; at most MaxSamples.
    int sampleCount() const { return int(m_samples.size()); }
    int lostCount() const;
    const QVector<net::PingSample> &samples() const { return m_samples; }
    // The y axis' top in ms for the kept samples (a nice value at or above the largest).
    double axisMaxMs() const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    void drawSeries(QPainter &painter, const ChartFrame &frame) const;
    void drawLost(QPainter &painter, const ChartFrame &frame) const;
    void drawLegend(QPainter &painter, const ChartFrame &frame) const;

    QVector<net::PingSample> m_samples;
    RepaintThrottle *m_throttle = nullptr;
};

} // namespace wsi::ui
