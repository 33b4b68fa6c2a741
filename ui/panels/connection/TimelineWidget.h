// SPDX-License-Identifier: MIT
#pragma once
// The connection's phases (DNS, TCP, TLS, upgrade, open, closing) drawn as a small
// waterfall: one row per phase, a bar from its start for its duration, the duration in
// text beside it. UI thread only.
#include "net/ConnectionTypes.h"

#include <QWidget>

namespace wsi::ui {

class TimelineWidget : public QWidget
{
    Q_OBJECT
public:
    explicit TimelineWidget(QWidget *parent = nullptr);

    void setTimeline(const net::Timeline &timeline, qint64 nowNs);
    const net::Timeline &timeline() const { return m_timeline; }
    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    int rowHeight() const;
    net::Timeline m_timeline;
    qint64 m_nowNs = 0;
};

// "resolve", "tcp", "tls", "upgrade", "open", ...
QString timelineLabel(net::ConnectionState state);

} // namespace wsi::ui
