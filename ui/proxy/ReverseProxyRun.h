// SPDX-License-Identifier: MIT
#pragma once
// One reverse proxy started from the window: a net::ProxyServer on a worker thread of its
// own (the UI thread never touches a socket), in hand-off mode, so that each flow arrives
// here without a thread, is pulled to the UI thread and handed to the window, whose tab
// runs it on a worker of its own (TabDocument::attach). Lives on the UI thread.
#include "net/proxy/ReverseProxyOptions.h"

#include <QObject>
#include <QString>
#include <QThread>

namespace wsi::net {
class ProxyFlow;
class ProxyServer;
}

namespace wsi::ui {

class ReverseProxyRun : public QObject
{
    Q_OBJECT
public:
    explicit ReverseProxyRun(net::ReverseProxyOptions options, QObject *parent = nullptr);
    ~ReverseProxyRun() override;

    // Starts listening on the worker; started() or failed() says how it went.
    void start();
    QString listenUrl() const { return m_listenUrl; }
    QString upstreamUrl() const { return m_options.upstreamUrl; }

Q_SIGNALS:
    void started(const QString &listenUrl, const QString &warning);
    void failed(const QString &error);
    // A flow on the UI thread, not yet opened: the receiver owns it and attaches it.
    void flowArrived(wsi::net::ProxyFlow *flow);

private:
    net::ReverseProxyOptions m_options;
    QThread m_thread;
    net::ProxyServer *m_server;
    QString m_listenUrl;
};

} // namespace wsi::ui
