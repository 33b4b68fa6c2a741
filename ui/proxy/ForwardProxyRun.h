// SPDX-License-Identifier: MIT
#pragma once
// One forward proxy started from the window: a net::ForwardProxyServer on a worker thread
// of its own (the UI thread never touches a socket), in hand-off mode, so that each flow
// arrives here without a thread, is pulled to the UI thread and handed to the window, whose
// tab runs it on a worker of its own (TabDocument::attach). Lives on the UI thread.
#include "net/proxy/ForwardProxyOptions.h"

#include <QObject>
#include <QString>
#include <QThread>

namespace wsi::net {
class ForwardProxyServer;
class ProxyFlow;
}

namespace wsi::ui {

class ForwardProxyRun : public QObject
{
    Q_OBJECT
public:
    explicit ForwardProxyRun(net::ForwardProxyOptions options, QObject *parent = nullptr);
    ~ForwardProxyRun() override;

    // Loads (or makes) the CA and listens on the worker; started() or failed() says how.
    void start();
    QString proxyUrl() const { return m_proxyUrl; }

Q_SIGNALS:
    // `caFile`: the ca.pem apps must trust; `created`: it was made just now.
    void started(const QString &proxyUrl, const QString &caFile, bool created, const QString &warning);
    void failed(const QString &error);
    // A flow on the UI thread, not yet opened: the receiver owns it and attaches it.
    void flowArrived(wsi::net::ProxyFlow *flow);
    // What is not a flow: tunnels, refused requests (ForwardProxyServer::notice).
    void notice(const QString &host, const QString &text, bool error);

private:
    QThread m_thread;
    net::ForwardProxyServer *m_server;
    QString m_proxyUrl;
};

} // namespace wsi::ui
