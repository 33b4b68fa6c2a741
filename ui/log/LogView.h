// SPDX-License-Identifier: MIT
#pragma once
// The message log of one connection: a filter bar (direction, type, search by text, regex
// or JSON path, next/previous match, wall-clock time, follow, clear), the virtualised
// list (one row per message, expandable into its frames) and the selected row's details.
// It reads the tab's MessageLogModel and never changes the log: Clear asks the tab
// (clearRequested), and the tab's TabDocument tells it when rows come and go.
// UI thread only.
#include "ui/preferences/TimestampFormat.h"
#include "store/query/LogFilterCriteria.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QSplitter;
class QTimer;
class QToolButton;
class QTableView;

namespace wsi::log {
class MessageStore;
}
namespace wsi::net {
struct LogEvent;
}

namespace wsi::ui {

class DecodeChoiceBox;
class LogRowActions;
class MessageDetailsWidget;
class MessageLogModel;

class LogView : public QWidget
{
    Q_OBJECT
public:
    // The model belongs to the tab (TabDocument) and must outlive the view.
    explicit LogView(MessageLogModel *model, QWidget *parent = nullptr);

    MessageLogModel *model() const { return m_model; }
    QTableView *view() const { return m_view; }
    MessageDetailsWidget *details() const { return m_details; }
    QLineEdit *searchField() const { return m_search; }
    QComboBox *searchMode() const { return m_mode; }
    // "Decode as" (null when the model has no decoder).
    DecodeChoiceBox *decodeChoice() const { return m_decodeAs; }
    // The type toggle that shows rows of `kind` (a log::LogEntryKind).
    QToolButton *kindButton(int kind) const;
    QToolButton *followButton() const { return m_follow; }
    QToolButton *directionButton(bool incoming) const { return incoming ? m_incoming : m_outgoing; }
    QToolButton *wallClockButton() const { return m_wallClock; }
    QString statusText() const;

    // New rows arrived in the store's model (the tab appends); keeps following the tail.
    void rowsAppended();
    // Around the store's oldest `count` rows leaving memory (log limits, see LogLimiter).
    // Rows in view stay in view unless following the tail; when the selected row leaves,
    // the selection goes and the details pane keeps showing that message.
    void oldestRowsLeaving(int count);
    void oldestRowsLeft();
    // The log-limits line above the list (hidden when empty; rich text, links emit
    // limitLinkActivated); `warning` colours it as a problem.
    void setLimitBanner(const QString &richText, bool warning);
    QLabel *limitBanner() const { return m_limitBanner; }
    // The tab emptied the log: the details pane empties too.
    void logCleared();
    void findNext(bool backwards = false);
    // Selects these store rows (those the filter shows), the last one current and in view;
    // following pauses so they stay there.
    void selectStoreRows(const QVector<int> &storeRows);
    // Selects the row numbered `number` in the whole log; the status says why when it has
    // left memory or the filter hides it.
    void goToRowNumber(qint64 number);
    // Resend and Edit and resend on the rows (off in a tab read from a file).
    void setResendEnabled(bool enabled);
    LogRowActions *rowActions() const { return m_rowActions; }
    // Shows or hides the frames of the message in view row `row`.
    void toggleFrames(int row);
    // The time column's form; the "wall clock" toggle follows it (without a signal) and,
    // when clicked, switches between relative time and the last wall-clock form set here.
    void setTimestampFormat(const TimestampFormat &format);

Q_SIGNALS:
    void clearRequested();
    // The user clicked the "wall clock" toggle: the window makes it everyone's format.
    void timestampFormatChosen(const wsi::ui::TimestampFormat &format);
    void limitLinkActivated(const QString &link);
    // Send store row `storeRow` again (or its frame `frameIndex`, -1: the whole row), at
    // once or after editing it in the composer.
    void resendRequested(int storeRow, int frameIndex, bool edit);
    // Replay Selected Messages… (store rows).
    void replayRequested(const QVector<int> &storeRows);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    QToolButton *addToggle(const QString &text, const QString &tip);
    // Keeps the newest row in view (and says so in the status), or stops.
    void setFollowing(bool on);
    void applyFilter();
    void showCurrent();
    void updateStatus();
    void showDecodedColumn(); // hidden while decoding is off
    static QString searchHint(log::SearchMode mode);

    MessageLogModel *m_model;
    QTableView *m_view;
    MessageDetailsWidget *m_details;
    QSplitter *m_splitter;
    QToolButton *m_incoming;
    QToolButton *m_outgoing;
    QVector<QToolButton *> m_kinds;
    QVector<QToolButton *> m_toggles; // every on/off button, restyled when the palette changes
    QLineEdit *m_search;
    QComboBox *m_mode;
    QToolButton *m_filterMatches;
    QToolButton *m_previous;
    QToolButton *m_next;
    QToolButton *m_wallClock;
    QToolButton *m_follow;
    QToolButton *m_clear;
    QLabel *m_status;
    QLabel *m_limitBanner;
    QLabel *m_searchError = nullptr; // why the search cannot be read, under the filter bar
    bool m_keepDetails = false; // rows are leaving: the details pane keeps its message
    qint64 m_topNumberBeforeDrop = -1;
    QTimer *m_filterDelay;
    TimeMode m_wallClockMode = TimeMode::WallClock; // what the toggle switches to
    QWidget *m_bar;
    LogRowActions *m_rowActions = nullptr;
    DecodeChoiceBox *m_decodeAs = nullptr;
};

} // namespace wsi::ui
