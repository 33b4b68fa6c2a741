// SPDX-License-Identifier: MIT
#pragma once
// How `run` prints a flow script's results on the terminal: one line per result as it
// settles, then a summary.
#include "script/AssertionResult.h"

#include <QList>
#include <QString>

// "PASS  name: why  (at 12 ms)" or "FAIL  name: why  (at 215 ms)".
QString resultLine(const wsi::script::AssertionResult &result);
// "3 passed, 1 failed, in 230 ms"; "no assertions, in 12 ms" when the script made none.
QString summaryLine(const QList<wsi::script::AssertionResult> &results, qint64 elapsedMs);
