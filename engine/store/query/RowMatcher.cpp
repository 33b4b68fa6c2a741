// SPDX-License-Identifier: MIT
#include "store/query/RowMatcher.h"

#include "store/MessageStore.h"

namespace wsi::log {

namespace {
// Rows whose payload is text by construction; pings, pongs and stray frames carry bytes.
bool isTextual(LogEntryKind kind)
{
    return kind == LogEntryKind::Text || kind == LogEntryKind::Close || kind == LogEntryKind::Error
        || kind == LogEntryKind::Info || kind == LogEntryKind::Attempt || kind == LogEntryKind::Handshake
        || kind == LogEntryKind::Event || kind == LogEntryKind::Comment;
}
} // namespace

RowMatcher::RowMatcher(const LogFilterCriteria &criteria)
    : m_criteria(criteria)
{
    if (!criteria.hasSearch())
        return;
    switch (criteria.mode) {
    case SearchMode::Text:
        m_text = TextSearch(criteria.pattern, criteria.caseSensitive ? Qt::CaseSensitive : Qt::CaseInsensitive);
        break;
    case SearchMode::Regex:
        m_regex = RegexSearch(criteria.pattern, criteria.caseSensitive ? Qt::CaseSensitive : Qt::CaseInsensitive);
        m_error = m_regex.errorString();
        break;
    case SearchMode::JsonPath:
        m_jsonPath = JsonPath(criteria.pattern);
        m_error = m_jsonPath.errorString();
        break;
    case SearchMode::Decoded:
        m_fieldQuery = FieldQuery(criteria.pattern);
        m_error = m_fieldQuery.errorString();
        break;
    }
}

bool RowMatcher::recordMatches(const LogRecord &record) const
{
    return (m_criteria.kinds & kindBit(record.kind)) && (m_criteria.directions & directionBit(record.direction()))
        && (m_criteria.clientId < 0 || record.clientId == quint64(m_criteria.clientId));
}

bool RowMatcher::searchMatches(const LogRecord &record, QByteArrayView payload) const
{
    if (!m_criteria.hasSearch())
        return true;
    switch (m_criteria.mode) {
    case SearchMode::Text:
        return m_text.matches(payload);
    case SearchMode::Regex:
        return m_regex.matches(payload, isTextual(record.kind) ? RegexSearch::Subject::Utf8Text
                                                               : RegexSearch::Subject::Bytes);
    case SearchMode::JsonPath:
        return record.kind == LogEntryKind::Text && m_jsonPath.matches(payload);
    case SearchMode::Decoded:
        break; // needs the row, not only its bytes: decodedMatches
    }
    return false;
}

bool RowMatcher::decodedMatches(const MessageStore &store, int row) const
{
    const LogEntryKind kind = store.record(row).kind;
    if (!m_fields || (kind != LogEntryKind::Text && kind != LogEntryKind::Binary))
        return false;
    DecodedFieldValues values;
    return m_fields->fieldsOf(store, row, &values) && m_fieldQuery.matches(values);
}

bool RowMatcher::matches(const MessageStore &store, int row) const
{
    if (!isValid())
        return false;
    const LogRecord &record = store.record(row);
    if (m_criteria.hasSearch() && m_criteria.mode == SearchMode::Decoded)
        return recordMatches(record) && decodedMatches(store, row);
    return recordMatches(record) && searchMatches(record, store.payload(row));
}

void RowMatcher::collect(const MessageStore &store, int first, int end, std::vector<quint32> &out) const
{
    if (!isValid())
        return;
    const bool decoded = m_criteria.hasSearch() && m_criteria.mode == SearchMode::Decoded;
    for (int row = first; row < end; ++row) {
        const LogRecord &record = store.record(row);
        if (recordMatches(record) && (decoded ? decodedMatches(store, row) : searchMatches(record, store.payload(row))))
            out.push_back(quint32(row));
    }
}

} // namespace wsi::log
