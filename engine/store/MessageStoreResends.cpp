// SPDX-License-Identifier: MIT
// MessageStore: which rows resend which (the log's Resend). Few rows are resends, so the
// links are a side table sorted by row number rather than a field of every record.
#include "store/MessageStore.h"

#include <algorithm>

namespace wsi::log {

namespace {

bool beforeRow(const std::pair<qint64, qint64> &link, qint64 rowNumber)
{
    return link.first < rowNumber;
}

} // namespace

qint64 MessageStore::resentFrom(int row) const
{
    const qint64 number = rowNumber(row);
    const auto it = std::lower_bound(m_resentFrom.begin(), m_resentFrom.end(), number, beforeRow);
    return it != m_resentFrom.end() && it->first == number ? it->second : 0;
}

void MessageStore::setResentFrom(int row, qint64 originNumber)
{
    const qint64 number = rowNumber(row);
    if (originNumber <= 0 || originNumber >= number)
        return; // a resend comes after what it resends
    const auto it = std::lower_bound(m_resentFrom.begin(), m_resentFrom.end(), number, beforeRow);
    if (it != m_resentFrom.end() && it->first == number)
        it->second = originNumber;
    else
        m_resentFrom.insert(it, {number, originNumber}); // links come in row order: at the end
}

void MessageStore::dropResendLinksBefore(qint64 rowNumber)
{
    const auto firstKept = std::lower_bound(m_resentFrom.begin(), m_resentFrom.end(), rowNumber, beforeRow);
    m_resentFrom.erase(m_resentFrom.begin(), firstKept);
}

} // namespace wsi::log
