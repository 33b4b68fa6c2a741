// SPDX-License-Identifier: MIT
#pragma once
// A third-party peer script (tests/interop/peers) run as a child process for one test row.
// The destructor kills it if it is still running, so a failing test leaves nothing behind;
// every wait is bounded.
#include <QByteArray>
#include <QProcess>
#include <QString>
#include <QStringList>

namespace wsi::test {

// Bounds of a peer's life, well inside the peers' own 20 s watchdogs.
constexpr int PeerStartMs = 10000; // until a server prints its port or a client connects
constexpr int PeerExitMs = 10000;  // until it exits once its connection is over

struct PeerCommand {
    QString program;
    QStringList arguments;
};

class PeerProcess
{
public:
    PeerProcess() = default;
    ~PeerProcess();
    PeerProcess(const PeerProcess &) = delete;
    PeerProcess &operator=(const PeerProcess &) = delete;

    bool start(const PeerCommand &command, QString &error);
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
