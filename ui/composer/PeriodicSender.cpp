// SPDX-License-Identifier: MIT
#include "ui/composer/PeriodicSender.h"

#include <QTimer>

namespace wsi::ui {

PeriodicSender::PeriodicSender(QObject *parent) : QObject(parent), m_timer(new QTimer(this))
{
    // Short intervals are for load tests: keep them close to what was asked.
    m_timer->setTimerType(Qt::PreciseTimer);
    connect(m_timer, &QTimer::timeout, this, &PeriodicSender::onTimeout);
}

QString PeriodicSender::substitute(const QString &templateText, qint64 counter, const QDateTime &now)
{
    if (!hasPlaceholders(templateText))
        return templateText;
    QString text = templateText;
    text.replace(QLatin1String("{{counter}}"), QString::number(counter));
    text.replace(QLatin1String("{{timestamp}}"), QString::number(now.toMSecsSinceEpoch()));
    text.replace(QLatin1String("{{iso}}"), now.toUTC().toString(Qt::ISODateWithMs));
    return text;
}

bool PeriodicSender::hasPlaceholders(const QString &templateText)
{
    return templateText.contains(QLatin1String("{{"));
}

void PeriodicSender::start(int intervalMs)
{
    const bool wasRunning = isRunning();
    m_count = 0;
    m_timer->start(qMax(1, intervalMs));
    if (!wasRunning)
        Q_EMIT runningChanged(true);
    onTimeout();
}

void PeriodicSender::stop()
{
    if (!isRunning())
        return;
    m_timer->stop();
    Q_EMIT runningChanged(false);
}

bool PeriodicSender::isRunning() const
{
    return m_timer->isActive();
}

int PeriodicSender::intervalMs() const
{
    return m_timer->interval();
}

void PeriodicSender::onTimeout()
{
    ++m_count;
    Q_EMIT fire(m_count);
}

} // namespace wsi::ui
