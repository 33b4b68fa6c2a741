#include "RowMatcher.h"

#include "MessageStore.h"

namespace wsi::log {

RowMatcher::RowMatcher(const LogFilterCriteria &criteria)
    : m_criteria(criteria)
{
    if (!criteria.hasSearch())
        return;
    switch (criteria.mode) {
    case SearchMode::Text:
        m_text = TextSearch(criteria.pattern, criteria.caseSensitive ? Qt::CaseSensitive : Qt::CaseInsensitive);
        break;
    case SearchMode::Regex: {
        QRegularExpression::PatternOptions options = QRegularExpression::UseUnicodePropertiesOption;
        if (!criteria.caseSensitive)
            options |= QRegularExpression::CaseInsensitiveOption;
        m_regex = QRegularExpression(criteria.pattern, options);
        if (!m_regex.isValid())
            m_error = m_regex.errorString() + QStringLiteral(" at position ")
                + QString::number(m_regex.patternErrorOffset() + 1);
        else
            m_regex.optimize(); // compile (JIT) now, not on the first row
        break;
    }
    case SearchMode::JsonPath:
        m_jsonPath = JsonPath(criteria.pattern);
        m_error = m_jsonPath.errorString();
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
        return regexMatches(record, payload);
    case SearchMode::JsonPath:
        return record.kind == LogEntryKind::Text && m_jsonPath.matches(payload);
    }
    return false;
}

bool RowMatcher::regexMatches(const LogRecord &record, QByteArrayView payload) const
{
    // Decode into a reused buffer: QString::fromUtf8 per row would allocate a million times.
    m_decoded.resize(payload.size());
    QChar *out = m_decoded.data();
    if (record.kind == LogEntryKind::Binary || record.kind == LogEntryKind::Frame) {
        for (char byte : payload)
            *out++ = QLatin1Char(byte);
    } else {
        QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
        out = decoder.appendToBuffer(out, payload);
    }
    m_decoded.truncate(out - m_decoded.constData());
    return m_regex.match(QStringView(m_decoded)).hasMatch();
}

bool RowMatcher::matches(const MessageStore &store, int row) const
{
    if (!isValid())
        return false;
    const LogRecord &record = store.record(row);
    return recordMatches(record) && searchMatches(record, store.payload(row));
}

void RowMatcher::collect(const MessageStore &store, int first, int end, std::vector<quint32> &out) const
{
    if (!isValid())
        return;
    for (int row = first; row < end; ++row) {
        const LogRecord &record = store.record(row);
        if (recordMatches(record) && searchMatches(record, store.payload(row)))
            out.push_back(quint32(row));
    }
}

} // namespace wsi::log
