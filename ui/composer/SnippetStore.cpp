// SPDX-License-Identifier: MIT
#include "ui/composer/SnippetStore.h"

#include <QSettings>
#include <QVariantMap>

namespace wsi::ui {

void SnippetStore::load()
{
    m_snippets.clear();
    const QVariantList list = QSettings().value(QLatin1String(SettingsKey)).toList();
    for (const QVariant &value : list) {
        const QVariantMap map = value.toMap();
        Snippet snippet;
        snippet.name = map.value(QStringLiteral("name")).toString();
        if (snippet.name.isEmpty())
            continue;
        snippet.draft.mode = modeFromKey(map.value(QStringLiteral("mode")).toString());
        snippet.draft.encoding = encodingFromKey(map.value(QStringLiteral("encoding")).toString());
        snippet.draft.text = map.value(QStringLiteral("text")).toString();
        m_snippets.append(snippet);
    }
}

QStringList SnippetStore::names() const
{
    QStringList names;
    for (const Snippet &snippet : m_snippets)
        names << snippet.name;
    return names;
}

const Snippet *SnippetStore::find(const QString &name) const
{
    for (const Snippet &snippet : m_snippets) {
        if (snippet.name == name)
            return &snippet;
    }
    return nullptr;
}

void SnippetStore::save(const Snippet &snippet)
{
    bool replaced = false;
    for (Snippet &existing : m_snippets) {
        if (existing.name == snippet.name) {
            existing = snippet;
            replaced = true;
        }
    }
    if (!replaced)
        m_snippets.append(snippet);
    write();
}

void SnippetStore::remove(const QString &name)
{
    m_snippets.removeIf([&name](const Snippet &snippet) { return snippet.name == name; });
    write();
}

void SnippetStore::write() const
{
    QVariantList list;
    for (const Snippet &snippet : m_snippets) {
        list << QVariantMap{{QStringLiteral("name"), snippet.name},
                            {QStringLiteral("mode"), modeKey(snippet.draft.mode)},
                            {QStringLiteral("encoding"), encodingKey(snippet.draft.encoding)},
                            {QStringLiteral("text"), snippet.draft.text}};
    }
    QSettings().setValue(QLatin1String(SettingsKey), list);
}

} // namespace wsi::ui
