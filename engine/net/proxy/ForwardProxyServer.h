// SPDX-License-Identifier: MIT
#pragma once
// The intercepting forward proxy: apps use it as their HTTP proxy (http_proxy, https_proxy,
// a browser's --proxy-server). Each connection's first request says where it goes
// (ForwardEntry): a CONNECT is intercepted (TLS to the app with a leaf the local CA mints
// for the host, then the app's upgrade read as the reverse proxy reads it) or, for a
// pass-through host, tunnelled untouched (PassThroughTunnel); an absolute-form request
// goes to ws://host. Once the target is known a WebSocket is a ProxyFlow like the reverse
// proxy's, its upstream wss://host:port (or ws://), verified as `connect` verifies.
//
// Flows are announced by flowStarted() before they report anything, and deleted after
// finished(). Threads: lives on the thread it was created on; its flows and sockets too.
#include "net/proxy/ForwardProxyOptions.h"
#include "net/proxy/ForwardEntry.h"
#include "net/proxy/ProxyFlow.h"
#include "net/tls/LocalCertificateAuthority.h"

#include <QHash>
#include <QObject>

#include <memory>

class QTcpServer;

namespace wsi::net {

class PassThroughTunnel;

class ForwardProxyServer : public QObject
{
    Q_OBJECT
public:
    explicit ForwardProxyServer(ForwardProxyOptions options, QObject *parent = nullptr);
    ~ForwardProxyServer() override;

    // Loads (or makes) the CA, checks the upstream TLS options and listens. False:
    // errorString() says why, and nothing listens.
    bool start();
    void stop();
    // Ends every open flow and tunnel.
    void closeAll();
    QString errorString() const { return m_error; }
    // Set when listening beyond this machine: say it to the user.
    QString warning() const { return m_warning; }

    quint16 port() const;
    QHostAddress address() const;
    // "http://127.0.0.1:8080": what apps are given as their proxy.
    QString proxyUrl() const;
    LocalCertificateAuthority &certificateAuthority() { return m_ca; }
    int openFlows() const { return int(m_flows.size()) + int(m_tunnels.size()); }
    // Requests and connections the proxy answered itself (malformed, unusable, ...).
    quint64 refusedRequests() const { return m_refused; }
    // As ProxyServer::setHandOffFlows: each flow, once its target is known, leaves this
    // thread with no thread and no parent, announced by flowReady() and not opened; the
    // taker pulls it to its thread (its app socket, connected, moves with it).
    void setHandOffFlows(bool handOff) { m_handOff = handOff; }

Q_SIGNALS:
    void flowStarted(wsi::net::ProxyFlow *flow);
    void flowFinished(quint64 id);
    // setHandOffFlows(true): a flow to take.
    void flowReady(wsi::net::ProxyFlow *flow);
    // One line for the user about what is not a flow: tunnels, refusals, drops.
    void notice(quint64 id, const QString &host, const QString &text, bool error);

private:
    class Listener;
    void accept(qintptr descriptor);
    void onRouted(quint64 id, ForwardEntry::Route route, QSslSocket *socket, const QString &host, quint16 port,
                  const QByteArray &alreadyRead);
    void startFlow(quint64 id, QSslSocket *socket, const QString &host, quint16 port, bool tls, const QByteArray &alreadyRead);
    void startTunnel(quint64 id, QSslSocket *socket, const QString &host, quint16 port);

    ForwardProxyOptions m_options;
    LocalCertificateAuthority m_ca;
    std::shared_ptr<ProxyFlowContext> m_base; // what every flow's context starts from
    Listener *m_listener = nullptr;
    bool m_handOff = false;
    QString m_error;
    QString m_warning;
    quint64 m_nextId = 1;
    quint64 m_refused = 0;
    QHash<quint64, ProxyFlow *> m_flows;
    QHash<quint64, PassThroughTunnel *> m_tunnels;
};

} // namespace wsi::net
