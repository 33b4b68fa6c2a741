// SPDX-License-Identifier: MIT
#include "store/query/LogFilter.h"

#include <algorithm>

namespace wsi::log {

bool LogFilter::setCriteria(const LogFilterCriteria &criteria, const MessageStore &store)
{
    RowMatcher matcher(criteria);
    matcher.setDecodedFields(m_fields);
    m_error = matcher.errorString();
    if (!matcher.isValid())
        return false;
    if (criteria == m_matcher.criteria() && m_tested == store.rowCount())
        return true;
    m_matcher = std::move(matcher);
    rescan(store);
    return true;
}

void LogFilter::setDecodedFields(DecodedFields *fields)
{
    m_fields = fields;
    m_matcher.setDecodedFields(fields);
}

void LogFilter::rescan(const MessageStore &store)
{
    m_passThrough = m_matcher.criteria().acceptsEverything();
    m_rows = {};
    m_tested = 0;
    update(store);
    m_rows.shrink_to_fit();
}

RowRange LogFilter::update(const MessageStore &store)
{
    const int before = count();
    const int end = store.rowCount();
    if (!m_passThrough)
        m_matcher.collect(store, m_tested, end, m_rows);
    m_tested = end;
    return {before, count() - before};
}

void LogFilter::reset()
{
    m_rows = {};
    m_tested = 0;
}

int LogFilter::countBefore(int storeRow) const
{
    if (m_passThrough)
        return std::clamp(storeRow, 0, m_tested);
    return int(std::lower_bound(m_rows.begin(), m_rows.end(), quint32(std::max(storeRow, 0))) - m_rows.begin());
}

int LogFilter::dropOldestRows(int count)
{
    const int gone = countBefore(count);
    m_tested = std::max(0, m_tested - count);
    if (!m_passThrough) {
        m_rows.erase(m_rows.begin(), m_rows.begin() + gone);
        for (quint32 &row : m_rows)
            row -= quint32(count);
    }
    return gone;
}

int LogFilter::indexOf(int storeRow) const
{
    if (m_passThrough)
        return storeRow < m_tested ? storeRow : -1;
    const auto it = std::lower_bound(m_rows.begin(), m_rows.end(), quint32(storeRow));
    return it != m_rows.end() && *it == quint32(storeRow) ? int(it - m_rows.begin()) : -1;
}

} // namespace wsi::log
