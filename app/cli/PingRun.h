// SPDX-License-Identifier: MIT
#pragma once
// One run of `ping`: opens the connection, sends a ping every interval with a unique
// payload, prints each round trip (timed on the connection's worker thread), and a summary
// as ping(8) does. Lives on the main thread.
#include "common/InterruptWatcher.h"

#include "net/ConnectionOptions.h"
#include "net/source/SourceThread.h"

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <memory>

class PingRun : public QObject
{
    Q_OBJECT
public:
    struct Settings {
        int count = 0;        // 0: until interrupted
        int intervalMs = 1000;
        int payloadSize = -1; // -1: "wsinspect ping N"; else exactly this many bytes (0-125)
    };

    PingRun(wsi::net::ConnectionOptions options, Settings settings, QObject *parent = nullptr);
    ~PingRun() override;

    void start();
    // The ping's payload: "wsinspect ping N" padded to `size`; below that text's length, the
    // last `size` digits of N (pongs answer in order, and the Driver matches a pong to the
    // oldest ping with its payload, so equal payloads still pair up right); 0: empty.
    static QByteArray payloadFor(int sequence, int size);

Q_SIGNALS:
    void done(int exitStatus);

private:
    void onReports(const wsi::net::ReportBatch &batch);
    void onState(wsi::net::ConnectionState state);
    void onSample(const wsi::net::PingSample &sample, const wsi::net::PingStats &stats);
    void sendNext();
    void finishPinging();
    // SIGINT: stop now; before the connection opened there is nothing to sum up.
    void interrupt(int signalNumber);
    void onFinished();
    void printSummary();

    wsi::net::ConnectionOptions m_options;
    Settings m_settings;
    std::unique_ptr<wsi::net::SourceThread> m_thread;
    InterruptWatcher m_interrupts;
    QTimer m_timer;
    QElapsedTimer m_elapsed;
    wsi::net::PingStats m_stats;
    QList<wsi::net::ConnectionError> m_errors;
    QString m_peer;
    QString m_url;
    int m_sent = 0;
    bool m_stopping = false;
    bool m_summaryPrinted = false;
    bool m_opened = false;
    int m_interruptedBy = 0; // the signal that stopped an unopened run (exit 128 + it)
};
