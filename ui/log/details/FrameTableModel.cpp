// SPDX-License-Identifier: MIT
#include "ui/log/details/FrameTableModel.h"

#include "ui/common/PayloadCodec.h"
#include "protocol/Opcode.h"

namespace wsi::ui {

namespace {

QString flag(bool set)
{
    return set ? QStringLiteral("1") : QStringLiteral("0");
}

// A hixie frame by its type byte, as draft 76 section 4.2 names them.
QString hixieType(const FrameDetails &frame)
{
    const quint8 type = frame.headerBytes.isEmpty() ? 0 : quint8(frame.headerBytes.at(0));
    const char *what = frame.opcode == 0x8 ? "close"
                       : type == 0x00      ? "text"
                       : type == 0x80      ? "binary"
                       : (type & 0x80)     ? "length-prefixed"
                                           : "sentinel";
    return QStringLiteral("0x%1 %2 (hixie)").arg(type, 2, 16, QLatin1Char('0')).arg(QLatin1String(what));
}

// The bytes around the payload: the type (and length) bytes, then "…", then 0xFF when the
// frame is a sentinel one.
QString hixieFraming(const FrameDetails &frame)
{
    const QString header = PayloadCodec::toSpacedHex(frame.headerBytes);
    return frame.hixieTrailer ? header + QStringLiteral(" … ff") : header;
}

} // namespace

FrameTableModel::FrameTableModel(QObject *parent) : QAbstractTableModel(parent) {}

void FrameTableModel::setFrames(const QVector<FrameDetails> &frames)
{
    beginResetModel();
    m_frames = frames;
    endResetModel();
}

int FrameTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_frames.size());
}

int FrameTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant FrameTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const FrameDetails &frame = m_frames.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return display(frame, index.row(), index.column());
    case Qt::TextAlignmentRole:
        if (index.column() == Index || index.column() == Length || index.column() == Offset)
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        if (index.column() >= Fin && index.column() <= Rsv3)
            return QVariant(Qt::AlignCenter);
        return {};
    case Qt::ToolTipRole:
        if (frame.hixie && index.column() == Header && frame.hixieTrailer)
            return tr("The frame's type byte, its payload, then the 0xFF that ends it (draft 76 section 4.2)");
        if (index.column() == Opcode && !protocol::isKnownOpcode(frame.opcode))
            return tr("Reserved opcode (RFC 6455 section 5.2)");
        return {};
    default:
        return {};
    }
}

QVariant FrameTableModel::display(const FrameDetails &frame, int row, int column) const
{
    if (frame.hixie && column >= Fin && column <= Rsv3)
        return QStringLiteral("—"); // the drafts' frames have no flags
    if (frame.hixie && column == Opcode)
        return hixieType(frame);
    if (frame.hixie && column == Header)
        return hixieFraming(frame);
    switch (column) {
    case Index:
        return row + 1;
    case Fin:
        return flag(frame.fin);
    case Rsv1:
        return flag(frame.rsv1);
    case Rsv2:
        return flag(frame.rsv2);
    case Rsv3:
        return flag(frame.rsv3);
    case Opcode:
        return QStringLiteral("0x%1 %2").arg(frame.opcode, 0, 16).arg(QLatin1String(protocol::opcodeName(frame.opcode)));
    case MaskKey:
        return frame.masked ? formatMaskKey(frame.maskKey) : QStringLiteral("—");
    case Length:
        return QString::number(frame.length);
    case Header:
        return PayloadCodec::toSpacedHex(frame.headerBytes);
    case Offset:
        return QString::number(frame.streamOffset);
    default:
        return {};
    }
}

QVariant FrameTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    static const char *const titles[ColumnCount] = {"#",      "FIN",      "RSV1",   "RSV2",   "RSV3",
                                                    "opcode", "mask key", "length", "header", "offset"};
    return section >= 0 && section < ColumnCount ? tr(titles[section]) : QVariant();
}

} // namespace wsi::ui
