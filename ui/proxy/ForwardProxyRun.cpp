// SPDX-License-Identifier: MIT
#include "ui/proxy/ForwardProxyRun.h"

#include "net/proxy/ForwardProxyServer.h"

namespace wsi::ui {

ForwardProxyRun::ForwardProxyRun(net::ForwardProxyOptions options, QObject *parent)
    : QObject(parent), m_server(new net::ForwardProxyServer(std::move(options)))
{
    m_thread.setObjectName(QStringLiteral("forward proxy"));
    m_server->setHandOffFlows(true);
    m_server->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_server, &QObject::deleteLater);
    // Queued to this (the UI) thread: the flow has no thread while it travels.
    connect(m_server, &net::ForwardProxyServer::flowReady, this, [this](net::ProxyFlow *flow) {
        flow->moveToThread(thread());
        Q_EMIT flowArrived(flow);
    }, Qt::QueuedConnection);
    connect(m_server, &net::ForwardProxyServer::notice, this,
            [this](quint64, const QString &host, const QString &text, bool error) { Q_EMIT notice(host, text, error); },
            Qt::QueuedConnection);
    m_thread.start();
}

ForwardProxyRun::~ForwardProxyRun()
{
    // The server closes its listener as it is deleted on its thread; the flows run on in
    // their tabs, and tunnels (its children) end with it.
    m_thread.quit();
    m_thread.wait();
}

void ForwardProxyRun::start()
{
    net::ForwardProxyServer *server = m_server;
    QMetaObject::invokeMethod(server, [this, server] {
        const bool ok = server->start();
        const QString url = server->proxyUrl();
        const QString caFile = server->certificateAuthority().certificatePath();
        const bool created = server->certificateAuthority().created();
        const QString warning = server->warning();
        const QString error = server->errorString();
        QMetaObject::invokeMethod(this, [this, ok, url, caFile, created, warning, error] {
            if (!ok) {
                Q_EMIT failed(error);
                return;
            }
            m_proxyUrl = url;
            Q_EMIT started(url, caFile, created, warning);
        }, Qt::QueuedConnection);
    }, Qt::QueuedConnection);
}

} // namespace wsi::ui
