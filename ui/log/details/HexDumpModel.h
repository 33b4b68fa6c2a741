// SPDX-License-Identifier: MIT
#pragma once
// One row per 16 bytes of a payload, made only when a view asks for it, so a list view with
// uniform rows shows a 100 MiB payload as quickly as a 100-byte one. UI thread only.
#include <QAbstractListModel>
#include <QByteArray>

namespace wsi::ui {

class HexDumpModel : public QAbstractListModel
{
    Q_OBJECT
public:
    explicit HexDumpModel(QObject *parent = nullptr);

    void setPayload(const QByteArray &payload);
    const QByteArray &payload() const { return m_payload; }

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

private:
    QByteArray m_payload;
    int m_digits = 8;
    int m_rows = 0;
};

} // namespace wsi::ui
