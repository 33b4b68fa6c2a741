// SPDX-License-Identifier: MIT
#include "ui/tab/HeaderTableEditor.h"

#include "ui/window/Theme.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>

namespace wsi::ui {

namespace {

QString cellText(const QTableWidget *table, int row, int column)
{
    const QTableWidgetItem *item = table->item(row, column);
    return item ? item->text() : QString();
}

bool hasLineBreak(const QString &text)
{
    return text.contains(u'\r') || text.contains(u'\n');
}

} // namespace

HeaderTableEditor::HeaderTableEditor(QWidget *parent) : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_table = new QTableWidget(0, 2);
    m_table->setObjectName(QStringLiteral("headerTable"));
    m_table->setHorizontalHeaderLabels({tr("Name"), tr("Value")});
    m_table->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Interactive);
    m_table->horizontalHeader()->setSectionResizeMode(1, QHeaderView::Stretch);
    m_table->setColumnWidth(0, 200);
    m_table->verticalHeader()->hide();
    m_table->setFont(QFont(Theme::monospaceFamily()));
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    layout->addWidget(m_table, 1);

    auto *buttons = m_buttons = new QHBoxLayout;
    auto *add = new QPushButton(tr("Add"));
    add->setObjectName(QStringLiteral("addHeader"));
    // After Add, typing fills in the new row's name (no editor is forced open, so a second
    // Add while one is open is harmless).
    m_table->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed
                             | QAbstractItemView::AnyKeyPressed | QAbstractItemView::SelectedClicked);
    connect(add, &QPushButton::clicked, this, [this] {
        addRow();
        m_table->setCurrentCell(m_table->rowCount() - 1, 0);
        m_table->setFocus();
    });
    m_remove = new QPushButton(tr("Remove"));
    m_remove->setObjectName(QStringLiteral("removeHeader"));
    connect(m_remove, &QPushButton::clicked, this, &HeaderTableEditor::removeSelectedRows);
    buttons->addWidget(add);
    buttons->addWidget(m_remove);
    buttons->addStretch(1);
    layout->addLayout(buttons);
}

void HeaderTableEditor::setHeaders(const net::HeaderList &headers)
{
    m_table->setRowCount(0);
    for (const auto &header : headers)
        addRow(QString::fromUtf8(header.first), QString::fromUtf8(header.second));
}

void HeaderTableEditor::addRow(const QString &name, const QString &value)
{
    const int row = m_table->rowCount();
    m_table->insertRow(row);
    m_table->setItem(row, 0, new QTableWidgetItem(name));
    m_table->setItem(row, 1, new QTableWidgetItem(value));
}

void HeaderTableEditor::setHeader(const QString &name, const QString &value)
{
    for (int row = 0; row < m_table->rowCount(); ++row) {
        if (cellText(m_table, row, 0).trimmed().compare(name, Qt::CaseInsensitive) == 0) {
            m_table->setItem(row, 1, new QTableWidgetItem(value));
            return;
        }
    }
    addRow(name, value);
}

void HeaderTableEditor::addButton(QAbstractButton *button)
{
    m_buttons->insertWidget(m_buttons->count() - 1, button); // before the stretch
}

net::HeaderList HeaderTableEditor::headers() const
{
    net::HeaderList headers;
    for (int row = 0; row < m_table->rowCount(); ++row) {
        const QString name = cellText(m_table, row, 0).trimmed();
        const QString value = cellText(m_table, row, 1);
        if (name.isEmpty() && value.isEmpty())
            continue;
        headers.append({name.toUtf8(), value.toUtf8()});
    }
    return headers;
}

QString HeaderTableEditor::problem(int *rowOut) const
{
    for (int row = 0; row < m_table->rowCount(); ++row) {
        const QString name = cellText(m_table, row, 0).trimmed();
        const QString value = cellText(m_table, row, 1);
        if (rowOut)
            *rowOut = row;
        // RFC 7230 section 3.2: a header is one line; CR or LF would start a new header
        // (or end the head), which is request smuggling, not a header.
        if (hasLineBreak(name) || hasLineBreak(value))
            return tr("Header on row %1 has a line break (CR or LF) in its %2; a header must fit on one line.")
                .arg(row + 1)
                .arg(hasLineBreak(name) ? tr("name") : tr("value"));
        if (name.isEmpty() && !value.isEmpty())
            return tr("Header on row %1 has a value but no name.").arg(row + 1);
        if (!name.isEmpty() && !net::isHttpToken(name.toUtf8()))
            return tr("Header name “%1” on row %2 is not an HTTP token: no spaces or ()<>@,;:\\\"/[]?={} allowed (RFC 7230 section 3.2.6).")
                .arg(name)
                .arg(row + 1);
    }
    if (rowOut)
        *rowOut = -1;
    return {};
}

void HeaderTableEditor::focusRow(int row)
{
    if (row < 0 || row >= m_table->rowCount())
        return;
    m_table->setCurrentCell(row, 0);
    m_table->setFocus();
}

void HeaderTableEditor::removeSelectedRows()
{
    QList<int> rows;
    for (const QModelIndex &index : m_table->selectionModel()->selectedRows())
        rows << index.row();
    if (rows.isEmpty() && m_table->currentRow() >= 0)
        rows << m_table->currentRow();
    std::sort(rows.begin(), rows.end(), std::greater<int>());
    for (int row : rows)
        m_table->removeRow(row);
}

} // namespace wsi::ui
