// SPDX-License-Identifier: MIT
#pragma once
// The time limit of one script hook. QJSEngine runs a hook on the caller's thread and
// cannot be stopped from there while it loops, so a thread of our own watches the clock
// and calls QJSEngine::setInterrupted (thread-safe) when a hook passes its limit.
//
// arm() and disarm() are called on the engine's thread around each call into the script;
// the watching thread only sleeps until a deadline.
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

class QJSEngine;

namespace wsi::script {

class HookWatchdog
{
public:
    explicit HookWatchdog(QJSEngine *engine);
    ~HookWatchdog();
    HookWatchdog(const HookWatchdog &) = delete;
    HookWatchdog &operator=(const HookWatchdog &) = delete;

    void arm(int limitMs);
    // Ends the watch; true when the limit passed and the engine was interrupted (the
    // caller clears the engine's interrupt flag once the hook has returned).
    bool disarm();

private:
    void watch();

    QJSEngine *m_engine;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::chrono::steady_clock::time_point m_deadline;
    bool m_armed = false;
    bool m_fired = false;
    bool m_stopping = false;
    std::thread m_thread; // last: starts once the members above exist
};

} // namespace wsi::script
