// SPDX-License-Identifier: MIT
#pragma once
// A CONNECT tunnel that is not intercepted (a --pass-through host): the proxy connects to
// host:port, answers the app 200, and copies bytes both ways untouched until either side
// ends; the bytes are counted, nothing is read. A host that cannot be reached gets 502.
//
// Threads: lives on its server's thread, with both sockets.
#include <QObject>
#include <QString>

class QTcpSocket;
class QTimer;

namespace wsi::net {

class PassThroughTunnel : public QObject
{
    Q_OBJECT
public:
    // Takes `app` (connected; its signals disconnected from their previous receivers).
    PassThroughTunnel(quint64 id, QTcpSocket *app, const QString &host, quint16 port, int connectTimeoutMs,
                      QObject *parent = nullptr);

    void start();
    void close();
    quint64 id() const { return m_id; }
    QString host() const { return m_host; }
    quint16 port() const { return m_port; }
    quint64 bytesFromApp() const { return m_fromApp; }
    quint64 bytesFromServer() const { return m_fromServer; }

Q_SIGNALS:
    void opened(quint64 id);
    // An empty error: the tunnel ended after relaying; otherwise why it could not open.
    void finished(quint64 id, const QString &error);

private:
    void copy(QTcpSocket *from, QTcpSocket *to, quint64 &counter);
    void fail(const QString &error);
    void end();

    const quint64 m_id;
    QTcpSocket *m_app;
    QTcpSocket *m_server;
    QTimer *m_timer;
    QString m_host;
    quint16 m_port;
    int m_connectTimeoutMs;
    quint64 m_fromApp = 0;
    quint64 m_fromServer = 0;
    bool m_open = false;
    bool m_finished = false;
};

} // namespace wsi::net
