// SPDX-License-Identifier: MIT
#pragma once
// The connection's phases (DNS, TCP, TLS, upgrade, open, closing) drawn as a small
// waterfall: one row per phase, a bar from its start for its duration, the duration in
// text beside it. UI thread only.
#include "net/ConnectionOptions.h"
#include "net/ConnectionTypes.h"

#include <QWidget>

namespace wsi::ui {

class TimelineWidget : public QWidget
{
    Q_OBJECT
public:
    explicit TimelineWidget(QWidget *parent = nullptr);

    void setTimeline(const net::Timeline &timeline, qint64 nowNs);
    // An EventSource's request phase is "request", a WebSocket's "upgrade".
    void setTrafficKind(net::TrafficKind kind);
    const net::Timeline &timeline() const { return m_timeline; }
    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    int rowHeight() const;
    net::Timeline m_timeline;
    qint64 m_nowNs = 0;
    net::TrafficKind m_kind = net::TrafficKind::WebSocket;
};

// "resolve", "tcp", "tls", "upgrade" (an EventSource: "request"), "open", ...
QString timelineLabel(net::ConnectionState state, net::TrafficKind kind = net::TrafficKind::WebSocket);

} // namespace wsi::ui
