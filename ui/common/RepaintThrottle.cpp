// SPDX-License-Identifier: MIT
#include "ui/common/RepaintThrottle.h"

#include <QWidget>

namespace wsi::ui {

RepaintThrottle::RepaintThrottle(QWidget *widget, int intervalMs)
    : QObject(widget)
    , m_widget(widget)
{
    m_timer.setSingleShot(true);
    m_timer.setInterval(intervalMs);
    connect(&m_timer, &QTimer::timeout, this, &RepaintThrottle::onTimeout);
}

void RepaintThrottle::request()
{
    if (m_timer.isActive()) {
        m_pending = true;
        return;
    }
    m_widget->update();
    m_timer.start();
}

void RepaintThrottle::onTimeout()
{
    if (!m_pending)
        return;
    m_pending = false;
    m_widget->update();
    m_timer.start();
}

} // namespace wsi::ui
