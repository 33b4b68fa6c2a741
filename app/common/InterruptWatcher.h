// SPDX-License-Identifier: MIT
#pragma once
// SIGINT and SIGTERM as a Qt signal, through a self-pipe (the handler only write()s, which
// is async-signal-safe). The first interrupt asks for a polite end (a close handshake); a
// second one means "now". The CLI and the window both use it (the window quits cleanly).
#include <QObject>

#include <csignal>
#include <memory>

class QSocketNotifier;

class InterruptWatcher : public QObject
{
    Q_OBJECT
public:
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
};
