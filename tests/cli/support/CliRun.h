// SPDX-License-Identifier: MIT
#pragma once
// Runs the real wsinspect-cli (WSI_CLI_PATH) in a QProcess while the test's event loop keeps
// running, so servers living in the test can answer it; every run is bounded and a child
// that outlives its time is killed.
#include <QByteArray>
#include <QProcess>
#include <QStringList>
#include <QTest>

#include <memory>

namespace wsi::test {

struct CliResult {
    int exitCode = -1;
    bool finished = false;
    QByteArray out;
    QByteArray err;
};

// Starts the CLI; the caller waits with finish().
inline std::unique_ptr<QProcess> startCli(const QStringList &arguments)
{
    auto process = std::make_unique<QProcess>();
    process->setProgram(QStringLiteral(WSI_CLI_PATH));
    process->setArguments(arguments);
    process->start();
    return process;
}

inline CliResult finish(QProcess &process, int timeoutMs = 15000)
{
    CliResult result;
    result.finished = QTest::qWaitFor([&] { return process.state() == QProcess::NotRunning; }, timeoutMs);
    if (!result.finished) {
        process.kill();
        process.waitForFinished(2000);
    }
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    result.out = process.readAllStandardOutput();
    result.err = process.readAllStandardError();
    return result;
}

// Runs the CLI to its end, with `input` on stdin (then closed).
inline CliResult runCli(const QStringList &arguments, const QByteArray &input = QByteArray(), int timeoutMs = 15000)
{
    const std::unique_ptr<QProcess> process = startCli(arguments);
    if (!process->waitForStarted(5000))
        return {};
    process->write(input);
    process->closeWriteChannel();
    return finish(*process, timeoutMs);
}

} // namespace wsi::test
