// SPDX-License-Identifier: MIT
#pragma once
// The rows of a MessageStore a view shows: all of them, or those a RowMatcher accepts.
// A criteria change rescans the store once; appended rows are tested incrementally, so
// under a flood only the new rows cost time. When nothing is filtered it holds no row
// list at all (index i is store row i).
//
// Costs over 1,000,000 small messages on the reference machine (bench_log): see
// tests/bench/bench_log.cpp and the README for the current figures.
#include "store/query/LogFilterCriteria.h"
#include "store/MessageStore.h"
#include "store/query/RowMatcher.h"

#include <vector>

namespace wsi::log {

class LogFilter
{
public:
    // Compiles criteria and, when they differ from the current ones, rescans store.
    // Invalid criteria (a bad regex or JSON path) are refused: false, errorString() says
    // why, and the current result stays.
    bool setCriteria(const LogFilterCriteria &criteria, const MessageStore &store);
    // Where a SearchMode::Decoded search reads rows' fields (not owned). Changing it, or
    // what it answers (the tab decodes as something else), takes a rescan().
    void setDecodedFields(DecodedFields *fields);
    // Tests every row again with the current criteria.
    void rescan(const MessageStore &store);
    const LogFilterCriteria &criteria() const { return m_matcher.criteria(); }
    QString errorString() const { return m_error; }

    // Tests the rows appended to store since the last call; returns the range of
    // result indices they added.
    RowRange update(const MessageStore &store);
    // The store was cleared.
    void reset();
    // The store dropped its oldest `count` rows (MessageStore::dropOldestRows); returns how
    // many result indices went (they were the first ones).
    int dropOldestRows(int count);
    // How many result indices the store's oldest `count` rows hold (before dropping them).
    int countBefore(int storeRow) const;

    bool isPassThrough() const { return m_passThrough; }
    int count() const { return m_passThrough ? m_tested : int(m_rows.size()); }
    int storeRow(int index) const { return m_passThrough ? index : int(m_rows[size_t(index)]); }
    // The result index of a store row, or -1 when it is filtered out.
    int indexOf(int storeRow) const;

    // Tests one store row against the current criteria (for "jump to next match").
    bool matches(const MessageStore &store, int row) const { return m_matcher.matches(store, row); }

private:
    RowMatcher m_matcher;
    std::vector<quint32> m_rows; // store rows, ascending; unused when passing through
    int m_tested = 0;            // store rows tested so far
    bool m_passThrough = true;
    DecodedFields *m_fields = nullptr;
    QString m_error;
};

} // namespace wsi::log
