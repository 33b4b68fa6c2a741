// SPDX-License-Identifier: MIT
#include "SessionEnding.h"

#include <algorithm>

SessionEnding::SessionEnding(Settings settings, QObject *parent) : QObject(parent), m_settings(settings)
{
    m_quiet.setSingleShot(true);
    connect(&m_quiet, &QTimer::timeout, this, &SessionEnding::end);
}

qint64 SessionEnding::messagesWanted(qint64 incoming) const
{
    if (m_settings.maxMessages <= 0)
        return incoming;
    return std::clamp<qint64>(m_settings.maxMessages - m_received, 0, incoming);
}

void SessionEnding::inputEnded()
{
    if (m_inputEnded || m_settings.noClose)
        return;
    m_inputEnded = true;
    if (m_settings.quietMs <= 0)
        end();
    else
        m_quiet.start(m_settings.quietMs);
}

void SessionEnding::messagesReceived(qint64 count)
{
    if (count <= 0 || m_ended)
        return;
    m_received += count;
    if (m_settings.maxMessages > 0 && m_received >= m_settings.maxMessages) {
        end();
        return;
    }
    // Replies still coming: the quiet period starts again from this one.
    if (m_quiet.isActive())
        m_quiet.start(m_settings.quietMs);
}

void SessionEnding::end()
{
    if (m_ended)
        return;
    m_ended = true;
    m_quiet.stop();
    Q_EMIT closeWanted();
}
