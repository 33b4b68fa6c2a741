// SPDX-License-Identifier: MIT
#pragma once
// The frames of one message as a table: #, FIN, RSV1-3, opcode, mask key, length, header
// bytes, stream offset. UI thread only.
#include "ui/log/details/MessageDetails.h"

#include <QAbstractTableModel>
#include <QVector>

namespace wsi::ui {

class FrameTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Index, Fin, Rsv1, Rsv2, Rsv3, Opcode, MaskKey, Length, Header, Offset, ColumnCount };

    explicit FrameTableModel(QObject *parent = nullptr);

    void setFrames(const QVector<FrameDetails> &frames);

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QVariant display(const FrameDetails &frame, int row, int column) const;

    QVector<FrameDetails> m_frames;
};

} // namespace wsi::ui
