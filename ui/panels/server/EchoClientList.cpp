// SPDX-License-Identifier: MIT
#include "ui/panels/server/EchoClientList.h"

#include "ui/tab/ConnectionBar.h"
#include "ui/window/Theme.h"

#include <QHeaderView>
#include <QSet>

namespace wsi::ui {

namespace {

// What a row is (data of ColumnId) and whether it is still live (data of ColumnState):
// each kind of client ends in its own words.
enum class ClientKind { WebSocket, EventStream, HttpRequest };
constexpr int KindRole = Qt::UserRole;
constexpr int LiveRole = Qt::UserRole;

ClientKind kindOf(const QTreeWidgetItem *item)
{
    return ClientKind(item->data(EchoClientList::ColumnId, KindRole).toInt());
}

} // namespace

EchoClientList::EchoClientList(QWidget *parent) : QTreeWidget(parent)
{
    setColumnCount(ColumnCount);
    setHeaderLabels({tr("#"), tr("peer"), tr("path"), tr("in"), tr("out"), tr("state")});
    setRootIsDecorated(false);
    setUniformRowHeights(true);
    setAlternatingRowColors(true);
    header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    header()->setStretchLastSection(true);
    setMinimumHeight(header()->sizeHint().height() + fontMetrics().height() * 4 + 2 * frameWidth());
}

QSize EchoClientList::sizeHint() const
{
    return {QTreeWidget::sizeHint().width(), minimumHeight()};
}

QTreeWidgetItem *EchoClientList::clientItem(quint64 id)
{
    QTreeWidgetItem *item = m_items.value(id);
    if (!item) {
        item = new QTreeWidgetItem(this);
        item->setText(ColumnId, QString::number(id));
        item->setTextAlignment(ColumnIn, Qt::AlignRight | Qt::AlignVCenter);
        item->setTextAlignment(ColumnOut, Qt::AlignRight | Qt::AlignVCenter);
        m_items.insert(id, item);
    }
    return item;
}

void EchoClientList::clientConnected(quint64 id, const QString &peer)
{
    QTreeWidgetItem *item = clientItem(id);
    item->setText(ColumnPeer, peer);
    item->setText(ColumnState, tr("handshake"));
}

void EchoClientList::clientHandshake(quint64 id, const QString &path, const QString &query, const QString &subprotocol,
                                     const QString &version)
{
    QTreeWidgetItem *item = clientItem(id);
    QString target = query.isEmpty() ? path : path + QLatin1Char('?') + query;
    if (!subprotocol.isEmpty())
        target += QStringLiteral("  [%1]").arg(subprotocol);
    item->setText(ColumnPath, target);
    // Which version each client speaks: the old drafts are why one behaves differently.
    item->setText(ColumnState, version == QLatin1String("13") ? tr("open") : tr("open, %1").arg(version));
    item->setData(ColumnState, LiveRole, true);
}

void EchoClientList::addTraffic(const net::EventBatch &batch)
{
    QSet<quint64> touched;
    // A batch holds runs of one client's events: one lookup per run, not per event.
    quint64 current = 0;
    Counts *run = nullptr;
    for (const net::LogEvent &event : batch) {
        if (event.kind != net::EventKind::Message || event.clientId == 0)
            continue;
        if (event.clientId != current) {
            current = event.clientId;
            run = &m_counts[current]; // valid until the next insertion
            touched.insert(current);
        }
        if (event.direction == net::EventDirection::Incoming) {
            ++run->messagesIn;
            run->bytesIn += event.length;
        } else {
            ++run->messagesOut;
            run->bytesOut += event.length;
        }
    }
    for (quint64 id : std::as_const(touched)) {
        const Counts &counts = m_counts[id];
        QTreeWidgetItem *item = clientItem(id);
        item->setText(ColumnIn, tr("%1 · %2").arg(counts.messagesIn).arg(formatBytes(counts.bytesIn)));
        item->setText(ColumnOut, tr("%1 · %2").arg(counts.messagesOut).arg(formatBytes(counts.bytesOut)));
    }
}

void EchoClientList::eventStreamOpened(quint64 id, const QString &target, const QString &lastEventId, int replayed)
{
    QTreeWidgetItem *item = clientItem(id);
    item->setData(ColumnId, KindRole, int(ClientKind::EventStream));
    item->setData(ColumnState, LiveRole, true);
    item->setText(ColumnPath, target);
    item->setText(ColumnState, lastEventId.isEmpty() ? tr("event stream")
                                                     : tr("event stream, %1 replayed after %2").arg(replayed).arg(lastEventId));
}

void EchoClientList::httpAnswered(quint64 id, const QString &method, const QString &target, int status)
{
    QTreeWidgetItem *item = clientItem(id);
    item->setData(ColumnId, KindRole, int(ClientKind::HttpRequest));
    item->setText(ColumnPath, method + QLatin1Char(' ') + target);
    item->setText(ColumnState, tr("answered %1").arg(status));
    item->setForeground(ColumnState, status < 400 ? palette().color(QPalette::PlaceholderText) : Theme::errorColor(palette()));
}

void EchoClientList::clientClosed(quint64 id, quint16 code, const QString &reason, bool clean)
{
    QTreeWidgetItem *item = clientItem(id);
    const bool wasLive = item->data(ColumnState, LiveRole).toBool();
    item->setData(ColumnState, LiveRole, false);
    switch (kindOf(item)) {
    case ClientKind::HttpRequest:
        return; // no close code to show: it keeps what it was answered
    case ClientKind::EventStream:
        if (!wasLive)
            return; // shown as dropped with the server already
        item->setText(ColumnState, reason.isEmpty() ? tr("stream ended") : tr("stream ended (%1)").arg(reason));
        item->setForeground(ColumnState, palette().color(QPalette::PlaceholderText));
        return;
    case ClientKind::WebSocket:
        break;
    }
    QString state = clean ? tr("closed %1").arg(code) : tr("closed %1, not clean").arg(code);
    if (!reason.isEmpty())
        state += QStringLiteral(" (") + reason + QLatin1Char(')');
    item->setText(ColumnState, state);
    item->setForeground(ColumnState, clean ? palette().color(QPalette::PlaceholderText) : Theme::errorColor(palette()));
}

void EchoClientList::serverStopped()
{
    for (QTreeWidgetItem *item : std::as_const(m_items)) {
        if (!item->data(ColumnState, LiveRole).toBool())
            continue;
        item->setData(ColumnState, LiveRole, false);
        item->setText(ColumnState, tr("dropped"));
    }
}

} // namespace wsi::ui
