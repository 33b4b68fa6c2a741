// SPDX-License-Identifier: MIT
#include "ui/proxy/ReverseProxyRun.h"

#include "net/proxy/ProxyServer.h"

namespace wsi::ui {

ReverseProxyRun::ReverseProxyRun(net::ReverseProxyOptions options, QObject *parent)
    : QObject(parent), m_options(std::move(options)), m_server(new net::ProxyServer(m_options))
{
    m_thread.setObjectName(QStringLiteral("reverse proxy"));
    m_server->setHandOffFlows(true);
    m_server->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_server, &QObject::deleteLater);
    // Queued to this (the UI) thread: the flow has no thread while it travels.
    connect(m_server, &net::ProxyServer::flowReady, this, [this](net::ProxyFlow *flow) {
        flow->moveToThread(thread());
        Q_EMIT flowArrived(flow);
    }, Qt::QueuedConnection);
    m_thread.start();
}

ReverseProxyRun::~ReverseProxyRun()
{
    // The server closes its listener as it is deleted on its thread; the flows run on in
    // their tabs.
    m_thread.quit();
    m_thread.wait();
}

void ReverseProxyRun::start()
{
    net::ProxyServer *server = m_server;
    QMetaObject::invokeMethod(server, [this, server] {
        const bool ok = server->start();
        const QString url = server->listenUrl();
        const QString warning = server->warning();
        const QString error = server->errorString();
        QMetaObject::invokeMethod(this, [this, ok, url, warning, error] {
            if (!ok) {
                Q_EMIT failed(error);
                return;
            }
            m_listenUrl = url;
            Q_EMIT started(url, warning);
        }, Qt::QueuedConnection);
    }, Qt::QueuedConnection);
}

} // namespace wsi::ui
