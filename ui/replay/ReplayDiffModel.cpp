// SPDX-License-Identifier: MIT
#include "ui/replay/ReplayDiffModel.h"

#include "ui/window/Theme.h"

#include <QApplication>
#include <QPalette>

namespace wsi::ui {

using replay::DiffEntry;
using replay::DiffKind;
using replay::JsonChange;
using replay::ReplayMessage;

QString replayMessagePreview(const ReplayMessage &message, int maxChars)
{
    if (message.binary) {
        return QStringLiteral("binary, %1 bytes: %2%3")
            .arg(message.payload.size())
            .arg(QString::fromLatin1(message.payload.left(24).toHex(' ')), message.payload.size() > 24 ? QStringLiteral(" …") : QString());
    }
    QString text = QString::fromUtf8(message.payload.left(maxChars * 4));
    text.replace(QLatin1Char('\n'), QChar(0x23CE)).replace(QLatin1Char('\r'), QString());
    if (text.size() > maxChars)
        text = text.left(maxChars) + QStringLiteral(" …");
    return text;
}

namespace {

QString changeText(const JsonChange &change)
{
    switch (change.kind) {
    case JsonChange::Kind::Changed: return QStringLiteral("%1: %2 → %3").arg(change.path, change.recorded, change.replayed);
    case JsonChange::Kind::Missing: return QStringLiteral("%1: %2 → (missing)").arg(change.path, change.recorded);
    case JsonChange::Kind::Added: return QStringLiteral("%1: (new) → %2").arg(change.path, change.replayed);
    }
    return {};
}

QColor kindColor(DiffKind kind, const QPalette &palette)
{
    switch (kind) {
    case DiffKind::Same: return Theme::okColor(palette);
    case DiffKind::Changed: return Theme::warningColor(palette);
    case DiffKind::Missing: return Theme::errorColor(palette);
    case DiffKind::New: return Theme::incomingColor(palette);
    }
    return {};
}

} // namespace

ReplayDiffModel::ReplayDiffModel(replay::ResponseDiff diff, QList<ReplayMessage> recorded, QList<ReplayMessage> answers,
                                 QObject *parent)
    : QAbstractTableModel(parent), m_diff(std::move(diff)), m_recorded(std::move(recorded)), m_answers(std::move(answers))
{
    setDifferencesOnly(false);
}

void ReplayDiffModel::setDifferencesOnly(bool only)
{
    beginResetModel();
    m_shown.clear();
    for (int i = 0; i < m_diff.entries.size(); ++i) {
        if (!only || m_diff.entries.at(i).kind != DiffKind::Same)
            m_shown << i;
    }
    endResetModel();
}

int ReplayDiffModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_shown.size());
}

int ReplayDiffModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString ReplayDiffModel::differenceText(const DiffEntry &entry) const
{
    switch (entry.kind) {
    case DiffKind::Same: return replayMessagePreview(m_answers.at(entry.replayed), 120);
    case DiffKind::Missing: return replayMessagePreview(m_recorded.at(entry.recorded), 120);
    case DiffKind::New: return replayMessagePreview(m_answers.at(entry.replayed), 120);
    case DiffKind::Changed:
        if (entry.changes.isEmpty())
            return tr("was %1").arg(replayMessagePreview(m_recorded.at(entry.recorded), 60));
        return changeText(entry.changes.first())
            + (entry.changes.size() + entry.moreChanges > 1 ? tr("  (+%1 more)").arg(entry.changes.size() - 1 + entry.moreChanges) : QString());
    }
    return {};
}

QVariant ReplayDiffModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_shown.size())
        return {};
    const DiffEntry &item = entry(index.row());
    const ReplayMessage *recorded = item.recorded >= 0 ? &m_recorded.at(item.recorded) : nullptr;
    const ReplayMessage *replayed = item.replayed >= 0 ? &m_answers.at(item.replayed) : nullptr;
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case Result: return QString::fromLatin1(replay::diffKindName(item.kind));
        case Recorded: return recorded ? tr("#%1 at %2 ms").arg(recorded->rowNumber).arg(recorded->atMs) : QStringLiteral("—");
        case Replayed:
            if (!replayed)
                return QStringLiteral("—");
            return replayed->rowNumber > 0 ? tr("#%1 at %2 ms").arg(replayed->rowNumber).arg(replayed->atMs)
                                           : tr("at %1 ms").arg(replayed->atMs);
        case Difference: return differenceText(item);
        default: return {};
        }
    case Qt::ForegroundRole:
        if (index.column() == Result)
            return kindColor(item.kind, QApplication::palette());
        return {};
    case Qt::ToolTipRole:
        return index.column() == Difference ? details(index.row()) : QVariant();
    case ReplayRowNumberRole: return replayed ? replayed->rowNumber : 0;
    case RecordedRowNumberRole: return recorded ? recorded->rowNumber : 0;
    default: return {};
    }
}

QVariant ReplayDiffModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Result: return tr("Result");
    case Recorded: return tr("Recorded");
    case Replayed: return tr("Replay");
    case Difference: return tr("Difference");
    default: return {};
    }
}

QString ReplayDiffModel::details(int row) const
{
    if (row < 0 || row >= m_shown.size())
        return {};
    const DiffEntry &item = entry(row);
    QStringList lines;
    if (item.kind == DiffKind::Changed && !item.changes.isEmpty()) {
        for (const JsonChange &change : item.changes)
            lines << changeText(change);
        if (item.moreChanges > 0)
            lines << tr("… and %1 more").arg(item.moreChanges);
    }
    if (item.recorded >= 0)
        lines << tr("recorded: %1").arg(replayMessagePreview(m_recorded.at(item.recorded), 2000));
    if (item.replayed >= 0)
        lines << tr("replay:   %1").arg(replayMessagePreview(m_answers.at(item.replayed), 2000));
    return lines.join(QLatin1Char('\n'));
}

} // namespace wsi::ui
