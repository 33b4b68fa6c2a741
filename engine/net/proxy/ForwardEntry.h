// SPDX-License-Identifier: MIT
#pragma once
// The first moments of a connection to the forward proxy: its first request head is read
// (bounded in time and size) and says where the app is going:
//   - CONNECT host:port: a host on the pass-through list is tunnelled untouched; any other
//     is answered 200 and the first byte the app sends then tells TLS (0x16, a handshake
//     record: intercepted with a leaf of the local CA) from plain bytes (a ws:// over the
//     tunnel, such as CONNECT host:80);
//   - an absolute-form request (GET http://host/path HTTP/1.1): rewritten to origin form
//     and relayed to ws://host;
//   - anything else: answered 400 with the reason.
// The entry then hands its socket to the server (routed()) and is done.
//
// Threads: lives on its server's thread.
#include <QByteArray>
#include <QObject>
#include <QString>

#include "protocol/handshake/HttpMessage.h"

class QSslSocket;
class QTimer;

namespace wsi::net {

class ForwardEntry : public QObject
{
    Q_OBJECT
public:
    enum class Route : quint8 { InterceptTls, InterceptPlain, PassThrough };

    // The socket is made from `descriptor` here; `passThrough` is the list of hosts to
    // tunnel (see ForwardProxyOptions).
    ForwardEntry(qintptr descriptor, const QStringList &passThrough, int timeoutMs, std::size_t maxHeadSize,
                 QObject *parent = nullptr);

    void start();

Q_SIGNALS:
    // The app goes to host:port that way. The receiver takes `socket` (its signals to this
    // entry are cut); `alreadyRead` is the app's request read so far (InterceptPlain).
    void routed(wsi::net::ForwardEntry::Route route, QSslSocket *socket, const QString &host, quint16 port,
                const QByteArray &alreadyRead);
    // Nothing to route: the app was answered (or dropped), `reason` says why.
    void failed(const QString &reason);

private:
    void readHead();
    void handleHead(const std::string &head, const QByteArray &rest);
    void handleConnect(const protocol::HttpRequestHead &request, const QByteArray &rest);
    void handleAbsoluteForm(const protocol::HttpRequestHead &request, const std::string &head, const QByteArray &rest);
    void awaitFirstTunnelByte();
    void route(Route route, const QByteArray &alreadyRead = QByteArray());
    void refuse(int status, const QString &reason);

    QSslSocket *m_socket;
    QTimer *m_timer;
    QStringList m_passThrough;
    int m_timeoutMs;
    protocol::HttpHeadReader m_reader;
    QString m_host;
    quint16 m_port = 0;
    bool m_done = false;
    bool m_awaitingTunnel = false;
};

} // namespace wsi::net
