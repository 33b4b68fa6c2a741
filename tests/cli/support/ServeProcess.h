// SPDX-License-Identifier: MIT
#pragma once
// `wsinspect-cli serve` as a user runs it: the real binary (WSI_CLI_PATH, or the
// environment's WSI_CLI_PATH) in a QProcess, the URL read from its first stdout line, its
// stdin written to, SIGTERM/SIGINT to stop it; killed at the end whatever happens.
#include <QProcess>
#include <QString>
#include <QStringList>
#include <QTest>
#include <QUrl>

#include <csignal>

namespace wsi::test {

inline constexpr int ServeWaitMs = 10000;

inline QString cliPath()
{
    const QString fromEnvironment = qEnvironmentVariable("WSI_CLI_PATH");
    if (!fromEnvironment.isEmpty())
        return fromEnvironment;
    return QStringLiteral(WSI_CLI_PATH); // the build's binary (tests/cli/CMakeLists.txt)
}

inline quint16 portOf(const QString &url)
{
    return quint16(QUrl(url).port());
}

class ServeProcess
{
public:
    explicit ServeProcess(const QStringList &arguments)
    {
        m_process.start(cliPath(), QStringList{QStringLiteral("serve")} + arguments);
    }
    ~ServeProcess()
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.kill();
            m_process.waitForFinished(5000);
        }
    }
    ServeProcess(const ServeProcess &) = delete;
    ServeProcess &operator=(const ServeProcess &) = delete;

    // The next stdout line, or empty after `timeoutMs`.
    QString readLine(int timeoutMs = ServeWaitMs)
    {
        if (!QTest::qWaitFor([&] { return m_process.canReadLine() || m_process.state() == QProcess::NotRunning; }, timeoutMs))
            return {};
        return QString::fromUtf8(m_process.readLine()).trimmed();
    }
    bool waitFinished(int timeoutMs = ServeWaitMs)
    {
        return QTest::qWaitFor([&] { return m_process.state() == QProcess::NotRunning; }, timeoutMs);
    }
    // Waits until standard error holds `text` (everything read so far is kept).
    bool waitForError(const QString &text, int timeoutMs = ServeWaitMs)
    {
        return QTest::qWaitFor([&] { return standardError().contains(text); }, timeoutMs);
    }
    void write(const QByteArray &bytes) { m_process.write(bytes); }
    void signal(int number) { ::kill(pid_t(m_process.processId()), number); }
    QProcess &process() { return m_process; }
    QString standardError() { return m_stderr += QString::fromUtf8(m_process.readAllStandardError()); }

private:
    QProcess m_process;
    QString m_stderr;
};

} // namespace wsi::test
