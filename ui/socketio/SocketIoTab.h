// SPDX-License-Identifier: MIT
#pragma once
// A Socket.IO client's tab (Connection ▸ New Socket.IO Tab…): a ConnectionTab whose URL
// is the server's http(s) address, opened as its Engine.IO WebSocket transport
// (socketio::socketIoAddress) by a client net::Connection, with a socketio::SocketIoSession
// reading the rows the tab shows and writing through the tab's source.
//
// The session lives here, on the UI thread, fed from TabDocument::rowsShown: it sees the
// very rows the log holds, in the log's order, and what it sends (pongs, CONNECTs, emits,
// acks) goes through the source like the composer's messages, so it is logged as any sent
// frame is. The log stays the one record of the wire; the session only reads it.
// Engine.IO pings are answered as they are shown (at most ShowIntervalMs late, far inside
// the server's ping timeout). UI thread only.
#include "ui/tab/ConnectionTab.h"

#include "socketio/SocketIoSession.h"

#include <QElapsedTimer>
#include <QMap>

#include <memory>

class QTabWidget;
class QTimer;

namespace wsi::ui {

class SocketIoEmitBar;
class SocketIoJoinBar;

class SocketIoTab : public ConnectionTab
{
    Q_OBJECT
public:
    explicit SocketIoTab(QWidget *parent = nullptr);
    ~SocketIoTab() override;

    SocketIoJoinBar *joinBar() const { return m_join; }
    SocketIoEmitBar *emitBar() const { return m_emit; }
    // Below the log: Emit, and the raw composer.
    QTabWidget *composerModes() const { return m_composerModes; }
    QString title() const override;
    // The session of the latest connect (null before one).
    const socketio::SocketIoSession *session() const { return m_session.get(); }
    QStringList joinedNamespaces() const { return m_joined; }
    // How long an emit waits for its ack before the tab says none came (5 s by default, as
    // `wsinspect-cli socketio --ack-timeout`). The session keeps waiting: a late ack is shown.
    void setAckWaitMs(int ms) { m_ackWaitMs = ms; }

public Q_SLOTS:
    QString connectTo(const QString &url) override;
    // Emits to a joined namespace; false (with the reason on the emit row) otherwise.
    bool emitEvent(const QString &nameSpace, const QString &event, const QJsonArray &args, bool wantAck);

protected:
    void showUpdate(const net::SourceReport &update) override;

private:
    // A fresh session for the current settings (each connect, and each reconnect of the
    // source: a new Engine.IO session starts from nothing).
    void startSession();
    void onRowsShown(const net::EventBatch &rows);
    void onSessionEvent(const socketio::SocketIoEvent &event);
    void onSessionFailed(const QString &why);
    void refuse(const QString &why);
    void showSession();
    // An Info row in the log at the time of the last row shown.
    void logInfo(const QString &text);

    SocketIoJoinBar *m_join;
    SocketIoEmitBar *m_emit;
    QTabWidget *m_composerModes;
    socketio::SocketIoSession::Settings m_settings;
    std::unique_ptr<socketio::SocketIoSession> m_session;
    QElapsedTimer m_clock;
    QTimer *m_tick;
    QString m_sid;
    QStringList m_joined;
    qint64 m_lastShownNs = 0;
    int m_ackWaitMs = 5000;
    QMap<qint64, QString> m_awaitedAcks; // ack id -> the event it acknowledges
};

} // namespace wsi::ui
