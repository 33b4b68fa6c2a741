// SPDX-License-Identifier: MIT
#include "script/HookWatchdog.h"

#include <QJSEngine>

namespace wsi::script {

HookWatchdog::HookWatchdog(QJSEngine *engine) : m_engine(engine), m_thread([this] { watch(); }) {}

HookWatchdog::~HookWatchdog()
{
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_one();
    m_thread.join();
}

void HookWatchdog::arm(int limitMs)
{
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(limitMs);
        m_armed = true;
        m_fired = false;
    }
    m_wake.notify_one();
}

bool HookWatchdog::disarm()
{
    std::lock_guard<std::mutex> lock(m_mutex);
    m_armed = false;
    return m_fired;
}

void HookWatchdog::watch()
{
    std::unique_lock<std::mutex> lock(m_mutex);
    while (!m_stopping) {
        if (!m_armed) {
            m_wake.wait(lock);
            continue;
        }
        // Woken early by a disarm or a new arm: look again at the (maybe new) deadline.
        if (m_wake.wait_until(lock, m_deadline) == std::cv_status::timeout && m_armed
            && std::chrono::steady_clock::now() >= m_deadline) {
            m_engine->setInterrupted(true);
            m_fired = true;
            m_armed = false;
        }
    }
}

} // namespace wsi::script
