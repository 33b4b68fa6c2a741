// SPDX-License-Identifier: MIT
#pragma once
// The messages sent from the composer, newest last, browsed with Up/Down like a shell's
// history: the text being written is kept as a draft and comes back after the newest entry.
#include "ui/composer/ComposerDraft.h"

#include <QVector>

namespace wsi::ui {

class SentHistory
{
public:
    static constexpr int MaxEntries = 200;

    // A repeat of the newest entry is not added twice. Ends any browsing.
    void add(const ComposerDraft &draft);
    const QVector<ComposerDraft> &entries() const { return m_entries; }
    bool isEmpty() const { return m_entries.isEmpty(); }

    // Up: the entry before the current one (the newest when not browsing); `current` is what
    // the editor holds now, kept as the draft when browsing starts. False at the oldest.
    bool previous(const ComposerDraft &current, ComposerDraft &out);
    // Down: the next newer entry, or the kept draft after the newest. False when not browsing.
    bool next(ComposerDraft &out);
    bool isBrowsing() const { return m_position >= 0; }
    void stopBrowsing() { m_position = -1; }

private:
    QVector<ComposerDraft> m_entries;
    ComposerDraft m_draft;
    int m_position = -1; // index being shown, -1: the draft
};

} // namespace wsi::ui
