#pragma once
// A third-party peer script (tests/interop/peers) run as a child process for one test row.
// The destructor kills it if it is still running, so a failing test leaves nothing behind;
// every wait is bounded.
#include <QByteArray>
#include <QProcess>
#include <QString>
#include <QStringList>

namespace wsi::test {

class PeerProcess
{
public:
    PeerProcess() = default;
    ~PeerProcess();
    PeerProcess(const PeerProcess &) = delete;
    PeerProcess &operator=(const PeerProcess &) = delete;

    bool start(const QString &program, const QStringList &arguments, QString &error);
    // A server peer prints its port as its first line on stdout.
    bool readPort(quint16 &port, int timeoutMs, QString &error);
    // True when the process ended (by itself) within the timeout.
    bool waitForExit(int timeoutMs);
    bool exitedCleanly() const;
    int exitCode() const { return m_process.exitCode(); }
    // What the peer printed, for failure messages.
    QString output();
    QString commandLine() const;

private:
    QProcess m_process;
    QByteArray m_stdout;
    QByteArray m_stderr;
};

} // namespace wsi::test
