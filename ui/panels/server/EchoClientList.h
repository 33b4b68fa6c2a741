// SPDX-License-Identifier: MIT
#pragma once
// The echo server panel's list of clients, one row each: WebSocket clients with their path,
// subprotocol, traffic both ways and how they closed; EventSource streams with what a
// Last-Event-ID replayed and how they ended; plain HTTP requests (the info page, a POST
// that published an event) with their answer. Fed by the EchoServerController's signals.
// UI thread only.
#include "net/LogEvent.h"

#include <QHash>
#include <QSize>
#include <QTreeWidget>

namespace wsi::ui {

class EchoClientList : public QTreeWidget
{
    Q_OBJECT
public:
    enum Column { ColumnId, ColumnPeer, ColumnPath, ColumnIn, ColumnOut, ColumnState, ColumnCount };

    explicit EchoClientList(QWidget *parent = nullptr);
    // As tall as its minimum: the panel stretches it over the room left, and a scroll
    // area's default hint would make the whole panel scroll in a short dock.
    QSize sizeHint() const override;

    void clientConnected(quint64 id, const QString &peer);
    // version: as protocolVersionName() says it ("13", "8", "hixie-76", ...).
    void clientHandshake(quint64 id, const QString &path, const QString &query, const QString &subprotocol,
                         const QString &version);
    void addTraffic(const net::EventBatch &batch);
    void clientClosed(quint64 id, quint16 code, const QString &reason, bool clean);
    void eventStreamOpened(quint64 id, const QString &target, const QString &lastEventId, int replayed);
    void httpAnswered(quint64 id, const QString &method, const QString &target, int status);
    // The server stopped: what was still open was dropped with it.
    void serverStopped();

    // The row of client `id`, or null.
    QTreeWidgetItem *itemOf(quint64 id) const { return m_items.value(id); }

private:
    QTreeWidgetItem *clientItem(quint64 id);

    QHash<quint64, QTreeWidgetItem *> m_items;
    struct Counts {
        quint64 messagesIn = 0;
        quint64 messagesOut = 0;
        quint64 bytesIn = 0;
        quint64 bytesOut = 0;
    };
    QHash<quint64, Counts> m_counts;
};

} // namespace wsi::ui
