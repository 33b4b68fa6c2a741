// SPDX-License-Identifier: MIT
#pragma once
// A flow script's results as JUnit XML, the report CI systems read: one <testsuite> named
// after the script, one <testcase> per result (its time: from the assertion to its
// verdict), a <failure> in each that failed (type "assertion", "script error" or "run").
#include "script/AssertionResult.h"

#include <QList>
#include <QString>

// Writes the report atomically (QSaveFile). False with a sentence in `error`.
bool writeJunitReport(const QString &path, const QString &suiteName, const QList<wsi::script::AssertionResult> &results,
                      qint64 elapsedMs, QString &error);
