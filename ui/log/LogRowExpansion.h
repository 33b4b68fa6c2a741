// SPDX-License-Identifier: MIT
#pragma once
// Which rows of the message log are expanded into their frames, and where that puts each
// row in a flat view. A QTreeView lays out every row again on each insert (about 70 ms and
// 44 MB at a million rows), a QTableView does not (about 15 ms, 10 MB), so the log is a
// flat table in which an expanded message's frames follow it as rows of their own.
// Expanded rows are few (a person opens them), so mapping is a binary search over them.
#include <vector>

namespace wsi::ui {

class LogRowExpansion
{
public:
    // What a view row shows: a message (frame == -1) or one frame of it.
    struct Position {
        int message = 0; // index among the visible messages
        int frame = -1;  // 0-based frame of that message, -1 for the message itself
    };

    int extraRows() const { return m_extraRows; }
    bool isEmpty() const { return m_entries.empty(); }

    Position at(int viewRow) const;
    int viewRow(int message) const;
    bool isExpanded(int message) const;
    // The frame count an expanded message shows (0 when collapsed).
    int framesShown(int message) const;

    void expand(int message, int frames);
    void collapse(int message);
    void clear();
    // The first `messages` visible messages left the log: their entries go, the others
    // move up.
    void dropFront(int messages);

    // Expanded messages, ascending.
    std::vector<int> expandedMessages() const;

private:
    struct Entry {
        int message = 0;
        int frames = 0;
        int framesBefore = 0; // frame rows of the entries before this one
    };

    std::vector<Entry>::const_iterator find(int message) const;
    void recount();

    std::vector<Entry> m_entries; // ascending by message
    int m_extraRows = 0;
};

} // namespace wsi::ui
