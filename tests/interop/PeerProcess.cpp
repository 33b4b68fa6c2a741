// SPDX-License-Identifier: MIT
#include "PeerProcess.h"

#include <QElapsedTimer>

namespace wsi::test {

PeerProcess::~PeerProcess()
{
    if (m_process.state() != QProcess::NotRunning) {
        m_process.kill();
        m_process.waitForFinished(5000);
    }
}

bool PeerProcess::start(const PeerCommand &command, QString &error)
{
    m_process.setProgram(command.program);
    m_process.setArguments(command.arguments);
    m_process.start();
    if (!m_process.waitForStarted(PeerStartMs)) {
        error = QStringLiteral("could not start %1: %2").arg(commandLine(), m_process.errorString());
        return false;
    }
    return true;
}

bool PeerProcess::readPort(quint16 &port, int timeoutMs, QString &error)
{
    QElapsedTimer timer;
    timer.start();
    while (!m_process.canReadLine()) {
        const qint64 left = timeoutMs - timer.elapsed();
        if (left <= 0 || m_process.state() == QProcess::NotRunning) {
            error = QStringLiteral("%1 printed no port within %2 ms: %3")
                        .arg(commandLine()).arg(timeoutMs).arg(output());
            return false;
        }
        m_process.waitForReadyRead(static_cast<int>(left));
    }
    const QByteArray line = m_process.readLine().trimmed();
    bool ok = false;
    const uint value = line.toUInt(&ok);
    if (!ok || value == 0 || value > 65535) {
        error = QStringLiteral("%1 printed '%2' instead of a port").arg(commandLine(), QString::fromUtf8(line));
        return false;
    }
    port = static_cast<quint16>(value);
    return true;
}

bool PeerProcess::waitForExit(int timeoutMs)
{
    return m_process.state() == QProcess::NotRunning || m_process.waitForFinished(timeoutMs);
}

bool PeerProcess::exitedCleanly() const
{
    return m_process.state() == QProcess::NotRunning && m_process.exitStatus() == QProcess::NormalExit
        && m_process.exitCode() == 0;
}

QString PeerProcess::output()
{
    m_stdout += m_process.readAllStandardOutput();
    m_stderr += m_process.readAllStandardError();
    return QStringLiteral("[stdout] %1 [stderr] %2")
        .arg(QString::fromUtf8(m_stdout).trimmed(), QString::fromUtf8(m_stderr).trimmed());
}

QString PeerProcess::commandLine() const
{
    return (QStringList{m_process.program()} + m_process.arguments()).join(QLatin1Char(' '));
}

} // namespace wsi::test
