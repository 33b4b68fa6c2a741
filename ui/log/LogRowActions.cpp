// SPDX-License-Identifier: MIT
#include "ui/log/LogRowActions.h"

#include "ui/log/MessageLogModel.h"

#include <QAction>
#include <QItemSelectionModel>
#include <QMenu>
#include <QTableView>

#include <algorithm>

namespace wsi::ui {

LogRowActions::LogRowActions(QTableView *view, MessageLogModel *model)
    : QObject(view), m_view(view), m_model(model)
{
    // Ctrl+R as Burp's "send to Repeater"; the shortcuts work while the list has the focus.
    m_resend = new QAction(tr("Resend"), view);
    m_resend->setObjectName(QStringLiteral("resendRow"));
    m_resend->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));
    m_resend->setShortcutContext(Qt::WidgetShortcut);
    m_resend->setToolTip(tr("Send this message again as it was (type, payload, frames)"));
    m_editResend = new QAction(tr("Edit and Resend…"), view);
    m_editResend->setObjectName(QStringLiteral("editResendRow"));
    m_editResend->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R));
    m_editResend->setShortcutContext(Qt::WidgetShortcut);
    m_editResend->setToolTip(tr("Put this message in the composer, with its type, payload and frames, to change it before sending"));
    m_replay = new QAction(tr("Replay Selected Messages…"), view);
    m_replay->setObjectName(QStringLiteral("replaySelectedRows"));
    m_replay->setToolTip(tr("Send the selected sent messages again to a server, in a new tab, and compare the answers with these"));
    view->addAction(m_resend);
    view->addAction(m_editResend);
    connect(m_replay, &QAction::triggered, this, [this] { Q_EMIT replayRequested(selectedStoreRows()); });
    connect(m_resend, &QAction::triggered, this, [this] { trigger(false); });
    connect(m_editResend, &QAction::triggered, this, [this] { trigger(true); });

    // Rows that were never sent (errors, notes, attempts, the handshake) offer no resend.
    connect(view->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &LogRowActions::updateEnabled);
    connect(model, &QAbstractItemModel::modelReset, this, &LogRowActions::updateEnabled);
    updateEnabled();

    view->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(view, &QWidget::customContextMenuRequested, this, [this](const QPoint &at) {
        const QModelIndex index = m_view->indexAt(at);
        if (!index.isValid())
            return;
        // A right click inside the selection keeps it (to replay several rows).
        if (m_view->selectionModel()->isSelected(index))
            m_view->selectionModel()->setCurrentIndex(index, QItemSelectionModel::NoUpdate);
        else
            m_view->setCurrentIndex(index);
        QMenu *menu = menuForRow(index.row(), m_view);
        menu->setAttribute(Qt::WA_DeleteOnClose);
        menu->popup(m_view->viewport()->mapToGlobal(at));
    });
}

void LogRowActions::setResendEnabled(bool enabled)
{
    m_resendEnabled = enabled;
    updateEnabled();
}

void LogRowActions::updateEnabled()
{
    const QModelIndex current = m_view->currentIndex();
    bool sendable = false;
    if (current.isValid()) {
        switch (log::LogEntryKind(current.data(MessageLogModel::KindRole).toInt())) {
        case log::LogEntryKind::Error:
        case log::LogEntryKind::Info:
        case log::LogEntryKind::Attempt:
        case log::LogEntryKind::Handshake:
        case log::LogEntryKind::Event:
        case log::LogEntryKind::Comment:
            break;
        default:
            sendable = true;
        }
    }
    m_resend->setEnabled(m_resendEnabled && sendable);
    m_editResend->setEnabled(m_resendEnabled && sendable);
}

QMenu *LogRowActions::menuForRow(int row, QWidget *parent)
{
    auto *menu = new QMenu(parent);
    menu->addAction(m_resend);
    menu->addAction(m_editResend);
    menu->addSeparator();
    menu->addAction(m_replay);
    const QVector<int> selected = selectedStoreRows();
    m_replay->setEnabled(std::any_of(selected.cbegin(), selected.cend(), [this](int storeRow) {
        const log::LogRecord &record = m_model->store().record(storeRow);
        return (record.kind == log::LogEntryKind::Text || record.kind == log::LogEntryKind::Binary)
            && record.direction() == net::EventDirection::Outgoing;
    }));
    const int storeRow = m_model->storeRow(row);
    const qint64 origin = storeRow >= 0 && !m_model->isFrameRow(row) ? m_model->store().resentFrom(storeRow) : 0;
    if (origin > 0) {
        menu->addSeparator();
        QAction *original = menu->addAction(tr("Go to the Original, #%1").arg(origin));
        original->setObjectName(QStringLiteral("goToOriginal"));
        connect(original, &QAction::triggered, this, [this, origin] { Q_EMIT originalRequested(origin); });
    }
    return menu;
}

QVector<int> LogRowActions::selectedStoreRows() const
{
    QVector<int> rows;
    for (const QModelIndex &index : m_view->selectionModel()->selectedRows()) {
        const int storeRow = m_model->storeRow(index.row());
        if (storeRow >= 0 && (rows.isEmpty() || rows.last() != storeRow))
            rows << storeRow;
    }
    std::sort(rows.begin(), rows.end());
    rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
    return rows;
}

void LogRowActions::trigger(bool edit)
{
    const QModelIndex current = m_view->currentIndex();
    if (!m_resend->isEnabled() || !current.isValid())
        return;
    Q_EMIT resendRequested(m_model->storeRow(current.row()), m_model->frameIndex(current.row()), edit);
}

} // namespace wsi::ui
