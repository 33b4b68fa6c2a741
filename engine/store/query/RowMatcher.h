// SPDX-License-Identifier: MIT
#pragma once
// LogFilterCriteria compiled for testing rows of a MessageStore: the cheap record tests
// (type, direction, client) first, then the search on the payload bytes in the arena.
// Not thread-safe (regex matching reuses its match data): build one per thread.
#include "store/query/FieldQuery.h"
#include "store/query/JsonPath.h"
#include "store/query/LogFilterCriteria.h"
#include "store/query/RegexSearch.h"
#include "store/query/TextSearch.h"

#include <vector>

namespace wsi::log {

class MessageStore;

class RowMatcher
{
public:
    explicit RowMatcher(const LogFilterCriteria &criteria = {});

    // Where SearchMode::Decoded reads a row's fields; without one such a search matches
    // nothing. Not owned; it must outlive the matcher.
    void setDecodedFields(DecodedFields *fields) { m_fields = fields; }

    bool isValid() const { return m_error.isEmpty(); }
    QString errorString() const { return m_error; }
    const LogFilterCriteria &criteria() const { return m_criteria; }

    bool matches(const MessageStore &store, int row) const;
    // Appends the matching rows of [first, end) to out.
    void collect(const MessageStore &store, int first, int end, std::vector<quint32> &out) const;

private:
    bool recordMatches(const LogRecord &record) const;
    bool searchMatches(const LogRecord &record, QByteArrayView payload) const;
    bool decodedMatches(const MessageStore &store, int row) const;

    LogFilterCriteria m_criteria;
    TextSearch m_text;
    RegexSearch m_regex;
    JsonPath m_jsonPath;
    FieldQuery m_fieldQuery;
    DecodedFields *m_fields = nullptr;
    QString m_error;
};

} // namespace wsi::log
