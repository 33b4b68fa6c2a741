// SPDX-License-Identifier: MIT
// ScriptRunner's assertions: expect() settles at once; expectMessage() waits for a message
// its predicate accepts, until its deadline or the end of the run. Messages are judged by
// when they came off the wire, not when their batch reached us: the verdict on a deadline
// waits DeliveryGraceMs for the batches still on their way.
#include "script/ScriptRunner.h"

#include "net/source/ReportBatcher.h"

#include <algorithm>

namespace wsi::script {

namespace {
// A batch leaves the worker at most ReportBatcher::IntervalMs after its first event; the
// rest is the queued signal's trip and a busy machine's slack.
constexpr int DeliveryGraceMs = 3 * net::ReportBatcher::IntervalMs;
} // namespace

void ScriptRunner::expect(bool holds, const QString &shown, const QString &name, int line)
{
    AssertionResult result;
    result.name = name.isEmpty() ? QStringLiteral("expect at line %1").arg(line) : name;
    result.passed = holds;
    result.why = holds ? QStringLiteral("held") : QStringLiteral("expected a true value, got %1").arg(shown);
    result.startedMs = result.settledMs = elapsedMs();
    addResult(result);
}

void ScriptRunner::expectMessage(const QJSValue &predicate, int withinMs, const QString &name, int line)
{
    const int id = m_nextId++;
    Expectation &entry = m_expectations[id];
    entry.predicate = predicate;
    entry.name = name.isEmpty() ? QStringLiteral("expectMessage at line %1").arg(line) : name;
    entry.withinMs = withinMs;
    entry.line = line;
    entry.startedMs = elapsedMs();
    entry.deadline = std::make_unique<QTimer>();
    entry.deadline->setSingleShot(true);
    entry.deadline->setTimerType(Qt::PreciseTimer);
    connect(entry.deadline.get(), &QTimer::timeout, this, [this, id] { expectationTimedOut(id); });
    entry.deadline->start(withinMs + DeliveryGraceMs);
}

void ScriptRunner::matchExpectations(const QJSValue &message, qint64 arrivedMs)
{
    // A predicate may add expectations or end the run: walk the ids there are now.
    QList<int> ids;
    for (const auto &entry : m_expectations)
        ids.append(entry.first);
    for (int id : ids) {
        const auto found = m_expectations.find(id);
        if (m_ending || found == m_expectations.end())
            return;
        const Expectation &expectation = found->second;
        if (arrivedMs > expectation.startedMs + expectation.withinMs)
            continue; // too late for this one: its deadline's verdict is on its way
        const CallResult answer = call(expectation.predicate, {message},
                                       QStringLiteral("the expectMessage predicate of line %1").arg(expectation.line), expectation.line);
        if (!answer.ok || !answer.value.toBool())
            continue; // a predicate that threw ended the run with a script error
        AssertionResult result;
        result.name = expectation.name;
        result.passed = true;
        result.startedMs = expectation.startedMs;
        // A message already in a batch on its way when the expectation was made counts too.
        result.settledMs = std::max(arrivedMs, expectation.startedMs);
        result.why = QStringLiteral("a matching message after %1 ms").arg(result.settledMs - result.startedMs);
        found->second.deadline.release()->deleteLater(); // it may be the timer now running
        m_expectations.erase(found);
        addResult(result);
    }
}

void ScriptRunner::expectationTimedOut(int id)
{
    const auto found = m_expectations.find(id);
    if (found == m_expectations.end())
        return;
    AssertionResult result;
    result.name = found->second.name;
    result.startedMs = found->second.startedMs;
    result.settledMs = result.startedMs + found->second.withinMs;
    result.why = QStringLiteral("no matching message within %1 ms").arg(found->second.withinMs);
    found->second.deadline.release()->deleteLater(); // we are inside its timeout signal
    m_expectations.erase(found);
    addResult(result);
}

void ScriptRunner::failWaitingExpectations()
{
    const qint64 now = elapsedMs();
    for (auto &entry : m_expectations) {
        const Expectation &expectation = entry.second;
        AssertionResult result;
        result.name = expectation.name;
        result.startedMs = expectation.startedMs;
        if (now - expectation.startedMs >= expectation.withinMs) { // only its grace was left
            result.settledMs = expectation.startedMs + expectation.withinMs;
            result.why = QStringLiteral("no matching message within %1 ms").arg(expectation.withinMs);
        } else {
            result.settledMs = now;
            result.why = QStringLiteral("the run ended %1 ms into the %2 ms wait, before a matching message")
                             .arg(now - expectation.startedMs)
                             .arg(expectation.withinMs);
        }
        addResult(result);
    }
    m_expectations.clear();
}

void ScriptRunner::addFailure(ResultKind kind, const QString &name, const QString &why)
{
    AssertionResult result;
    result.kind = kind;
    result.name = name;
    result.why = why;
    result.startedMs = result.settledMs = elapsedMs();
    addResult(result);
}

void ScriptRunner::addResult(AssertionResult result)
{
    m_results.append(result);
    Q_EMIT resultAdded(m_results.constLast());
}

} // namespace wsi::script
