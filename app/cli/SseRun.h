// SPDX-License-Identifier: MIT
#pragma once
// One run of `sse`: the EventSource Connection on its worker thread, its events printed as
// they come, a line on stderr for each reconnect, and the exit status. Lives on the main
// thread.
#include "EventPrinter.h"
#include "common/InterruptWatcher.h"

#include "net/ConnectionOptions.h"
#include "net/source/SourceThread.h"

#include <QObject>

#include <memory>

class SseRun : public QObject
{
    Q_OBJECT
public:
    enum ExitStatus {
        ExitOk = 0,     // stopped as asked (--max-events, SIGINT), or the stream ended (--no-reconnect)
        ExitFailed = 1, // refused, unreachable, or broken, and not reconnecting
    };

    SseRun(wsi::net::ConnectionOptions options, EventPrinter::Settings printing, qint64 maxEvents, QObject *parent = nullptr);
    ~SseRun() override;

    void start();

Q_SIGNALS:
    void done(int exitStatus);

private:
    void onReports(const wsi::net::ReportBatch &batch);
    void onRows(const wsi::net::EventBatch &rows);
    void onInterrupted(int count);
    void onFinished();

    wsi::net::ConnectionOptions m_options;
    EventPrinter m_printer;
    qint64 m_maxEvents;
    qint64 m_events = 0;
    std::unique_ptr<wsi::net::SourceThread> m_thread;
    InterruptWatcher m_interrupts;
    QList<wsi::net::ConnectionError> m_errors; // of the current attempt
    wsi::net::CloseInfo m_close;
    bool m_stopRequested = false;
    bool m_finished = false;
};
