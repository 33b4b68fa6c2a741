// SPDX-License-Identifier: MIT
#pragma once
// Named composer drafts kept across sessions in QSettings under "composer/snippets" (a list
// of {name, mode, encoding, text} maps). UI thread only.
#include "ui/composer/ComposerDraft.h"

#include <QStringList>
#include <QVector>

namespace wsi::ui {

struct Snippet {
    QString name;
    ComposerDraft draft;
};

class SnippetStore
{
public:
    static constexpr const char *SettingsKey = "composer/snippets";

    // Reads the snippets from the default QSettings.
    void load();
    const QVector<Snippet> &snippets() const { return m_snippets; }
    QStringList names() const;
    const Snippet *find(const QString &name) const;

    // Adds or replaces (same name) and saves at once.
    void save(const Snippet &snippet);
    void remove(const QString &name);

private:
    void write() const;

    QVector<Snippet> m_snippets;
};

} // namespace wsi::ui
