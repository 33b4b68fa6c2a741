// SPDX-License-Identifier: MIT
#include "net/proxy/ProxyServer.h"

#include "net/echo/EchoServerTls.h"

#include <QNetworkInterface>
#include <QTcpServer>

namespace wsi::net {

// Hands each accepted descriptor to the server, which makes a flow of it (the flow makes
// its socket, on its own thread).
class ProxyServer::Listener : public QTcpServer
{
public:
    explicit Listener(ProxyServer *server) : QTcpServer(server), m_server(server) {}

protected:
    void incomingConnection(qintptr descriptor) override { m_server->accept(descriptor); }

private:
    ProxyServer *m_server;
};

ProxyServer::ProxyServer(ReverseProxyOptions options, QObject *parent) : QObject(parent), m_options(std::move(options)) {}

ProxyServer::~ProxyServer()
{
    stop();
}

bool ProxyServer::loadListenTls()
{
    EchoServerOptions tls;
    tls.certificateFile = m_options.listenCertificateFile;
    tls.keyFile = m_options.listenKeyFile;
    const EchoServerTlsMaterial material = loadEchoServerTls(tls);
    if (!material.error.isEmpty()) {
        m_error = QStringLiteral("cannot serve wss:// to the app: %1").arg(material.error);
        return false;
    }
    m_context->listenTls = true;
    m_context->listenChain = material.chain;
    m_context->listenKey = material.key;
    return true;
}

bool ProxyServer::start()
{
    stop();
    m_error.clear();
    m_warning.clear();
    const ValidationResult upstream = validateUrl(m_options.upstreamUrl);
    if (!upstream.ok) {
        m_error = QStringLiteral("the upstream URL %1 is not usable: %2").arg(m_options.upstreamUrl, upstream.message);
        return false;
    }
    auto context = std::make_shared<ProxyFlowContext>();
    m_context = context;
    context->options = m_options;
    context->upstream = upstream.target;
    if (upstream.target.secure) {
        context->upstreamTls = makeTlsSetup(m_options.upstreamTls);
        if (!context->upstreamTls.error.isEmpty()) {
            m_error = QStringLiteral("the upstream's TLS options are not usable: %1").arg(context->upstreamTls.error);
            m_context.reset();
            return false;
        }
    }
    if (m_options.listenTls && !loadListenTls()) {
        m_context.reset();
        return false;
    }
    m_listener = new Listener(this);
    if (!m_listener->listen(m_options.listenAddress, m_options.listenPort)) {
        m_error = QStringLiteral("cannot listen on %1:%2: %3")
                      .arg(m_options.listenAddress.toString())
                      .arg(m_options.listenPort)
                      .arg(m_listener->errorString());
        delete m_listener;
        m_listener = nullptr;
        m_context.reset();
        return false;
    }
    context->listenAddress = m_listener->serverAddress();
    context->listenPort = m_listener->serverPort();
    if (isOwnAddress()) {
        m_error = QStringLiteral("the upstream %1 is this proxy's own address %2: every flow would connect to itself; "
                                 "give --upstream the real server's URL")
                      .arg(upstream.target.displayUrl, listenUrl());
        stop();
        return false;
    }
    if (!m_options.listenAddress.isLoopback())
        m_warning = QStringLiteral("listening on %1, not only on this machine: anyone who can reach it can use %2 through "
                                   "it, and the app's traffic is readable here (use --listen 127.0.0.1:PORT to stay local)")
                        .arg(listenUrl(), upstream.target.displayUrl);
    return true;
}

// The upstream names the listening socket itself (by a loopback name or address, or one of
// this machine's addresses when listening on all of them). A host name that resolves here
// is caught per flow, once connected (ProxyFlow::connectsToItself).
bool ProxyServer::isOwnAddress() const
{
    const ConnectionTarget &upstream = m_context->upstream;
    if (upstream.port != m_context->listenPort)
        return false;
    const QHostAddress address(upstream.host);
    const bool loopbackName = upstream.host.compare(QLatin1String("localhost"), Qt::CaseInsensitive) == 0;
    if (address.isNull() && !loopbackName)
        return false;
    const QHostAddress &listen = m_context->listenAddress;
    const bool listensEverywhere = listen == QHostAddress::Any || listen == QHostAddress::AnyIPv4 || listen == QHostAddress::AnyIPv6;
    if (loopbackName || address.isLoopback())
        return listen.isLoopback() || listensEverywhere;
    if (listensEverywhere)
        return QNetworkInterface::allAddresses().contains(address);
    return address.isEqual(listen, QHostAddress::ConvertV4MappedToIPv4);
}

void ProxyServer::stop()
{
    if (m_listener) {
        m_listener->close();
        delete m_listener;
        m_listener = nullptr;
    }
}

void ProxyServer::closeAll()
{
    const QList<ProxyFlow *> flows = m_flows.values();
    for (ProxyFlow *flow : flows)
        flow->close();
}

quint16 ProxyServer::port() const
{
    return m_listener ? m_listener->serverPort() : 0;
}

QHostAddress ProxyServer::address() const
{
    return m_listener ? m_listener->serverAddress() : QHostAddress();
}

QString ProxyServer::listenUrl() const
{
    const QHostAddress host = address();
    const QString hostText = host.protocol() == QAbstractSocket::IPv6Protocol ? QStringLiteral("[%1]").arg(host.toString())
                                                                               : host.toString();
    return QStringLiteral("%1://%2:%3").arg(m_options.listenTls ? QStringLiteral("wss") : QStringLiteral("ws"), hostText).arg(port());
}

QString ProxyServer::upstreamUrl() const
{
    return m_context ? m_context->upstream.displayUrl : m_options.upstreamUrl;
}

void ProxyServer::accept(qintptr descriptor)
{
    const quint64 id = m_nextId++;
    if (m_handOff) {
        // The taker runs it on a thread of its own: it leaves this one now, with no thread,
        // and the taker pulls it to its thread (QObject::moveToThread) before starting it.
        auto *flow = new ProxyFlow(id, descriptor, m_context);
        flow->moveToThread(nullptr);
        Q_EMIT flowReady(flow);
        return;
    }
    auto *flow = new ProxyFlow(id, descriptor, m_context, this);
    ++m_openFlows;
    m_flows.insert(id, flow);
    connect(flow, &ProxyFlow::finished, this, [this, flow](quint64 finishedId) {
        --m_openFlows;
        m_flows.remove(finishedId);
        Q_EMIT flowFinished(finishedId);
        flow->deleteLater();
    });
    Q_EMIT flowStarted(flow);
    flow->open();
}

} // namespace wsi::net
