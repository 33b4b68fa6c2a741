// SPDX-License-Identifier: MIT
#include "ServeExec.h"

#include "ServeLog.h"

#include "net/echo/EchoServer.h"
#include "protocol/Utf8Validator.h"

#include <QProcess>
#include <QProcessEnvironment>
#include <QTimer>

namespace {

// The rules a text frame must follow (RFC 6455 8.1), not Qt's more lenient decoder.
bool isUtf8(const QByteArray &bytes)
{
    wsi::protocol::Utf8Validator validator;
    return validator.feed(reinterpret_cast<const std::uint8_t *>(bytes.constData()), std::size_t(bytes.size()))
        && validator.isComplete();
}

} // namespace

ServeExec::ServeExec(wsi::net::EchoServer &server, QString command, bool quiet, QObject *parent)
    : QObject(parent)
    , m_server(server)
    , m_command(std::move(command))
    , m_quiet(quiet)
{
    using wsi::net::EchoServer;
    connect(&server, &EchoServer::clientConnected, this, &ServeExec::onConnected);
    connect(&server, &EchoServer::clientHandshake, this,
            [this](quint64 id, const QString &path, const QString &query, const QString &origin,
                   const wsi::net::HttpHeaderList &, const QString &subprotocol, const QString &, const QString &) {
        onOpened(id, path, query, origin, subprotocol);
    });
    connect(&server, &EchoServer::clientMessage, this, &ServeExec::onMessage);
    connect(&server, &EchoServer::clientClosed, this, [this](quint64 id) { onClientClosed(id); });
}

ServeExec::~ServeExec()
{
    for (Run &run : m_runs) {
        run.process->disconnect(this);
        run.process->kill();
        run.process->waitForFinished(1000);
    }
}

void ServeExec::onConnected(quint64 id, const QString &peer)
{
    m_peers.insert(id, peer);
}

void ServeExec::onOpened(quint64 id, const QString &path, const QString &query, const QString &origin,
                         const QString &subprotocol)
{
    Run &run = m_runs[id];
    run.peer = m_peers.take(id);
    run.process = new QProcess(this);
    // What the program may want to know about its client, as websocat's --exec-set-env does.
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("WSINSPECT_CLIENT_ID"), QString::number(id));
    environment.insert(QStringLiteral("WSINSPECT_PEER"), run.peer);
    environment.insert(QStringLiteral("WSINSPECT_PATH"), path);
    environment.insert(QStringLiteral("WSINSPECT_QUERY"), query);
    environment.insert(QStringLiteral("WSINSPECT_ORIGIN"), origin);
    environment.insert(QStringLiteral("WSINSPECT_SUBPROTOCOL"), subprotocol);
    run.process->setProcessEnvironment(environment);
    QProcess *process = run.process;
    connect(process, &QProcess::readyReadStandardOutput, this, [this, id] { readOutput(id, false); });
    connect(process, &QProcess::readyReadStandardError, this, [this, id] { readErrors(id, false); });
    connect(process, &QProcess::finished, this, [this, id](int exitCode, QProcess::ExitStatus status) {
        onProgramFinished(id, exitCode, status == QProcess::CrashExit);
    });
    connect(process, &QProcess::errorOccurred, this, [this, id](QProcess::ProcessError error) {
        if (error == QProcess::FailedToStart)
            onProgramFinished(id, -1, false);
    });
    process->start(QStringLiteral("/bin/sh"), {QStringLiteral("-c"), m_command});
    if (!m_quiet)
        serveLogLine(id, QStringLiteral("exec: started pid %1: %2").arg(process->processId()).arg(m_command));
}

void ServeExec::onMessage(quint64 id, bool, const QByteArray &payload)
{
    const auto found = m_runs.find(id);
    if (found == m_runs.end() || found->clientGone)
        return;
    QProcess *process = found->process;
    if (process->bytesToWrite() > MaxUnreadInput) {
        m_server.closeClient(id, 1011, QStringLiteral("the --exec program is not reading its input"));
        return;
    }
    // One message a line: the program reads lines, as websocat's line mode gives them.
    process->write(payload);
    if (!payload.endsWith('\n'))
        process->write("\n", 1);
}

void ServeExec::onClientClosed(quint64 id)
{
    m_peers.remove(id);
    const auto found = m_runs.find(id);
    if (found == m_runs.end())
        return;
    found->clientGone = true;
    QProcess *process = found->process;
    if (process->state() == QProcess::NotRunning)
        return;
    // Its input ends; a program that does not end with it is asked, then made to.
    process->closeWriteChannel();
    QTimer::singleShot(ExitGraceMs, process, [process] {
        process->terminate();
        QTimer::singleShot(ExitGraceMs, process, [process] { process->kill(); });
    });
}

void ServeExec::readOutput(quint64 id, bool atEnd)
{
    const auto found = m_runs.find(id);
    if (found == m_runs.end())
        return;
    Run &run = *found;
    QList<QByteArray> lines = run.output.feed(run.process->readAllStandardOutput());
    if (atEnd)
        lines += run.output.finish();
    if (run.clientGone)
        return; // read and dropped: nobody to send it to
    for (const QByteArray &line : lines)
        m_server.sendToClient(id, isUtf8(line), line);
}

void ServeExec::readErrors(quint64 id, bool atEnd)
{
    const auto found = m_runs.find(id);
    if (found == m_runs.end())
        return;
    Run &run = *found;
    run.errorLine += run.process->readAllStandardError();
    qsizetype end;
    while ((end = run.errorLine.indexOf('\n')) >= 0) {
        serveLogLine(id, QStringLiteral("exec stderr: ") + QString::fromUtf8(run.errorLine.left(end)));
        run.errorLine.remove(0, end + 1);
    }
    if (atEnd && !run.errorLine.isEmpty()) {
        serveLogLine(id, QStringLiteral("exec stderr: ") + QString::fromUtf8(run.errorLine));
        run.errorLine.clear();
    }
}

void ServeExec::onProgramFinished(quint64 id, int exitCode, bool crashed)
{
    const auto found = m_runs.find(id);
    if (found == m_runs.end())
        return;
    readOutput(id, true);
    readErrors(id, true);
    QProcess *process = found->process;
    QString outcome;
    quint16 code = 1000;
    if (exitCode == -1 && process->error() == QProcess::FailedToStart) {
        outcome = QStringLiteral("could not be started: ") + process->errorString();
        code = 1011;
    } else if (crashed) {
        outcome = QStringLiteral("was killed (signal)");
        code = 1011;
    } else {
        outcome = QStringLiteral("exited with status %1").arg(exitCode);
        code = exitCode == 0 ? 1000 : 1011;
    }
    if (!m_quiet)
        serveLogLine(id, QStringLiteral("exec: the program ") + outcome);
    if (!found->clientGone)
        m_server.closeClient(id, code, QStringLiteral("the program ") + outcome);
    m_runs.erase(found);
    process->deleteLater();
    if (m_runs.isEmpty())
        Q_EMIT allFinished();
}

