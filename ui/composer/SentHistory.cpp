// SPDX-License-Identifier: MIT
#include "ui/composer/SentHistory.h"

namespace wsi::ui {

void SentHistory::add(const ComposerDraft &draft)
{
    m_position = -1;
    if (!m_entries.isEmpty() && m_entries.constLast() == draft)
        return;
    m_entries.append(draft);
    if (m_entries.size() > MaxEntries)
        m_entries.remove(0, m_entries.size() - MaxEntries);
}

bool SentHistory::previous(const ComposerDraft &current, ComposerDraft &out)
{
    if (m_entries.isEmpty() || m_position == 0)
        return false;
    if (m_position < 0) {
        m_draft = current;
        m_position = int(m_entries.size()) - 1;
    } else {
        --m_position;
    }
    out = m_entries.at(m_position);
    return true;
}

bool SentHistory::next(ComposerDraft &out)
{
    if (m_position < 0)
        return false;
    if (++m_position >= m_entries.size()) {
        m_position = -1;
        out = m_draft;
        return true;
    }
    out = m_entries.at(m_position);
    return true;
}

} // namespace wsi::ui
