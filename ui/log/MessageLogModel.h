// SPDX-License-Identifier: MIT
#pragma once
// The message log as a flat table for a QTableView: one row per visible store row (a
// message, ping, pong, close, error or info); a row expanded with setExpanded() is
// followed by one row per frame (see LogRowExpansion for why not a tree). The rows shown
// are LogFilter's result, never a proxy's per-row filterAcceptsRow (too slow over a
// million rows): a filter change resets the model with the new row list, and each
// appended batch is one beginInsertRows at the end.
//
// The model never writes the store: its owner (TabDocument) appends, drops and clears the
// store and tells the model around each change, as qBittorrent's logger and log model do.
// UI thread only.
#include "ui/log/LogRowExpansion.h"
#include "ui/preferences/TimestampFormat.h"
#include "store/query/LogFilter.h"
#include "store/MessageStore.h"

#include <QAbstractTableModel>
#include <QBrush>
#include <QFont>
#include <QIcon>

#include <array>

namespace wsi::ui {

class RowDecoder;

class MessageLogModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    // Decoded: the application protocol's summary (RowDecoder), decoded only when painted.
    enum Columns { Number, Time, Direction, Type, Size, Decoded, Preview, ColumnCount };

    enum Roles {
        PayloadRole = Qt::UserRole, // QByteArray: the row's payload, or a frame's
        KindRole,                   // int: log::LogEntryKind (frame rows: LogEntryKind::Frame)
        DirectionRole,              // int: net::EventDirection
        StoreRowRole,               // int: the row in the MessageStore (frame rows: their message's)
        FrameIndexRole,             // int: a frame row's index in the store, -1 on message rows
        TimeNsRole,                 // qint64: since the connection started
        ClientIdRole,               // quint32: echo server client, 0 otherwise
        ExpandedRole,               // bool on message rows with frames; invalid otherwise
    };

    using TimeMode = ui::TimeMode;

    // The store must outlive the model.
    explicit MessageLogModel(const log::MessageStore *store, QObject *parent = nullptr);

    // The owner appended rows to the store: one beginInsertRows for those the filter shows.
    void rowsAppended();
    // An attempt ended (an error, a close): its boundary row's summary changed.
    void attemptResultsChanged();
    // Around clearing the store: a model reset.
    void beginClear();
    void endClear();
    // Around dropping the store's oldest `count` rows: one beginRemoveRows for the view rows
    // they (and their expanded frames) held, at the top. Numbers of the rows kept do not
    // change (MessageStore::rowNumber). beginDropOldestRows returns the view rows removed.
    int beginDropOldestRows(int count);
    void endDropOldestRows();

    // Shows only the rows the criteria accept. Invalid criteria (a bad regex or JSON
    // path) change nothing: false, and filterError() says why.
    bool setFilter(const log::LogFilterCriteria &criteria);
    log::LogFilterCriteria filter() const { return m_filter.criteria(); }
    QString filterError() const { return m_filterError; }

    // Frames of a message row, shown as the rows below it.
    bool canExpand(int row) const;
    bool isExpanded(int row) const;
    void setExpanded(int row, bool expanded);
    bool isFrameRow(int row) const { return m_expansion.at(row).frame >= 0; }

    // The Time column's form (see TimestampFormat); setTimeMode keeps the precision.
    void setTimestampFormat(const TimestampFormat &format);
    TimestampFormat timestampFormat() const { return m_timeFormat; }
    void setTimeMode(TimeMode mode);
    TimeMode timeMode() const { return m_timeFormat.mode; }

    const log::MessageStore &store() const { return *m_store; }
    // Visible messages, without the frame rows of expanded ones.
    int messageCount() const { return m_messageCount; }
    int storeRow(int row) const; // frame rows: their message's
    int storeRow(const QModelIndex &index) const { return index.isValid() ? storeRow(index.row()) : -1; }
    int frameIndex(int row) const; // -1 on message rows
    QModelIndex indexForStoreRow(int storeRow) const; // invalid when filtered out
    // The next message row after `from` (or before it, backwards) that search accepts,
    // wrapping around; invalid when none does or the search is invalid. from may be invalid.
    QModelIndex findNext(const log::LogFilterCriteria &search, const QModelIndex &from, bool backwards = false) const;

    // The tab's decoder (its owner's; it must outlive the model), for the Decoded column and
    // "Decoded fields" searches. Its changes repaint the column and rescan such a search.
    void setDecoder(RowDecoder *decoder);
    RowDecoder *decoder() const { return m_decoder; }

    // Re-reads colours and icons after the application palette changed.
    void refreshColours();

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QVariant messageData(int message, int column, int role) const;
    QVariant frameData(int message, int frame, int ordinal, int column, int role) const; // message: its store row
    QString messageText(int storeRow, int column) const;
    QString frameText(int frame, int ordinal, int column) const;
    QString timeText(qint64 timeNs) const;
    QString messagePreview(int storeRow, int maxChars) const;
    QString decodedText(int storeRow) const;
    QString decodedToolTip(int storeRow) const;
    QVariant decodedForeground(int storeRow) const; // a malformed payload in the error colour
    void decodingChanged();
    QString messageSize(const log::LogRecord &record) const;
    QBrush directionBrush(net::EventDirection direction) const;
    int viewRowCount() const { return m_messageCount + m_expansion.extraRows(); }

    const log::MessageStore *m_store;
    RowDecoder *m_decoder = nullptr;
    int m_dropping = 0;          // store rows leaving between begin/endDropOldestRows
    int m_viewRowsDropping = 0;  // and the view rows they held
    log::LogFilter m_filter;
    LogRowExpansion m_expansion; // by index among visible messages
    int m_messageCount = 0;      // messages announced to views; the filter may be ahead during an insert
    QString m_filterError;
    TimestampFormat m_timeFormat;

    std::array<QBrush, log::LogEntryKindCount> m_kindBrushes;
    std::array<QIcon, log::LogEntryKindCount> m_kindIcons;
    QIcon m_collapsedIcon;
    QIcon m_expandedIcon;
    QBrush m_incomingBrush;
    QBrush m_outgoingBrush;
    QBrush m_localBrush;
    QFont m_monospace;
    QFont m_boundaryFont;    // attempt rows: bold, so a new connection stands out
    QBrush m_boundaryBrush;  // and a band behind them
    QBrush m_malformedBrush; // a payload its decoder could not read
};

} // namespace wsi::ui
