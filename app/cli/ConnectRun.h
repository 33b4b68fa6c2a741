// SPDX-License-Identifier: MIT
#pragma once
// One run of `connect`: the Connection on its worker thread, stdin as the source of text
// messages (unless --echo or --count), the printer, and the exit status. Lives on the main
// thread.
#include "EventPrinter.h"
#include "MessageDecoding.h"
#include "InputMessages.h"
#include "SessionEnding.h"
#include "common/InterruptWatcher.h"

#include "net/ConnectionOptions.h"
#include "net/source/SourceThread.h"

#include <QObject>

#include <memory>

class QSocketNotifier;

class ConnectRun : public QObject
{
    Q_OBJECT
public:
    enum class Mode { Interactive, Echo, Count };
    struct Input {
        bool slashCommands = false; // --slash: lines starting with "/" are commands (SlashCommand)
        InputMessages messages{InputMessages::Settings{}};
        QString file;               // --file: this file is the one message (stdin is not read)
        int maxRedirects = 0;       // --follow-redirects: a 3xx to a ws/wss/http(s) URL is followed this often
    };
    // The exit statuses of `connect` (the man page lists them).
    enum ExitStatus {
        ExitOk = 0,             // a clean close with 1000 or 1001
        ExitFailed = 1,         // the connection failed, or ended without a close handshake
        ExitUnexpectedClose = 3,// a clean close with any other code
        ExitInputRefused = 4,   // lines of standard input were not sent (not UTF-8)
    };

    ConnectRun(wsi::net::ConnectionOptions options, Mode mode, EventPrinter::Settings printing,
               SessionEnding::Settings ending, Input input, QObject *parent = nullptr);
    ~ConnectRun() override;

    // --decode: messages read in their application protocol (see EventPrinter::setDecoding).
    void setDecoding(std::unique_ptr<MessageDecoding> decoding);
    void start();

Q_SIGNALS:
    // Each batch of the connection's reports, before it is printed (--record keeps them).
    void reported(const wsi::net::ReportBatch &batch);
    void done(int exitStatus);

private:
    void onReports(const wsi::net::ReportBatch &batch);
    void onRows(const wsi::net::EventBatch &rows);
    void onState(wsi::net::ConnectionState state, qint64 timeNs);
    void onFinished();
    void makeConnection();
    // --follow-redirects: a 3xx answer to the upgrade names where to go next.
    void noteRedirect(const wsi::net::HandshakeInfo &info);
    // Opens the next connection when a redirect was noted; false otherwise.
    bool followRedirect();
    // --reconnect: says on stderr why and when the next attempt comes.
    void onReconnect(const wsi::net::ReconnectReport &report);
    void onInterrupted(int count);
    void startReadingStdin();
    void onStdinReadable();
    void sendRecord(const QByteArray &record);
    void sendFile();
    // One record of input not sent: why, on stderr, and the exit status will say so.
    void refuse(const QString &why);
    void runCommand(const QByteArray &line);
    // Closes with 1000 of our own accord (end of input, --max-messages).
    void closeAsAsked(const QString &reason = QString(), int code = 1000);
    void printSummary();
    int exitStatus() const;
    // The close was the normal one (1000) that we started (end of input, Ctrl-C).
    bool closedAsAsked() const;
    // One line for standard error: the server's close code, its meaning and reason.
    static QString closeSentence(const wsi::net::CloseInfo &close);

    wsi::net::ConnectionOptions m_options;
    Mode m_mode;
    EventPrinter m_printer;
    std::unique_ptr<MessageDecoding> m_decoding;
    SessionEnding m_ending;
    Input m_input;
    int m_closeCodeAsked = 1000;
    int m_redirects = 0;
    QString m_redirectTo;
    QString m_redirectRefused;
    bool m_json;
    std::unique_ptr<wsi::net::SourceThread> m_thread;
    std::unique_ptr<QSocketNotifier> m_stdin;
    InterruptWatcher m_interrupts;
    qint64 m_linesRead = 0;
    qint64 m_linesRefused = 0;
    bool m_opened = false;
    bool m_closeRequested = false;
    QList<wsi::net::ConnectionError> m_errors;
    wsi::net::CloseInfo m_close;
    bool m_closed = false;
    wsi::net::ConnectionSnapshot m_snapshot;
    qint64 m_openNs = -1;
    qint64 m_closedNs = -1;
    QString m_peer;
};
