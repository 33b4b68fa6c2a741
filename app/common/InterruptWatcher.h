// SPDX-License-Identifier: MIT
#pragma once
// SIGINT and SIGTERM as a Qt signal, through a self-pipe (the handler only write()s, which
// is async-signal-safe). The first interrupt asks for a polite end (a close handshake); a
// second one means "now". Signals that come together are one request: timeout(1) and
// process managers send SIGTERM to the process and again to its group, so a signal that
// arrives within SameRequestMs of the last one counted is not counted again. The CLI (connect, ping,
// serve) and the window all use it (the window quits cleanly).
#include <QObject>

#include <csignal>
#include <memory>

class QSocketNotifier;

class InterruptWatcher : public QObject
{
    Q_OBJECT
public:
    static constexpr int SameRequestMs = 250;

    explicit InterruptWatcher(QObject *parent = nullptr);
    ~InterruptWatcher() override;

    int count() const { return m_count; }

Q_SIGNALS:
    void interrupted(int signalNumber, int count);

private:
    void onReadable();

    std::unique_ptr<QSocketNotifier> m_notifier;
    struct sigaction m_oldInt = {};
    struct sigaction m_oldTerm = {};
    int m_count = 0;
    qint64 m_countedNs = 0; // when the last signal that counted arrived (CLOCK_MONOTONIC)
};
