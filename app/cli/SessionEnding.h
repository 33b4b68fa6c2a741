// SPDX-License-Identifier: MIT
#pragma once
// When `connect` closes on its own. After the end of its input it waits for replies: until
// they have stopped for a quiet period (--wait, 1 s by default: a server may answer late),
// or not at all (--no-close: the server ends it). --max-messages ends it after that many
// received messages, whatever the input. Main thread.
#include <QObject>
#include <QTimer>

class SessionEnding : public QObject
{
    Q_OBJECT
public:
    struct Settings {
        int quietMs = 1000;     // --wait; 0: close as soon as the input ends
        bool noClose = false;   // --no-close: the end of input closes nothing
        bool receiveOnly = false; // --receive-only: no input is read at all
        qint64 maxMessages = 0; // --max-messages; 0: no limit
    };

    explicit SessionEnding(Settings settings, QObject *parent = nullptr);

    const Settings &settings() const { return m_settings; }
    bool readsInput() const { return !m_settings.receiveOnly; }
    // How many of `incoming` received messages may still be shown (all when no limit).
    qint64 messagesWanted(qint64 incoming) const;
    bool hasEnded() const { return m_ended; }

    void inputEnded();
    void messagesReceived(qint64 count);

Q_SIGNALS:
    // Time to close (1000), said once.
    void closeWanted();

private:
    void end();

    Settings m_settings;
    QTimer m_quiet;
    bool m_inputEnded = false;
    bool m_ended = false;
    qint64 m_received = 0;
};
