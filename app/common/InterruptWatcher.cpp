// SPDX-License-Identifier: MIT
#include "common/InterruptWatcher.h"

#include <QSocketNotifier>

#include <fcntl.h>
#include <time.h>
#include <sys/socket.h>
#include <unistd.h>

namespace {

int s_pipe[2] = {-1, -1};

// What the handler writes: the signal and when it arrived. clock_gettime() and write() are
// both async-signal-safe; the arrival time, not when the event loop gets to it, decides
// whether two signals are one request (a loaded machine may read them far apart).
struct SignalRecord {
    qint32 signalNumber;
    qint64 arrivedNs;
};

qint64 monotonicNs()
{
    timespec now = {};
    ::clock_gettime(CLOCK_MONOTONIC, &now);
    return qint64(now.tv_sec) * 1000000000 + now.tv_nsec;
}

extern "C" void onInterruptSignal(int signalNumber)
{
    const SignalRecord record{signalNumber, monotonicNs()};
    const ssize_t ignored = ::write(s_pipe[1], &record, sizeof record);
    (void)ignored;
}

} // namespace

InterruptWatcher::InterruptWatcher(QObject *parent) : QObject(parent)
{
    if (s_pipe[0] >= 0 || ::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, s_pipe) != 0)
        return;
    ::fcntl(s_pipe[1], F_SETFL, O_NONBLOCK);
    struct sigaction action = {};
    action.sa_handler = onInterruptSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    ::sigaction(SIGINT, &action, &m_oldInt);
    ::sigaction(SIGTERM, &action, &m_oldTerm);
    m_notifier = std::make_unique<QSocketNotifier>(s_pipe[0], QSocketNotifier::Read);
    connect(m_notifier.get(), &QSocketNotifier::activated, this, &InterruptWatcher::onReadable);
}

InterruptWatcher::~InterruptWatcher()
{
    if (!m_notifier)
        return;
    m_notifier.reset();
    ::sigaction(SIGINT, &m_oldInt, nullptr);
    ::sigaction(SIGTERM, &m_oldTerm, nullptr);
    ::close(s_pipe[0]);
    ::close(s_pipe[1]);
    s_pipe[0] = s_pipe[1] = -1;
}

void InterruptWatcher::onReadable()
{
    SignalRecord records[8];
    const ssize_t got = ::read(s_pipe[0], records, sizeof records);
    for (ssize_t i = 0; i < got / ssize_t(sizeof(SignalRecord)); ++i) {
        const SignalRecord &record = records[i];
        if (m_count > 0 && record.arrivedNs - m_countedNs < qint64(SameRequestMs) * 1000000)
            continue; // the same request, sent twice
        m_countedNs = record.arrivedNs;
        ++m_count;
        Q_EMIT interrupted(int(record.signalNumber), m_count);
    }
}
