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
        int payloadSize = 0;  // 0: just the sequence text
    };

    PingRun(wsi::net::ConnectionOptions options, Settings settings, QObject *parent = nullptr);
    ~PingRun() override;

    void start();
    static QByteArray payloadFor(int sequence, int size);

Q_SIGNALS:
    void done(int exitStatus);

private:
    void onReports(const wsi::net::ReportBatch &batch);
    void onState(wsi::net::ConnectionState state);
    void onSample(const wsi::net::PingSample &sample, const wsi::net::PingStats &stats);
    void sendNext();
    void finishPinging();
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
};
