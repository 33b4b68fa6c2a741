// SPDX-License-Identifier: MIT
#pragma once
// `serve --exec CMD`, as websocat's exec:/sh-c: each client gets its own run of CMD
// (through /bin/sh -c, so pipes and quoting work), its messages written to the program's
// stdin one per line, and every line the program writes to stdout sent back as a message
// (text when it is UTF-8, binary otherwise). The program's stderr reaches ours a line at a
// time, marked with the client. When the program exits the client is closed (1000 after
// status 0, 1011 otherwise); when the client goes, the program's stdin is closed and it has
// ExitGraceMs to finish before SIGTERM, then SIGKILL.
//
// Thread: the main thread, with the server (Handoff mode).
#include "InputMessages.h"

#include <QHash>
#include <QObject>
#include <QString>

class QProcess;

namespace wsi::net {
class EchoServer;
}

class ServeExec : public QObject
{
    Q_OBJECT
public:
    static constexpr int ExitGraceMs = 2000;
    // A program that leaves this much of its input unread is not keeping up: its client is
    // closed with 1011 rather than buffering without end.
    static constexpr qint64 MaxUnreadInput = 64ll * 1024 * 1024;

    ServeExec(wsi::net::EchoServer &server, QString command, bool quiet, QObject *parent = nullptr);
    ~ServeExec() override;

    int runningCount() const { return int(m_runs.size()); }

Q_SIGNALS:
    void allFinished(); // after the last program exited (used on shutdown)

private:
    struct Run {
        QProcess *process = nullptr;
        InputMessages output{InputMessages::Settings{}};
        QByteArray errorLine;
        QString peer;
        bool clientGone = false;
    };

    void onConnected(quint64 id, const QString &peer);
    void onOpened(quint64 id, const QString &path, const QString &query, const QString &origin,
                  const QString &subprotocol);
    void onMessage(quint64 id, bool isText, const QByteArray &payload);
    void onClientClosed(quint64 id);
    void readOutput(quint64 id, bool atEnd);
    void readErrors(quint64 id, bool atEnd);
    void onProgramFinished(quint64 id, int exitCode, bool crashed);

    wsi::net::EchoServer &m_server;
    QString m_command;
    bool m_quiet;
    QHash<quint64, Run> m_runs;
    QHash<quint64, QString> m_peers; // connected, not yet open
};
