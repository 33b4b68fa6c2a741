// SPDX-License-Identifier: MIT
#pragma once
// The answers of a replay against the recorded ones, as a diff: the two sequences of
// received messages aligned the way `diff` aligns lines (a shortest edit script), where
// two messages are the same when their bytes are, or, for JSON documents, when their
// values are (members in any order, whitespace ignored, the ignored paths left out).
// What is left between two matches pairs up as changed (with the JSON paths that differ),
// the rest is missing (recorded only) or new (replay only).
#include "replay/JsonComparison.h"
#include "replay/ReplayPlan.h"

#include <QList>

namespace wsi::replay {

enum class DiffKind { Same, Changed, Missing, New };

struct DiffEntry {
    DiffKind kind = DiffKind::Same;
    int recorded = -1;          // index into the recorded messages (Same, Changed, Missing)
    int replayed = -1;          // index into the replay's messages (Same, Changed, New)
    QList<JsonChange> changes;  // Changed, both JSON: where they differ
    int moreChanges = 0;        // beyond those listed
};

struct ResponseDiff {
    QList<DiffEntry> entries;   // in the order of the two sequences
    int same = 0;
    int changed = 0;
    int missing = 0;
    int added = 0;

    bool identical() const { return changed == 0 && missing == 0 && added == 0; }
};

ResponseDiff diffResponses(const QList<ReplayMessage> &recorded, const QList<ReplayMessage> &replayed,
                           const JsonPathPatterns &ignored = {});

// "kind" words for reports: "same", "changed", "missing", "new".
const char *diffKindName(DiffKind kind);

} // namespace wsi::replay
