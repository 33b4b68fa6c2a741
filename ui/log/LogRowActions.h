// SPDX-License-Identifier: MIT
#pragma once
// What can be done with a row of the log from the row itself: Resend (Ctrl+R) and Edit
// and resend (Ctrl+Shift+R), in the row's context menu and as shortcuts of the list; on a
// row that resends another, a way back to that original; and Replay Selected Messages…
// (the selected rows' sent messages, again, to a server: ui/replay), also from a file. The actions only say which
// row was asked for; the tab decides what sending it again means (ui/composer/Resend).
// UI thread only.
#include <QObject>
#include <QVector>

class QAction;
class QMenu;
class QPoint;
class QTableView;

namespace wsi::ui {

class MessageLogModel;

class LogRowActions : public QObject
{
    Q_OBJECT
public:
    LogRowActions(QTableView *view, MessageLogModel *model);

    QAction *resendAction() const { return m_resend; }
    QAction *editResendAction() const { return m_editResend; }
    QAction *replayAction() const { return m_replay; }
    // Off in a tab read from a file: there is nothing to send to.
    void setResendEnabled(bool enabled);
    // The context menu for view row `row` (what the user right-clicked), filled as it
    // would be shown; the caller owns it.
    QMenu *menuForRow(int row, QWidget *parent);

Q_SIGNALS:
    // frameIndex: a frame row of an expanded message (its index in the store), else -1.
    void resendRequested(int storeRow, int frameIndex, bool edit);
    // The original of a resent row, by its number in the log.
    void originalRequested(qint64 rowNumber);
    // The selected rows (store rows, in view order) to replay.
    void replayRequested(const QVector<int> &storeRows);

private:
    void trigger(bool edit);
    void updateEnabled();
    // The store rows of the selection (a frame row counts as its message).
    QVector<int> selectedStoreRows() const;

    QTableView *m_view;
    MessageLogModel *m_model;
    QAction *m_resend;
    QAction *m_editResend;
    QAction *m_replay;
    bool m_resendEnabled = true;
};

} // namespace wsi::ui
