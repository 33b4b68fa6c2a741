// SPDX-License-Identifier: MIT
#pragma once
// What a flow script's run tells: one result per assertion (expect, expectMessage), per
// script error (a hook that threw or ran past its limit) and per failure of the run itself
// (the connection's error, the run's time limit). Plain values: the CLI prints them and
// writes them as JUnit; a Tests panel can list them.
#include <QMetaType>
#include <QString>
#include <QtGlobal>

namespace wsi::script {

enum class ResultKind { Assertion, ScriptError, RunFailure };

struct AssertionResult {
    ResultKind kind = ResultKind::Assertion;
    QString name;
    bool passed = false;
    QString why;            // "expected a true value, got false", "a matching message after 3 ms"
    qint64 startedMs = 0;   // since the run started: when the assertion was made
    qint64 settledMs = 0;   // when it passed or failed
};

// "flow.js:12: TypeError: x is undefined"; without a line (0): "flow.js: ...".
QString locate(const QString &fileName, int line, const QString &message);

} // namespace wsi::script

Q_DECLARE_METATYPE(wsi::script::AssertionResult)
