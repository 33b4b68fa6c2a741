// SPDX-License-Identifier: MIT
#pragma once
// The reverse proxy (gateway): listens (127.0.0.1 unless asked), and makes a ProxyFlow of
// each incoming connection, which relays that app's WebSocket to the upstream URL with
// the incoming path and query. Checks at start what would fail every flow: the upstream
// URL, its TLS options, the listening certificate, and an upstream that is the proxy
// itself.
//
// A flow is announced by flowStarted() before it reports anything, so a consumer connects
// to its reported() there; it is deleted after finished() (deleteLater). Or it is handed
// off to run elsewhere (setHandOffFlows).
//
// Threads: lives on the thread it was created on or moved to (the CLI's main thread, or a
// worker); its flows and their sockets live there too.
#include "net/proxy/ProxyFlow.h"
#include "net/proxy/ReverseProxyOptions.h"

#include <QHash>
#include <QObject>
#include <QSslCertificate>
#include <QSslKey>

#include <memory>

class QTcpServer;

namespace wsi::net {

class ProxyServer : public QObject
{
    Q_OBJECT
public:
    explicit ProxyServer(ReverseProxyOptions options, QObject *parent = nullptr);
    ~ProxyServer() override;

    // Checks the options and listens. False: errorString() says why, and nothing listens.
    bool start();
    // Stops listening; the flows go on.
    void stop();
    // Ends every open flow's transports (after what is queued is written).
    void closeAll();
    QString errorString() const { return m_error; }
    // Set when listening beyond this machine (a non-loopback address): say it to the user.
    QString warning() const { return m_warning; }

    quint16 port() const;
    QHostAddress address() const;
    // ws://127.0.0.1:9000 (wss:// with --listen-tls): what the app points at.
    QString listenUrl() const;
    QString upstreamUrl() const;
    int openFlows() const { return m_openFlows; }
    quint64 flowsStarted() const { return m_nextId - 1; }

    // Flows on threads of their own (the window: a tab per flow, each source on its worker):
    // each accepted connection becomes a ProxyFlow with no parent and no thread, announced by
    // flowReady() and not opened; the taker pulls it to its thread, owns it and opens it
    // (TabDocument::attach does both). The server then does not count or close them.
    void setHandOffFlows(bool handOff) { m_handOff = handOff; }

Q_SIGNALS:
    void flowStarted(wsi::net::ProxyFlow *flow);
    void flowFinished(quint64 id);
    // setHandOffFlows(true): a flow to take (see there).
    void flowReady(wsi::net::ProxyFlow *flow);

private:
    class Listener;
    void accept(qintptr descriptor);
    bool isOwnAddress() const;
    bool loadListenTls();

    ReverseProxyOptions m_options;
    std::shared_ptr<ProxyFlowContext> m_context;
    Listener *m_listener = nullptr;
    bool m_handOff = false;
    QString m_error;
    QString m_warning;
    quint64 m_nextId = 1;
    int m_openFlows = 0;
    QHash<quint64, ProxyFlow *> m_flows;
};

} // namespace wsi::net
