// SPDX-License-Identifier: MIT
#pragma once
// Getting through a proxy to the WebSocket server: which proxy applies (options or the
// environment's http_proxy / https_proxy / no_proxy), and the HTTP CONNECT exchange with
// Basic auth and custom headers, as websocket-driver's proxy support does it. SOCKS5 is
// Qt's (QNetworkProxy); this class only describes it.
//
// Lives on the thread of the socket it drives (the Connection's worker thread).
#include "net/ConnectionOptions.h"

#include <QByteArray>
#include <QNetworkProxy>
#include <QObject>
#include <QString>

#include <functional>

class QTcpSocket;

namespace wsi::net {

struct ProxyChoice {
    ProxyMode mode = ProxyMode::None; // None, HttpConnect or Socks5 (never Environment)
    QString host;
    quint16 port = 0;
    QString user;
    QString password;
    HeaderList headers;
    QString source;    // "--proxy", "https_proxy", ... for messages
    QString display;   // "http://user:***@proxy:3128", never the password

    // For Socks5 (and NoProxy otherwise), to set on the socket.
    QNetworkProxy networkProxy() const;
};

class ProxyConnector : public QObject
{
    Q_OBJECT
public:
    // Which proxy, if any, carries a connection to `target`.
    static ProxyChoice choose(const ProxyOptions &options, const ConnectionTarget &target);
    // Environment lookup with an injectable getter (tests).
    static ProxyChoice fromEnvironment(const ConnectionTarget &target,
                                       const std::function<QString(const char *)> &getenv);
    static bool bypassesProxy(const QString &host, const QString &noProxy);

    // The CONNECT request for `target` (RFC 7231 section 4.3.6).
    static QByteArray buildConnectRequest(const ProxyChoice &proxy, const ConnectionTarget &target);

    ProxyConnector(QTcpSocket *socket, ProxyChoice proxy, ConnectionTarget target, QObject *parent = nullptr);

    // Sends CONNECT on the (connected) socket and reads the proxy's answer.
    void start();
    // The request as sent, with the Proxy-Authorization value hidden.
    QByteArray redactedRequest() const;
    const QByteArray &response() const { return m_response; }
    // Bytes that came after the proxy's answer (they belong to the tunnel).
    QByteArray takeLeftover();

Q_SIGNALS:
    void bytesSent(qint64 count);
    void bytesReceived(qint64 count);
    void established();
    // `statusLine` is the proxy's status line ("HTTP/1.1 407 Proxy Authentication Required"),
    // empty when it sent none.
    void failed(const QString &statusLine, const QString &message, const QString &hint);

private:
    void onReadyRead();
    void finishHead(int headEnd);

    QTcpSocket *m_socket;
    ProxyChoice m_proxy;
    ConnectionTarget m_target;
    QByteArray m_request;
    QByteArray m_response;
    QByteArray m_leftover;
    bool m_done = false;
};

} // namespace wsi::net
