// SPDX-License-Identifier: MIT
#pragma once
// A replay's diff as a table: one row per answer compared (same, changed, missing, new),
// with the recorded row and the replay's row, their times, and what differs (the first
// changed JSON path, or the message). Differences only, or everything. UI thread only.
#include "replay/ReplayPlan.h"
#include "replay/ResponseDiff.h"

#include <QAbstractTableModel>

namespace wsi::ui {

class ReplayDiffModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Result, Recorded, Replayed, Difference, ColumnCount };
    // The answer's row number in the replay tab's log (0: unknown), for "Show in log".
    static constexpr int ReplayRowNumberRole = Qt::UserRole + 1;
    static constexpr int RecordedRowNumberRole = Qt::UserRole + 2;

    ReplayDiffModel(replay::ResponseDiff diff, QList<replay::ReplayMessage> recorded,
                    QList<replay::ReplayMessage> answers, QObject *parent = nullptr);

    void setDifferencesOnly(bool only);
    const replay::ResponseDiff &diff() const { return m_diff; }
    // Everything about one row, for the details below the table: each changed path, or
    // both messages.
    QString details(int row) const;

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    const replay::DiffEntry &entry(int row) const { return m_diff.entries.at(m_shown.at(row)); }
    QString differenceText(const replay::DiffEntry &entry) const;

    replay::ResponseDiff m_diff;
    QList<replay::ReplayMessage> m_recorded;
    QList<replay::ReplayMessage> m_answers;
    QList<int> m_shown; // indices into m_diff.entries
};

// One line of a message: its text (cut, line breaks shown as ⏎) or "binary, N bytes: hex".
QString replayMessagePreview(const replay::ReplayMessage &message, int maxChars);

} // namespace wsi::ui
