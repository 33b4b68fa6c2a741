// SPDX-License-Identifier: MIT
#pragma once
// How `replay` prints its diff: a line per difference (and per match with --all), the
// JSON paths that changed indented under it, then a summary; or, with --json, one object
// per entry and a summary object, for scripts.
#include "replay/ReplayRunner.h"
#include "replay/ResponseDiff.h"

#include <QString>
#include <QStringList>

// "changed  row 12 -> answer 3 (at 310 ms, now 298 ms)" and its "    $.n: 2 -> 3" lines.
QStringList diffEntryLines(const wsi::replay::DiffEntry &entry, const wsi::replay::ReplayPlan &plan,
                           const QList<wsi::replay::ReplayMessage> &answers);
// "4 same, 1 changed, 0 missing, 1 new: the answers differ from the recording".
QString diffSummaryLine(const wsi::replay::ResponseDiff &diff);

QByteArray diffEntryJson(const wsi::replay::DiffEntry &entry, const wsi::replay::ReplayPlan &plan,
                         const QList<wsi::replay::ReplayMessage> &answers);
QByteArray diffSummaryJson(const wsi::replay::ResponseDiff &diff, const wsi::replay::ReplayRunner &runner);
