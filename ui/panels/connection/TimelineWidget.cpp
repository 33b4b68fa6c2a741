// SPDX-License-Identifier: MIT
#include "ui/panels/connection/TimelineWidget.h"

#include "ui/tab/ConnectionBar.h"
#include "ui/window/Theme.h"

#include <QPainter>

#include <algorithm>

namespace wsi::ui {

namespace {

// The phases worth a bar; Idle and Closed are instants, not durations.
bool isPhase(net::ConnectionState state)
{
    return state != net::ConnectionState::Idle && state != net::ConnectionState::Closed;
}

} // namespace

QString timelineLabel(net::ConnectionState state, net::TrafficKind kind)
{
    switch (state) {
    case net::ConnectionState::Resolving:
        return TimelineWidget::tr("resolve");
    case net::ConnectionState::Connecting:
        return TimelineWidget::tr("tcp");
    case net::ConnectionState::ProxyTunnel:
        return TimelineWidget::tr("proxy");
    case net::ConnectionState::TlsHandshake:
        return TimelineWidget::tr("tls");
    case net::ConnectionState::Upgrading:
        return kind == net::TrafficKind::EventSource ? TimelineWidget::tr("request") : TimelineWidget::tr("upgrade");
    case net::ConnectionState::Open:
        return TimelineWidget::tr("open");
    case net::ConnectionState::Closing:
        return TimelineWidget::tr("closing");
    default:
        return QString::fromLatin1(net::connectionStateName(state));
    }
}

TimelineWidget::TimelineWidget(QWidget *parent) : QWidget(parent)
{
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
}

void TimelineWidget::setTrafficKind(net::TrafficKind kind)
{
    m_kind = kind;
    update();
}

void TimelineWidget::setTimeline(const net::Timeline &timeline, qint64 nowNs)
{
    m_timeline.clear();
    for (const auto &entry : timeline) {
        if (isPhase(entry.state))
            m_timeline.push_back(entry);
    }
    m_nowNs = nowNs;
    updateGeometry();
    update();
}

int TimelineWidget::rowHeight() const
{
    return fontMetrics().height() + 4;
}

QSize TimelineWidget::sizeHint() const
{
    return {240, rowHeight() * std::max<int>(1, int(m_timeline.size())) + 4};
}

QSize TimelineWidget::minimumSizeHint() const
{
    return {160, sizeHint().height()};
}

void TimelineWidget::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    const QPalette &palette = this->palette();
    const QFontMetrics metrics = fontMetrics();
    if (m_timeline.isEmpty()) {
        painter.setPen(palette.color(QPalette::PlaceholderText));
        painter.drawText(rect(), Qt::AlignLeft | Qt::AlignVCenter, tr("not connected"));
        return;
    }
    // Scale: everything before "open" takes the width; an open phase is drawn to the edge
    // so setup phases stay readable however long the connection has been open.
    qint64 setupEnd = 1;
    for (const auto &entry : m_timeline) {
        const qint64 duration = entry.durationNs >= 0 ? entry.durationNs : m_nowNs - entry.startNs;
        if (entry.state != net::ConnectionState::Open && entry.state != net::ConnectionState::Closing)
            setupEnd = std::max(setupEnd, entry.startNs + duration);
    }
    const int labelWidth = metrics.horizontalAdvance(QStringLiteral("upgrade  "));
    const int durationWidth = metrics.horizontalAdvance(QStringLiteral("00000.0 ms"));
    const int barLeft = labelWidth;
    const int barWidth = std::max(20, width() - labelWidth - durationWidth - 8);
    const int h = rowHeight();
    int y = 2;
    for (const auto &entry : m_timeline) {
        const qint64 duration = entry.durationNs >= 0 ? entry.durationNs : m_nowNs - entry.startNs;
        const bool longPhase = entry.state == net::ConnectionState::Open || entry.state == net::ConnectionState::Closing;
        const int x0 = barLeft + int(double(std::min(entry.startNs, setupEnd)) / double(setupEnd) * barWidth);
        const int x1 = longPhase ? barLeft + barWidth
                                 : barLeft + int(double(entry.startNs + duration) / double(setupEnd) * barWidth);
        painter.setPen(palette.color(QPalette::WindowText));
        painter.drawText(QRect(0, y, labelWidth, h), Qt::AlignLeft | Qt::AlignVCenter, timelineLabel(entry.state, m_kind));
        QColor bar = entry.state == net::ConnectionState::Open ? Theme::okColor(palette)
                                                               : Theme::outgoingColor(palette);
        if (entry.durationNs < 0)
            bar = bar.lighter(115);
        painter.fillRect(QRect(x0, y + 3, std::max(2, x1 - x0), h - 6), bar);
        painter.setPen(palette.color(QPalette::WindowText));
        painter.drawText(QRect(barLeft + barWidth + 6, y, durationWidth, h), Qt::AlignRight | Qt::AlignVCenter,
                         formatDuration(duration));
        y += h;
    }
}

} // namespace wsi::ui
