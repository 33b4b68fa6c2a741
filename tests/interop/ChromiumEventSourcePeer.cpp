// SPDX-License-Identifier: MIT
#include "ChromiumEventSourcePeer.h"

#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <utility>

namespace wsi::test {

namespace {

// After SIGTERM, playwright closes the browser before Node exits; a peer that does not
// exit by then is killed (Chromium then ends too: its DevTools pipe to Node closes).
constexpr int TerminateGraceMs = 5000;

} // namespace

ChromiumEventSourcePeer::ChromiumEventSourcePeer(QString interopDir)
    : m_interopDir(std::move(interopDir))
{
}

ChromiumEventSourcePeer::~ChromiumEventSourcePeer()
{
    if (m_process.state() == QProcess::NotRunning)
        return;
    m_process.terminate();
    if (!m_process.waitForFinished(TerminateGraceMs)) {
        m_process.kill();
        m_process.waitForFinished(TerminateGraceMs);
    }
}

QString ChromiumEventSourcePeer::missingPiece(const QString &node) const
{
    if (node.isEmpty())
        return QStringLiteral("node is not installed (apt-get install nodejs)");
    if (!QFileInfo::exists(m_interopDir + QStringLiteral("/node_modules/playwright-core/package.json")))
        return QStringLiteral("node_modules/playwright-core is missing: run `npm ci` in tests/interop");
    if (!QFileInfo(QString::fromLatin1(ChromiumPath)).isExecutable())
        return QStringLiteral("%1 is missing (apt-get install chromium)").arg(QString::fromLatin1(ChromiumPath));
    return {};
}

bool ChromiumEventSourcePeer::start(const QString &node, const QString &origin, const QString &path,
                                    const QStringList &arguments, QString &error)
{
    m_process.setProgram(node);
    m_process.setArguments(QStringList{m_interopDir + QStringLiteral("/peers/chromium_eventsource.js"), origin,
                                       QStringLiteral("--path"), path, QStringLiteral("--chromium"),
                                       QString::fromLatin1(ChromiumPath)}
                           + arguments);
    m_process.start();
    if (!m_process.waitForStarted(TerminateGraceMs)) {
        error = QStringLiteral("could not start %1: %2").arg(node, m_process.errorString());
        return false;
    }
    return true;
}

void ChromiumEventSourcePeer::readLines()
{
    while (m_process.canReadLine()) {
        const QByteArray line = m_process.readLine().trimmed();
        const QJsonDocument json = QJsonDocument::fromJson(line);
        m_lines << (json.isObject() ? QString::fromUtf8(json.toJson(QJsonDocument::Compact)) : QString::fromUtf8(line));
    }
    m_stderr += m_process.readAllStandardError();
}

bool ChromiumEventSourcePeer::waitForLines(int count, int timeoutMs)
{
    (void)QTest::qWaitFor([&] {
        readLines();
        return m_lines.size() >= count || m_process.state() == QProcess::NotRunning;
    }, timeoutMs);
    readLines(); // what a peer that just exited printed last
    return m_lines.size() >= count;
}

bool ChromiumEventSourcePeer::waitForCleanExit(int timeoutMs)
{
    (void)QTest::qWaitFor([&] { return m_process.state() == QProcess::NotRunning; }, timeoutMs);
    readLines();
    return m_process.state() == QProcess::NotRunning && m_process.exitStatus() == QProcess::NormalExit
        && m_process.exitCode() == 0;
}

QString ChromiumEventSourcePeer::diagnostics()
{
    readLines();
    return QStringLiteral("[lines]\n%1\n[stderr]\n%2").arg(m_lines.join(u'\n'), QString::fromUtf8(m_stderr).trimmed());
}

} // namespace wsi::test
