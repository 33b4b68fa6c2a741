// SPDX-License-Identifier: MIT
#pragma once
// An editable name/value table of HTTP headers with Add and Remove, for the handshake's
// extra headers and the proxy's CONNECT headers. Empty rows are ignored; problem() names
// the first row that cannot be sent (a line break, a name that is not an HTTP token).
// UI thread only.
#include "net/ConnectionOptions.h"

#include <QWidget>

class QAbstractButton;
class QHBoxLayout;
class QPushButton;
class QTableWidget;

namespace wsi::ui {

class HeaderTableEditor : public QWidget
{
    Q_OBJECT
public:
    explicit HeaderTableEditor(QWidget *parent = nullptr);

    void setHeaders(const net::HeaderList &headers);
    net::HeaderList headers() const;
    // Empty when every row can be sent; otherwise one sentence, and `row` is set.
    QString problem(int *row = nullptr) const;
    void focusRow(int row);

    void addRow(const QString &name = QString(), const QString &value = QString());
    // Sets `name` to `value`: the first row of that name (any case) or a new one (presets).
    void setHeader(const QString &name, const QString &value);
    // A caller's own button after Add and Remove (a preset).
    void addButton(QAbstractButton *button);
    QTableWidget *table() const { return m_table; }

private:
    void removeSelectedRows();

    QTableWidget *m_table = nullptr;
    QPushButton *m_remove = nullptr;
    QHBoxLayout *m_buttons = nullptr;
};

} // namespace wsi::ui
