// SPDX-License-Identifier: MIT
#include "store/query/FieldQuery.h"

#include <QStringView>

namespace wsi::log {

namespace {

// Splits on spaces outside double quotes; quotes are dropped. Sets *error on an open quote.
QStringList splitTerms(const QString &text, QString *error)
{
    QStringList terms;
    QString current;
    bool quoted = false;
    bool any = false;
    for (const QChar c : text) {
        if (c == QLatin1Char('"')) {
            quoted = !quoted;
            any = true;
        } else if (c.isSpace() && !quoted) {
            if (any)
                terms.append(current);
            current.clear();
            any = false;
        } else {
            current.append(c);
            any = true;
        }
    }
    if (quoted)
        *error = QStringLiteral("a quote is not closed: end the value with \"");
    else if (any)
        terms.append(current);
    return terms;
}

// * matches any run (case-insensitive), by backtracking over the last star only: linear
// for the patterns people type.
bool globMatches(QStringView pattern, QStringView value)
{
    qsizetype p = 0;
    qsizetype v = 0;
    qsizetype star = -1;
    qsizetype resume = 0;
    while (v < value.size()) {
        if (p < pattern.size() && pattern[p] == QLatin1Char('*')) {
            star = p++;
            resume = v;
        } else if (p < pattern.size() && pattern[p].toCaseFolded() == value[v].toCaseFolded()) {
            ++p;
            ++v;
        } else if (star >= 0) {
            p = star + 1;
            v = ++resume;
        } else {
            return false;
        }
    }
    while (p < pattern.size() && pattern[p] == QLatin1Char('*'))
        ++p;
    return p == pattern.size();
}

// MQTT 3.1.1 section 4.7: '+' one level, '#' (last) this level and all below it.
bool topicMatches(const QString &pattern, const QString &value)
{
    const QList<QStringView> filter = QStringView(pattern).split(QLatin1Char('/'));
    const QList<QStringView> topic = QStringView(value).split(QLatin1Char('/'));
    for (qsizetype i = 0; i < filter.size(); ++i) {
        if (filter[i] == QLatin1String("#"))
            return i == filter.size() - 1;
        if (i >= topic.size())
            return false;
        if (filter[i] != QLatin1String("+") && !globMatches(filter[i], topic[i]))
            return false;
    }
    return filter.size() == topic.size();
}

bool isTopicLike(const QString &name)
{
    return name == QLatin1String("topic") || name == QLatin1String("destination");
}

} // namespace

FieldQuery::FieldQuery(const QString &text)
{
    for (const QString &word : splitTerms(text, &m_error)) {
        const qsizetype colon = word.indexOf(QLatin1Char(':'));
        if (colon == 0) {
            m_error = QStringLiteral("“%1” has no field name: write name:value, e.g. event:chat").arg(word);
            return;
        }
        Term term;
        if (colon > 0) {
            term.name = word.left(colon).toLower();
            term.value = word.mid(colon + 1);
        } else {
            term.value = word;
        }
        m_terms.append(term);
    }
}

bool FieldQuery::valueMatches(const QString &pattern, const QString &value, bool topicLike)
{
    if (topicLike && (pattern.contains(QLatin1Char('#')) || pattern.contains(QLatin1Char('+'))))
        return topicMatches(pattern, value);
    return globMatches(pattern, value);
}

bool FieldQuery::termMatches(const Term &term, const DecodedFieldValues &values) const
{
    if (term.name.isEmpty())
        return values.summary.contains(term.value, Qt::CaseInsensitive);
    if (term.name == QLatin1String("protocol"))
        return globMatches(term.value, values.protocol);
    const bool topicLike = isTopicLike(term.name);
    for (const auto &[name, value] : values.fields) {
        if (name.compare(term.name, Qt::CaseInsensitive) == 0 && valueMatches(term.value, value, topicLike))
            return true;
    }
    return false;
}

bool FieldQuery::matches(const DecodedFieldValues &values) const
{
    if (!isValid())
        return false;
    for (const Term &term : m_terms) {
        if (!termMatches(term, values))
            return false;
    }
    return true;
}

} // namespace wsi::log
