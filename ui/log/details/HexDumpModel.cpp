// SPDX-License-Identifier: MIT
#include "ui/log/details/HexDumpModel.h"

#include "ui/log/details/HexDump.h"

#include <limits>

namespace wsi::ui {

HexDumpModel::HexDumpModel(QObject *parent) : QAbstractListModel(parent) {}

void HexDumpModel::setPayload(const QByteArray &payload)
{
    beginResetModel();
    m_payload = payload;
    m_digits = HexDump::offsetDigits(payload.size());
    // A view counts rows in int: 2^31 lines of 16 bytes is 32 GiB, more than any payload.
    m_rows = int(qMin<qsizetype>(HexDump::lineCount(payload.size()), std::numeric_limits<int>::max()));
    endResetModel();
}

int HexDumpModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : m_rows;
}

QVariant HexDumpModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    if (role == Qt::DisplayRole)
        return HexDump::line(m_payload, index.row(), m_digits);
    return {};
}

} // namespace wsi::ui
