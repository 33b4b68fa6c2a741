// SPDX-License-Identifier: MIT
// RegexSearch on QRegularExpression, where PCRE2's 8-bit library is not available.
#include "store/query/RegexSearch.h"

#include <QRegularExpression>
#include <QStringDecoder>

namespace wsi::log {

struct RegexSearch::Engine {
    QRegularExpression regex;
    QString decoded; // the subject, reused to avoid an allocation per row
};

RegexSearch::RegexSearch() = default;
RegexSearch::RegexSearch(RegexSearch &&) noexcept = default;
RegexSearch &RegexSearch::operator=(RegexSearch &&) noexcept = default;
RegexSearch::~RegexSearch() = default;

RegexSearch::RegexSearch(const QString &pattern, Qt::CaseSensitivity cs)
{
    QRegularExpression::PatternOptions options = QRegularExpression::UseUnicodePropertiesOption;
    if (cs == Qt::CaseInsensitive)
        options |= QRegularExpression::CaseInsensitiveOption;
    QRegularExpression regex(pattern, options);
    if (!regex.isValid()) {
        m_error = regex.errorString() + QStringLiteral(" at position ")
            + QString::number(regex.patternErrorOffset() + 1);
        return;
    }
    regex.optimize(); // compile (JIT) now, not on the first row
    m_engine = std::make_unique<Engine>();
    m_engine->regex = std::move(regex);
}

bool RegexSearch::matches(QByteArrayView subject, Subject kind) const
{
    if (!m_engine)
        return false;
    QString &decoded = m_engine->decoded;
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    decoded.resize(decoder.requiredSpace(subject.size()));
    QChar *out = decoded.data();
    if (kind == Subject::Bytes) {
        for (char byte : subject) // Latin-1: one character per byte
            *out++ = QLatin1Char(byte);
    } else {
        out = decoder.appendToBuffer(out, subject);
    }
    decoded.truncate(out - decoded.constData());
    return m_engine->regex.match(QStringView(decoded)).hasMatch();
}

} // namespace wsi::log
