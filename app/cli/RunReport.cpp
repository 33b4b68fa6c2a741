// SPDX-License-Identifier: MIT
#include "RunReport.h"

#include <algorithm>

using wsi::script::AssertionResult;

QString resultLine(const AssertionResult &result)
{
    return (result.passed ? QStringLiteral("PASS  ") : QStringLiteral("FAIL  ")) + result.name + QStringLiteral(": ")
        + result.why + QStringLiteral("  (at %1 ms)").arg(result.settledMs);
}

QString summaryLine(const QList<AssertionResult> &results, qint64 elapsedMs)
{
    if (results.isEmpty())
        return QStringLiteral("no assertions, in %1 ms").arg(elapsedMs);
    const auto passed = std::count_if(results.cbegin(), results.cend(), [](const AssertionResult &result) { return result.passed; });
    return QStringLiteral("%1 passed, %2 failed, in %3 ms").arg(passed).arg(results.size() - passed).arg(elapsedMs);
}
