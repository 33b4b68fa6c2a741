// SPDX-License-Identifier: MIT
#include "ui/replay/ReplayResultsWindow.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

namespace wsi::ui {

ReplayResultsWindow::ReplayResultsWindow(const QString &title, const QString &summary, ReplayDiffModel *model,
                                         std::function<void(bool, qint64)> showRow, QWidget *parent)
    : QDialog(parent),
      m_model(model),
      m_showRow(std::move(showRow)),
      m_summary(new QLabel(summary, this)),
      m_differencesOnly(new QCheckBox(tr("Differences only"), this)),
      m_table(new QTableView(this)),
      m_details(new QPlainTextEdit(this)),
      m_showInLog(new QPushButton(tr("Show in Log"), this))
{
    setWindowTitle(title);
    model->setParent(this);
    m_summary->setObjectName(QStringLiteral("replaySummary"));
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_differencesOnly->setObjectName(QStringLiteral("replayDifferencesOnly"));

    m_table->setObjectName(QStringLiteral("replayDiffTable"));
    m_table->setModel(model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setAlternatingRowColors(true);
    m_table->setShowGrid(false);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->setVisible(false);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 6);
    m_table->horizontalHeader()->setStretchLastSection(true);
    const QFontMetrics metrics = m_table->fontMetrics();
    m_table->setColumnWidth(ReplayDiffModel::Result, metrics.horizontalAdvance(QStringLiteral("changed")) + 24);
    m_table->setColumnWidth(ReplayDiffModel::Recorded, metrics.horizontalAdvance(QStringLiteral("#00000 at 00000 ms")) + 16);
    m_table->setColumnWidth(ReplayDiffModel::Replayed, metrics.horizontalAdvance(QStringLiteral("#00000 at 00000 ms")) + 16);

    m_details->setObjectName(QStringLiteral("replayDetails"));
    m_details->setReadOnly(true);
    m_details->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_details->setPlaceholderText(tr("Select an answer to see what differs"));
    auto *split = new QSplitter(Qt::Vertical, this);
    split->addWidget(m_table);
    split->addWidget(m_details);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 1);

    m_showInLog->setObjectName(QStringLiteral("replayShowInLog"));
    m_showInLog->setEnabled(false);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    buttons->addButton(m_showInLog, QDialogButtonBox::ActionRole);
    auto *top = new QHBoxLayout;
    top->addWidget(m_summary, 1);
    top->addWidget(m_differencesOnly);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(split, 1);
    layout->addWidget(buttons);

    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::close);
    connect(m_showInLog, &QPushButton::clicked, this, &ReplayResultsWindow::showInLog);
    connect(m_table, &QTableView::doubleClicked, this, &ReplayResultsWindow::showInLog);
    connect(m_differencesOnly, &QCheckBox::toggled, this, [this](bool only) {
        m_model->setDifferencesOnly(only);
        showSelected();
    });
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &ReplayResultsWindow::showSelected);
    // With differences to look at, they come first.
    if (!model->diff().identical())
        m_differencesOnly->setChecked(true);
    resize(900, 520);
}

void ReplayResultsWindow::showSelected()
{
    const QModelIndex current = m_table->currentIndex();
    m_details->setPlainText(current.isValid() ? m_model->details(current.row()) : QString());
    m_showInLog->setEnabled(current.isValid());
}

void ReplayResultsWindow::showInLog()
{
    const QModelIndex current = m_table->currentIndex();
    if (!current.isValid() || !m_showRow)
        return;
    const qint64 replayRow = current.data(ReplayDiffModel::ReplayRowNumberRole).toLongLong();
    if (replayRow > 0)
        m_showRow(false, replayRow);
    else
        m_showRow(true, current.data(ReplayDiffModel::RecordedRowNumberRole).toLongLong());
}

} // namespace wsi::ui
