// SPDX-License-Identifier: MIT
#pragma once
// Headless Chromium's EventSource as a child process: peers/chromium_eventsource.js under
// Node (playwright-core from tests/interop/node_modules, the browser from /usr/bin/chromium).
// Unlike PeerProcess, every wait keeps the event loop running, because the server under
// test lives on the test's own thread. The destructor ends the peer (and with it the
// browser), so a failing test leaves nothing behind; every wait is bounded.
#include <QProcess>
#include <QString>
#include <QStringList>

namespace wsi::test {

class ChromiumEventSourcePeer
{
public:
    static constexpr const char *ChromiumPath = "/usr/bin/chromium";

    explicit ChromiumEventSourcePeer(QString interopDir);
    ~ChromiumEventSourcePeer();
    ChromiumEventSourcePeer(const ChromiumEventSourcePeer &) = delete;
    ChromiumEventSourcePeer &operator=(const ChromiumEventSourcePeer &) = delete;

    // What is missing to run the peer here, with the command that installs it; empty when
    // nothing is.
    QString missingPiece(const QString &node) const;

    // Opens `origin` and an EventSource on `path` in it; `arguments` go to the script as
    // they are (--events N, --types a,b, --timeout S).
    bool start(const QString &node, const QString &origin, const QString &path, const QStringList &arguments,
               QString &error);
    // Runs the event loop until the peer has printed `count` lines in all, it has exited
    // or `timeoutMs` has passed; true when the lines are there.
    bool waitForLines(int count, int timeoutMs);
    // Every line so far, as compact JSON (keys sorted, as QJsonDocument writes them);
    // a line that is not a JSON object is kept as it is, so a comparison shows it.
    const QStringList &lines() const { return m_lines; }
    // Runs the event loop until the peer exits by itself; true when it exited with 0.
    bool waitForCleanExit(int timeoutMs);
    // The lines and stderr so far, for failure messages.
    QString diagnostics();

private:
    void readLines();

    QString m_interopDir;
    QProcess m_process;
    QStringList m_lines;
    QByteArray m_stderr;
};

} // namespace wsi::test
