// SPDX-License-Identifier: MIT
#pragma once
// Repeats the composer's send every N milliseconds and counts the sends. The payload
// template may hold {{counter}} (1 for the first send), {{timestamp}} (milliseconds since
// the Unix epoch) and {{iso}} (UTC time, ISO 8601 with milliseconds). UI thread only.
#include <QDateTime>
#include <QObject>
#include <QString>

class QTimer;

namespace wsi::ui {

class PeriodicSender : public QObject
{
    Q_OBJECT
public:
    explicit PeriodicSender(QObject *parent = nullptr);

    static QString substitute(const QString &templateText, qint64 counter, const QDateTime &now);
    static bool hasPlaceholders(const QString &templateText);

    // The first send happens at once, the next after `intervalMs`. Restarting resets the count.
    void start(int intervalMs);
    void stop();
    bool isRunning() const;
    qint64 count() const { return m_count; }
    int intervalMs() const;

Q_SIGNALS:
    // Time to send number `counter` (1, 2, ...).
    void fire(qint64 counter);
    void runningChanged(bool running);

private:
    void onTimeout();

    QTimer *m_timer = nullptr;
    qint64 m_count = 0;
};

} // namespace wsi::ui
