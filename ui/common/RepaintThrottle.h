// SPDX-License-Identifier: MIT
#pragma once
// Coalesces repaint requests so a widget fed by a firehose paints at most once per
// interval: the first request repaints at once, later ones within the interval are folded
// into one repaint when it ends. UI thread only.
#include <QObject>
#include <QTimer>

class QWidget;

namespace wsi::ui {

class RepaintThrottle : public QObject
{
    Q_OBJECT
public:
    // 100 ms: at most ten repaints a second.
    explicit RepaintThrottle(QWidget *widget, int intervalMs = 100);

    void request();
    int intervalMs() const { return m_timer.interval(); }

private:
    void onTimeout();

    QWidget *m_widget;
    QTimer m_timer;
    bool m_pending = false;
};

} // namespace wsi::ui
