// SPDX-License-Identifier: MIT
#include "ui/log/MessageLogModel.h"

#include "ui/decode/RowDecoder.h"
#include "ui/log/LogRowText.h"
#include "ui/window/Theme.h"
#include "files/export/AttemptRows.h"
#include "protocol/CloseCode.h"
#include "protocol/Opcode.h"

#include <QFontDatabase>
#include <QGuiApplication>
#include <QPalette>
#include <QPainter>
#include <QPixmap>

#include <algorithm>
#include <utility>

namespace wsi::ui {

using log::LogEntryKind;
using log::LogRecord;

namespace {
constexpr int ShortPreviewChars = 100;
constexpr int ToolTipPreviewChars = 1000;

// Ping payloads are often arbitrary bytes; show them as text only when they read as text.
bool readsAsText(QByteArrayView bytes)
{
    for (char c : bytes) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte < 0x20 && c != '\n' && c != '\r' && c != '\t')
            return false;
    }
    return bytes.isValidUtf8();
}

QIcon swatch(const QColor &colour)
{
    const qreal ratio = qApp ? qApp->devicePixelRatio() : 1.0;
    QPixmap pixmap(QSize(12, 12) * ratio);
    pixmap.setDevicePixelRatio(ratio);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(Qt::NoPen);
    painter.setBrush(colour);
    painter.drawRoundedRect(QRectF(1.5, 1.5, 9, 9), 2.5, 2.5);
    return QIcon(pixmap);
}

// The expand / collapse mark of a message row with frames, as a tree view draws it.
QIcon triangle(const QColor &colour, bool expanded)
{
    const qreal ratio = qApp ? qApp->devicePixelRatio() : 1.0;
    QPixmap pixmap(QSize(12, 12) * ratio);
    pixmap.setDevicePixelRatio(ratio);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(Qt::NoPen);
    painter.setBrush(colour);
    const QPolygonF shape = expanded ? QPolygonF({QPointF(2, 4), QPointF(10, 4), QPointF(6, 9)})
                                     : QPolygonF({QPointF(4, 2), QPointF(9, 6), QPointF(4, 10)});
    painter.drawPolygon(shape);
    return QIcon(pixmap);
}

QString directionWord(net::EventDirection direction)
{
    switch (direction) {
    case net::EventDirection::Incoming:
        return QStringLiteral("incoming");
    case net::EventDirection::Outgoing:
        return QStringLiteral("outgoing");
    case net::EventDirection::Local:
        break;
    }
    return QStringLiteral("local");
}
} // namespace

MessageLogModel::MessageLogModel(const log::MessageStore *store, QObject *parent)
    : QAbstractTableModel(parent)
    , m_store(store)
{
    m_filter.update(*m_store);
    m_messageCount = m_filter.count();
    refreshColours();
}

// ---- changes ---------------------------------------------------------------------------

void MessageLogModel::rowsAppended()
{
    const log::RowRange added = m_filter.update(*m_store);
    if (added.count == 0)
        return;
    const int first = viewRowCount();
    beginInsertRows(QModelIndex(), first, first + added.count - 1);
    m_messageCount = m_filter.count();
    endInsertRows();
}

void MessageLogModel::attemptResultsChanged()
{
    if (viewRowCount() > 0)
        Q_EMIT dataChanged(index(0, Preview), index(viewRowCount() - 1, Preview), {Qt::DisplayRole, Qt::ToolTipRole});
}

void MessageLogModel::beginClear()
{
    beginResetModel();
}

void MessageLogModel::endClear()
{
    m_filter.reset();
    m_expansion.clear();
    m_messageCount = 0;
    endResetModel();
}

int MessageLogModel::beginDropOldestRows(int count)
{
    m_dropping = std::clamp(count, 0, m_store->rowCount());
    const int messagesGone = m_filter.countBefore(m_dropping);
    m_viewRowsDropping = messagesGone < m_messageCount ? m_expansion.viewRow(messagesGone) : viewRowCount();
    if (m_viewRowsDropping > 0)
        beginRemoveRows(QModelIndex(), 0, m_viewRowsDropping - 1);
    return m_viewRowsDropping;
}

void MessageLogModel::endDropOldestRows()
{
    const int messagesGone = m_filter.countBefore(m_dropping);
    m_filter.dropOldestRows(m_dropping);
    m_expansion.dropFront(messagesGone);
    m_messageCount = m_filter.count();
    if (std::exchange(m_viewRowsDropping, 0) > 0)
        endRemoveRows();
    m_dropping = 0;
}

bool MessageLogModel::setFilter(const log::LogFilterCriteria &criteria)
{
    log::RowMatcher probe(criteria);
    probe.setDecodedFields(m_decoder);
    m_filterError = probe.errorString();
    if (!probe.isValid())
        return false;
    if (criteria == m_filter.criteria())
        return true;
    // Rows the user opened stay open when they are still shown.
    std::vector<int> expandedStoreRows;
    for (int message : m_expansion.expandedMessages())
        expandedStoreRows.push_back(m_filter.storeRow(message));
    beginResetModel();
    m_filter.setCriteria(criteria, *m_store);
    m_messageCount = m_filter.count();
    m_expansion.clear();
    for (int storeRow : expandedStoreRows) {
        const int message = m_filter.indexOf(storeRow);
        if (message >= 0)
            m_expansion.expand(message, m_store->frameCount(storeRow));
    }
    endResetModel();
    return true;
}

bool MessageLogModel::canExpand(int row) const
{
    return row >= 0 && row < viewRowCount() && !isFrameRow(row) && m_store->frameCount(storeRow(row)) > 0;
}

bool MessageLogModel::isExpanded(int row) const
{
    const LogRowExpansion::Position position = m_expansion.at(row);
    return position.frame < 0 && m_expansion.isExpanded(position.message);
}

void MessageLogModel::setExpanded(int row, bool expanded)
{
    if (!canExpand(row) || isExpanded(row) == expanded)
        return;
    const int message = m_expansion.at(row).message;
    if (expanded) {
        const int frames = m_store->frameCount(storeRow(row));
        beginInsertRows(QModelIndex(), row + 1, row + frames);
        m_expansion.expand(message, frames);
        endInsertRows();
    } else {
        beginRemoveRows(QModelIndex(), row + 1, row + m_expansion.framesShown(message));
        m_expansion.collapse(message);
        endRemoveRows();
    }
    const QModelIndex changed = index(row, Number);
    Q_EMIT dataChanged(changed, changed, {Qt::DecorationRole, ExpandedRole});
}

void MessageLogModel::setTimeMode(TimeMode mode)
{
    setTimestampFormat({mode, m_timeFormat.precision});
}

void MessageLogModel::setTimestampFormat(const TimestampFormat &format)
{
    if (format == m_timeFormat)
        return;
    m_timeFormat = format;
    Q_EMIT headerDataChanged(Qt::Horizontal, Time, Time);
    if (viewRowCount() > 0)
        Q_EMIT dataChanged(index(0, Time), index(viewRowCount() - 1, Time), {Qt::DisplayRole});
}

void MessageLogModel::refreshColours()
{
    const QPalette palette = QGuiApplication::palette();
    for (int kind = 0; kind < log::LogEntryKindCount; ++kind) {
        const QColor colour = Theme::kindColor(LogEntryKind(kind), palette);
        m_kindBrushes[size_t(kind)] = QBrush(colour);
        m_kindIcons[size_t(kind)] = swatch(colour);
    }
    m_collapsedIcon = triangle(palette.color(QPalette::Text), false);
    m_expandedIcon = triangle(palette.color(QPalette::Text), true);
    m_incomingBrush = QBrush(Theme::incomingColor(palette));
    m_outgoingBrush = QBrush(Theme::outgoingColor(palette));
    m_localBrush = QBrush(palette.color(QPalette::PlaceholderText));
    m_monospace = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    m_boundaryFont = QGuiApplication::font();
    m_boundaryFont.setBold(true);
    QColor band = Theme::kindColor(LogEntryKind::Attempt, palette);
    band.setAlpha(36);
    m_boundaryBrush = QBrush(band);
    m_malformedBrush = QBrush(Theme::errorColor(palette));
    if (viewRowCount() > 0)
        Q_EMIT dataChanged(index(0, 0), index(viewRowCount() - 1, ColumnCount - 1),
                           {Qt::ForegroundRole, Qt::DecorationRole, Qt::FontRole, Qt::BackgroundRole});
}

// ---- lookups ---------------------------------------------------------------------------

int MessageLogModel::storeRow(int row) const
{
    return m_filter.storeRow(m_expansion.at(row).message);
}

int MessageLogModel::frameIndex(int row) const
{
    const LogRowExpansion::Position position = m_expansion.at(row);
    return position.frame < 0 ? -1 : m_store->firstFrame(m_filter.storeRow(position.message)) + position.frame;
}

QModelIndex MessageLogModel::indexForStoreRow(int storeRow) const
{
    const int message = m_filter.indexOf(storeRow);
    return message >= 0 && message < m_messageCount ? index(m_expansion.viewRow(message), 0) : QModelIndex();
}

QModelIndex MessageLogModel::findNext(const log::LogFilterCriteria &search, const QModelIndex &from,
                                      bool backwards) const
{
    log::RowMatcher matcher(search);
    matcher.setDecodedFields(m_decoder);
    if (!matcher.isValid() || m_messageCount == 0)
        return {};
    int start = backwards ? m_messageCount : -1;
    if (from.isValid() && from.row() < viewRowCount()) {
        const LogRowExpansion::Position position = m_expansion.at(from.row());
        // Backwards from a frame row, its own message (above it) comes first.
        start = position.message + (backwards && position.frame >= 0 ? 1 : 0);
    }
    for (int step = 1; step <= m_messageCount; ++step) {
        const int message = ((start + (backwards ? -step : step)) % m_messageCount + m_messageCount) % m_messageCount;
        if (matcher.matches(*m_store, m_filter.storeRow(message)))
            return index(m_expansion.viewRow(message), 0);
    }
    return {};
}

// ---- structure -------------------------------------------------------------------------

int MessageLogModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : viewRowCount();
}

int MessageLogModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant MessageLogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (Columns(section)) {
    case Number:
        return QStringLiteral("#");
    case Time:
        return m_timeFormat.mode == TimeMode::Relative ? QStringLiteral("Time")
            : m_timeFormat.mode == TimeMode::WallClock ? QStringLiteral("Clock")
                                                       : QStringLiteral("Date and time");
    case Direction:
        return QStringLiteral("Dir");
    case Type:
        return QStringLiteral("Type");
    case Size:
        return QStringLiteral("Size");
    case Decoded:
        return QStringLiteral("Decoded");
    case Preview:
        return QStringLiteral("Preview");
    case ColumnCount:
        break;
    }
    return {};
}

// ---- data ------------------------------------------------------------------------------

QVariant MessageLogModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const LogRowExpansion::Position position = m_expansion.at(index.row());
    if (position.frame < 0)
        return messageData(position.message, index.column(), role);
    const int message = m_filter.storeRow(position.message);
    return frameData(message, m_store->firstFrame(message) + position.frame, position.frame, index.column(), role);
}

QVariant MessageLogModel::messageData(int message, int column, int role) const
{
    const int row = m_filter.storeRow(message);
    const LogRecord &record = m_store->record(row);
    switch (role) {
    case Qt::DisplayRole:
        return messageText(row, column);
    case Qt::ToolTipRole:
        if (column == Preview) {
            const qint64 origin = m_store->resentFrom(row);
            return origin ? tr("A resend of #%1 (its context menu goes there)\n\n").arg(origin) + messagePreview(row, ToolTipPreviewChars)
                          : messagePreview(row, ToolTipPreviewChars);
        }
        if (column == Direction)
            return QString(directionWord(record.direction())
                           + (record.clientId ? QStringLiteral(", client %1").arg(record.clientId) : QString()));
        if (column == Decoded)
            return decodedToolTip(row);
        return {};
    case Qt::ForegroundRole:
        if (column == Decoded)
            return decodedForeground(row);
        if (record.kind == LogEntryKind::Error || record.kind == LogEntryKind::Info
            || record.kind == LogEntryKind::Attempt || record.kind == LogEntryKind::Handshake || column == Type)
            return m_kindBrushes[size_t(record.kind)];
        if (column == Direction)
            return directionBrush(record.direction());
        return {};
    case Qt::DecorationRole:
        if (column == Type)
            return m_kindIcons[size_t(record.kind)];
        if (column == Number && m_store->frameCount(row) > 0)
            return m_expansion.isExpanded(message) ? m_expandedIcon : m_collapsedIcon;
        return {};
    case Qt::FontRole:
        if (record.kind == LogEntryKind::Attempt)
            return m_boundaryFont;
        return column == Preview || column == Decoded ? QVariant(m_monospace) : QVariant();
    case Qt::BackgroundRole:
        return record.kind == LogEntryKind::Attempt ? QVariant(m_boundaryBrush) : QVariant();
    case Qt::TextAlignmentRole:
        return column == Size ? QVariant(int(Qt::AlignRight | Qt::AlignVCenter)) : QVariant();
    case PayloadRole:
        return m_store->payloadCopy(row);
    case KindRole:
        return int(record.kind);
    case DirectionRole:
        return int(record.direction());
    case StoreRowRole:
        return row;
    case FrameIndexRole:
        return -1;
    case TimeNsRole:
        return record.timeNs;
    case ClientIdRole:
        return record.clientId;
    case ExpandedRole:
        return m_store->frameCount(row) > 0 ? QVariant(m_expansion.isExpanded(message)) : QVariant();
    default:
        return {};
    }
}

QVariant MessageLogModel::frameData(int message, int frame, int ordinal, int column, int role) const
{
    const log::FrameRecord &record = m_store->frame(frame);
    switch (role) {
    case Qt::DisplayRole:
        return frameText(frame, ordinal, column);
    case Qt::ToolTipRole:
        if (column != Preview)
            return {};
        return QString(QStringLiteral("header ") + QString::fromLatin1(m_store->frameHeader(frame).toHex(' ')));
    case Qt::ForegroundRole:
        return column == Direction ? QVariant(directionBrush(record.direction())) : QVariant();
    case Qt::FontRole:
        return column == Preview ? QVariant(m_monospace) : QVariant();
    case Qt::TextAlignmentRole:
        return column == Size ? QVariant(int(Qt::AlignRight | Qt::AlignVCenter)) : QVariant();
    case PayloadRole:
        return m_store->framePayload(frame).toByteArray();
    case KindRole:
        return int(LogEntryKind::Frame);
    case DirectionRole:
        return int(record.direction());
    case StoreRowRole:
        return message;
    case FrameIndexRole:
        return frame;
    case TimeNsRole:
        return record.timeNs;
    default:
        return {};
    }
}

QString MessageLogModel::messageText(int row, int column) const
{
    const LogRecord &record = m_store->record(row);
    switch (Columns(column)) {
    case Number:
        return QString::number(m_store->rowNumber(row));
    case Time:
        return timeText(record.timeNs);
    case Direction: {
        const QString glyph = Theme::directionGlyph(record.direction() == net::EventDirection::Incoming,
                                                    record.direction() == net::EventDirection::Local);
        return record.clientId ? glyph + QStringLiteral(" #") + QString::number(record.clientId) : glyph;
    }
    case Type:
        return QLatin1String(log::kindName(record.kind));
    case Size:
        return messageSize(record);
    case Decoded:
        return decodedText(row);
    case Preview: {
        const qint64 origin = m_store->resentFrom(row);
        return origin ? QStringLiteral("↻ #%1 · ").arg(origin) + messagePreview(row, ShortPreviewChars)
                      : messagePreview(row, ShortPreviewChars);
    }
    case ColumnCount:
        break;
    }
    return {};
}

QString MessageLogModel::frameText(int frame, int ordinal, int column) const
{
    const log::FrameRecord &record = m_store->frame(frame);
    switch (Columns(column)) {
    case Number:
        return QStringLiteral("↳ ") + QString::number(ordinal + 1);
    case Time:
        return timeText(record.timeNs);
    case Direction:
        return Theme::directionGlyph(record.direction() == net::EventDirection::Incoming,
                                     record.direction() == net::EventDirection::Local);
    case Type:
        return QLatin1String(protocol::opcodeName(record.opcode));
    case Size:
        return LogRowText::size(record.length);
    case Decoded:
        return {};
    case Preview:
        return LogRowText::frameSummary(record);
    case ColumnCount:
        break;
    }
    return {};
}

QString MessageLogModel::timeText(qint64 timeNs) const
{
    return LogRowText::timestamp(m_timeFormat, m_store->startedAt(), timeNs);
}

QString MessageLogModel::messageSize(const LogRecord &record) const
{
    switch (record.kind) {
    case LogEntryKind::Text:
    case LogEntryKind::Binary:
        if (record.isCompressed()) // wire → inflated, the number deflate saved
            return LogRowText::size(record.wireSize) + QStringLiteral(" → ") + LogRowText::size(record.payloadSize);
        return LogRowText::size(record.payloadSize);
    case LogEntryKind::Ping:
    case LogEntryKind::Pong:
        return LogRowText::size(record.payloadSize);
    case LogEntryKind::Frame:
        return LogRowText::size(record.wireSize);
    case LogEntryKind::Handshake:
    case LogEntryKind::Event:
    case LogEntryKind::Comment:
        return LogRowText::size(record.payloadSize);
    case LogEntryKind::Close:
    case LogEntryKind::Error:
    case LogEntryKind::Info:
    case LogEntryKind::Attempt:
        break;
    }
    return {};
}

QString MessageLogModel::messagePreview(int row, int maxChars) const
{
    const LogRecord &record = m_store->record(row);
    const QByteArrayView payload = m_store->payload(row);
    switch (record.kind) {
    case LogEntryKind::Text:
    case LogEntryKind::Error:
    case LogEntryKind::Info:
        return LogRowText::preview(payload, false, maxChars);
    case LogEntryKind::Binary:
        return LogRowText::preview(payload, true, maxChars);
    case LogEntryKind::Ping:
    case LogEntryKind::Pong: {
        const log::PingInfo info = m_store->pingInfo(row);
        QString text = LogRowText::preview(payload, !readsAsText(payload), maxChars);
        if (info.rttNs >= 0)
            text += (text.isEmpty() ? QString() : QStringLiteral(" · "))
                + QStringLiteral("rtt %1 ms").arg(double(info.rttNs) / 1e6, 0, 'f', 3);
        if (!info.note.isEmpty())
            text += (text.isEmpty() ? QString() : QStringLiteral(" · ")) + info.note;
        return text;
    }
    case LogEntryKind::Close: {
        QString text = record.code == 0 ? QStringLiteral("no status code")
                                        : QStringLiteral("%1 %2").arg(record.code).arg(
                                              QLatin1String(protocol::closeCodeMeaning(record.code)));
        if (!payload.isEmpty())
            text += QStringLiteral(" · “") + LogRowText::preview(payload, false, maxChars) + QStringLiteral("”");
        return text + (record.isClean() ? QStringLiteral(" · clean") : QStringLiteral(" · not clean"));
    }
    case LogEntryKind::Frame: {
        const QString summary = LogRowText::frameSummary(m_store->frame(m_store->firstFrame(row)));
        return payload.isEmpty() ? summary
                                 : summary + QStringLiteral(" · ") + LogRowText::preview(payload, !readsAsText(payload), maxChars);
    }
    case LogEntryKind::Attempt:
        // When it began in both clocks: relative times count from the log's first attempt.
        return log::attemptSummary(*m_store, row)
            + QStringLiteral(" · began %1 (%2 into the log)")
                  .arg(LogRowText::wallClockTime(m_store->startedAt(), record.timeNs),
                       LogRowText::relativeTime(record.timeNs));
    case LogEntryKind::Handshake:
        return log::handshakeSummary(*m_store, row);
    case LogEntryKind::Event: {
        // The type first when the stream named one: "price · 1.25".
        const QString type = m_store->eventType(row);
        const QString data = LogRowText::preview(payload, false, maxChars);
        return type == QLatin1String("message") ? data : type + QStringLiteral(" · ") + data;
    }
    case LogEntryKind::Comment:
        return QLatin1Char(':') + LogRowText::preview(payload, false, maxChars);
    }
    return {};
}

QBrush MessageLogModel::directionBrush(net::EventDirection direction) const
{
    switch (direction) {
    case net::EventDirection::Incoming:
        return m_incomingBrush;
    case net::EventDirection::Outgoing:
        return m_outgoingBrush;
    case net::EventDirection::Local:
        break;
    }
    return m_localBrush;
}

} // namespace wsi::ui
