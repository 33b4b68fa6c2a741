// SPDX-License-Identifier: MIT
#include "net/proxy/ForwardProxyServer.h"

#include "net/proxy/PassThroughTunnel.h"

#include <QSslSocket>
#include <QTcpServer>
#include <QTimer>

namespace wsi::net {

class ForwardProxyServer::Listener : public QTcpServer
{
public:
    explicit Listener(ForwardProxyServer *server) : QTcpServer(server), m_server(server) {}

protected:
    void incomingConnection(qintptr descriptor) override { m_server->accept(descriptor); }

private:
    ForwardProxyServer *m_server;
};

ForwardProxyServer::ForwardProxyServer(ForwardProxyOptions options, QObject *parent)
    : QObject(parent), m_options(std::move(options)), m_ca(m_options.caDirectory)
{
}

ForwardProxyServer::~ForwardProxyServer()
{
    stop();
}

bool ForwardProxyServer::start()
{
    stop();
    m_error.clear();
    m_warning.clear();
    if (!m_ca.isLoaded() && !m_ca.load()) {
        m_error = QStringLiteral("the interception CA is not usable: %1").arg(m_ca.errorString());
        return false;
    }
    auto base = std::make_shared<ProxyFlowContext>();
    base->options = m_options.flows;
    base->forward = true;
    base->caCertificateFile = m_ca.certificatePath();
    base->upstreamTls = makeTlsSetup(m_options.flows.upstreamTls);
    if (!base->upstreamTls.error.isEmpty()) {
        m_error = QStringLiteral("the upstream's TLS options are not usable: %1").arg(base->upstreamTls.error);
        return false;
    }
    m_listener = new Listener(this);
    const ReverseProxyOptions &o = m_options.flows;
    if (!m_listener->listen(o.listenAddress, o.listenPort)) {
        m_error = QStringLiteral("cannot listen on %1:%2: %3").arg(o.listenAddress.toString()).arg(o.listenPort).arg(m_listener->errorString());
        delete m_listener;
        m_listener = nullptr;
        return false;
    }
    base->listenAddress = m_listener->serverAddress();
    base->listenPort = m_listener->serverPort();
    m_base = base;
    if (!o.listenAddress.isLoopback())
        m_warning = QStringLiteral("listening on %1, not only on this machine: anyone who can reach it can use it as a proxy "
                                   "and have their TLS intercepted with this machine's CA (use --listen 127.0.0.1:PORT to stay local)")
                        .arg(proxyUrl());
    return true;
}

void ForwardProxyServer::stop()
{
    if (m_listener) {
        m_listener->close();
        delete m_listener;
        m_listener = nullptr;
    }
}

void ForwardProxyServer::closeAll()
{
    for (ProxyFlow *flow : m_flows.values())
        flow->close();
    for (PassThroughTunnel *tunnel : m_tunnels.values())
        tunnel->close();
}

quint16 ForwardProxyServer::port() const
{
    return m_listener ? m_listener->serverPort() : 0;
}

QHostAddress ForwardProxyServer::address() const
{
    return m_listener ? m_listener->serverAddress() : QHostAddress();
}

QString ForwardProxyServer::proxyUrl() const
{
    const QHostAddress host = address();
    const QString hostText = host.protocol() == QAbstractSocket::IPv6Protocol ? QStringLiteral("[%1]").arg(host.toString())
                                                                               : host.toString();
    return QStringLiteral("http://%1:%2").arg(hostText).arg(port());
}

void ForwardProxyServer::accept(qintptr descriptor)
{
    const quint64 id = m_nextId++;
    const ReverseProxyOptions &o = m_options.flows;
    auto *entry = new ForwardEntry(descriptor, m_options.passThroughHosts, o.handshakeTimeoutMs, o.maxHeadSize, this);
    connect(entry, &ForwardEntry::routed, this,
            [this, id, entry](ForwardEntry::Route route, QSslSocket *socket, const QString &host, quint16 port, const QByteArray &alreadyRead) {
                entry->deleteLater();
                onRouted(id, route, socket, host, port, alreadyRead);
            });
    connect(entry, &ForwardEntry::failed, this, [this, id, entry](const QString &reason) {
        ++m_refused;
        Q_EMIT notice(id, QString(), reason, true);
        // The answer is written before the entry (and its socket) goes.
        QTimer::singleShot(ProxyFlow::LingerMs, entry, &QObject::deleteLater);
    });
    entry->start();
}

void ForwardProxyServer::onRouted(quint64 id, ForwardEntry::Route route, QSslSocket *socket, const QString &host,
                                  quint16 port, const QByteArray &alreadyRead)
{
    if (route == ForwardEntry::Route::PassThrough)
        startTunnel(id, socket, host, port);
    else
        startFlow(id, socket, host, port, route == ForwardEntry::Route::InterceptTls, alreadyRead);
}

void ForwardProxyServer::startFlow(quint64 id, QSslSocket *socket, const QString &host, quint16 port, bool tls,
                                   const QByteArray &alreadyRead)
{
    auto context = std::make_shared<ProxyFlowContext>(*m_base);
    const QString hostText = host.contains(QLatin1Char(':')) ? QStringLiteral("[%1]").arg(host) : host;
    const QString url = QStringLiteral("%1://%2:%3/").arg(tls ? QStringLiteral("wss") : QStringLiteral("ws"), hostText).arg(port);
    const ValidationResult target = validateUrl(url);
    QString error;
    if (!target.ok)
        error = QStringLiteral("the app asked for %1, which is not usable: %2").arg(url, target.message);
    if (error.isEmpty() && tls) {
        const MintedLeaf leaf = m_ca.leafFor(host);
        if (!leaf.ok())
            error = QStringLiteral("no certificate could be minted for %1: %2").arg(host, leaf.error);
        context->listenTls = true;
        context->listenChain = leaf.chain;
        context->listenKey = leaf.key;
    }
    if (!error.isEmpty()) {
        ++m_refused;
        Q_EMIT notice(id, host, error, true);
        socket->abort();
        socket->deleteLater();
        return;
    }
    context->upstream = target.target;
    if (m_handOff) {
        auto *flow = new ProxyFlow(id, socket, alreadyRead, context);
        flow->moveToThread(nullptr);
        Q_EMIT flowReady(flow);
        return;
    }
    auto *flow = new ProxyFlow(id, socket, alreadyRead, context, this);
    m_flows.insert(id, flow);
    connect(flow, &ProxyFlow::finished, this, [this, flow](quint64 finishedId) {
        m_flows.remove(finishedId);
        Q_EMIT flowFinished(finishedId);
        flow->deleteLater();
    });
    Q_EMIT flowStarted(flow);
    flow->open();
}

void ForwardProxyServer::startTunnel(quint64 id, QSslSocket *socket, const QString &host, quint16 port)
{
    auto *tunnel = new PassThroughTunnel(id, socket, host, port, m_options.flows.upstreamTimeoutMs, this);
    m_tunnels.insert(id, tunnel);
    const QString where = QStringLiteral("%1:%2").arg(host).arg(port);
    connect(tunnel, &PassThroughTunnel::opened, this, [this, host, where](quint64 tunnelId) {
        Q_EMIT notice(tunnelId, host, QStringLiteral("tunnel to %1 (pass-through: not intercepted)").arg(where), false);
    });
    connect(tunnel, &PassThroughTunnel::finished, this, [this, tunnel, host, where](quint64 tunnelId, const QString &error) {
        m_tunnels.remove(tunnelId);
        if (error.isEmpty())
            Q_EMIT notice(tunnelId, host,
                          QStringLiteral("tunnel to %1 ended: %2 byte(s) app->server, %3 server->app")
                              .arg(where)
                              .arg(tunnel->bytesFromApp())
                              .arg(tunnel->bytesFromServer()),
                          false);
        else
            Q_EMIT notice(tunnelId, host, QStringLiteral("tunnel to %1 failed: %2").arg(where, error), true);
        Q_EMIT flowFinished(tunnelId);
        QTimer::singleShot(ProxyFlow::LingerMs, tunnel, &QObject::deleteLater);
    });
    tunnel->start();
}

} // namespace wsi::net
