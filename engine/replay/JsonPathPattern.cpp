// SPDX-License-Identifier: MIT
#include "replay/JsonPathPattern.h"

#include <algorithm>

namespace wsi::replay {

namespace {

bool isIdentifier(const QString &key)
{
    if (key.isEmpty() || key.at(0).isDigit())
        return false;
    return std::all_of(key.cbegin(), key.cend(),
                       [](QChar c) { return c.isLetterOrNumber() || c == QLatin1Char('_') || c == QLatin1Char('-'); });
}

QString quotedKey(const QString &key)
{
    QString escaped = key;
    escaped.replace(QLatin1Char('\\'), QStringLiteral("\\\\")).replace(QLatin1Char('"'), QStringLiteral("\\\""));
    return QStringLiteral("[\"%1\"]").arg(escaped);
}

} // namespace

QString formatLocation(const JsonLocation &location)
{
    QString text = QStringLiteral("$");
    for (const JsonStep &step : location) {
        if (step.index >= 0)
            text += QStringLiteral("[%1]").arg(step.index);
        else if (isIdentifier(step.key))
            text += QLatin1Char('.') + step.key;
        else
            text += quotedKey(step.key);
    }
    return text;
}

std::optional<JsonPathPattern> JsonPathPattern::parse(const QString &text, QString *error)
{
    JsonPathPattern pattern;
    pattern.m_text = text.trimmed();
    const QString &path = pattern.m_text;
    auto fail = [&](int at, const QString &why) -> std::optional<JsonPathPattern> {
        if (error)
            *error = QStringLiteral("\"%1\", at character %2: %3").arg(path).arg(at + 1).arg(why);
        return std::nullopt;
    };
    int at = 0;
    if (path.startsWith(QLatin1Char('$')))
        at = 1;
    if (path.size() == at)
        return fail(at, QStringLiteral("a path names at least one member, as $.timestamp"));
    bool first = true;
    while (at < path.size()) {
        const QChar c = path.at(at);
        if (c == QLatin1Char('[')) {
            const int close = path.indexOf(QLatin1Char(']'), at);
            if (close < 0)
                return fail(at, QStringLiteral("a [ without its ]"));
            const QString inner = path.mid(at + 1, close - at - 1);
            Step step;
            if (inner == QLatin1String("*")) {
                step.kind = Step::Kind::AnyIndex;
            } else if (inner.size() >= 2 && inner.startsWith(QLatin1Char('"')) && inner.endsWith(QLatin1Char('"'))) {
                step.key = inner.mid(1, inner.size() - 2);
                step.key.replace(QStringLiteral("\\\""), QStringLiteral("\"")).replace(QStringLiteral("\\\\"), QStringLiteral("\\"));
            } else {
                bool ok = false;
                step.index = inner.toLongLong(&ok);
                if (!ok || step.index < 0)
                    return fail(at, QStringLiteral("brackets hold an index, * or a quoted key"));
                step.kind = Step::Kind::Index;
            }
            pattern.m_steps << step;
            at = close + 1;
        } else {
            if (c == QLatin1Char('.'))
                ++at;
            else if (!first || path.startsWith(QLatin1Char('$')))
                return fail(at, QStringLiteral("expected . or ["));
            int end = at;
            while (end < path.size() && path.at(end) != QLatin1Char('.') && path.at(end) != QLatin1Char('['))
                ++end;
            const QString key = path.mid(at, end - at);
            if (key.isEmpty())
                return fail(at, QStringLiteral("an empty member name"));
            Step step;
            if (key == QLatin1String("*"))
                step.kind = Step::Kind::AnyKey;
            else
                step.key = key;
            pattern.m_steps << step;
            at = end;
        }
        first = false;
    }
    return pattern;
}

bool JsonPathPattern::matches(const JsonLocation &location) const
{
    if (location.size() != m_steps.size())
        return false;
    for (int i = 0; i < m_steps.size(); ++i) {
        const Step &step = m_steps.at(i);
        const JsonStep &actual = location.at(i);
        const bool isIndex = actual.index >= 0;
        switch (step.kind) {
        case Step::Kind::Key:
            if (isIndex || actual.key != step.key)
                return false;
            break;
        case Step::Kind::AnyKey:
            if (isIndex)
                return false;
            break;
        case Step::Kind::Index:
            if (actual.index != step.index)
                return false;
            break;
        case Step::Kind::AnyIndex:
            if (!isIndex)
                return false;
            break;
        }
    }
    return true;
}

bool matchesAny(const JsonPathPatterns &patterns, const JsonLocation &location)
{
    return std::any_of(patterns.cbegin(), patterns.cend(),
                       [&location](const JsonPathPattern &pattern) { return pattern.matches(location); });
}

} // namespace wsi::replay
