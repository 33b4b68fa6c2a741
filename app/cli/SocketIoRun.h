// SPDX-License-Identifier: MIT
#pragma once
// One run of `socketio`: a client Connection to the server's WebSocket transport on its
// worker thread, a socketio::SocketIoSession reading its messages and writing through it,
// the packets printed (a line each, or --json objects), the emits sent once every namespace
// is joined, and the exit status. Lives on the main thread.
#include "common/InterruptWatcher.h"

#include "net/ConnectionOptions.h"
#include "net/source/SourceThread.h"
#include "socketio/SocketIoSession.h"

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <memory>

class SocketIoRun : public QObject
{
    Q_OBJECT
public:
    enum ExitStatus {
        ExitOk = 0,     // stopped as asked, or every emit sent (and acked) and the wait over
        ExitFailed = 1, // not connected, a namespace refused (CONNECT_ERROR), an ack not
                        // answered within --ack-timeout, or the session broke
    };
    struct Emit {
        QString event;
        QJsonArray args;
    };
    struct Settings {
        wsi::socketio::SocketIoSession::Settings session;
        QString emitNamespace = QStringLiteral("/");
        QList<Emit> emits;
        bool wantAcks = false;
        int ackTimeoutMs = 5000;
        int waitMs = 1000;       // after the emits (and their acks): quiet time that ends the run
        qint64 maxEvents = 0;    // received events that end the run; 0: none
        bool json = false;
    };

    SocketIoRun(wsi::net::ConnectionOptions options, Settings settings, QObject *parent = nullptr);
    ~SocketIoRun() override;

    void start();

Q_SIGNALS:
    void done(int exitStatus);

private:
    void onReports(const wsi::net::ReportBatch &batch);
    void onReport(const wsi::socketio::SocketIoEvent &event);
    void sendEmits();
    void checkDone();
    void stop(int status, const QString &why = QString());
    void print(const QString &line);
    void printJson(const QJsonObject &object);

    wsi::net::ConnectionOptions m_options;
    Settings m_settings;
    std::unique_ptr<wsi::socketio::SocketIoSession> m_session;
    std::unique_ptr<wsi::net::SourceThread> m_thread;
    InterruptWatcher m_interrupts;
    QElapsedTimer m_clock;
    QTimer m_tick;
    QTimer m_quiet;
    QTimer m_ackDeadline;
    qint64 m_events = 0;
    bool m_emitted = false;
    bool m_stopping = false;
    bool m_finished = false;
    int m_status = ExitOk;
    QString m_failure;
    QString m_connectionError;
};
